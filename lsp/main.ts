/**
 * The server's entry point, bundled as dist/lsp-server.mjs: `node dist/lsp-server.mjs --stdio`
 * (or `accrue lsp --stdio`, which loads this bundle). LSP messages go over stdin and stdout,
 * so nothing else may write to stdout; logs go to the client through the connection.
 */
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./server.js";

if (!process.argv.includes("--stdio")) {
  process.stderr.write("usage: accrue lsp --stdio (the language server speaks LSP over stdin and stdout)\n");
  process.exit(2);
}
startServer(createConnection(ProposedFeatures.all));
