/**
 * The Accrue extension's client: starts the bundled language server (server/lsp-server.mjs,
 * the same code as `accrue lsp --stdio`) over stdio for `.accrue` files. Everything the
 * editor shows (diagnostics, completion, hover, rename, formatting, quick fixes) comes from
 * the server; the grammar and snippets in this folder colour and type before it answers.
 */
import * as path from "node:path";
import { workspace, type ExtensionContext } from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** Starts the language server when a workspace holds a plan or a plan is opened. */
export async function activate(context: ExtensionContext): Promise<void> {
  const server = context.asAbsolutePath(path.join("server", "lsp-server.mjs"));
  const node = workspace.getConfiguration("accrue").get<string>("server.node", "").trim();
  // Without a configured node, VS Code's own Node.js runtime runs the server (nothing to install).
  const serverOptions: ServerOptions = node
    ? { command: node, args: [server], transport: TransportKind.stdio }
    : { module: server, transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "accrue" }, { scheme: "untitled", language: "accrue" }],
    synchronize: { fileEvents: workspace.createFileSystemWatcher("**/*.accrue") },
  };
  client = new LanguageClient("accrue", "Accrue", serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

/** Stops the server with the extension. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
