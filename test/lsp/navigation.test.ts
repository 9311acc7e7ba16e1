/**
 * Definition, references and rename over the protocol, from the name index: a use leads to its
 * declaration, a declaration to every use, and a rename changes them all, or is refused when
 * the new name would clash or is not a name. The names after an output's `sorted by` are its
 * columns. (Roles, reasons and enumeration values: labels.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hover, Location, MarkupContent, Range, WorkspaceEdit } from "vscode-languageserver-protocol";
import { applyEdit, rangeOfWord, rangesOfName } from "./edits.js";
import { LspClient, openMarked } from "./lsp-client.js";
import { examplePlans, SMALL_PLAN } from "./plans.js";

let client: LspClient;
beforeAll(async () => { client = await LspClient.start(); });
afterAll(async () => { await client.stop(); });

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
    expect(tiers.range).toEqual(rangeOfWord(text, "rate", "tiers rate"));
    await client.close(uri);
  });

  it("finds every use of a measure, with or without its declaration", async () => {
    const { uri, text, at } = await openMarked(client, "references.accrue", MARKED);
    const withDecl = await client.request<Location[]>("textDocument/references", { textDocument: { uri }, position: at[1], context: { includeDeclaration: true } });
    const uses = rangesOfName(text, "net_sales");
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
    const renamed = applyEdit(text, edit, uri);
    expect(renamed).toContain("  value: money");
    expect(renamed).toContain("credit deal.value of each deal");
    expect(renamed).toContain("deal.value < 0.00");
    expect(renamed).toContain("sum of credit.amount"); // credit.amount is not the field
    await client.close(uri);
  });

  it("renames a measure, and the plan still checks", async () => {
    const { uri, text, at } = await openMarked(client, "rename-measure.accrue", MARKED);
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { textDocument: { uri }, position: at[1], newName: "rep_sales" });
    const renamed = applyEdit(text, edit, uri);
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
    const renamed = applyEdit(text, edit, uri);
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

/** SMALL_PLAN with an output of bare columns, sorted by the one that names a measure. */
const SORTED_BARE = `${SMALL_PLAN}
output "sales.csv" per payee per month {
  payee
  period
  net_sales
} sorted by net_sales, payee
`;

describe("an output's `sorted by` names its columns", () => {
  const splits = examplePlans.find((p) => p.name === "03-splits")!.text;
  /** Markers: 0 the column `deal_id` declared, 1 `deal_id` and 2 `payee` after `sorted by`. */
  const marked = () => openMarked(client, "sorted.accrue", splits.replace("  deal_id = deal.deal_id", "  de‸al_id = deal.deal_id").replace("} sorted by deal_id, payee", "} sorted by de‸al_id, pay‸ee"));

  it("goes to the column, finds its uses and says what it holds", async () => {
    const { uri, text, at } = await marked();
    const column = rangeOfWord(text, "deal_id", "  deal_id = deal.deal_id");
    const sorted = rangeOfWord(text, "deal_id", "sorted by deal_id");
    const definition = await client.request<Location>("textDocument/definition", { textDocument: { uri }, position: at[1] });
    expect(definition.range).toEqual(column);
    const references = await client.request<Location[]>("textDocument/references", { textDocument: { uri }, position: at[0], context: { includeDeclaration: true } });
    expect(references.map((l) => l.range)).toEqual([column, sorted]);
    const hover = await client.request<Hover>("textDocument/hover", { textDocument: { uri }, position: at[2] });
    expect((hover.contents as MarkupContent).value).toContain('column `payee` of the output "credits.csv"');
    expect((hover.contents as MarkupContent).value).toContain("payee = credit.payee");
    await client.close(uri);
  });

  it("renames a column with its `sorted by`, and refuses another column's name", async () => {
    const { uri, text, at } = await marked();
    await expect(client.request("textDocument/rename", { textDocument: { uri }, position: at[2], newName: "role" })).rejects.toThrow(/already declared \(a column of the output "credits.csv"\)/);
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { textDocument: { uri }, position: at[2], newName: "who" });
    const renamed = applyEdit(text, edit, uri);
    expect(renamed).toContain("  who = credit.payee\n");
    expect(renamed).toContain("} sorted by deal_id, who");
    const v2 = await client.replace(uri, renamed);
    expect(await client.diagnostics(uri, v2)).toEqual([]);
    await client.close(uri);
  });

  it("a bare column: renaming it gives it a header, renaming its measure keeps the header", async () => {
    const source = SORTED_BARE.replace("} sorted by net_sales", "} sorted by net_s‸ales").replace("measure net_sales =", "measure n‸et_sales =");
    const { uri, text, at } = await openMarked(client, "sorted-bare.accrue", source);
    const definition = await client.request<Location>("textDocument/definition", { textDocument: { uri }, position: at[1] });
    expect(definition.range).toEqual(rangeOfWord(text, "net_sales", "  net_sales\n}"));
    const column = applyEdit(text, await client.request<WorkspaceEdit>("textDocument/rename", { textDocument: { uri }, position: at[1], newName: "sales" }), uri);
    expect(column).toContain("  period\n  sales = net_sales\n} sorted by sales, payee");
    const measure = applyEdit(text, await client.request<WorkspaceEdit>("textDocument/rename", { textDocument: { uri }, position: at[0], newName: "rep_sales" }), uri);
    expect(measure).toContain("  period\n  net_sales = rep_sales\n} sorted by net_sales, payee");
    for (const renamed of [text, column, measure]) {
      const version = await client.replace(uri, renamed);
      expect(await client.diagnostics(uri, version)).toEqual([]);
    }
    await client.close(uri);
  });

  it("logged no error", () => {
    expect(client.errors).toEqual([]);
  });
});
