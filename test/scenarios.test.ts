/**
 * Acceptance: every example's plan tests (`plan.test.yaml`, the same files `accrue test` runs)
 * must pass, and each expected file must come out byte for byte. The rules' numbers live in
 * the plans; the test files only say where the inputs and expected files are.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePlan, formatDiagnostic, runCompiledPlan, type Binding } from "../index.js";
import { formatResults, runTestFile } from "../cli/plan-tests/index.js";

const examples = join(import.meta.dirname, "..", "examples");
const scenarios = readdirSync(examples).filter((d) => existsSync(join(examples, d, "expected")) && existsSync(join(examples, d, "run.json")));

async function runExample(dir: string) {
  const manifest = JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as { plan: string; bind: Record<string, string> };
  const planPath = join(dir, manifest.plan);
  const compiled = compilePlan(readFileSync(planPath, "utf8"), planPath);
  expect(compiled.diagnostics.map((d) => formatDiagnostic(compiled.source, d))).toEqual([]);
  const bindings: Record<string, Binding> = {};
  for (const [name, file] of Object.entries(manifest.bind)) bindings[name] = { path: join(dir, file), name: file };
  return runCompiledPlan(compiled.plan!, bindings);
}

describe("acceptance scenarios", () => {
  it("covers the core scenarios", () => {
    for (const s of ["01-marginal-tiers", "02-retro-quota", "03-splits", "04-channel-rollup", "05-volume-rebate", "08-early-payment", "09-mbo"]) {
      expect(scenarios).toContain(s);
    }
  });

  for (const scenario of scenarios) {
    describe(scenario, () => {
      it("passes its plan tests", async () => {
        const result = await runTestFile(join(examples, scenario, "plan.test.yaml"));
        const report = formatResults([result]);
        expect(result.cases.length, report).toBeGreaterThan(0);
        expect(result.cases.every((c) => c.passed) && !result.error, report).toBe(true);
      });

      it("produces every expected file exactly", async () => {
        const dir = join(examples, scenario);
        const result = await runExample(dir);
        const expectedFiles = readdirSync(join(dir, "expected"));
        expect(expectedFiles.length).toBeGreaterThan(0);
        for (const file of expectedFiles) {
          const produced = result.files.find((f) => f.file === file);
          expect(produced, `the run writes ${file}`).toBeDefined();
          expect(produced!.text, file).toBe(readFileSync(join(dir, "expected", file), "utf8"));
        }
      });

      it("accounts for every row and reruns byte-identically", async () => {
        const dir = join(examples, scenario);
        const first = await runExample(dir);
        const r = first.reconciliation;
        expect(r.read).toBe(r.credited + r.excluded + r.rejected);
        for (const input of r.inputs) expect(input.read).toBe(input.credited + input.excluded + input.rejected);
        expect(first.rejects).toEqual([]);
        const second = await runExample(dir);
        expect(second.files.map((f) => f.text)).toEqual(first.files.map((f) => f.text));
      });
    });
  }
});
