/**
 * How the CLI tells people about problems, always on stderr: plan diagnostics with their source
 * line, data errors in the `file:line: column: reason` form terminals link, file-system failures
 * as one sentence. None of them prints a stack trace.
 */
import { renderDiagnostic, type Diagnostic, type SourceFile } from "../language/index.js";
import type { DataError } from "../runtime/index.js";

/** How many errors and warnings a set of diagnostics holds. */
export interface DiagnosticCounts {
  errors: number;
  warnings: number;
}

/** Prints each diagnostic rendered with its source line and caret underline; returns the counts. */
export function reportDiagnostics(source: SourceFile, diagnostics: readonly Diagnostic[]): DiagnosticCounts {
  for (const d of diagnostics) process.stderr.write(`${renderDiagnostic(source, d)}\n\n`);
  return {
    errors: diagnostics.filter((d) => d.severity === "error").length,
    warnings: diagnostics.filter((d) => d.severity === "warning").length,
  };
}

/** `2 errors, 1 warning`. */
export function countsLine(counts: DiagnosticCounts): string {
  return `${plural(counts.errors, "error")}, ${plural(counts.warnings, "warning")}`;
}

/** Prints a DataError as `file:line: column: reason` (its message already has that form). */
export function reportDataError(error: DataError): void {
  process.stderr.write(`${error.message}\n`);
}

/** Prints a problem the user can fix, one line each. */
export function reportProblem(message: string): void {
  process.stderr.write(`error: ${message}\n`);
}

/** Prints something that did not stop the command. */
export function reportWarning(message: string): void {
  process.stderr.write(`warning: ${message}\n`);
}

const FILE_SYSTEM_REASONS: Record<string, string> = {
  ENOENT: "no such file or folder",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a directory, not a file",
  ENOTDIR: "a folder in the path is not a directory",
  EEXIST: "a file is in the way",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  ELOOP: "too many symbolic links (a link may point to itself)",
  ENAMETOOLONG: "the path is too long",
  ENXIO: "no such device",
};

/**
 * The reason of a file-system error for a sentence, or undefined when `err` is not one: those
 * are the environment's problems (a missing file, a read-only folder), never Accrue's bugs.
 */
export function fileSystemReason(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !/^E[A-Z]+$/.test(code)) return undefined;
  return FILE_SYSTEM_REASONS[code] ?? (err as Error).message;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
