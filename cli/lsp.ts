/**
 * `accrue lsp --stdio`: the language server for editors. The server is its own bundle
 * (dist/lsp-server.mjs, built from lsp/main.ts) so that the CLI stays small and quick to
 * start; this command loads it in the same process, which then speaks LSP on stdin/stdout.
 */
import type { Command } from "commander";
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ExitCode } from "./exit-codes.js";
import { reportProblem } from "./report.js";

/** The server bundle: beside the CLI bundle in dist/, and reached the same way from cli/ when run from source. */
const SERVER = fileURLToPath(new URL("../dist/lsp-server.mjs", import.meta.url));

/** Starts the language server on stdio; it runs until the editor closes the connection. */
export async function startLanguageServer(stdio: boolean): Promise<ExitCode> {
  if (!stdio) {
    reportProblem("the language server speaks over stdio only: run `accrue lsp --stdio`");
    return ExitCode.usage;
  }
  if (!existsSync(SERVER)) {
    reportProblem(`the language server bundle ${SERVER} is missing: build it with \`npm run build\``);
    return ExitCode.failed;
  }
  await import(pathToFileURL(SERVER).href);
  return ExitCode.ok;
}

/** Registers `accrue lsp`. */
export function addLspCommand(program: Command, done: (code: ExitCode) => void): void {
  program
    .command("lsp")
    .description("start the language server (diagnostics, completion, hover, rename, formatting...) for an editor")
    .option("--stdio", "talk LSP over stdin and stdout (the only transport)")
    .addHelpText("after", "\nExample:\n  accrue lsp --stdio   # what an editor runs; see the README for VS Code and Neovim")
    .action(async (flags: { stdio?: boolean }) => done(await startLanguageServer(flags.stdio === true)));
}
