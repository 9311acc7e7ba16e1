/**
 * `accrue explain` must add up: what it says a payee is paid for a period, pay by pay, is what
 * payouts.csv pays it, after budgets, redirects and combined caps, and what it says a payee earned
 * for others is what they received from it. Plans run both ways (both-ways.ts); the explanation
 * itself is the engine's (runtime/engine.ts `explain`, from the steps PayRun kept for the payee
 * and period, printed by runtime/explain.ts).
 */
import { describe, expect, it } from "vitest";
import { numeric as N, type RunResult } from "../../index.js";
import { formatExplanation } from "../../runtime/explain.js";
import { compileBothWays as compile, runBothWays as run } from "./both-ways.js";
import { OUTLETS, SALES, STARTS } from "./semantics-plans.js";

type Rows = Record<string, unknown>[];

/** The amount payouts.csv pays a payee for a period and component, 0.00 when it lists none. */
function paid(r: RunResult, payee: string, period: string, component: string): string {
  const p = r.payouts.find((x) => x.payee === payee && x.period === period && x.component === component);
  return p ? N.formatFixed(p.amount, 2) : "0.00";
}

/** The explanation's amount for each pay of the payee's own group in the period. */
function explained(r: RunResult): Record<string, string> {
  return Object.fromEntries(r.explanation!.groups.flatMap((g) => g.pays.map((p) => [p.name, p.amount])));
}

/** The explanation's lines for people, as `accrue explain` prints them. */
const text = (r: RunResult) => formatExplanation(r.explanation!, "plan.accrue").split("\n");

describe("an explanation adds up to the payouts", () => {
  const plan = compile(`${SALES}pay commission = total × 10% rounded half up to cents cap 50.00 per payee per month
pay bonus = total × 5% rounded half up to cents cap 60.00 per quarter budget 40.00 per payee per month
combined cap 70.00 on commission, bonus per payee per month
`);
  const rows: Rows = [
    { id: "S1", date: "2026-01-10", rep: "A", amount: "600.00" },
    { id: "S2", date: "2026-02-10", rep: "A", amount: "700.00" },
    { id: "S3", date: "2026-01-11", rep: "B", amount: "300.00" },
    { id: "S4", date: "2026-02-12", rep: "C", amount: "-100.00" },
  ];

  it("shows, for every payee and period, each pay at the amount payouts.csv pays (caps, running caps, budget, combined cap)", async () => {
    const groups = [["A", "2026-01"], ["A", "2026-02"], ["B", "2026-01"], ["C", "2026-02"]] as const;
    for (const [payee, period] of groups) {
      const r = await run(plan, { sale: { rows } }, { explain: { payee, period } });
      expect(explained(r), `${payee} in ${period}`).toEqual({ commission: paid(r, payee, period, "commission"), bonus: paid(r, payee, period, "bonus") });
    }
    // The limits bite: A's January bonus of 30.00 shares the budget with B's 15.00 (26.67), then the
    // combined cap with its commission capped at 50.00; in February the running cap leaves 33.33
    // (January used the 26.67 its budget let it pay), and the combined cap shares 70.00 again.
    const a = await run(plan, { sale: { rows } }, { explain: { payee: "A", period: "2026-02" } });
    expect(a.payouts.map((p) => [p.payee, p.period, p.component, N.formatFixed(p.amount, 2)])).toEqual([
      ["A", "2026-01", "bonus", "24.35"], ["A", "2026-01", "commission", "45.65"], ["A", "2026-02", "bonus", "28.00"], ["A", "2026-02", "commission", "42.00"],
      ["B", "2026-01", "bonus", "13.33"], ["B", "2026-01", "commission", "30.00"], ["C", "2026-02", "bonus", "-5.00"], ["C", "2026-02", "commission", "-10.00"],
    ]);
    expect(text(a)).toContain("    cap bonus: 35 limited to 33.33, what is left of 60 per quarter   (plan.accrue:8)");
    expect(text(a)).toContain("    cap bonus: 33.33 held to 28.00 by the combined cap of 70 on commission, bonus   (plan.accrue:9)");
  });
});

describe("explaining pays redirected to another payee", () => {
  // D sells too, and its own bounty goes to itself; O1 and O2 pay theirs to D.
  const rows: Rows = [
    { id: "S1", date: "2026-01-15", outlet: "O1", distributor: "D", amount: "60.00" },
    { id: "S2", date: "2026-01-15", outlet: "O2", distributor: "D", amount: "60.00" },
    { id: "S3", date: "2026-01-15", outlet: "D", distributor: "D", amount: "50.00" },
  ];
  const budgeted = compile(`${OUTLETS}pay bounty = total to distributor budget 150.00 per payee per month\n`);

  it("lists what each earner's pay came to after the budget, adding up to what the receiver is paid", async () => {
    const r = await run(budgeted, { sale: { rows } }, { explain: { payee: "D", period: "2026-01" } });
    expect(paid(r, "D", "2026-01", "bounty")).toBe("150.00");
    const [bounty] = r.explanation!.redirected;
    expect(bounty!.amount).toBe("150.00");
    expect(bounty!.sources.map((s) => [s.payee, s.amount])).toEqual([["D", "44.12"], ["O1", "52.94"], ["O2", "52.94"]]);
  });

  // An earner's own explanation shows its pay as the receiver's lists it, after the budget.
  it("shows an earner's redirected pay at what it came to after the budget", async () => {
    const r = await run(budgeted, { sale: { rows } }, { explain: { payee: "O1", period: "2026-01" } });
    expect(explained(r)).toEqual({ bounty: "52.94" });
    expect(text(r).some((l) => l.includes("budget") && l.includes("52.94"))).toBe(true);
  });

  // A group's entry for a redirected pay is the group's own contribution (its `sources` entry in
  // the receiver's payout), and says nothing of a redirect to the group's own payee.
  it("shows the receiver's own contribution in its own group, not the total it receives", async () => {
    const r = await run(budgeted, { sale: { rows } }, { explain: { payee: "D", period: "2026-01" } });
    expect(explained(r)).toEqual({ bounty: "44.12" });
    expect(r.explanation!.redirected[0]!.sources.find((s) => s.payee === "D")!.amount).toBe("44.12");
    expect(text(r).filter((l) => l.includes("not to D"))).toEqual([]);
  });

  // Under a combined cap the receiver's redirected pay is scaled (120.00 to 96.00 here): the
  // earners' 60.00 and 60.00 add up to 120.00, and the section says what the cap made of them;
  // each earner's explanation says it too.
  it("accounts for a combined cap on a redirected pay, so the earners add up to what is paid", async () => {
    const plan = compile(`${OUTLETS}pay bounty = total to distributor per payee per month
pay spiff = total × 10% rounded half up to cents per payee per month
combined cap 100.00 on bounty, spiff per payee per month
`);
    const others = rows.filter((x) => x.outlet !== "D").concat([{ id: "S4", date: "2026-01-16", outlet: "D", distributor: "", amount: "50.00" }]);
    const r = await run(plan, { sale: { rows: others } }, { explain: { payee: "D", period: "2026-01" } });
    expect(paid(r, "D", "2026-01", "bounty")).toBe("96.00");
    const [bounty] = r.explanation!.redirected;
    expect(bounty!.amount).toBe("96.00");
    const sources = bounty!.sources.reduce((sum, s) => sum.plus(s.amount), N.ZERO);
    const section = text(r).slice(0, text(r).findIndex((l) => l.startsWith("D in 2026-01 (per month)")));
    expect(N.formatFixed(sources, 2)).toBe("120.00");
    expect(section).toContain("    cap bounty: 120.00 held to 96.00 by the combined cap of 100 on bounty, spiff   (plan.accrue:10)");
    const earner = await run(plan, { sale: { rows: others } }, { explain: { payee: "O1", period: "2026-01" } });
    expect(text(earner)).toContain("    cap bounty: D's bounty, which this is part of: 120.00 held to 96.00 by the combined cap of 100 on bounty, spiff   (plan.accrue:10)");
  });

  // A pay whose `to` is absent pays nothing (and the run reports it): so does its explanation.
  it("says that a pay with nobody to pay it pays nothing", async () => {
    const plan = compile(`${OUTLETS}pay bounty = total to distributor per payee per month\n`);
    const r = await run(plan, { sale: { rows: [{ id: "S1", date: "2026-01-15", outlet: "O3", distributor: "", amount: "30.00" }] } }, { explain: { payee: "O3", period: "2026-01" } });
    expect(r.payouts).toEqual([]);
    expect(explained(r)).toEqual({ bounty: "0.00" });
    expect(text(r)).toContain("    pay bounty: its `to` is absent: there is no payee to pay it, so nothing is paid   (plan.accrue:8)");
  });
});

describe("explaining a payee outside the participants", () => {
  // A payee with credits in a period before it takes part is told what is so: it has credits
  // there (their count and total) but is not a participant, so nothing is paid for them.
  it("does not say a payee has no credits in a period where it has some", async () => {
    const plan = compile(STARTS);
    const r = await run(plan, {
      sale: { rows: [{ id: "S1", date: "2026-01-15", rep: "A", amount: "500.00" }] },
      reps: { rows: [{ rep: "A", start: "2026-03-10" }] },
    }, { explain: { payee: "A", period: "2026-01" } });
    expect(r.credits.map((c) => [c.payee, N.formatFixed(c.amount, 2)])).toEqual([["A", "500.00"]]);
    expect(text(r).join("\n")).not.toContain("it has no credits there");
    expect(text(r)).toEqual([
      "A in 2026-01 (per month): not a participant in this period, so nothing is paid for its 1 credit(s), 500.00 in all",
      "  credits (1):",
      "    S1  2026-01-15  rep  500.00   (sale:1, credited by plan.accrue:6)",
    ]);
  });
});
