/**
 * The engine embedded as a backend job would use it: plans compiled in process, tables and
 * batches given as arrays or async iterables, results read as typed objects.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { numeric as N, runCompiledPlan as runEngineOnly, type CompiledPlan } from "../../index.js";
import { compileBothWays, runBothWays as runCompiledPlan } from "./both-ways.js";

const compile = (text: string) => compileBothWays(text);

const splitPlan = `
plan "Split" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-01-31

input sale {
  id: text
  date: date
  rep: text
  partner: optional text
  amount: money
  key id
}

credit sale.amount of each sale on sale.date {
  exclude tiny when sale.amount < 1.00
  if sale.partner is present {
    70% to sale.rep as rep
    30% to sale.partner as partner
  } else {
    100% to sale.rep as rep
  }
}

measure total = sum of credit.amount per payee per month
pay commission = total × 10% rounded half up to cents when total > 0
`;

/** A bonus that looks each payee's quota up by key. */
const quotaPlan = `
plan "Quota" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-01-31
input sale { id: text  date: date  rep: text  amount: money  key id }
table quotas { rep: text  quota: money  key rep }
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep }
measure total = sum of credit.amount per payee per month
pay bonus = if total >= quotas[payee].quota then 100.00 else 0.00
`;

async function* batches(rows: Record<string, unknown>[]) {
  for (const row of rows) yield row;
}

describe("embedding the runtime", () => {
  it("runs batches given as async iterables and reconciles every row", async () => {
    const plan = compile(splitPlan);
    const rows = [
      { id: "S1", date: "2026-01-05", rep: "R1", partner: "P1", amount: "100.01" },
      { id: "S2", date: "2026-01-06", rep: "R1", partner: "", amount: "50.00" },
      { id: "S3", date: "2026-01-07", rep: "R2", partner: "", amount: "0.50" },
      { id: "S4", date: "2026-02-07", rep: "R2", partner: "", amount: "10.00" },
      { id: "S5", date: "not a date", rep: "R2", partner: "", amount: "10.00" },
    ];
    const result = await runEngineOnly(plan, { sale: { rows: batches(rows), name: "batch-1" } });
    expect(result.credits.map((c) => [c.transaction, c.payee, c.role, N.formatFixed(c.amount, 2)])).toEqual([
      ["S1", "R1", "rep", "70.01"],
      ["S1", "P1", "partner", "30.00"],
      ["S2", "R1", "rep", "50.00"],
    ]);
    expect(result.exclusions.map((x) => [x.transaction, x.reason])).toEqual([["S3", "tiny"], ["S4", "outside_plan_periods"]]);
    expect(result.rejects).toEqual([{ file: "batch-1", line: 5, column: "date", reason: expect.stringContaining("not a date") }]);
    expect(result.reconciliation).toMatchObject({ read: 5, credited: 2, excluded: 2, rejected: 1 });
    expect(result.payouts.map((p) => [p.payee, p.period, p.component, N.formatFixed(p.amount, 2)])).toEqual([
      ["P1", "2026-01", "commission", "3.00"],
      ["R1", "2026-01", "commission", "12.00"],
    ]);
  });

  it("stops at the first bad row in strict mode", async () => {
    const plan = compile(splitPlan);
    const rows = [{ id: "S1", date: "2026-01-05", rep: "R1", partner: "", amount: "12.345" }];
    await expect(runCompiledPlan(plan, { sale: { rows } }, { strict: true })).rejects.toMatchObject({ line: 1, column: "amount" });
  });

  it("refuses a run with a missing binding, naming the input", async () => {
    const plan = compile(splitPlan);
    await expect(runCompiledPlan(plan, {})).rejects.toThrow(/no file is bound to the input `sale`/);
  });

  it("rejects a row whose hierarchy loops, with the loop in the reason", async () => {
    const plan = compile(`
plan "Loop" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-01-31
input sale { id: text  date: date  seller: text  amount: money  key id }
table parents links child to parent { child: text  parent: text }
credit sale.amount of each sale on sale.date {
  100% to sale.seller as seller
  overlay 100% to each ancestor of sale.seller in parents as rollup
}
measure total = sum of credit.amount per payee per month
pay p = total rounded half up to cents
`);
    const result = await runCompiledPlan(plan, {
      sale: { rows: [{ id: "1", date: "2026-01-02", seller: "A", amount: "5.00" }, { id: "2", date: "2026-01-02", seller: "C", amount: "5.00" }] },
      parents: { rows: [{ child: "A", parent: "B" }, { child: "B", parent: "A" }] },
    });
    expect(result.rejects.map((r) => r.reason)).toEqual([expect.stringContaining("A → B → A")]);
    expect(result.reconciliation).toMatchObject({ read: 2, credited: 1, rejected: 1 });
  });

  it("reports a payout whose looked-up row is missing instead of paying zero silently", async () => {
    const plan = compile(quotaPlan);
    const result = await runCompiledPlan(plan, {
      sale: { rows: [{ id: "1", date: "2026-01-02", rep: "R1", amount: "5.00" }, { id: "2", date: "2026-01-02", rep: "R2", amount: "5.00" }] },
      quotas: { rows: [{ rep: "R1", quota: "1.00" }] },
    });
    expect(result.payouts.map((p) => p.payee)).toEqual(["R1"]);
    expect(result.issues).toEqual([expect.stringMatching(/pay bonus .* R2 in 2026-01/)]);
  });

  it("rejects the second row of a duplicate key in a table", async () => {
    const plan = compile(quotaPlan);
    const result = await runCompiledPlan(plan, {
      sale: { rows: [] },
      quotas: { rows: [{ rep: "R1", quota: "1.00" }, { rep: "R1", quota: "2.00" }], name: "quotas.csv" },
    });
    expect(result.rejects).toEqual([{ file: "quotas.csv", line: 2, column: "rep", reason: "duplicate key R1: the first row with this key is quotas.csv:1" }]);
  });
});

describe("rows a rule cannot credit", () => {
  it("rejects a row whose share comes from a missing rate, naming the role and the plan line", async () => {
    const plan = compile(`
plan "Shares" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-01-31
input sale { id: text  date: date  rep: text  tier: one of gold, silver  amount: money  key id }
rates overlay_share by sale.tier { gold: 10% }
credit sale.amount of each sale on sale.date {
  100% to sale.rep as rep
  overlay overlay_share[sale.tier] to "POOL" as pool rounded half up to cents
}
measure total = sum of credit.amount per payee per month
pay p = total rounded half up to cents
`);
    const result = await runCompiledPlan(plan, {
      sale: { rows: [{ id: "1", date: "2026-01-02", rep: "R1", tier: "gold", amount: "50.00" }, { id: "2", date: "2026-01-03", rep: "R1", tier: "silver", amount: "70.00" }] },
    });
    expect(result.credits.map((c) => [c.transaction, c.payee, N.formatFixed(c.amount, 2)])).toEqual([["1", "R1", "50.00"], ["1", "POOL", "5.00"]]);
    expect(result.rejects).toEqual([{ file: "sale", line: 2, column: "*", reason: "no share for the pool credit: its percentage is absent (plan line 9)" }]);
    expect(result.reconciliation).toMatchObject({ read: 2, credited: 1, excluded: 0, rejected: 1 });
  });
});

describe("how rows are named and counted", () => {
  const datedKeys = compile(`
plan "Dated keys" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-01-31
input sale { rep: text  date: date  amount: money  key rep, date }
table holidays { day: date  name: text  key day }
credit sale.amount of each sale on sale.date {
  exclude holiday when holidays[sale.date] is present
  100% to sale.rep as rep
}
measure total = sum of credit.amount per payee per month
pay p = total rounded half up to cents
`);

  it("names a transaction keyed by a date with the date as written, not a day number", async () => {
    const result = await runCompiledPlan(datedKeys, {
      sale: { rows: [{ rep: "R1", date: "2026-01-05", amount: "5.00" }, { rep: "R1", date: "2026-01-01", amount: "7.00" }] },
      holidays: { rows: [{ day: "2026-01-01", name: "New Year" }, { day: "2026-01-01", name: "again" }], name: "holidays.csv" },
    });
    expect(result.credits.map((c) => c.transaction)).toEqual(["R1/2026-01-05"]);
    expect(result.exclusions.map((x) => x.transaction)).toEqual(["R1/2026-01-01"]);
    expect(result.rejects).toEqual([{ file: "holidays.csv", line: 2, column: "day", reason: "duplicate key 2026-01-01: the first row with this key is holidays.csv:1" }]);
  });

  it("counts a bad table row once per file and line, when one table is read from several files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "accrue-tables-"));
    writeFileSync(join(dir, "a.csv"), "day,name\n2026-01-01,New Year\nnot a day,x\n");
    writeFileSync(join(dir, "b.csv"), "day,name\n2026-01-06,Epiphany\nnot a day either,y\n");
    const result = await runCompiledPlan(datedKeys, {
      sale: { rows: [] },
      holidays: { files: [{ path: join(dir, "a.csv") }, { path: join(dir, "b.csv") }] },
    });
    expect(result.reconciliation.tables).toEqual([{ name: "holidays", read: 4, loaded: 2, rejected: 2 }]);
  });
});

describe("every row counted once", () => {
  const dir = mkdtempSync(join(tmpdir(), "accrue-engine-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const header = "id,date,rep,partner,amount\n";
  const file = (name: string, text: string | Buffer) => { const path = join(dir, name); writeFileSync(path, text); return path; };

  it("rejects a repeated input key, naming the first row, and credits it once", async () => {
    const plan = compile(splitPlan);
    const rows = [
      { id: "S1", date: "2026-01-05", rep: "R1", amount: "10.00" },
      { id: "S2", date: "2026-01-05", rep: "R1", amount: "20.00" },
      { id: "S1", date: "2026-01-06", rep: "R2", amount: "30.00" },
    ];
    const result = await runCompiledPlan(plan, { sale: { rows, name: "api" } });
    expect(result.rejects).toEqual([{ file: "api", line: 3, column: "id", reason: "duplicate key S1: the first row with this key is api:1" }]);
    expect(result.reconciliation).toMatchObject({ read: 3, credited: 2, excluded: 0, rejected: 1 });
    expect(result.credits.map((c) => c.transaction)).toEqual(["S1", "S2"]);
  });

  it("counts a file bound twice twice, and rejects the second copy's keys as repeats", async () => {
    const plan = compile(splitPlan);
    const path = file("twice.csv", `${header}S1,2026-01-05,R1,,10.00\nS2,2026-01-05,R1,,bad\nS3,2026-01-05,R1,,5.00\n`);
    const result = await runCompiledPlan(plan, { sale: { files: [{ path, name: "sales.csv" }, { path, name: "sales.csv" }] } });
    expect(result.reconciliation).toMatchObject({ read: 6, credited: 2, excluded: 0, rejected: 4 });
    expect(result.rejects.map((r) => `${r.file}:${r.line}: ${r.reason}`)).toEqual([
      'sales.csv:3: "bad" is not an amount (like 1234.56)',
      "sales.csv:2: duplicate key S1: the first row with this key is sales.csv:2",
      'sales.csv:3: "bad" is not an amount (like 1234.56)',
      "sales.csv:4: duplicate key S3: the first row with this key is sales.csv:4",
    ]);
  });

  it("counts rejected rows of two files that share a name and line numbers separately", async () => {
    const plan = compile(splitPlan);
    const a = file("a.csv", `${header}A1,2026-01-05,R1,,oops\n`);
    const b = file("b.csv", `${header}B1,2026-01-05,R1,,oops\n`);
    const result = await runCompiledPlan(plan, { sale: { files: [{ path: a, name: "export.csv" }, { path: b, name: "export.csv" }] } });
    expect(result.reconciliation).toMatchObject({ read: 2, credited: 0, rejected: 2 });
  });

  it("reads a UTF-16LE file's rows on their own lines and counts each rejected one", async () => {
    const plan = compile(splitPlan);
    const text = `${header}U1,2026-01-05,R1,,1.00\r\nU2,2026-01-05,R1,,2.00\r\nU3,2026-01-05,R1,,x\r\nU4,2026-01-05,R1,,y\r\nU5,2026-01-05,R1,,5.00\r\n`;
    const path = file("utf16.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    const result = await runCompiledPlan(plan, { sale: { path, name: "utf16.csv" } });
    expect(result.reconciliation).toMatchObject({ read: 5, credited: 3, rejected: 2 });
    expect(result.rejects.map((r) => r.line)).toEqual([4, 5]);
    expect(result.credits.map((c) => c.sourceLine)).toEqual([2, 3, 6]);
  });

  it("reads a file as its input declares: encoding, number format and percent form", async () => {
    const plan = compile(`
plan "Declared" version 1
  currency EUR
  periods monthly from 2026-01-01 to 2026-01-31
input sale {
  encoding latin1
  numbers "1.234,56"
  id: text
  date: date format "DD.MM.YYYY"
  rep: text
  amount: money
  rate: percent as number
  key id
}
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep }
measure total = sum of credit.amount per payee per month
pay commission = total × 10% rounded half up to cents
`);
    const text = "id;date;rep;amount;rate\nS1;05.01.2026;Jos\xe9;1.500;4,5\nS2;06.01.2026;Jos\xe9;2.000,50;10%\nS3;07.01.2026;Ana;1,5.0;1\n";
    const path = file("declared.csv", Buffer.from(text, "latin1"));
    const result = await runCompiledPlan(plan, { sale: { path, name: "declared.csv" } });
    expect(result.rejects.map((r) => `${r.line}: ${r.column}: ${r.reason}`)).toEqual(['4: amount: "1,5.0" is not a number written as the input declares (1.234,56)']);
    expect(result.credits.map((c) => [c.payee, N.formatExact(c.amount), N.formatExact(c.row.rate as N.Num)])).toEqual([["José", "1500", "0.045"], ["José", "2000.5", "0.1"]]);
    expect(result.payouts.map((p) => [p.payee, N.formatFixed(p.amount, 2)])).toEqual([["José", "350.05"]]);
  });
});

describe("balances", () => {
  it("reports a balance whose opening needs the balance itself, instead of overflowing the stack", async () => {
    // The checker refuses such a plan (A315); a module built elsewhere is held to the same at run time.
    const plan = compile(`
plan "Opening cycle" version 1
  currency USD
  periods monthly from 2025-01-01 to 2025-02-28
input sale { id: text  date: date  rep: text  amount: money  key id }
credit sale.amount of each sale on sale.date { 100% to sale.rep as seller }
measure total = sum of credit.amount per payee per month
balance net per payee per month
  starts at 0.00
  becomes net + total
pay p = closing net
`);
    const foreign: CompiledPlan = {
      meta: plan.meta,
      build(rt) {
        const fns = plan.build(rt);
        return { ...fns, balances: [{ ...fns.balances[0]!, start: (e) => (rt as { balance(e: unknown, i: number, c: boolean): unknown }).balance(e, 0, false) as never }] };
      },
    };
    const result = await runEngineOnly(foreign, { sale: { rows: [{ id: "T1", date: "2025-01-01", rep: "R1", amount: "1000.00" }] } });
    expect(result.issues).toContain("balance net (plan line 8) opens with a value that needs the balance itself for R1 in 2025-01");
    expect(result.payouts).toEqual([]);
  });

  it("computes only what is asked for: a period's opening needs the closings before it, not its own", async () => {
    const plan = compile(`
plan "Lazy balance" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-01-31
input sale { id: text  date: date  rep: text  region: text  amount: money  key id }
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep }
measure first_region = first of sale.region by credit.date per payee per month
balance carried per payee per month
  starts at 0.00
  becomes if first_region = "N" then carried + 1.00 else carried
pay p = carried + 5.00
`);
    // January's closing would meet the tie of first_region; nothing asks for it.
    const result = await runCompiledPlan(plan, {
      sale: { rows: [{ id: "1", date: "2026-01-05", rep: "R1", region: "N", amount: "1.00" }, { id: "2", date: "2026-01-05", rep: "R1", region: "S", amount: "1.00" }] },
    });
    expect(result.issues).toEqual([]);
    expect(result.payouts.map((p) => N.formatFixed(p.amount, 2))).toEqual(["5.00"]);
  });
});

describe("rate tables", () => {
  it("give no rate for an absent key, even with an otherwise", async () => {
    const plan = compile(`
plan "Rates" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-01-31
input sale { id: text  date: date  rep: text  amount: money  key id }
table partners { rep: text  level: optional text  key rep }
rates override_rate by partners.level { regional: 2%  otherwise: 1% }
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep }
measure total = sum of credit.amount per payee per month
pay p = override_rate[partners[payee].level] × total rounded half up to cents
`);
    const result = await runCompiledPlan(plan, {
      sale: { rows: [{ id: "1", date: "2026-01-05", rep: "R1", amount: "100.00" }, { id: "2", date: "2026-01-05", rep: "R2", amount: "100.00" }, { id: "3", date: "2026-01-05", rep: "R3", amount: "100.00" }] },
      partners: { rows: [{ rep: "R1", level: "regional" }, { rep: "R2", level: "master" }, { rep: "R3", level: "" }] },
    });
    expect(result.payouts.map((p) => [p.payee, N.formatFixed(p.amount, 2)])).toEqual([["R1", "2.00"], ["R2", "1.00"]]);
    expect(result.issues).toEqual(["pay p (plan line 10) has no value for R3 in 2026-01: a value it needs is absent; nothing is paid"]);
  });
});

describe("credit rules that cannot decide", () => {
  const plan = compile(`
plan "Undecided" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-01-31
input sale { id: text  date: date  rep: text  discount: optional percent  region: optional text  amount: money  key id }
table specialists { region: text  specialist: text  key region, specialist }
credit sale.amount of each sale on sale.date {
  exclude heavy_discount when sale.discount > 50%
  if sale.region = "North" {
    100% to sale.rep as rep
  } else {
    100% to "HOUSE" as house
  }
  overlay 100% to each specialists.specialist where specialists.region = sale.region as specialist
}
measure total = sum of credit.amount per payee per month
pay p = total
`);

  it("rejects a row whose exclude, if or each-where condition is absent, naming the statement and its line", async () => {
    const result = await runCompiledPlan(plan, {
      sale: { rows: [
        { id: "1", date: "2026-01-05", rep: "R1", discount: "", region: "North", amount: "10.00" },
        { id: "2", date: "2026-01-05", rep: "R1", discount: "10%", region: "", amount: "10.00" },
        { id: "3", date: "2026-01-05", rep: "R1", discount: "60%", region: "", amount: "10.00" },
        { id: "4", date: "2026-01-05", rep: "R1", discount: "10%", region: "North", amount: "10.00" },
      ], name: "sales.csv" },
      specialists: { rows: [{ region: "North", specialist: "S1" }] },
    });
    expect(result.rejects.map((r) => [r.line, r.reason])).toEqual([
      [1, "the condition of `exclude heavy_discount` (plan line 8) is absent: a value it compares is missing, so the rule cannot decide this row"],
      [2, "the condition of `if` (plan line 9) is absent: a value it compares is missing, so the rule cannot decide this row"],
    ]);
    expect(result.exclusions.map((x) => [x.transaction, x.reason])).toEqual([["3", "heavy_discount"]]);
    expect(result.credits.map((c) => [c.transaction, c.payee])).toEqual([["4", "R1"], ["4", "S1"]]);
    expect(result.reconciliation).toMatchObject({ read: 4, credited: 1, excluded: 1, rejected: 2 });
  });

  it("rejects a row when a table row's where is absent for it", async () => {
    const result = await runCompiledPlan(plan, {
      sale: { rows: [{ id: "1", date: "2026-01-05", rep: "R1", discount: "10%", region: "North", amount: "10.00" }] },
      specialists: { rows: [{ region: "North", specialist: "S1" }] },
    });
    expect(result.rejects).toEqual([]);
    const withEmptyRegion = compile(`
plan "Undecided where" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-01-31
input sale { id: text  date: date  rep: text  region: optional text  amount: money  key id }
table specialists { region: text  specialist: text  key region, specialist }
credit sale.amount of each sale on sale.date {
  100% to sale.rep as rep
  overlay 100% to each specialists.specialist where specialists.region = sale.region as specialist
}
measure total = sum of credit.amount per payee per month
pay p = total
`);
    const undecided = await runCompiledPlan(withEmptyRegion, {
      sale: { rows: [{ id: "1", date: "2026-01-05", rep: "R1", region: "", amount: "10.00" }] },
      specialists: { rows: [{ region: "North", specialist: "S1" }] },
    });
    expect(undecided.rejects.map((r) => r.reason)).toEqual(["the condition of `each specialists.specialist where` (plan line 9) is absent: a value it compares is missing, so the rule cannot decide this row"]);
  });
});
