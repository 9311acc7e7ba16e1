/** `accrue compile`: the written module runs under plain Node with only the runtime, to the expected payouts. */
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { CompiledPlan } from "../../runtime/index.js";
import { accrue, EXAMPLES, read, REPO, tempDir } from "./accrue-process.js";

const SCENARIO = join(EXAMPLES, "01-marginal-tiers");
const EXPECTED_PAYOUTS = read(join(SCENARIO, "expected", "payouts.csv"));

describe("accrue compile", () => {
  it("writes a module that the runtime bundle runs in plain Node to the expected payouts", async () => {
    const out = join(tempDir(), "nested", "tiers.mjs");
    const r = await accrue(["compile", join(SCENARIO, "plan.accrue"), "-o", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${out}\n`);
    // A separate Node process with no loader, no TypeScript and no compiler: what a backend job has.
    const script = `
      const { runCompiledPlan } = await import(${JSON.stringify(pathToFileURL(join(REPO, "dist", "runtime.mjs")).href)});
      const plan = await import(${JSON.stringify(pathToFileURL(out).href)});
      const result = await runCompiledPlan(plan, { sale: { path: ${JSON.stringify(join(SCENARIO, "sales.csv"))} } });
      process.stdout.write(result.files.find((f) => f.file === "payouts.csv").text);`;
    const payouts = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(payouts).toBe(EXPECTED_PAYOUTS);
  });

  it("writes a module whose import runs with runCompiledPlan", async () => {
    const out = join(tempDir(), "tiers.mjs");
    expect((await accrue(["compile", join(SCENARIO, "plan.accrue"), "-o", out])).code).toBe(0);
    const plan = (await import(pathToFileURL(out).href)) as CompiledPlan;
    const { runCompiledPlan } = await import("../../runtime/index.js");
    const result = await runCompiledPlan(plan, { sale: { path: join(SCENARIO, "sales.csv") } });
    expect(result.files.find((f) => f.file === "payouts.csv")?.text).toBe(EXPECTED_PAYOUTS);
  });

  it("prints the module when no -o is given", async () => {
    const r = await accrue(["compile", join(SCENARIO, "plan.accrue")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("export const meta = ");
    expect(r.stdout).toContain("export function build(rt) {");
  });

  it("writes nothing and exits 1 when the plan has errors", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "plan.accrue"), read(join(SCENARIO, "plan.accrue")).replace("sum of credit.amount", "sum of credit.amont"));
    const r = await accrue(["compile", "plan.accrue", "-o", "plan.mjs"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^plan\.accrue:\d+:\d+: error A\d+: /);
    expect(r.stderr).toMatch(/\n\d+ errors?, 0 warnings\n$/);
    expect(r.stdout).toBe("");
    expect(existsSync(join(dir, "plan.mjs"))).toBe(false);
  });
});
