/**
 * What a plan means where the language reference is easy to misread: periods at year ends and
 * plan starts, history, participants that start mid-plan, absent values in aggregates, keys and
 * sharings, credit rows that lose their split, and how plan outputs list and sort their rows.
 * Every plan runs both ways (both-ways.ts): the engine and the reference interpreter must agree.
 *
 * Each test pins a result the reference promises; a comment says the rule where it was once a
 * defect (found by review, fixed in the engine and the interpreter alike).
 */
import { describe, expect, it } from "vitest";
import { compilePlan } from "../../compiler/compile.js";
import { DataError, numeric as N, type RunResult } from "../../index.js";
import { compileBothWays as compile, runBothWays as run } from "./both-ways.js";
import { header, SALES, STARTS } from "./semantics-plans.js";

const payouts = (r: RunResult) => r.payouts.map((p) => [p.payee, p.period, p.component, N.formatFixed(p.amount, 2)]);
const file = (r: RunResult, name: string) => r.files.find((f) => f.file === name)!.text;

describe("periods", () => {
  it("looks back one quarter from the first quarter into the last quarter of the year before, and three months from January into the autumn", async () => {
    const plan = compile(`${header("Year end", "2026-01-01", "2026-12-31", "2025-01-01")}input sale { id: text  date: date  rep: text  amount: money  key id }
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep }
measure q = sum of credit.amount per payee per quarter
measure prior_q = q 1 quarter earlier per payee per quarter
measure m = sum of credit.amount per payee per month
measure sold = m > 0 per payee per month
measure recent = any of sold over previous 3 months per payee per month
measure last_year = m 1 year earlier per payee per month
output "quarters.csv" per payee per quarter { payee  period  q = q  prior_q = prior_q }
output "months.csv" per payee per month { payee  period  recent = if recent then 1 else 0  last_year = last_year }
`);
    const r = await run(plan, { sale: { rows: [
      { id: "H1", date: "2025-10-01", rep: "A", amount: "7.00" },
      { id: "H2", date: "2025-01-31", rep: "A", amount: "3.00" },
      { id: "S1", date: "2026-01-31", rep: "A", amount: "1.00" },
      { id: "S2", date: "2026-05-01", rep: "A", amount: "2.00" },
    ] } });
    expect(file(r, "quarters.csv")).toBe("payee,period,q,prior_q\nA,2026-Q1,1.00,7.00\nA,2026-Q2,2.00,1.00\n");
    // January: October 2025 is within the previous three months; May: February to April are not sold.
    expect(file(r, "months.csv")).toBe("payee,period,recent,last_year\nA,2026-01,1,3.00\nA,2026-05,0,0.00\n");
  });

  // Pinned, and undocumented: periods are calendar periods whatever the plan's span, so a plan
  // over a fiscal year (April to March) has two partial years, and `cap ... per year` starts
  // again on 1 January. The reference should say so (or the header should name a fiscal start).
  it("keeps calendar years in a plan that runs from April to March: yearly pays and running caps per year restart in January", async () => {
    const plan = compile(`${header("Fiscal", "2026-04-01", "2027-03-31")}input sale { id: text  date: date  rep: text  amount: money  key id }
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep }
measure total = sum of credit.amount per payee per month
measure yearly = sum of credit.amount per payee per year
pay monthly = total cap 1,000.00 per year per payee per month
pay annual = yearly per payee per year
`);
    const r = await run(plan, { sale: { rows: [
      { id: "S1", date: "2026-12-15", rep: "A", amount: "1000.00" },
      { id: "S2", date: "2027-01-15", rep: "A", amount: "1000.00" },
    ] } });
    expect(payouts(r)).toEqual([
      ["A", "2026", "annual", "1000.00"], ["A", "2026-12", "monthly", "1000.00"],
      ["A", "2027", "annual", "1000.00"], ["A", "2027-01", "monthly", "1000.00"],
    ]);
  });
});

describe("windows over periods", () => {
  const plan = compile(`${header("Windows", "2026-01-01", "2026-12-31", "2025-10-01")}input sale { id: text  date: date  rep: text  amount: money  key id }
table goals { rep: text  year: year  goal: money  key rep, year }
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep }
measure m = sum of credit.amount per payee per month
measure sold = m > 0 per payee per month
measure goal = goals[payee, period].goal per payee per year
measure ytd = sum of m over months of this year to date per payee per month
measure before = sum of m over earlier months of this year per payee per month
measure trailing = average of m over previous 3 months per payee per month
measure best_q = maximum of m over months of this quarter per payee per month
measure ever = any of sold over earlier months per payee per month
measure q = sum of m over months per payee per quarter
measure q_goal = goal this year per payee per quarter
output "months.csv" per payee per month { payee  period  m = m  ytd = ytd  before = before  trailing = trailing rounded half up to cents  best_q = best_q  ever = if ever then 1 else 0 }
output "quarters.csv" per payee per quarter { payee  period  q = q  q_goal = q_goal }
`);

  // Year to date and the months before this one restart in January; the previous three months
  // reach into the loaded history (October to December 2025); the best month of the quarter
  // reads the months after this one too; a quarter reads the yearly goal of the year holding it.
  it("reads year to date, earlier months of this year, the previous months, the months of this quarter and the year's goal", async () => {
    const r = await run(plan, {
      sale: { rows: [
        { id: "H1", date: "2025-11-10", rep: "A", amount: "30.00" },
        { id: "S1", date: "2026-01-15", rep: "A", amount: "10.00" },
        { id: "S2", date: "2026-02-15", rep: "A", amount: "20.00" },
        { id: "S3", date: "2026-03-15", rep: "A", amount: "5.00" },
        { id: "S4", date: "2026-04-15", rep: "A", amount: "1.00" },
      ] },
      goals: { rows: [{ rep: "A", year: "2026", goal: "500.00" }] },
    });
    expect(file(r, "months.csv")).toBe([
      "payee,period,m,ytd,before,trailing,best_q,ever",
      "A,2026-01,10.00,10.00,0.00,10.00,20.00,1",
      "A,2026-02,20.00,30.00,10.00,13.33,20.00,1",
      "A,2026-03,5.00,35.00,30.00,10.00,20.00,1",
      "A,2026-04,1.00,36.00,35.00,11.67,1.00,1",
      "",
    ].join("\n"));
    expect(file(r, "quarters.csv")).toBe("payee,period,q,q_goal\nA,2026-Q1,35.00,500.00\nA,2026-Q2,1.00,500.00\n");
  });

  it("refuses a one-period value of a finer measure, a range of another grain, and `where` with `over`", () => {
    const text = (line: string) => `${header("Bad windows", "2026-01-01", "2026-12-31")}input sale { id: text  date: date  rep: text  amount: money  key id }
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep }
measure m = sum of credit.amount per payee per month
${line}
`;
    const codes = (line: string) => compilePlan(text(line), "bad.accrue").diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(codes("measure x = m this quarter per payee per quarter")[0]).toMatch(/^A206 .*holds several months: add them up with `sum of m over months`/);
    expect(codes("measure x = sum of m over quarters per payee per quarter")[0]).toMatch(/^A206 `m` is per month, not per quarter: write `over months`/);
    expect(codes("measure x = sum of m over months where credit.amount > 0 per payee per quarter")[0]).toMatch(/^A304 `where` chooses credits/);
    expect(codes("measure x = sum of m over months of this month per payee per quarter")[0]).toMatch(/^A304 `of this month` must name a period that holds this quarter/);
    expect(codes("measure x = sum of m over previous 2 months per payee per month")[0]).toMatch(/^A309 .*reaches 2025-11/);
    // A balance's later openings follow from this closing: a rule that reads them loops.
    expect(codes("measure with_b = b + m per payee per month\nbalance b per payee per month\n  starts at 0.00\n  becomes sum of with_b over months of this quarter")[0]).toMatch(/^A315 the closing of `b` needs itself: closing b → \(measure with_b, in later periods\) closing b/);
    expect(codes("measure x = m in any of previous 2 months per payee per month")[0]).toBe("A010 `in any of previous 2 months` is no longer written so: write `any of m over previous 2 months`");
  });
});

describe("sums over months", () => {
  // A window reads every month of the quarter unless the plan says who takes part: without
  // participants per month, a month the payee sold nothing in still has its MBO bonus (it was
  // once left out, since a month took part only with credits). With participants per month
  // from a table, a month the payee is not listed in has no value and is skipped.
  it("adds a monthly measure over every month of the quarter, or over those in which the payee takes part", async () => {
    const text = (participants: string) => `${SALES}table mbo { rep: text  month: month  bonus: money  key rep, month }
measure monthly_bonus = mbo[payee, period].bonus per payee per month
measure mbo_q = sum of monthly_bonus over months of this quarter per payee per quarter
pay mbo_pay = mbo_q per payee per quarter
${participants}`;
    const bindings = {
      sale: { rows: [{ id: "S1", date: "2026-01-15", rep: "A", amount: "1.00" }] },
      mbo: { rows: [{ rep: "A", month: "2026-01", bonus: "100.00" }, { rep: "A", month: "2026-02", bonus: "200.00" }, { rep: "A", month: "2026-03", bonus: "0.00" }] },
    };
    const everyMonth = await run(compile(text("")), bindings);
    expect(payouts(everyMonth)).toEqual([["A", "2026-Q1", "mbo_pay", "300.00"]]);
    const listed = { ...bindings, mbo: { rows: bindings.mbo.rows.filter((r) => r.month !== "2026-02") } };
    const byTable = await run(compile(text("participants mbo.rep per mbo.month\n")), listed);
    expect(payouts(byTable).filter(([, period]) => period === "2026-Q1")).toEqual([["A", "2026-Q1", "mbo_pay", "100.00"]]);
  });
});

describe("history", () => {
  // The plan starts on 1 February, so 2026-Q1 overlaps it and is paid: its group holds only the
  // credits dated within the plan (January's history credit was once paid there, though not
  // listed). 2025-Q4 lies wholly before the plan, so its history credit serves the look-back.
  it("never pays a history credit that falls in the plan's first quarter when the plan starts mid-quarter", async () => {
    const plan = compile(`${header("Mid-quarter start", "2026-02-01", "2026-12-31", "2025-01-01")}input sale { id: text  date: date  rep: text  amount: money  key id }
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep }
measure q = sum of credit.amount per payee per quarter
measure prior = q 1 quarter earlier per payee per quarter
pay bonus = q per payee per quarter
output "quarters.csv" per payee per quarter { payee  period  q = q  prior = prior  n = count }
`);
    const r = await run(plan, { sale: { rows: [
      { id: "H0", date: "2025-12-15", rep: "A", amount: "7.00" },
      { id: "H1", date: "2026-01-15", rep: "A", amount: "1000.00" },
      { id: "H2", date: "2026-01-20", rep: "B", amount: "50.00" },
      { id: "S1", date: "2026-02-15", rep: "A", amount: "10.00" },
      { id: "S2", date: "2026-04-15", rep: "A", amount: "1.00" },
    ] } }, { explain: { payee: "A", period: "2026-Q1" } });
    expect(r.credits.map((c) => c.transaction)).toEqual(["S1", "S2"]);
    expect(payouts(r)).toEqual([["A", "2026-Q1", "bonus", "10.00"], ["A", "2026-Q2", "bonus", "1.00"]]);
    // 2025-Q4 lies wholly before the plan: its history credit serves the look-back. B's only
    // credit is history in 2026-Q1, so B takes no part there.
    expect(file(r, "quarters.csv")).toBe("payee,period,q,prior,n\nA,2026-Q1,10.00,7.00,1\nA,2026-Q2,1.00,10.00,1\n");
    expect(r.explanation!.groups[0]!.credits.map((c) => c.transaction)).toEqual(["S1"]);
  });

  // A309 measures a look-back's reach from the first day of the plan's first period of the
  // measure's grain: 2026-Q1 starts in January, so `q 1 quarter earlier` reads 2025-Q4, and
  // history from November would leave its October out (it once came out short, silently).
  it("refuses a quarterly look-back that reaches a quarter only partly loaded (A309)", () => {
    const text = (history: string) => `${header("Short history", "2026-02-01", "2026-12-31", history)}input sale { id: text  date: date  rep: text  amount: money  key id }
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep }
measure q = sum of credit.amount per payee per quarter
measure prior = q 1 quarter earlier per payee per quarter
measure sold = q > 0 per payee per quarter
measure sold_before = any of sold over previous 1 quarters per payee per quarter
pay bonus = prior when sold_before per payee per quarter
`;
    const short = compilePlan(text("2025-11-01"), "short.accrue");
    expect(short.diagnostics.map((d) => d.code)).toEqual(["A309", "A309"]);
    expect(short.diagnostics[0]!.message).toContain("reaches 2025-10");
    // From 2026-Q1, which starts on 1 January, one quarter back is October: loaded, accepted.
    expect(compilePlan(text("2025-10-01"), "enough.accrue").diagnostics).toEqual([]);
  });
});

describe("participants who start mid-plan", () => {
  const plan = compile(STARTS);

  it("pays from the month holding the start date, where the balance starts too", async () => {
    const r = await run(plan, {
      sale: { rows: [{ id: "S1", date: "2026-04-15", rep: "A", amount: "1.00" }] },
      reps: { rows: [{ rep: "A", start: "2026-03-10" }] },
    });
    expect(payouts(r)).toEqual([
      ["A", "2026-03", "p", "100.00"], ["A", "2026-04", "p", "111.00"], ["A", "2026-05", "p", "120.00"], ["A", "2026-06", "p", "130.00"],
    ]);
    expect(r.issues).toEqual([]);
  });

  // A payee listed twice (a rehire) takes part from its earliest start, and its balance starts
  // there too (the last row read once set the balance's start, leaving the months between it
  // and the first start with no balance, so no pay).
  it("starts the balance of a payee listed twice at the payee's first start", async () => {
    const r = await run(plan, {
      sale: { rows: [{ id: "S1", date: "2026-02-15", rep: "B", amount: "1.00" }] },
      reps: { rows: [{ rep: "B", start: "2026-02-01" }, { rep: "B", start: "2026-05-01" }] },
    });
    expect(r.issues).toEqual([]);
    expect(payouts(r)).toEqual([
      ["B", "2026-02", "p", "101.00"], ["B", "2026-03", "p", "110.00"], ["B", "2026-04", "p", "120.00"],
      ["B", "2026-05", "p", "130.00"], ["B", "2026-06", "p", "140.00"],
    ]);
  });

  // A credit dated before its payee's start is credited (counted, listed in credits.csv) but
  // lies in no participant's period, so no pay includes it: the run says so, per payee and
  // grain, with the count, total and periods; a payee missing from the table likewise.
  it("reports credits dated before the payee takes part, which no pay includes", async () => {
    const r = await run(plan, {
      sale: { rows: [
        { id: "S1", date: "2026-01-15", rep: "A", amount: "500.00" },
        { id: "S2", date: "2026-02-15", rep: "A", amount: "20.00" },
        { id: "S3", date: "2026-03-15", rep: "A", amount: "1.00" },
        { id: "S4", date: "2026-02-15", rep: "Z", amount: "3.00" },
      ] },
      reps: { rows: [{ rep: "A", start: "2026-03-10" }] },
    });
    expect(r.reconciliation.credited).toBe(4);
    expect(payouts(r).filter(([, period]) => period < "2026-03")).toEqual([]);
    expect(r.issues).toEqual([
      "A has 2 credits (520.00 in all) in 2026-01, 2026-02, where it takes no part per month (before its start, or not among the participants): no pay per month includes them",
      "Z has 1 credit (3.00) in 2026-02, where it takes no part per month (before its start, or not among the participants): no pay per month includes it",
    ]);
  });
});

describe("participants declared twice", () => {
  // Two `participants` declarations for one grain were accepted, and the run took the first
  // without a word: the checker refuses the second (A318), pointing at the first.
  it("refuses a second participants declaration for the same grain", () => {
    const r = compilePlan(`${SALES}table reps { rep: text  start: date }
participants reps.rep from reps.start per month
participants every payee per month
pay p = total per payee per month
`, "twice.accrue");
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["A318"]);
    expect(r.diagnostics[0]!.related?.[0]?.message).toBe("the first participants per month");
  });
});

describe("absent values", () => {
  // An aggregate over credits is absent when a value of one of its credits is absent because
  // that credit's own row misses it (here: no rate for region XX), so the pay is reported, not
  // paid short; credits of another input, whose fields are absent by design, are no part of an
  // aggregate over this input's fields.
  it("does not pay a sum over credits when one credit's value is absent", async () => {
    const plan = compile(`${header("Rates", "2026-01-01", "2026-12-31")}input sale { id: text  date: date  rep: text  region: text  amount: money  key id }
table regions { region: text  rate: percent  key region }
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep }
measure commission = sum of credit.amount × regions[sale.region].rate rounded half up to cents per payee per month
pay p = commission per payee per month
`);
    const r = await run(plan, {
      sale: { rows: [{ id: "S1", date: "2026-01-15", rep: "A", region: "EU", amount: "100.00" }, { id: "S2", date: "2026-01-16", rep: "A", region: "XX", amount: "5000.00" }] },
      regions: { rows: [{ region: "EU", rate: "10%" }] },
    });
    expect(payouts(r)).toEqual([]);
    expect(r.issues).toEqual(["pay p (plan line 8) has no value for A in 2026-01: a value it needs is absent; nothing is paid"]);
  });

  it("leaves another input's credits out of an aggregate over one input's fields, and makes an absent value of its own credits, or of a month, absent", async () => {
    const plan = compile(`${header("Rates", "2026-01-01", "2026-12-31")}input sale { id: text  date: date  rep: text  region: optional text  amount: money  key id }
input refund { id: text  date: date  rep: text  amount: money  key id }
table regions { region: text  rate: percent  key region }
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep }
credit refund.amount of each refund on refund.date { 100% to refund.rep as rep }
measure commission = sum of credit.amount × regions[sale.region].rate rounded half up to cents per payee per month
measure known = sum of (credit.amount × regions[sale.region].rate rounded half up to cents) where regions[sale.region] is present per payee per month
measure regions_n = count distinct sale.region per payee per month
measure biggest = maximum of sale.amount per payee per month
measure total = sum of credit.amount per payee per month
measure first_region = first of sale.region by credit.date per payee per month
measure commission_q = sum of commission over months per payee per quarter
output "months.csv" per payee per month { payee  period  commission  known  regions_n  biggest  total  first_region }
output "quarters.csv" per payee per quarter { payee  period  commission_q }
`);
    const r = await run(plan, {
      sale: { rows: [
        { id: "S1", date: "2026-01-15", rep: "A", region: "EU", amount: "100.00" },
        { id: "S2", date: "2026-02-15", rep: "A", region: "EU", amount: "100.00" },
        { id: "S3", date: "2026-02-16", rep: "A", region: "", amount: "50.00" },
      ] },
      refund: { rows: [{ id: "R1", date: "2026-01-02", rep: "A", amount: "-10.00" }] },
      regions: { rows: [{ region: "EU", rate: "10%" }] },
    });
    // January: the refund has no sale fields and is no part of the sale aggregates; `total` reads
    // no input's field and counts it. February: S3 has no region, so what reads it is absent.
    expect(file(r, "months.csv")).toBe("payee,period,commission,known,regions_n,biggest,total,first_region\nA,2026-01,10.00,10.00,1,100.00,90.00,EU\nA,2026-02,,10.00,,100.00,150.00,EU\n");
    expect(file(r, "quarters.csv")).toBe("payee,period,commission_q\nA,2026-Q1,\n");
  });

  // A lookup whose key has an absent part finds nothing, even a table row whose key cell is
  // empty (a sale with no region once took the empty-region row's share).
  it("finds no table row for an absent key, even one whose key cell is empty", async () => {
    const plan = compile(`${header("Absent key", "2026-01-01", "2026-12-31")}input sale { id: text  date: date  rep: text  region: optional text  amount: money  key id }
table regions { region: optional text  share: percent  key region }
credit sale.amount of each sale on sale.date { regions[sale.region].share to sale.rep as rep }
measure total = sum of credit.amount per payee per month
pay p = total per payee per month
`);
    const r = await run(plan, {
      sale: { rows: [{ id: "S1", date: "2026-01-15", rep: "A", region: "", amount: "100.00" }], name: "sales.csv" },
      regions: { rows: [{ region: "", share: "100%" }] },
    });
    expect(r.credits).toEqual([]);
    expect(r.rejects.map((x) => x.reason)).toEqual(["no share for the rep credit: its percentage is absent (plan line 6)"]);
  });

  // `count sharing` and `rank sharing`: a row with an absent key part shares with no other row
  // (count 1, rank 1), so two claims without an invoice number are not duplicates.
  it("does not count two rows whose key is absent as sharing it", async () => {
    const plan = compile(`${header("Claims", "2026-01-01", "2026-12-31")}input claim { id: text  date: date  rep: text  invoice: optional text  amount: money  key id }
credit claim.amount of each claim on claim.date {
  exclude duplicate when rank sharing claim.invoice by claim.id > 1
  100% to claim.rep as rep
}
measure total = sum of credit.amount per payee per month
pay p = total per payee per month
`);
    const r = await run(plan, { claim: { rows: [
      { id: "C1", date: "2026-01-15", rep: "A", invoice: "", amount: "10.00" },
      { id: "C2", date: "2026-01-15", rep: "A", invoice: "", amount: "20.00" },
      { id: "C3", date: "2026-01-15", rep: "A", invoice: "I-1", amount: "1.00" },
      { id: "C4", date: "2026-01-16", rep: "A", invoice: "I-1", amount: "1.00" },
    ] } });
    expect(r.exclusions.map((x) => [x.transaction, x.reason])).toEqual([["C4", "duplicate"]]);
    expect(payouts(r)).toEqual([["A", "2026-01", "p", "31.00"]]);
  });
});

describe("transaction ids", () => {
  // A row's id names it in credits.csv, exclusions and explanations: two rows never share one.
  it("escapes `/` and `\\` inside the parts of a key of several parts, and writes decimal keys with every digit", async () => {
    const plan = compile(`${header("Ids", "2026-01-01", "2026-12-31")}input sale { a: text  b: text  n: decimal  date: date  rep: text  amount: money  key a, b, n }
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep }
`);
    const r = await run(plan, { sale: { rows: [
      { a: "x/y", b: "z", n: "1", date: "2026-01-15", rep: "A", amount: "1.00" },
      { a: "x", b: "y/z", n: "1", date: "2026-01-15", rep: "A", amount: "2.00" },
      { a: "x\\", b: "z", n: "0.12345678901234", date: "2026-01-15", rep: "A", amount: "3.00" },
      { a: "x\\", b: "z", n: "0.12345678909999", date: "2026-01-15", rep: "A", amount: "4.00" },
    ] } });
    expect(r.credits.map((c) => c.transaction)).toEqual(["x\\/y/z/1", "x/y\\/z/1", "x\\\\/z/0.12345678901234", "x\\\\/z/0.12345678909999"]);
    expect(new Set(r.credits.map((c) => c.transaction)).size).toBe(4);
  });

  it("names a row by its one key part as it is written", async () => {
    const plan = compile(`${header("Ids", "2026-01-01", "2026-12-31")}input sale { id: text  date: date  rep: text  amount: money  key id }
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep }
`);
    const r = await run(plan, { sale: { rows: [{ id: "SO/2026\\1", date: "2026-01-15", rep: "A", amount: "1.00" }] } });
    expect(r.credits.map((c) => c.transaction)).toEqual(["SO/2026\\1"]);
  });
});

describe("credit rows", () => {
  // The rule (docs/language.md, Crediting): a row that reaches overlays but no split share is
  // credited with its overlays alone, as an overlay-only rule credits managers only. The rep's
  // split is not lost to an error: the plan credits no split where its `if` is not taken, and a
  // plan that means every row to have one says so with an `else`.
  it("credits a row with its overlay alone when its split was skipped, and excludes it when the else says so", async () => {
    const text = (orElse: string) => `${header("Overlay alone", "2026-01-01", "2026-12-31")}input sale { id: text  date: date  rep: optional text  manager: text  amount: money  key id }
credit sale.amount of each sale on sale.date {
  if sale.rep is present { 100% to sale.rep as rep }${orElse}
  overlay 100% to sale.manager as manager
}
measure total = sum of credit.amount per payee per month
pay p = total per payee per month
`;
    const bindings = { sale: { rows: [{ id: "S1", date: "2026-01-15", rep: "", manager: "M", amount: "100.00" }] } };
    const alone = await run(compile(text("")), bindings);
    expect(alone.reconciliation.credited).toBe(1);
    expect(alone.credits.map((c) => [c.payee, c.role, N.formatFixed(c.amount, 2)])).toEqual([["M", "manager", "100.00"]]);
    expect(payouts(alone)).toEqual([["M", "2026-01", "p", "100.00"]]);
    const excluded = await run(compile(text(" else { exclude no_rep when true }")), bindings);
    expect(excluded.reconciliation.credited).toBe(0);
    expect(excluded.exclusions.map((x) => [x.transaction, x.reason])).toEqual([["S1", "no_rep"]]);
  });
});

describe("hierarchies", () => {
  // When links of one child to two parents are valid on the row's date (the old link was never
  // closed), `each ancestor of` and `parent of` reject the row, naming the parents and the plan
  // line (the first link in the file was once taken, and the other parent silently got nothing).
  it("rejects a row whose child has two parents on its date, naming both", async () => {
    const plan = compile(`${header("Two parents", "2026-01-01", "2026-12-31")}input sale { id: text  date: date  rep: text  amount: money  key id }
table org links child to parent valid from valid_from to valid_to { child: text  parent: text  valid_from: date  valid_to: optional date }
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep  overlay 100% to each ancestor of sale.rep in org as rollup }
measure total = sum of credit.amount per payee per month
pay p = total per payee per month
`);
    const r = await run(plan, {
      sale: { rows: [{ id: "S1", date: "2026-04-15", rep: "C", amount: "1.00" }] },
      org: { rows: [{ child: "C", parent: "P1", valid_from: "2026-01-01", valid_to: "" }, { child: "C", parent: "P2", valid_from: "2026-03-01", valid_to: "" }] },
    });
    expect(r.credits).toEqual([]);
    expect(r.rejects.map((x) => x.reason)).toEqual(["in the hierarchy org, C has 2 parents on 2026-04-15 (P1, P2): close the link that no longer holds (plan line 6)"]);
  });

  it("rejects, for `parent of`, a row whose child has two parents on its date, and credits rows dated where one link holds", async () => {
    const plan = compile(`${header("Two parents", "2026-01-01", "2026-12-31")}input sale { id: text  date: date  rep: text  amount: money  key id }
table org links child to parent valid from valid_from to valid_to { child: text  parent: text  valid_from: date  valid_to: optional date }
credit sale.amount of each sale on sale.date {
  exclude no_parent when parent of sale.rep in org is absent
  100% to sale.rep as rep
}
`);
    const r = await run(plan, {
      sale: { rows: [{ id: "S1", date: "2026-04-15", rep: "C", amount: "1.00" }, { id: "S2", date: "2026-02-15", rep: "C", amount: "2.00" }, { id: "S3", date: "2026-02-15", rep: "D", amount: "3.00" }] },
      org: { rows: [
        { child: "C", parent: "P1", valid_from: "2026-01-01", valid_to: "" }, { child: "C", parent: "P2", valid_from: "2026-03-01", valid_to: "" },
        { child: "D", parent: "P1", valid_from: "2026-01-01", valid_to: "" }, { child: "D", parent: "P1", valid_from: "2026-02-01", valid_to: "" },
      ] },
    });
    expect(r.credits.map((c) => c.transaction)).toEqual(["S2", "S3"]);
    expect(r.rejects.map((x) => x.reason)).toEqual(["in the hierarchy org, C has 2 parents on 2026-04-15 (P1, P2): close the link that no longer holds (plan line 7)"]);
  });
});

describe("bindings", () => {
  // An input bound to `undefined` is unbound both ways (the interpreter once ran it with no rows).
  it("refuses, both ways, an input bound to undefined", async () => {
    const plan = compile(`${SALES}pay p = total per payee per month\n`);
    await expect(run(plan, { sale: undefined as never })).rejects.toThrow(DataError);
  });
});

describe("plan outputs", () => {
  // `per payout` lists every pay of every group, 0.00 ones included (a gate not met, a pay
  // capped to nothing: a combined cap's report needs them), as the reference says; payouts.csv
  // leaves them out, and so does an output that says `where payout.amount <> 0.00`.
  it("lists in an output per payout every payout, 0.00 ones too, unless its where leaves them out", async () => {
    const plan = compile(`${SALES}pay bonus = total when total > 100.00 per payee per month
output "pays.csv" per payout { payee = payout.payee  amount = payout.amount }
output "paid.csv" per payout where payout.amount <> 0.00 { payee = payout.payee  amount = payout.amount }
`);
    const r = await run(plan, { sale: { rows: [
      { id: "S1", date: "2026-01-15", rep: "A", amount: "50.00" },
      { id: "S2", date: "2026-02-15", rep: "B", amount: "0.00" },
      { id: "S3", date: "2026-02-15", rep: "C", amount: "500.00" },
    ] } });
    expect(file(r, "payouts.csv")).toBe("payee,period,component,amount\nC,2026-02,bonus,500.00\n");
    expect(file(r, "pays.csv")).toBe("payee,amount\nA,0.00\nB,0.00\nC,500.00\n");
    expect(file(r, "paid.csv")).toBe("payee,amount\nC,500.00\n");
  });

  // A designer who writes `sorted by amount` means by amount, not by its text (which put 10.00
  // before 9.00): number columns sort by the value printed, empty cells first.
  it("sorts an output by a money column in the order of the amounts", async () => {
    const plan = compile(`${SALES}output "totals.csv" per payee per month { amount = total  payee } sorted by amount\n`);
    const r = await run(plan, { sale: { rows: [
      { id: "S1", date: "2026-01-15", rep: "A", amount: "9.00" },
      { id: "S2", date: "2026-01-15", rep: "B", amount: "10.00" },
      { id: "S3", date: "2026-01-15", rep: "C", amount: "-5.00" },
      { id: "S4", date: "2026-01-15", rep: "D", amount: "-10.00" },
    ] } });
    expect(file(r, "totals.csv")).toBe("amount,payee\n-10.00,D\n-5.00,C\n9.00,A\n10.00,B\n");
  });
});
