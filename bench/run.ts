/**
 * Benchmarks (`npm run bench`): compile time of the example plans and run throughput on the
 * AdventureWorks export. Numbers are printed, not asserted: speed goals are read here, never
 * enforced by timed tests.
 */
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { compilePlan, runCompiledPlan, type Binding } from "../index.js";

const examples = join(import.meta.dirname, "..", "examples");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function bindingsOf(dir: string): Record<string, Binding> {
  const manifest = JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as { bind: Record<string, string> };
  return Object.fromEntries(Object.entries(manifest.bind).map(([k, v]) => [k, { path: join(dir, v) }]));
}

async function main(): Promise<void> {
  console.log("compile (parse, check, emit, closures), median of 20 runs:");
  for (const name of readdirSync(examples).filter((d) => existsSync(join(examples, d, "plan.accrue")))) {
    const path = join(examples, name, "plan.accrue");
    const text = readFileSync(path, "utf8");
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      compilePlan(text, path);
      times.push(performance.now() - t);
    }
    console.log(`  ${name.padEnd(22)} ${median(times).toFixed(2)} ms`);
  }

  const dir = join(examples, "adventureworks");
  const compiled = compilePlan(readFileSync(join(dir, "plan.accrue"), "utf8"), join(dir, "plan.accrue"));
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const result = await runCompiledPlan(compiled.plan!, bindingsOf(dir));
    times.push(performance.now() - t);
    rows = result.reconciliation.read;
  }
  const ms = median(times);
  console.log(`run adventureworks: ${rows} rows in ${ms.toFixed(0)} ms (median of 3), ${Math.round(rows / (ms / 1000))} rows/s`);
}

await main();
