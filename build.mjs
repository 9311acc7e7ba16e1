/**
 * Builds dist/ in a few seconds:
 * - dist/accrue.mjs: the CLI as one self-contained file (dependencies bundled), runnable with only Node;
 * - dist/lsp-server.mjs: the language server, self-contained too (`node dist/lsp-server.mjs --stdio`,
 *   loaded by `accrue lsp --stdio`, copied into the VS Code extension by `npm run package:vscode`);
 * - dist/index.mjs and dist/runtime.mjs: the library and the runtime on its own, sharing one chunk
 *   so a DataError from either is the same class; their npm dependencies stay imports;
 * - dist/types: declarations from `tsc -p tsconfig.build.json`.
 * `--no-types` skips the declarations (the CLI tests need only the bundles).
 */
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));
const withTypes = !process.argv.includes("--no-types");
const started = performance.now();

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  logLevel: "warning",
};

// Bundled CommonJS (commander) calls require() for Node built-ins; ESM has no require, so give it one.
const requireShim = 'import { createRequire as __accrueCreateRequire } from "node:module";\nconst require = __accrueCreateRequire(import.meta.url);';

await rm(new URL("dist/", import.meta.url), { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: { accrue: "cli/main.ts" }, banner: { js: `#!/usr/bin/env node\n${requireShim}` } }),
  build({ ...common, entryPoints: { "lsp-server": "lsp/main.ts" }, banner: { js: requireShim } }),
  build({ ...common, entryPoints: { index: "index.ts", runtime: "runtime/index.ts" }, splitting: true, chunkNames: "chunks/[name]-[hash]", packages: "external" }),
]);

if (withTypes) {
  // typescript's exports hide bin/, so find it beside its package.json.
  const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error("build: tsc could not emit the declarations in dist/types");
    process.exit(1);
  }
}

console.log(`built dist/ in ${((performance.now() - started) / 1000).toFixed(1)}s${withTypes ? "" : " (without types)"}`);
