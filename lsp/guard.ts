/**
 * Every handler runs inside a guard: an exception is a bug in the server, never a reason for the
 * editor to lose it, so it is logged (with its stack) and the request gets an empty answer.
 * A `ResponseError` is a deliberate answer (a refused rename) and passes through.
 */
import { ResponseError } from "vscode-languageserver";

/** Where a guard reports what went wrong (the connection's console). */
export interface ErrorLog {
  error(message: string): void;
}

/** Wraps a handler so that it never throws: on an exception it logs and returns `fallback`. */
export function guarded<P extends unknown[], R>(log: ErrorLog, name: string, fallback: R, handler: (...params: P) => R | Promise<R>): (...params: P) => Promise<R> {
  return async (...params: P) => {
    try {
      return await handler(...params);
    } catch (err) {
      if (err instanceof ResponseError) throw err;
      log.error(`accrue language server: ${name} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return fallback;
    }
  };
}

/** The same for notifications and timers, which have nothing to return. */
export function guardedVoid<P extends unknown[]>(log: ErrorLog, name: string, handler: (...params: P) => void): (...params: P) => void {
  return (...params: P) => {
    try {
      handler(...params);
    } catch (err) {
      log.error(`accrue language server: ${name} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }
  };
}
