/**
 * Hover over the protocol: a name's kind, type and unit (money in the plan's currency, per payee
 * per month), how exact it is, its doc comment; a tier table's bands; built-in names.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hover, MarkupContent } from "vscode-languageserver-protocol";
import { LspClient, openMarked } from "./lsp-client.js";
import { SMALL_PLAN } from "./plans.js";

let client: LspClient;
beforeAll(async () => { client = await LspClient.start(); });
afterAll(async () => { await client.stop(); });

let count = 0;
/** The hover text at the `‸` put in SMALL_PLAN in place of `find` (marked copy `marked`). */
async function hoverAt(find: string, marked: string): Promise<string | undefined> {
  expect(SMALL_PLAN).toContain(find);
  const { uri, at } = await openMarked(client, `hover-${count++}.accrue`, SMALL_PLAN.replace(find, marked));
  const hover = await client.request<Hover | null>("textDocument/hover", { textDocument: { uri }, position: at[0] });
  await client.close(uri);
  return (hover?.contents as MarkupContent | undefined)?.value;
}

describe("hover", () => {
  it("gives a measure's type, unit, grain and doc comment, where it is used", async () => {
    const text = await hoverAt("pay commission = rate applied to net_sales", "pay commission = rate applied to net_‸sales");
    expect(text).toContain("measure net_sales: money (USD) per payee per month");
    expect(text).toContain("whole cents");
    expect(text).toContain("Net sales of a rep in a month.");
  });

  it("gives a ratio's type as a percent", async () => {
    expect(await hoverAt("  when attainment > 50%", "  when attain‸ment > 50%")).toContain("measure attainment: percent per payee per month");
  });

  it("gives a field's declared type and its doc comment", async () => {
    const text = await hoverAt("    40% to deal.partner as partner", "    40% to deal.part‸ner as partner");
    expect(text).toContain("deal.partner: optional text");
    expect(text).toContain("The reseller, when there is one.");
    expect(await hoverAt("  amount: money\n  key deal_id", "  amo‸unt: money\n  key deal_id")).toContain("deal.amount: money (USD)");
  });

  it("sums up a tier table's bands", async () => {
    const text = await hoverAt("pay commission = rate applied", "pay commission = ra‸te applied");
    expect(text).toContain("tiers rate retroactive");
    expect(text).toContain("3 bands. Retroactive: the band the value reaches sets one rate for the whole value.");
    expect(text).toContain("| below 50,000 | 0% |");
    expect(text).toContain("| 50,000 to 100,000 | 2% |");
    expect(text).toContain("| from 100,000 | 3% |");
    expect(text).toContain("The band reached sets one rate for the whole month.");
  });

  it("explains built-in names and windows", async () => {
    expect(await hoverAt("sum of credit.amount where credit.role", "sum of credit.am‸ount where credit.role")).toContain("credit.amount: money (USD)");
    expect(await hoverAt("within launch", "within laun‸ch")).toContain("from 2026-02-01 to 2026-02-14, both days included");
    const days = await hoverAt("window launch from 2026-02-01 to 2026-02-14", "window laun‸ch from 2026-02-01 for 14 days");
    expect(days).toContain("from 2026-02-01 to 2026-02-14, both days included (14 days)");
  });

  it("finds no built-in or engine reason on a prototype's name", async () => {
    for (const name of ["constructor", "toString", "__proto__"]) {
      const find = "measure net_sales = sum of credit.amount where credit.role = rep";
      expect(await hoverAt(find, `measure net_sales = sum of credit.${name}‸ where credit.role = rep`) ?? "").not.toMatch(/native code|\[object/);
      const reason = await hoverAt(find, `measure net_sales = count where exclusion.reason = ${name}‸ and credit.role = rep`);
      expect(reason ?? "").not.toMatch(/native code|\[object|given by the engine/);
    }
  });

  it("says nothing on a keyword", async () => {
    expect(await hoverAt("pay commission = rate applied", "p‸ay commission = rate applied")).toBeUndefined();
  });

  it("logged no error", () => {
    expect(client.errors).toEqual([]);
  });
});
