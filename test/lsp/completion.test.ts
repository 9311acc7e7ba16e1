/**
 * Completion over the protocol, at cursor positions marked `‸` in the test plan: the keywords
 * the grammar allows there, and the names that fit (fields after `record.`, `credit.` members,
 * grains, windows, types, enum values, the plan's measures, tables, tiers and functions).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompletionItem, CompletionList } from "vscode-languageserver-protocol";
import { LspClient, openMarked } from "./lsp-client.js";
import { SMALL_PLAN } from "./plans.js";

let client: LspClient;
beforeAll(async () => { client = await LspClient.start(); });
afterAll(async () => { await client.stop(); });

let count = 0;
/** The labels offered at the `‸` in SMALL_PLAN with `find` replaced by `marked`. */
async function labelsAt(find: string, marked: string): Promise<string[]> {
  expect(SMALL_PLAN).toContain(find);
  const { uri, at } = await openMarked(client, `completion-${count++}.accrue`, SMALL_PLAN.replace(find, marked));
  const result = await client.request<CompletionItem[] | CompletionList | null>("textDocument/completion", { textDocument: { uri }, position: at[0] });
  await client.close(uri);
  const items = Array.isArray(result) ? result : result?.items ?? [];
  return items.map((i) => i.label);
}

describe("completion", () => {
  it("offers the fields of a record after `record.`", async () => {
    expect(await labelsAt("where credit.date within launch", "where deal.‸")).toEqual(["deal_id", "close_date", "rep", "partner", "region", "amount"]);
  });

  it("offers the fields of a looked-up table row after `table[...].`", async () => {
    expect(await labelsAt("quotas[payee, period].quota", "quotas[payee, period].q‸")).toEqual(["rep", "period", "quota"]);
  });

  it("offers the members of `credit.`", async () => {
    expect(await labelsAt("sum of credit.amount where credit.role", "sum of credit.‸")).toEqual(["amount", "payee", "role", "date", "month", "quarter", "year"]);
  });

  it("offers the grains after `per payee per`", async () => {
    expect(await labelsAt("credit.role = rep per payee per month", "credit.role = rep per payee per ‸")).toEqual(["month", "quarter", "year"]);
  });

  it("offers the windows after `within`", async () => {
    expect(await labelsAt("credit.date within launch", "credit.date within ‸")).toEqual(expect.arrayContaining(["launch", "plan"]));
  });

  it("offers the inputs after `of each` and the types after `field:`", async () => {
    expect(await labelsAt("credit deal.amount of each deal", "credit deal.amount of each ‸")).toEqual(["deal"]);
    expect(await labelsAt("  rep: text\n  period", "  rep: ‸\n  period")).toEqual(expect.arrayContaining(["text", "money", "date", "month", "optional", "one"]));
  });

  it("offers enum values and roles where a comparison needs them, first", async () => {
    const regions = await labelsAt("when deal.region = south", "when deal.region = ‸");
    expect(regions.slice(0, 2)).toEqual(["north", "south"]);
    const roles = await labelsAt("credit.role = rep", "credit.role = ‸");
    expect(roles.slice(0, 2)).toEqual(["rep", "partner"]);
  });

  it("offers measures, tables, tiers, rates, functions and built-ins where a value goes", async () => {
    const labels = await labelsAt("pay commission = rate applied to net_sales", "pay commission = rate applied to ‸");
    expect(labels).toEqual(expect.arrayContaining(["net_sales", "launch_sales", "attainment", "quotas", "rate", "slices", "min", "max", "abs", "credit", "payee", "period", "sum", "count"]));
    expect(labels.indexOf("net_sales")).toBeLessThan(labels.indexOf("sum"));
    expect(labels).not.toContain("when");
  });

  it("offers only the keywords the grammar allows", async () => {
    expect(await labelsAt("pay bonus = slices applied to launch_sales rounded half up", "pay bonus = slices applied to launch_sales rounded ‸")).toEqual(["half up", "half even", "half down", "up", "down"]);
    expect(await labelsAt("  from 100,000: 3%\n}\n\ntiers", "  from 100,000: 3%\n  ‸\n}\n\ntiers")).toEqual(["per", "below", "from"]);
    const afterPay = await labelsAt("  when attainment > 50%\n", "  when attainment > 50%\n  ‸\n");
    expect(afterPay).toEqual(expect.arrayContaining(["when", "cap", "floor", "per", "and", "or", "measure", "pay", "output"]));
    expect(afterPay).not.toContain("net_sales");
  });

  it("offers the statements of a credit rule inside its block", async () => {
    expect(await labelsAt("    100% to deal.rep as rep\n  }\n}", "    100% to deal.rep as rep\n  }\n  ‸\n}")).toEqual(expect.arrayContaining(["exclude", "if", "overlay"]));
  });

  it("offers the record's fields after `key`, even while the record does not parse", async () => {
    expect(await labelsAt("  key deal_id", "  key ‸")).toEqual(["deal_id", "close_date", "rep", "partner", "region", "amount"]);
  });

  it("offers nothing inside a comment", async () => {
    expect(await labelsAt("/// Closed deals.", "/// Closed ‸deals.")).toEqual([]);
  });

  it("logged no error", () => {
    expect(client.errors).toEqual([]);
  });
});
