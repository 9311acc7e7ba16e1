/**
 * Golden files: expected output kept as text beside the fixtures and reviewed in diffs.
 * `ACCRUE_UPDATE_GOLDENS=1 npx vitest run` rewrites them; read every changed golden before
 * committing it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { expect } from "vitest";

/** True when this run rewrites goldens instead of comparing with them. */
export const UPDATE_GOLDENS = process.env.ACCRUE_UPDATE_GOLDENS === "1";

/** Compares `actual` with the golden file at `path`, or writes it when ACCRUE_UPDATE_GOLDENS=1. */
export function expectGolden(path: string, actual: string): void {
  if (UPDATE_GOLDENS) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) {
    throw new Error(`missing golden ${path}: create it with \`ACCRUE_UPDATE_GOLDENS=1 npx vitest run\`, then review it`);
  }
  expect(actual).toBe(readFileSync(path, "utf8"));
}
