/** `accrue check`: diagnostics on stderr in the `file:line:col:` form with the line underlined, totals on stdout. */
import { readdirSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accrue, EXAMPLES, tempDir } from "./accrue-process.js";

const EXAMPLE_PLANS = readdirSync(EXAMPLES)
  .map((name) => join("examples", name, "plan.accrue"))
  .filter((plan) => existsSync(join(EXAMPLES, "..", plan)));

/** A small plan whose pay compares money with text on line 20, column 8. */
const TYPE_ERROR_PLAN = `plan "Type error" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-03-31

input sale {
  txn_id: text
  date: date
  rep: text
  amount: money
  key txn_id
}

credit sale.amount of each sale on sale.date {
  100% to sale.rep as rep
}

measure net_sales = sum of credit.amount per payee per month

pay commission = net_sales * 3% rounded half up to cents
  when net_sales > "zero"
`;

describe("accrue check", () => {
  it.each(EXAMPLE_PLANS)("accepts %s", async (plan) => {
    const r = await accrue(["check", plan]);
    expect(r.stdout).toMatch(/^0 errors, \d+ warnings?\n$/);
    expect(r.code).toBe(0);
  });

  it("checks several plans at once and totals them", async () => {
    const r = await accrue(["check", ...EXAMPLE_PLANS]);
    expect(r.stdout).toMatch(new RegExp(`^0 errors, \\d+ warnings? in ${EXAMPLE_PLANS.length} plans\\n$`));
    expect(r.code).toBe(0);
  });

  it("reports a type error as file:line:col with the line underlined, and exits 1", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "plan.accrue"), TYPE_ERROR_PLAN);
    const r = await accrue(["check", "plan.accrue"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe("plan.accrue:20:8: error A203: cannot compare money with text");
    expect(r.stderr).toContain(["20 |   when net_sales > \"zero\"", "   |        ^^^^^^^^^^^^^^^^^^"].join("\n"));
    expect(r.stdout).toBe("1 error, 0 warnings\n");
  });

  it("passes a plan that has only warnings, printing them", async () => {
    const dir = tempDir();
    const plan = TYPE_ERROR_PLAN.replace(`"zero"`, "0").replace("measure net_sales", "measure spare = sum of credit.amount per payee per month\nmeasure net_sales");
    writeFileSync(join(dir, "plan.accrue"), plan);
    const r = await accrue(["check", "plan.accrue"], { cwd: dir });
    expect(r.stderr).toContain("plan.accrue:17:9: warning A104: the measure `spare` is declared but never used");
    expect(r.stdout).toBe("0 errors, 1 warning\n");
    expect(r.code).toBe(0);
  });

  it("says a plan file is missing without a stack trace", async () => {
    const r = await accrue(["check", "no/such/plan.accrue"]);
    expect(r.stderr).toBe("error: cannot read the plan no/such/plan.accrue: no such file or folder\n");
    expect(r.code).toBe(1);
  });
});
