/**
 * Running the built `accrue` as a user would (a child process of plain Node), plus the temp
 * folders and example copies the CLI tests write into.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

/** The repository root. */
export const REPO = fileURLToPath(new URL("../../", import.meta.url));
/** The CLI bundle under test. */
export const BUNDLE = join(REPO, "dist", "accrue.mjs");
/** The examples folder. */
export const EXAMPLES = join(REPO, "examples");

/** What a finished `accrue` process left behind. */
export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/accrue.mjs ...args`, by default from the repository root; `timeoutMs` kills a hung run (code null). */
export function accrue(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BUNDLE, ...args],
      { cwd: options.cwd ?? REPO, env: { ...process.env, ...options.env }, encoding: "utf8", ...(options.timeoutMs ? { timeout: options.timeoutMs, killSignal: "SIGKILL" as const } : {}) },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder under the OS temp dir, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "accrue-cli-"));
  made.push(dir);
  return dir;
}

/** A temp copy of an example folder (plan, run.json, data), for tests that change or write beside it. */
export function copyExample(name: string): string {
  const dir = join(tempDir(), name);
  cpSync(join(EXAMPLES, name), dir, { recursive: true });
  return dir;
}

/** A file's text. */
export function read(path: string): string {
  return readFileSync(path, "utf8");
}

/** The 1-based line of the first line of `text` that starts with `prefix`, so tests follow plan edits. */
export function lineStarting(text: string, prefix: string): number {
  const index = text.split("\n").findIndex((l) => l.startsWith(prefix));
  if (index < 0) throw new Error(`no line starts with ${JSON.stringify(prefix)}`);
  return index + 1;
}

/** True when the text looks like it holds a JavaScript stack trace. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+[:(]/.test(text);
}
