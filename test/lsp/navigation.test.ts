/**
 * Definition, references and rename over the protocol, from the name index: a use leads to its
 * declaration, a declaration to every use, and a rename changes them all, or is refused when
 * the new name would clash or is not a name.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Location, Position, Range, WorkspaceEdit } from "vscode-languageserver-protocol";
import { LspClient, openMarked } from "./lsp-client.js";
import { positionAt } from "./markers.js";
import { examplePlans, SMALL_PLAN } from "./plans.js";

let client: LspClient;
beforeAll(async () => { client = await LspClient.start(); });
afterAll(async () => { await client.stop(); });

/** The range of the first occurrence of a word in a text. */
function rangeOfWord(text: string, word: string): Range {
  const at = text.indexOf(word);
  return { start: positionAt(text, at), end: positionAt(text, at + word.length) };
}

/** Applies the edits of one document to its text. */
function apply(text: string, edit: WorkspaceEdit, uri: string): string {
  const offset = (p: Position) => text.split("\n").slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const edits = [...(edit.changes?.[uri] ?? [])].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** Markers, in text order: 0 the field `amount`, 1 the measure `net_sales` declared, 2 the tiers `rate` used, 3 `net_sales` used. */
const MARKED = SMALL_PLAN.replace("pay commission = rate applied to net_sales", "pay commission = ra‸te applied to net_s‸ales")
  .replace("measure net_sales =", "measure n‸et_sales =")
  .replace("  amount: money", "  am‸ount: money");

describe("definition, references and rename", () => {
  it("goes from a use to the declaration", async () => {
    const { uri, text, at } = await openMarked(client, "definition.accrue", MARKED);
    const measure = await client.request<Location>("textDocument/definition", { textDocument: { uri }, position: at[3] });
    expect(measure.uri).toBe(uri);
    expect(measure.range).toEqual(rangeOfWord(text, "net_sales"));
    const tiers = await client.request<Location>("textDocument/definition", { textDocument: { uri }, position: at[2] });
    const declared = text.indexOf("tiers rate") + "tiers ".length;
    expect(tiers.range).toEqual({ start: positionAt(text, declared), end: positionAt(text, declared + "rate".length) });
    await client.close(uri);
  });

  it("finds every use of a measure, with or without its declaration", async () => {
    const { uri, text, at } = await openMarked(client, "references.accrue", MARKED);
    const withDecl = await client.request<Location[]>("textDocument/references", { textDocument: { uri }, position: at[1], context: { includeDeclaration: true } });
    const uses = [...text.matchAll(/\bnet_sales\b/g)].map((m) => ({ start: positionAt(text, m.index), end: positionAt(text, m.index + "net_sales".length) }));
    expect(withDecl.map((l) => l.range)).toEqual(uses);
    const withoutDecl = await client.request<Location[]>("textDocument/references", { textDocument: { uri }, position: at[3], context: { includeDeclaration: false } });
    expect(withoutDecl.map((l) => l.range)).toEqual(uses.slice(1));
    await client.close(uri);
  });

  it("renames a field everywhere it is used", async () => {
    const { uri, text, at } = await openMarked(client, "rename-field.accrue", MARKED);
    const prepared = await client.request<{ range: Range; placeholder: string }>("textDocument/prepareRename", { textDocument: { uri }, position: at[0] });
    expect(prepared.placeholder).toBe("amount");
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { textDocument: { uri }, position: at[0], newName: "value" });
    const renamed = apply(text, edit, uri);
    expect(renamed).toContain("  value: money");
    expect(renamed).toContain("credit deal.value of each deal");
    expect(renamed).toContain("deal.value < 0.00");
    expect(renamed).toContain("sum of credit.amount"); // credit.amount is not the field
    await client.close(uri);
  });

  it("renames a measure, and the plan still checks", async () => {
    const { uri, text, at } = await openMarked(client, "rename-measure.accrue", MARKED);
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { textDocument: { uri }, position: at[1], newName: "rep_sales" });
    const renamed = apply(text, edit, uri);
    expect(renamed).not.toMatch(/\bnet_sales\b/);
    expect(renamed.match(/\brep_sales\b/g)).toHaveLength(3);
    const v2 = await client.replace(uri, renamed);
    expect(await client.diagnostics(uri, v2)).toEqual([]);
    await client.close(uri);
  });

  it("keeps the header of an output column named after the renamed measure", async () => {
    const mbo = examplePlans.find((p) => p.name === "09-mbo")!.text;
    const { uri, text, at } = await openMarked(client, "rename-column.accrue", mbo.replace("measure target =", "measure tar‸get ="));
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { textDocument: { uri }, position: at[0], newName: "outlet_target" });
    const renamed = apply(text, edit, uri);
    expect(renamed).toContain("measure outlet_target = targets[payee, period].target");
    expect(renamed).toContain("if billed_outlets >= outlet_target then");
    expect(renamed).toMatch(/\n {2}target = outlet_target\n\}/);
    const v2 = await client.replace(uri, renamed);
    expect(await client.diagnostics(uri, v2)).toEqual([]);
    await client.close(uri);
  });

  it("refuses a rename that clashes with a declared name or is not a name", async () => {
    const { uri, at } = await openMarked(client, "rename-refused.accrue", MARKED);
    await expect(client.request("textDocument/rename", { textDocument: { uri }, position: at[1], newName: "attainment" })).rejects.toThrow(/`attainment` is already declared \(the measure `attainment`\)/);
    await expect(client.request("textDocument/rename", { textDocument: { uri }, position: at[0], newName: "rep" })).rejects.toThrow(/already declared \(a field of `deal`\)/);
    await expect(client.request("textDocument/rename", { textDocument: { uri }, position: at[1], newName: "net sales" })).rejects.toThrow(/is not a name/);
    await expect(client.request("textDocument/rename", { textDocument: { uri }, position: at[1], newName: "measure" })).rejects.toThrow(/is a keyword/);
    await expect(client.request("textDocument/rename", { textDocument: { uri }, position: at[1], newName: "payee" })).rejects.toThrow(/is a keyword/);
    await expect(client.request("textDocument/rename", { textDocument: { uri }, position: at[1], newName: "max" })).rejects.toThrow(/already means something/);
    await client.close(uri);
  });

  it("refuses to rename a keyword", async () => {
    const { uri, at } = await openMarked(client, "rename-keyword.accrue", SMALL_PLAN.replace("pay commission", "p‸ay commission"));
    await expect(client.request("textDocument/prepareRename", { textDocument: { uri }, position: at[0] })).rejects.toThrow(/Only declared names/);
    await client.close(uri);
  });

  it("logged no error", () => {
    expect(client.errors).toEqual([]);
  });
});
