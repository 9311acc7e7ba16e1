/**
 * `npm run package:vscode`: builds the VS Code extension into accrue-vscode-<version>.vsix.
 * 1. the language server bundle (the repository's build: dist/lsp-server.mjs);
 * 2. the client, src/extension.ts bundled with esbuild into dist/extension.js (CommonJS, with
 *    `vscode` left to the editor);
 * 3. the server bundle copied to server/lsp-server.mjs, where the client starts it;
 * 4. `vsce package --no-dependencies` (everything is bundled, so no node_modules go in).
 * Only packages already installed are used: nothing is downloaded.
 */
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFile, mkdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const extension = fileURLToPath(new URL(".", import.meta.url));
const root = join(extension, "..");
const started = performance.now();

function run(args, cwd) {
  const result = spawnSync(process.execPath, args, { cwd, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`package:vscode: \`node ${args.join(" ")}\` failed`);
    process.exit(result.status ?? 1);
  }
}

run([join(root, "build.mjs"), "--no-types"], root);

await rm(join(extension, "dist"), { recursive: true, force: true });
await build({
  absWorkingDir: extension,
  entryPoints: { extension: "src/extension.ts" },
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node18",
  outdir: "dist",
  external: ["vscode"],
  minify: true,
  logLevel: "warning",
});

await mkdir(join(extension, "server"), { recursive: true });
await copyFile(join(root, "dist", "lsp-server.mjs"), join(extension, "server", "lsp-server.mjs"));

const { version } = JSON.parse(await readFile(join(extension, "package.json"), "utf8"));
const vsix = `accrue-vscode-${version}.vsix`;
// @vscode/vsce's exports hide its bin, so find it beside its package.json.
const vsce = join(dirname(createRequire(import.meta.url).resolve("@vscode/vsce/package.json")), "vsce");
run([vsce, "package", "--no-dependencies", "--allow-missing-repository", "--out", vsix], extension);
console.log(`packaged vscode-extension/${vsix} in ${((performance.now() - started) / 1000).toFixed(1)}s`);
