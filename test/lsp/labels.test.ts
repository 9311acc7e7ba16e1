/**
 * Labels over the protocol: roles (`as rep`, compared as `credit.role = rep`), exclusion reasons
 * (`exclude southern_returns`, compared with `exclusion.reason`, perhaps declared by `reasons`)
 * and enumeration values (`one of reseller, regional, master`, compared with the field or a
 * measure that reads it, and written as rate keys). Hover says what each is, definition goes to
 * where it is first given, references and rename find every place, and a rename that would clash
 * is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hover, Location, MarkupContent, Range, WorkspaceEdit } from "vscode-languageserver-protocol";
import { applyEdit, rangeAfter } from "./edits.js";
import { LspClient, openMarked } from "./lsp-client.js";
import { examplePlans, SMALL_PLAN } from "./plans.js";

let client: LspClient;
beforeAll(async () => { client = await LspClient.start(); });
afterAll(async () => { await client.stop(); });

/** SMALL_PLAN with an output of the exclusions it keeps, compared with a plan reason and an engine reason. */
const WITH_EXCLUSIONS = `${SMALL_PLAN}
output "excluded.csv" per exclusion where exclusion.reason = southern_returns or exclusion.reason = outside_plan_periods {
  deal_id = deal.deal_id
  reason = exclusion.reason
}
`;
const CHANNEL = examplePlans.find((p) => p.name === "04-channel-rollup")!.text;
const CLAIMS = examplePlans.find((p) => p.name === "15-claim-validation")!.text;

let count = 0;
/** Opens a plan with `find` replaced by `marked` (which holds the `‸` markers). */
async function openWith(plan: string, find: string, marked: string): Promise<{ uri: string; text: string; at: Range["start"][] }> {
  expect(plan).toContain(find);
  return openMarked(client, `labels-${count++}.accrue`, plan.replace(find, marked));
}

/** The hover text at the first marker. */
async function hoverText(uri: string, position: Range["start"]): Promise<string | undefined> {
  const hover = await client.request<Hover | null>("textDocument/hover", { textDocument: { uri }, position });
  return (hover?.contents as MarkupContent | undefined)?.value;
}

/** The ranges of the references at a position. */
async function referenceRanges(uri: string, position: Range["start"], includeDeclaration: boolean): Promise<Range[]> {
  const found = await client.request<Location[]>("textDocument/references", { textDocument: { uri }, position, context: { includeDeclaration } });
  return found.map((l) => l.range);
}

/** Renames at a position; returns the new text after checking that the renamed plan has no diagnostics. */
async function renamed(uri: string, text: string, position: Range["start"], newName: string): Promise<string> {
  const edit = await client.request<WorkspaceEdit>("textDocument/rename", { textDocument: { uri }, position, newName });
  const out = applyEdit(text, edit, uri);
  const version = await client.replace(uri, out);
  expect(await client.diagnostics(uri, version)).toEqual([]);
  return out;
}

describe("roles", () => {
  const marked = () => openWith(SMALL_PLAN, "where credit.role = rep per", "where credit.role = r‸ep per");

  it("hover says which credit statements give the role", async () => {
    const { uri, at } = await marked();
    expect(await hoverText(uri, at[0]!)).toBe("role `rep`, given by the credit statements at lines 30, 33");
    await client.close(uri);
  });

  it("definition goes to the first `as rep`, references find every `as rep` and comparison", async () => {
    const { uri, text, at } = await marked();
    const definition = await client.request<Location>("textDocument/definition", { textDocument: { uri }, position: at[0] });
    expect(definition.range).toEqual(rangeAfter(text, "60% to deal.rep as ", "rep"));
    const all = [rangeAfter(text, "60% to deal.rep as ", "rep"), rangeAfter(text, "100% to deal.rep as ", "rep"), rangeAfter(text, "credit.role = ", "rep")];
    expect(await referenceRanges(uri, at[0]!, true)).toEqual(all);
    expect(await referenceRanges(uri, at[0]!, false)).toEqual(all.slice(2));
    await client.close(uri);
  });

  it("renames every `as rep` and every comparison, and refuses a clash", async () => {
    const { uri, text, at } = await marked();
    await expect(client.request("textDocument/rename", { textDocument: { uri }, position: at[0], newName: "partner" })).rejects.toThrow(/`partner` is already declared \(the role `partner`\)/);
    await expect(client.request("textDocument/rename", { textDocument: { uri }, position: at[0], newName: "net_sales" })).rejects.toThrow(/already declared \(the measure `net_sales`\)/);
    await expect(client.request("textDocument/rename", { textDocument: { uri }, position: at[0], newName: "payee" })).rejects.toThrow(/is a keyword/);
    const out = await renamed(uri, text, at[0]!, "seller");
    expect(out).toContain("60% to deal.rep as seller");
    expect(out).toContain("100% to deal.rep as seller");
    expect(out).toContain("where credit.role = seller per payee");
    expect(out).toContain("40% to deal.partner as partner");
    await client.close(uri);
  });

  it("a measure may not take a role's name, which the comparison would then read", async () => {
    const { uri, at } = await openWith(SMALL_PLAN, "measure launch_sales =", "measure l‸aunch_sales =");
    await expect(client.request("textDocument/rename", { textDocument: { uri }, position: at[0], newName: "rep" })).rejects.toThrow(/already declared \(the role `rep`\)/);
    await client.close(uri);
  });
});

describe("exclusion reasons", () => {
  const marked = () => openWith(WITH_EXCLUSIONS, "where exclusion.reason = southern_returns or exclusion.reason = outside_plan_periods",
    "where exclusion.reason = southern_‸returns or exclusion.reason = outside_‸plan_periods");

  it("hover says which rule gives the reason, or that the engine does", async () => {
    const { uri, at } = await marked();
    expect(await hoverText(uri, at[0]!)).toBe("exclusion reason `southern_returns`, given by the exclude rule at line 28");
    expect(await hoverText(uri, at[1]!)).toContain("exclusion reason `outside_plan_periods`, given by the engine: the row's date is outside the plan's periods");
    await client.close(uri);
  });

  it("definition goes to the `exclude`, references find it and every comparison", async () => {
    const { uri, text, at } = await marked();
    const definition = await client.request<Location>("textDocument/definition", { textDocument: { uri }, position: at[0] });
    const given = rangeAfter(text, "exclude ", "southern_returns");
    expect(definition.range).toEqual(given);
    expect(await referenceRanges(uri, at[0]!, true)).toEqual([given, rangeAfter(text, "where exclusion.reason = ", "southern_returns")]);
    expect(await referenceRanges(uri, at[1]!, true)).toEqual([rangeAfter(text, "or exclusion.reason = ", "outside_plan_periods")]);
    await client.close(uri);
  });

  it("renames the `exclude` and every comparison; the engine's reasons are neither renamed nor taken", async () => {
    const { uri, text, at } = await marked();
    await expect(client.request("textDocument/prepareRename", { textDocument: { uri }, position: at[1] })).rejects.toThrow(/Only declared names/);
    await expect(client.request("textDocument/rename", { textDocument: { uri }, position: at[0], newName: "no_date" })).rejects.toThrow(/an exclusion reason the engine gives/);
    const out = await renamed(uri, text, at[0]!, "southern_return");
    expect(out).toContain("  exclude southern_return when deal.region = south");
    expect(out).toContain("where exclusion.reason = southern_return or exclusion.reason = outside_plan_periods");
    await client.close(uri);
  });

  it("a reason declared by `reasons` is defined there, and renamed there too", async () => {
    const { uri, text, at } = await openWith(CLAIMS, "  exclude duplicate when", "  exclude dupl‸icate when");
    expect(await hoverText(uri, at[0]!)).toBe("exclusion reason `duplicate`, declared at line 33, given by the exclude rule at line 42\n\nWhy a claim is left out, in the order the checks run.");
    const definition = await client.request<Location>("textDocument/definition", { textDocument: { uri }, position: at[0] });
    expect(definition.range).toEqual(rangeAfter(text, "product_not_in_program, ", "duplicate"));
    const out = await renamed(uri, text, at[0]!, "repeat_claim");
    expect(out).toContain("reasons unregistered_outlet, outlet_too_new, product_not_in_program, repeat_claim, suspicious_outlet");
    expect(out).toContain("  exclude repeat_claim when rank sharing");
    await client.close(uri);
  });
});

describe("enumeration values", () => {
  /** Markers: 0 the rate key `regional`, 1 `master` compared (in `in (...)`) through the measure `level`. */
  const marked = () => openWith(CHANNEL.replace("  regional: 2%", "  regi‸onal: 2%"), "when level in (regional, master)", "when level in (regional, mas‸ter)");

  it("hover names the field and its values", async () => {
    const { uri, at } = await openWith(CHANNEL, "when level = reseller", "when level = resel‸ler");
    expect(await hoverText(uri, at[0]!)).toBe("value of `partners.level`: one of reseller, regional, master");
    await client.close(uri);
  });

  it("definition goes to the field's `one of` list, from a comparison or a rate key", async () => {
    const { uri, text, at } = await marked();
    const key = await client.request<Location>("textDocument/definition", { textDocument: { uri }, position: at[0] });
    expect(key.range).toEqual(rangeAfter(text, "one of reseller, ", "regional"));
    const compared = await client.request<Location>("textDocument/definition", { textDocument: { uri }, position: at[1] });
    expect(compared.range).toEqual(rangeAfter(text, "one of reseller, regional, ", "master"));
    await client.close(uri);
  });

  it("references and rename reach the list, the rate keys and the comparisons, not the role of the same name", async () => {
    const { uri, text, at } = await marked();
    expect(await referenceRanges(uri, at[0]!, true)).toEqual([
      rangeAfter(text, "one of reseller, ", "regional"), rangeAfter(text, "{\n  ", "regional"), rangeAfter(text, "when level in (", "regional"),
    ]);
    await expect(client.request("textDocument/rename", { textDocument: { uri }, position: at[0], newName: "master" })).rejects.toThrow(/already declared \(a value of `partners.level`\)/);
    const out = await renamed(uri, text, at[0]!, "area");
    expect(out).toContain("level: one of reseller, area, master");
    expect(out).toContain("  area: 2%");
    expect(out).toContain("when level in (area, master)");
    await client.close(uri);
    const reseller = await openWith(CHANNEL, "when level = reseller", "when level = resel‸ler");
    const renamedReseller = await renamed(reseller.uri, reseller.text, reseller.at[0]!, "retailer");
    expect(renamedReseller).toContain("level: one of retailer, regional, master");
    expect(renamedReseller).toContain("when level = retailer and");
    expect(renamedReseller).toContain("100% to sale.reseller as reseller");
    await client.close(reseller.uri);
  });

  it("a value compared with the field itself", async () => {
    const { uri, text, at } = await openWith(SMALL_PLAN, "deal.region = south and", "deal.region = so‸uth and");
    const definition = await client.request<Location>("textDocument/definition", { textDocument: { uri }, position: at[0] });
    expect(definition.range).toEqual(rangeAfter(text, "one of north, ", "south"));
    expect(await hoverText(uri, at[0]!)).toBe("value of `deal.region`: one of north, south");
    await client.close(uri);
  });

  it("logged no error", () => {
    expect(client.errors).toEqual([]);
  });
});
