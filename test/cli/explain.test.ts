/** `accrue explain`: one payee-period traced through measures, bands, caps and credits, with plan lines. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accrue, EXAMPLES, lineStarting, read } from "./accrue-process.js";

const PLAN = join("examples", "05-volume-rebate", "plan.accrue");
const CONFIG = join("examples", "05-volume-rebate", "run.json");
const PLAN_TEXT = read(join(EXAMPLES, "05-volume-rebate", "plan.accrue"));

describe("accrue explain", () => {
  it("shows the band, the cap and the credits of D-01 in 2026-Q2 with their plan lines", async () => {
    const r = await accrue(["explain", PLAN, "--config", CONFIG, "--payee", "D-01", "--period", "2026-Q2"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const pay = `${PLAN}:${lineStarting(PLAN_TEXT, "pay volume_rebate")}`;
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("D-01 in 2026-Q2 (per quarter)");
    expect(lines).toContain(`  pay volume_rebate = 15000.00   (${pay})`);
    expect(lines).toContain(`    measure volume: 522642.11   (${PLAN}:${lineStarting(PLAN_TEXT, "measure volume")})`);
    expect(lines).toContain(`    tier rebate_rate: 522642.11 falls in band 4 (from 500000), rate 0.035 → 18292.47385   (${PLAN}:${lineStarting(PLAN_TEXT, "  from 500,000")})`);
    expect(lines).toContain(`    cap volume_rebate: 18292.47 capped at 15000   (${PLAN}:${lineStarting(PLAN_TEXT, "  cap 15,000.00")})`);
    expect(lines).toContain("  credits (10):");
    const credited = `${PLAN}:${lineStarting(PLAN_TEXT, "  100% to purchase.distributor")}`;
    expect(lines).toContain(`    SI-00200  2026-06-29  distributor  174379.07   (examples/05-volume-rebate/purchases.csv:201, credited by ${credited})`);
  });

  it("fails, saying so, when the payee has nothing in the period", async () => {
    const r = await accrue(["explain", PLAN, "--config", CONFIG, "--payee", "NOBODY", "--period", "2026-Q2"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error: no payee NOBODY in period 2026-Q2: it has no credits there and is not a participant \(payees with credits: D-01, /m);
  });

  it("needs --payee and --period", async () => {
    const r = await accrue(["explain", PLAN, "--config", CONFIG, "--period", "2026-Q2"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: required option '--payee <payee>' not specified\nUsage: accrue explain [options] <plan>\n");
  });

  it("shows balances opening and closing, and a payout scaled by a combined cap", async () => {
    const clawback = join("examples", "13-clawback");
    const r = await accrue(["explain", join(clawback, "plan.accrue"), "--config", join(clawback, "run.json"), "--payee", "R03", "--period", "2026-04"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("    balance recoverable: opens at 24282.28   (examples/13-clawback/plan.accrue:52)");
    expect(r.stdout).toContain("    recoverable opens at 24282.28, closes at 26389.11   (examples/13-clawback/plan.accrue:52)");
    const combined = join("examples", "16-combined-program");
    const q = await accrue(["explain", join(combined, "plan.accrue"), "--config", join(combined, "run.json"), "--payee", "D-01", "--period", "2026-Q1"]);
    expect(q.code).toBe(0);
    expect(q.stdout).toContain("    periods monthly_mbo_bonus: sum over months: 2026-01 1500, 2026-02 0, 2026-03 750   (examples/16-combined-program/plan.accrue:73)");
    expect(q.stdout).toContain("    budget spiff: 5040.00 held to 3337.75 by the budget of 18000 for 2026-Q1, shared pro rata by the period's payees   (examples/16-combined-program/plan.accrue:66)");
    expect(q.stdout).toContain("    cap mbo_bonus: 2250.00 held to 2198.32 by the combined cap of 25000 on volume_rebate, spiff, mbo_bonus   (examples/16-combined-program/plan.accrue:82)");
  });

  it("explains a payout earned by others and paid to this payee, and where each earner's pay went", async () => {
    const dir = join("examples", "10-reactivation");
    const plan = join(dir, "plan.accrue");
    const r = await accrue(["explain", plan, "--config", join(dir, "run.json"), "--payee", "D-01", "--period", "2026-02"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("D-01 in 2026-02: paid for what others earned");
    expect(lines).toContain(`  pay reactivation = 120.00, earned by 3 payee(s) and paid to D-01   (${plan}:31)`);
    expect(lines).toContain("    O-0014  40.00   (explain it with --payee O-0014 --period 2026-02)");
    const o = await accrue(["explain", plan, "--config", join(dir, "run.json"), "--payee", "O-0001", "--period", "2026-02"]);
    expect(o.stdout).toContain(`    pay reactivation: paid to D-04, not to O-0001   (${plan}:31)`);
  });
});
