/**
 * The read-only views over the protocol: the outline (document symbols), workspace symbols
 * (open plans and the `*.accrue` files of the workspace folders), folding ranges, semantic
 * tokens (decoded and checked token by token) and inlay hints.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentSymbol, FoldingRange, InlayHint, SemanticTokens, SemanticTokensLegend, WorkspaceSymbol } from "vscode-languageserver-protocol";
import { LspClient, openMarked, REPO } from "./lsp-client.js";
import { SMALL_PLAN } from "./plans.js";

let client: LspClient;
beforeAll(async () => {
  client = await LspClient.start({ workspaceFolders: [{ uri: pathToFileURL(join(REPO, "examples")).href, name: "examples" }] });
});
afterAll(async () => { await client.stop(); });

describe("outline", () => {
  it("lists the header, the declarations and the fields of records", async () => {
    const { uri } = await openMarked(client, "symbols.accrue", SMALL_PLAN);
    const symbols = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
    expect(symbols.map((s) => s.name)).toEqual([
      'plan "Feature tests"', "launch", "deal", "quotas", "credit each deal", "net_sales", "launch_sales", "attainment", "rate", "slices", "commission", "bonus",
    ]);
    expect(symbols.find((s) => s.name === "deal")!.children!.map((c) => `${c.name}: ${c.detail}`)).toEqual([
      "deal_id: text", "close_date: date", "rep: text", "partner: text", "region: one of north, south", "amount: money",
    ]);
    await client.close(uri);
  });

  it("finds symbols across the open plans and the workspace folders", async () => {
    const { uri } = await openMarked(client, "workspace.accrue", SMALL_PLAN);
    const found = await client.request<WorkspaceSymbol[]>("workspace/symbol", { query: "commission" });
    const files = new Set(found.map((s) => ("uri" in s.location ? s.location.uri : "").split("/").slice(-2).join("/")));
    expect(files).toContain("virtual/workspace.accrue");
    expect(files).toContain("01-marginal-tiers/plan.accrue");
    expect(files).toContain("02-retro-quota/plan.accrue");
    expect(found.every((s) => s.name.toLowerCase().includes("commission"))).toBe(true);
    const fuzzy = await client.request<WorkspaceSymbol[]>("workspace/symbol", { query: "ntsls" });
    expect(fuzzy.map((s) => s.name)).toContain("net_sales");
    await client.close(uri);
  });

  it("folds declarations, blocks and comment runs", async () => {
    const source = `// One\n// two\n// three\n\n${SMALL_PLAN}`;
    const { uri, text } = await openMarked(client, "folding.accrue", source);
    const ranges = await client.request<FoldingRange[]>("textDocument/foldingRange", { textDocument: { uri } });
    const lines = text.split("\n");
    const folded = ranges.map((r) => `${lines[r.startLine]!.trim()} … ${lines[r.endLine]!.trim()}${r.kind ? ` (${r.kind})` : ""}`);
    expect(folded).toContain("// One … // three (comment)");
    expect(folded).toContain("input deal { … }");
    expect(folded).toContain("credit deal.amount of each deal on deal.close_date { … }");
    expect(folded).toContain("if deal.partner is present { … }");
    expect(folded).toContain("pay commission = rate applied to net_sales rounded half up to cents … when attainment > 50%");
    await client.close(uri);
  });

  it("colours names by what they are", async () => {
    const source = SMALL_PLAN.replace("measure launch_sales", "/* block\n comment */ measure launch_sales");
    const { uri, text } = await openMarked(client, "tokens.accrue", source);
    const legend = (client.capabilities.semanticTokensProvider as { legend: SemanticTokensLegend }).legend;
    const tokens = await client.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri } });
    const decoded = decode(text, tokens.data, legend);
    expect(decoded).toContainEqual("deal: struct declaration");
    expect(decoded).toContainEqual("amount: property declaration");
    expect(decoded).toContainEqual("text: type");
    expect(decoded).toContainEqual("north: enumMember declaration");
    expect(decoded).toContainEqual("net_sales: variable declaration");
    expect(decoded).toContainEqual("net_sales: variable");
    expect(decoded).toContainEqual("rate: function declaration");
    expect(decoded).toContainEqual("launch: variable readonly");
    expect(decoded).toContainEqual("measure: keyword");
    expect(decoded).toContainEqual("50,000: number");
    expect(decoded).toContainEqual('"Feature tests": string');
    expect(decoded).toContainEqual("/// Closed deals.: comment documentation");
    expect(decoded).toContainEqual("/* block: comment");
    expect(decoded).toContainEqual(" comment */: comment");
    expect(decoded).toContainEqual("credit: variable defaultLibrary");
    expect(decoded).toContainEqual("amount: property defaultLibrary");
    expect(decoded).toContainEqual("payee: variable defaultLibrary");
    expect(decoded).toContainEqual("partner: enumMember");
    expect(decoded).toContainEqual("southern_returns: enumMember");
    expect(decoded.filter((t) => t === "rep: enumMember")).toHaveLength(3); // two `as rep` and `credit.role = rep`
    expect(decoded).toContainEqual("south: enumMember"); // `deal.region = south`
    await client.close(uri);
  });

  it("shows each measure's type and what the bands of a tier table mean", async () => {
    const { uri, text } = await openMarked(client, "hints.accrue", SMALL_PLAN);
    await client.diagnostics(uri, 1);
    const end = text.split("\n").length;
    const hints = await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: end, character: 0 } } });
    const lines = text.split("\n");
    const shown = hints.map((h) => `${lines[h.position.line]!.slice(0, h.position.character).trim()}⟨${String(h.label)}⟩`);
    expect(shown).toContain("measure net_sales⟨: money (USD)⟩");
    expect(shown).toContain("measure attainment⟨: percent⟩");
    expect(shown).toContain("pay commission⟨: money (USD)⟩");
    expect(shown).toContain("from 50,000 to 100,000: 2%⟨pays 1,000.00 at 50,000⟩");
    expect(shown).toContain("from 0 to 50,000: 3%⟨3% overall at 50,000⟩");
    expect(shown).toContain("from 50,000 to 100,000: 5%⟨4% overall at 100,000⟩");
    await client.close(uri);
  });

  it("logged no error", () => {
    expect(client.errors).toEqual([]);
  });
});

/** Semantic tokens as `text: kind modifiers` strings. */
function decode(text: string, data: number[], legend: SemanticTokensLegend): string[] {
  const lines = text.split("\n");
  const out: string[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [dl, dc, length, type, mods] = data.slice(i, i + 5) as [number, number, number, number, number];
    line += dl;
    char = dl === 0 ? char + dc : dc;
    const modifiers = legend.tokenModifiers.filter((_, bit) => mods & (1 << bit));
    out.push(`${lines[line]!.slice(char, char + length)}: ${[legend.tokenTypes[type], ...modifiers].join(" ")}`);
  }
  return out;
}
