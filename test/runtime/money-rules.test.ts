/**
 * The money rules at run time: shares, whole cents, limits (caps, budgets, combined caps) and
 * ties, each shown on a small plan run over rows in memory, by the engine and the reference
 * interpreter alike (both-ways.ts), except for modules forged to break the checker's promises.
 */
import { describe, expect, it } from "vitest";
import { numeric as N, runCompiledPlan as runEngineOnly, type CompiledPlan, type RunResult } from "../../index.js";
import { compileBothWays as compile, runBothWays as runCompiledPlan } from "./both-ways.js";

const credits = (r: RunResult) => r.credits.map((c) => [c.transaction, c.payee, N.formatFixed(c.amount, 2)]);
const payouts = (r: RunResult) => r.payouts.map((p) => [p.payee, p.period, p.component, N.formatFixed(p.amount, 2)]);

const HEADER = `
plan "Money" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-02-28
`;

/** Sales credited 100% to their rep, with each rep's monthly total (plan lines 6 to 8). */
const SALES = `${HEADER}
input sale { id: text  date: date  rep: text  amount: money  key id }
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep }
measure total = sum of credit.amount per payee per month
`;

describe("shares", () => {
  const tableShares = compile(`${HEADER}
input sale { id: text  date: date  a: text  b: text  c: text  amount: money  key id }
table shares { id: text  sa: percent  sb: percent  sc: percent  key id }
credit sale.amount of each sale on sale.date {
  shares[sale.id].sa to sale.a as first_seller
  shares[sale.id].sb to sale.b as second_seller
  shares[sale.id].sc to sale.c as third_seller
}
measure total = sum of credit.amount per payee per month
pay p = total
`);

  it("rejects a row whose looked-up share is outside 0% to 100%, naming the share's plan line", async () => {
    const r = await runCompiledPlan(tableShares, {
      sale: { rows: [{ id: "S1", date: "2026-01-05", a: "A", b: "B", c: "C", amount: "0.01" }, { id: "S2", date: "2026-01-05", a: "A", b: "B", c: "C", amount: "0.03" }], name: "sales.csv" },
      shares: { rows: [{ id: "S1", sa: "-50%", sb: "-50%", sc: "200%" }, { id: "S2", sa: "0%", sb: "150%", sc: "-50%" }] },
    });
    expect(r.credits).toEqual([]);
    expect(r.rejects).toEqual([
      { file: "sales.csv", line: 1, column: "*", reason: "the share for the first_seller credit is -50%, below 0% (plan line 9)" },
      { file: "sales.csv", line: 2, column: "*", reason: "the share for the second_seller credit is 150%, above 100% (plan line 10)" },
    ]);
    expect(r.reconciliation).toMatchObject({ read: 2, credited: 0, rejected: 2 });
  });

  it("credits shares inside 0% to 100% by largest remainder", async () => {
    const r = await runCompiledPlan(tableShares, {
      sale: { rows: [{ id: "S1", date: "2026-01-05", a: "A", b: "B", c: "C", amount: "0.01" }] },
      shares: { rows: [{ id: "S1", sa: "0%", sb: "40%", sc: "60%" }] },
    });
    expect(credits(r)).toEqual([["S1", "A", "0.00"], ["S1", "B", "0.00"], ["S1", "C", "0.01"]]);
  });
});

describe("remainder", () => {
  const team = compile(`${HEADER}
input sale { id: text  date: date  rep: text  team: text  amount: money  key id }
table members { member: text  team: text }
table lead_share { team: text  share: percent  key team }
credit sale.amount of each sale on sale.date {
  if sale.team = "solo" {
    remainder to sale.rep as rep
  } else {
    lead_share[sale.team].share to sale.rep as rep
    remainder to each members.member where members.team = sale.team as member
  }
}
measure total = sum of credit.amount per payee per month
pay p = total
`);
  const seven = ["M1", "M2", "M3", "M4", "M5", "M6", "M7"].map((m) => ({ member: m, team: "T7" }));
  const three = ["N1", "N2", "N3"].map((m) => ({ member: m, team: "T3" }));

  it("shares what the other shares leave equally, odd cents to the earlier credits", async () => {
    const r = await runCompiledPlan(team, {
      sale: { rows: [
        { id: "S1", date: "2026-01-05", rep: "L", team: "T7", amount: "100.00" },
        { id: "S2", date: "2026-01-05", rep: "L", team: "T3", amount: "-0.05" },
        { id: "S3", date: "2026-01-05", rep: "L", team: "solo", amount: "10.01" },
      ] },
      members: { rows: [...seven, ...three] },
      lead_share: { rows: [{ team: "T7", share: "0%" }, { team: "T3", share: "40%" }] },
    });
    expect(r.rejects).toEqual([]);
    expect(credits(r)).toEqual([
      ["S1", "L", "0.00"], ["S1", "M1", "14.29"], ["S1", "M2", "14.29"], ["S1", "M3", "14.29"], ["S1", "M4", "14.29"],
      ["S1", "M5", "14.28"], ["S1", "M6", "14.28"], ["S1", "M7", "14.28"],
      ["S2", "L", "-0.02"], ["S2", "N1", "-0.01"], ["S2", "N2", "-0.01"], ["S2", "N3", "-0.01"],
      ["S3", "L", "10.01"],
    ]);
  });

  it("rejects a row whose other shares leave less than nothing, or that has nobody to take the remainder", async () => {
    const r = await runCompiledPlan(team, {
      sale: { rows: [
        { id: "S1", date: "2026-01-05", rep: "L", team: "T7", amount: "100.00" },
        { id: "S2", date: "2026-01-05", rep: "L", team: "empty", amount: "100.00" },
      ] },
      members: { rows: seven },
      lead_share: { rows: [{ team: "T7", share: "100.5%" }, { team: "empty", share: "40%" }] },
    });
    expect(r.credits).toEqual([]);
    expect(r.rejects.map((x) => [x.line, x.reason])).toEqual([
      [1, "the share for the rep credit is 100.5%, above 100% (plan line 13)"],
      [2, "the shares add up to 40%, not 100% (plan line 13)"],
    ]);
  });
});

describe("whole cents", () => {
  it("rejects a row whose credited amount has fractions of a cent in a module that does not round it", async () => {
    const plan = compile(`${HEADER}
input sale { id: text  date: date  rep: text  amount: money  key id }
credit sale.amount of each sale on sale.date { 60% to sale.rep as rep  40% to "POOL" as pool }
measure total = sum of credit.amount per payee per month
pay p = total
`);
    // A compiled module is a contract the runtime holds on its own: one built elsewhere whose
    // amount is 50.005 must not be credited 30.00 + 20.00.
    const foreign: CompiledPlan = {
      meta: plan.meta,
      build(rt) {
        const fns = plan.build(rt);
        return { ...fns, credits: fns.credits.map((c) => ({ ...c, amount: () => N.num("50.005") })) };
      },
    };
    const r = await runEngineOnly(foreign, { sale: { rows: [{ id: "S1", date: "2026-01-05", rep: "R", amount: "50.00" }] } });
    expect(r.credits).toEqual([]);
    expect(r.rejects.map((x) => x.reason)).toEqual(["the credited amount 50.005 has fractions of a cent (plan line 7): round it in the plan"]);
  });
});

describe("whole cents in pays", () => {
  it("pays nothing, and says so, for a pay or a budget of a module that come to fractions of a cent", async () => {
    const plan = compile(`${SALES}pay p = total
pay q = total
  budget 10.00
`);
    // Built elsewhere: p comes to 0.003 (it would print as 0.00), q's budget is 5.005.
    const foreign: CompiledPlan = {
      meta: plan.meta,
      build(rt) {
        const fns = plan.build(rt);
        return { ...fns, pays: [{ ...fns.pays[0]!, value: () => N.num("0.003") }, { ...fns.pays[1]!, budget: () => N.num("5.005") }] };
      },
    };
    const r = await runEngineOnly(foreign, { sale: { rows: [{ id: "1", date: "2026-01-05", rep: "A", amount: "10.00" }] } });
    expect(r.payouts).toEqual([]);
    expect(r.issues).toEqual([
      "pay p (plan line 9) for A in 2026-01 comes to 0.003, with fractions of a cent; nothing is paid",
      "pay q (plan line 10) in 2026-01: its budget is 5.005, with fractions of a cent; nothing is paid",
    ]);
  });
});

describe("limits", () => {
  it("never pays more than a budget when some payouts are negative: the positive ones share it pro rata", async () => {
    const plan = compile(`${SALES}pay spiff = total
  budget 10,000.00
`);
    const r = await runCompiledPlan(plan, { sale: { rows: [
      { id: "1", date: "2026-01-05", rep: "A", amount: "6000.00" }, { id: "2", date: "2026-01-05", rep: "B", amount: "4000.01" },
      { id: "3", date: "2026-01-05", rep: "C", amount: "-0.01" },
      { id: "4", date: "2026-02-05", rep: "A", amount: "15000.00" }, { id: "5", date: "2026-02-05", rep: "C", amount: "-5000.00" },
    ] } });
    expect(payouts(r)).toEqual([
      ["A", "2026-01", "spiff", "5999.99"], ["A", "2026-02", "spiff", "10000.00"],
      ["B", "2026-01", "spiff", "4000.01"],
      ["C", "2026-01", "spiff", "-0.01"], ["C", "2026-02", "spiff", "-5000.00"],
    ]);
    expect(r.issues).toEqual([]);
  });

  it("never pays more than a combined cap when a component is negative", async () => {
    const plan = compile(`${SALES}pay bonus = total
pay adjustment = -0.01 when total > 0
combined cap 0.14 on bonus, adjustment per payee per month
`);
    const r = await runCompiledPlan(plan, { sale: { rows: [{ id: "1", date: "2026-01-05", rep: "A", amount: "0.15" }] } });
    expect(payouts(r)).toEqual([["A", "2026-01", "adjustment", "-0.01"], ["A", "2026-01", "bonus", "0.14"]]);
  });

  it("pays nothing, and says so, for a period whose computed budget is negative or absent", async () => {
    const plan = compile(`${SALES}table budgets { month: month  amount: money  key month }
pay spiff = total
  budget budgets[period].amount
`);
    const r = await runCompiledPlan(plan, {
      sale: { rows: [{ id: "1", date: "2026-01-05", rep: "A", amount: "10.00" }, { id: "2", date: "2026-02-05", rep: "A", amount: "10.00" }] },
      budgets: { rows: [{ month: "2026-01", amount: "-5.00" }] },
    });
    expect(r.payouts).toEqual([]);
    expect(r.issues).toEqual([
      "pay spiff (plan line 10) in 2026-01: its budget is -5.00, below zero; nothing is paid",
      "pay spiff (plan line 10) in 2026-02: its budget is absent; nothing is paid",
    ]);
  });

  it("pays nothing, and says so, for a group whose computed cap is negative or absent", async () => {
    const plan = compile(`${SALES}table limits { rep: text  cap: money  key rep }
pay p = total
  cap limits[payee].cap
pay q = total
  cap limits[payee].cap per year
`);
    const r = await runCompiledPlan(plan, {
      sale: { rows: [{ id: "1", date: "2026-01-05", rep: "A", amount: "10.00" }, { id: "2", date: "2026-01-05", rep: "B", amount: "10.00" }, { id: "3", date: "2026-01-05", rep: "C", amount: "10.00" }] },
      limits: { rows: [{ rep: "A", cap: "-1.00" }, { rep: "C", cap: "4.00" }] },
    });
    expect(payouts(r)).toEqual([["C", "2026-01", "p", "4.00"], ["C", "2026-01", "q", "4.00"]]);
    expect(r.issues).toEqual([
      "pay p (plan line 10) for A in 2026-01: its cap (plan line 11) is -1.00, below zero; nothing is paid",
      "pay p (plan line 10) for B in 2026-01: its cap (plan line 11) is absent; nothing is paid",
      "pay q (plan line 12) for A in 2026-01: its cap per year (plan line 13) is -1.00, below zero; nothing is paid",
      "pay q (plan line 12) for B in 2026-01: its cap per year (plan line 13) is absent; nothing is paid",
    ]);
  });
});


describe("running caps", () => {
  it("are used by what is paid after every running cap, not by what one of them let through", async () => {
    const plan = compile(`${SALES.replace("2026-02-28", "2026-12-31")}pay p = total
  cap 250.00 per year
  cap 100.00 per quarter
`);
    const r = await runCompiledPlan(plan, { sale: { rows: [
      { id: "1", date: "2026-01-05", rep: "A", amount: "120.00" },
      { id: "2", date: "2026-04-05", rep: "A", amount: "100.00" },
      { id: "3", date: "2026-07-05", rep: "A", amount: "100.00" },
    ] } });
    expect(payouts(r)).toEqual([["A", "2026-01", "p", "100.00"], ["A", "2026-04", "p", "100.00"], ["A", "2026-07", "p", "50.00"]]);
  });
});

describe("first of ... by", () => {
  const plan = compile(`${HEADER}
input purchase { id: text  date: date  outlet: text  distributor: text  amount: money  key id }
credit purchase.amount of each purchase on purchase.date { 100% to purchase.outlet as outlet }
measure winner = first of purchase.distributor by credit.date where credit.amount > 0 per payee per month
pay bounty = 50.00 when winner is present
  to winner
`);

  it("reports credits that tie on every key with different values, and leaves the value absent", async () => {
    const r = await runCompiledPlan(plan, { purchase: { rows: [
      { id: "1", date: "2026-01-05", outlet: "O1", distributor: "D2", amount: "10.00" },
      { id: "2", date: "2026-01-05", outlet: "O1", distributor: "D1", amount: "10.00" },
      { id: "3", date: "2026-01-09", outlet: "O1", distributor: "D3", amount: "10.00" },
      { id: "4", date: "2026-01-05", outlet: "O2", distributor: "D1", amount: "10.00" },
      { id: "5", date: "2026-01-05", outlet: "O2", distributor: "D1", amount: "20.00" },
      { id: "6", date: "2026-01-02", outlet: "O2", distributor: "D9", amount: "-5.00" },
    ] } });
    expect(payouts(r)).toEqual([["D1", "2026-01", "bounty", "50.00"]]);
    expect(r.issues).toEqual([
      "first of (plan line 8) for O1 in 2026-01: credits tie on every key of `by` (2026-01-05) with different values (D2, D1); the value is absent: add a key to `by` that tells them apart",
    ]);
  });
});
