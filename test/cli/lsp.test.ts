/** `accrue lsp --stdio` starts the language server in the CLI's process; without `--stdio` it is a usage error. */
import { describe, expect, it } from "vitest";
import type { DocumentSymbol } from "vscode-languageserver-protocol";
import { LspClient, testUri } from "../lsp/lsp-client.js";
import { accrue, BUNDLE } from "./accrue-process.js";

describe("accrue lsp", () => {
  it("speaks LSP over stdio and shuts down when asked", async () => {
    const client = await LspClient.start({ command: [process.execPath, BUNDLE, "lsp", "--stdio"] });
    expect(client.capabilities.hoverProvider).toBe(true);
    const uri = testUri("cli.accrue");
    await client.open(uri, 'plan "Via the CLI"\n  currency USD\n  periods monthly from 2026-01-01 to 2026-03-31\n\nmeasure m = 1 per payee per month\n');
    const symbols = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
    expect(symbols.map((s) => s.name)).toEqual(['plan "Via the CLI"', "m"]);
    expect((await client.diagnostics(uri, 1)).map((d) => d.code)).toContain("A304");
    await client.stop();
    expect(client.process.exitCode).toBe(0);
    expect(client.errors).toEqual([]);
  });

  it("exits 2 without --stdio", async () => {
    const r = await accrue(["lsp"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: the language server speaks over stdio only: run `accrue lsp --stdio`\n");
    expect(r.stdout).toBe("");
  });
});
