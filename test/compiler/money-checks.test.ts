/**
 * The checker's money rules where a fixture of expected diagnostics does not show enough: the
 * fixes it offers (applied, the plan checks clean and runs), and plans it must not reject.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkSource } from "../../compiler/compile.js";
import { compilePlan, numeric as N, runCompiledPlan } from "../../index.js";

const BAD = new URL("../fixtures/plans/bad/", import.meta.url);

/** Applies the fix of every diagnostic with the code (from the end, so offsets hold). */
function applyFixes(text: string, code: string): string {
  const fixes = checkSource(text, "plan.accrue").diagnostics.filter((d) => d.code === code).map((d) => d.fix);
  expect(fixes.length).toBeGreaterThan(0);
  let out = text;
  for (const fix of fixes.sort((a, b) => b!.span.start - a!.span.start)) {
    expect(fix, `a ${code} offers a fix`).toBeDefined();
    out = out.slice(0, fix!.span.start) + fix!.text + out.slice(fix!.span.end);
  }
  return out;
}

const errors = (text: string) => checkSource(text, "plan.accrue").diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`);

const PLAN = `
plan "P" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-03-31
input sale { id: text  date: date  a: text  b: text  c: text  units: integer  hours: decimal  amount: money  key id }
`;

describe("fixes the checker offers for money", () => {
  it("lets the last of seven computed shares take the remainder, and the run splits exactly", async () => {
    const sevenths = `${PLAN}
credit sale.amount of each sale on sale.date {
${["a", "b", "c", "a", "b", "c", "a"].map((p, i) => `  (100% / 7) to sale.${p} as r${i}`).join("\n")}
}
measure total = sum of credit.amount per payee per month
pay p = total
`;
    expect(errors(sevenths)).toEqual([expect.stringMatching(/^A301 the shares of this split add up to 99\.9999999999…%, not exactly 100%: write `remainder`/)]);
    const fixed = applyFixes(sevenths, "A301");
    expect(fixed).toContain("  remainder to sale.a as r6");
    const compiled = compilePlan(fixed, "plan.accrue");
    expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const r = await runCompiledPlan(compiled.plan!, { sale: { rows: [{ id: "1", date: "2026-01-02", a: "A", b: "B", c: "C", units: "1", hours: "1", amount: "1.00" }] } });
    expect(r.rejects).toEqual([]);
    // Six shares of 100% / 7 are each a little under a seventh in decimals, so the remainder is
    // the largest share and takes the second odd cent; seven `remainder` shares are equal.
    expect(r.credits.map((c) => N.formatFixed(c.amount, 2))).toEqual(["0.15", "0.14", "0.14", "0.14", "0.14", "0.14", "0.15"]);
    const equal = await runCompiledPlan(compilePlan(fixed.replaceAll("(100% / 7)", "remainder"), "plan.accrue").plan!, { sale: { rows: [{ id: "1", date: "2026-01-02", a: "A", b: "B", c: "C", units: "1", hours: "1", amount: "1.00" }] } });
    expect(equal.credits.map((c) => N.formatFixed(c.amount, 2))).toEqual(["0.15", "0.15", "0.14", "0.14", "0.14", "0.14", "0.14"]);
  });

  it("adds a top band that earns nothing", () => {
    const closed = readFileSync(new URL("bands-closed-top.accrue", BAD), "utf8");
    expect(errors(applyFixes(closed, "A302"))).toEqual([]);
  });
});

describe("what the checker knows is whole cents", () => {
  it("takes amounts per unit applied to a count as whole cents, and rates as exact as they are written", () => {
    expect(errors(`${PLAN}
credit sale.amount of each sale on sale.date { 100% to sale.a as rep }
measure units_sold = sum of sale.units per payee per month
measure net = sum of credit.amount per payee per month
tiers unit_bonus marginal {
  from 0 to 100: 2.50 per unit
  from 100: 5.00 per unit
}
tiers kicker retroactive {
  below 10: 0.00 per unit
  from 10: 1.25 per unit
}
tiers rate retroactive {
  below 1,000: 0%
  from 1,000: 100%
}
rates level_bonus by sale.a { A: 10.00  otherwise: 0.00 }
pay bonus = unit_bonus applied to units_sold
pay kick = kicker applied to units_sold
pay all = rate at net × net
pay thanks = level_bonus["A"]
`)).toEqual([]);
  });

  it("still asks for a rounding where a band or rate has fractions of a cent", () => {
    expect(errors(`${PLAN}
credit sale.amount of each sale on sale.date { 100% to sale.a as rep }
measure net = sum of credit.amount per payee per month
tiers rate marginal {
  from 0 to 1,000.5: 0%
  from 1,000.5: 10%
}
pay p = rate applied to net
`)).toEqual(["A204 pay `p` produces fractions of a cent: declare a rounding (for example `rounded half up to cents`)"]);
  });
});

describe("remainder", () => {
  it("is a share only before `to`: elsewhere it stays a name", () => {
    expect(errors(`
plan "P" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-03-31
input sale { id: text  date: date  rep: text  remainder: percent  amount: money  key id }
credit sale.amount of each sale on sale.date {
  sale.remainder to sale.rep as rep
  remainder to "HOUSE" as house
}
measure remainder = sum of credit.amount per payee per month
pay p = remainder
`)).toEqual([]);
  });
});

