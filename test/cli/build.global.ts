/**
 * Vitest global setup for the CLI and language server tests, which run the built bundles as a
 * user or an editor would: builds dist/ (bundles only, no declarations) when dist/accrue.mjs or
 * dist/lsp-server.mjs is missing or older than a source.
 * `npm test` builds first, so there this only checks timestamps.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const BUNDLES = [join(REPO, "dist", "accrue.mjs"), join(REPO, "dist", "lsp-server.mjs")];
const SOURCES = ["index.ts", "build.mjs", "package.json", "cli", "language", "compiler", "runtime", "lsp"];

/** Newest modification time among the bundle's sources, in milliseconds. */
function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

/** Builds the bundles if they are missing or stale. */
export default function setup(): void {
  const newest = Math.max(...SOURCES.map((s) => join(REPO, s)).filter(existsSync).map(newestSource));
  if (BUNDLES.every((b) => existsSync(b) && statSync(b).mtimeMs >= newest)) return;
  execFileSync(process.execPath, [join(REPO, "build.mjs"), "--no-types"], { cwd: REPO, stdio: "inherit" });
}
