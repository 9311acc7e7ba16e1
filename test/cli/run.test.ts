/** `accrue run`: outputs written and identical to the expected files, the summary on stdout, user errors as one line. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accrue, EXAMPLES, hasStackTrace, read, tempDir } from "./accrue-process.js";

const SCENARIO = join("examples", "01-marginal-tiers");
const PLAN = join(SCENARIO, "plan.accrue");
const CONFIG = join(SCENARIO, "run.json");
const EXPECTED_PAYOUTS = read(join(EXAMPLES, "01-marginal-tiers", "expected", "payouts.csv"));
const RECONCILIATION = "rows read 153 = credited 147 + excluded 6 + rejected 0";

/** Every file of a folder by name, as bytes. */
function filesOf(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));
}

describe("accrue run", () => {
  it("runs scenario 01 from its run.json, writes the outputs and prints the summary", async () => {
    const out = tempDir();
    const r = await accrue(["run", PLAN, "--config", CONFIG, "-o", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(read(join(out, "payouts.csv"))).toBe(EXPECTED_PAYOUTS);
    expect(r.stdout).toContain([
      "payee  period   component    amount",
      "R01    2026-01  commission  3776.84",
      "R01    2026-02  commission  4507.38",
    ].join("\n"));
    for (const file of ["payouts.csv", "credits.csv", "exclusions.csv", "rejects.csv", "reconciliation.json"]) {
      expect(r.stdout).toContain(`wrote ${join(out, file)}\n`);
      expect(existsSync(join(out, file))).toBe(true);
    }
    expect(r.stdout.endsWith(`\n${RECONCILIATION}\n`)).toBe(true);
    expect(JSON.parse(read(join(out, "reconciliation.json")))).toMatchObject({ read: 153, credited: 147, excluded: 6, rejected: 0 });
  });

  it("accepts --input instead of a run.json", async () => {
    const out = tempDir();
    const r = await accrue(["run", PLAN, "--input", `sale=${join(SCENARIO, "sales.csv")}`, "-o", out]);
    expect(r.code).toBe(0);
    expect(read(join(out, "payouts.csv"))).toBe(EXPECTED_PAYOUTS);
    expect(r.stdout).toContain(RECONCILIATION);
  });

  it("reads several files bound to one input one after the other, as monthly exports come", async () => {
    const dir = tempDir();
    const [header, ...rows] = read(join(EXAMPLES, "01-marginal-tiers", "sales.csv")).trimEnd().split("\n");
    const half = Math.floor(rows.length / 2);
    writeFileSync(join(dir, "part-1.csv"), [header, ...rows.slice(0, half)].join("\n") + "\n");
    writeFileSync(join(dir, "part-2.csv"), [header, ...rows.slice(half)].join("\r\n"));
    const out = tempDir();
    const r = await accrue(["run", PLAN, "--input", `sale=${join(dir, "part-1.csv")}`, "--input", `sale=${join(dir, "part-2.csv")}`, "-o", out]);
    expect(r.code).toBe(0);
    expect(read(join(out, "payouts.csv"))).toBe(EXPECTED_PAYOUTS);
    expect(r.stdout).toContain(RECONCILIATION);
  });

  it("writes byte-identical files when run twice", async () => {
    const [first, second] = [tempDir(), tempDir()];
    expect((await accrue(["run", PLAN, "--config", CONFIG, "-o", first])).code).toBe(0);
    expect((await accrue(["run", PLAN, "--config", CONFIG, "-o", second])).code).toBe(0);
    const a = filesOf(first);
    expect([...a.keys()]).toEqual(["credits.csv", "exclusions.csv", "payouts.csv", "reconciliation.json", "rejects.csv"]);
    expect(filesOf(second)).toEqual(a);
  });

  it("writes to out/<plan folder> in the current folder by default", async () => {
    const cwd = tempDir();
    const r = await accrue(["run", join(EXAMPLES, "01-marginal-tiers", "plan.accrue"), "--config", join(EXAMPLES, "01-marginal-tiers", "run.json")], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${join("out", "01-marginal-tiers", "payouts.csv")}\n`);
    expect(read(join(cwd, "out", "01-marginal-tiers", "payouts.csv"))).toBe(EXPECTED_PAYOUTS);
  });

  it("writes JSON files with --format json, amounts kept as exact text", async () => {
    const out = tempDir();
    const r = await accrue(["run", PLAN, "--config", CONFIG, "-o", out, "--format", "json"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${join(out, "payouts.json")}\n`);
    expect(existsSync(join(out, "payouts.csv"))).toBe(false);
    const [header, ...rows] = EXPECTED_PAYOUTS.trimEnd().split("\n").map((l) => l.split(","));
    const expected = rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]])));
    expect(JSON.parse(read(join(out, "payouts.json")))).toEqual(expected);
    expect(JSON.parse(read(join(out, "rejects.json")))).toEqual([]);
  });

  it("names the missing binding with its plan line and the flag to pass", async () => {
    const out = tempDir();
    const r = await accrue(["run", PLAN, "-o", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${PLAN}:8: no file is bound to the input \`sale\`: pass --input sale=path.csv\n`);
    expect(r.stdout).toBe("");
  });

  it("refuses an empty plan, or one of comments alone, with a located error (exit 1, not a crash)", async () => {
    for (const text of ["", "// nothing but a comment\n\n  \n"]) {
      const dir = tempDir();
      const plan = join(dir, "plan.accrue");
      writeFileSync(plan, text);
      const r = await accrue(["run", plan, "-o", join(dir, "out")]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${plan}:1:1: error A003: the plan has no header`);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
  });

  it("says a bound file does not exist, without a stack trace", async () => {
    const r = await accrue(["run", PLAN, "--input", "sale=no/such/sales.csv", "-o", tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("no/such/sales.csv: no such file\n");
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("refuses a binding for something the plan does not declare, or of the wrong kind", async () => {
    const r = await accrue(["run", PLAN, "--input", "sales=x.csv", "--table", "sale=y.csv", "-o", tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe([
      "error: --input sales: the plan declares no input or table of that name; it declares input sale",
      "error: --table sale: `sale` is an input; pass it with --input sale=y.csv",
      "",
    ].join("\n"));
  });

  it("says a run.json is missing or malformed", async () => {
    const missing = await accrue(["run", PLAN, "--config", "nope/run.json"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("error: cannot read the run config nope/run.json: no such file or folder\n");
    const malformed = await accrue(["run", PLAN, "--config", PLAN]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/^error: examples\/01-marginal-tiers\/plan\.accrue is not valid JSON: /);
  });
});
