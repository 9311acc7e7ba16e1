/**
 * Where Accrue is installed. The bundle (`dist/accrue.mjs`) and the sources (`cli/*.ts`) are
 * both one folder below the package root, so one relative URL finds the examples and
 * package.json from any current directory.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The package root: the folder holding package.json and examples/. */
export const INSTALL_ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The package's version, for `accrue --version`; `unknown` if package.json is not beside the bundle. */
export function installedVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}
