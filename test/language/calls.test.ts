/**
 * A call's `(` stands on the line of its name: a statement that ends in a name, followed by a
 * line opening with a parenthesis, is two statements, not a call of that name.
 */
import { describe, expect, it } from "vitest";
import { checkSource } from "../../compiler/compile.js";
import { parsePlan } from "../../language/parse.js";

const plan = (between: string) => `plan "Call line" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-01-31
input sale { id: text  date: date  rep: text  tier: one of lead, follow  amount: money  key id }
credit sale.amount of each sale on sale.date {
  exclude small when sale.tier = lead${between}(100% / 4) to sale.rep as a
  remainder to "HOUSE" as b
}
measure total = sum of credit.amount per payee per month
pay p = max(total, 0.00)
`;

describe("calls", () => {
  it("reads a name at the end of a line and a parenthesis on the next as two statements", () => {
    for (const between of ["\n  ", "\r\n  ", " // the lead tier\n  "]) {
      expect(checkSource(plan(between), "calls.accrue").diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    }
  });

  it("still reads a name and a parenthesis on one line as a call", () => {
    const parsed = parsePlan(plan(" "));
    const credit = parsed.plan.decls.find((d) => d.kind === "credit") as Extract<(typeof parsed.plan.decls)[number], { kind: "credit" }>;
    const exclude = credit.body[0] as { kind: string; cond: { kind: string; right: { kind: string } } };
    expect(exclude.cond.right.kind).toBe("call");
  });
});
