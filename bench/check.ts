/**
 * Checking time of big plans (`npm run bench`): 250 KB, 1 MB and 5 MB in each shape of
 * bench/big-plan.ts, with the time per MB, which stays about the same when checking is linear
 * (the goal: a 5 MB plan in under 5 s on one core). The front end is bundled by esbuild first,
 * as build.mjs bundles it for the CLI, so the numbers are those of the shipped code. Printed,
 * not asserted: test/compiler/linear.test.ts shows the linearity by counting work instead.
 */
import { build } from "esbuild";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { bigPlan, type BigPlanShape } from "./big-plan.js";

const out = join(mkdtempSync(join(tmpdir(), "accrue-bench-")), "compile.mjs");
await build({ entryPoints: [join(import.meta.dirname, "..", "compiler", "compile.ts")], bundle: true, platform: "node", format: "esm", outfile: out, logLevel: "warning", absWorkingDir: join(import.meta.dirname, "..") });
const { checkSource } = (await import(pathToFileURL(out).href)) as typeof import("../compiler/compile.js");

const SIZES = [250_000, 1_000_000, 5_000_000];
const SHAPES: BigPlanShape[] = ["declarations", "lists", "errors"];

// Each shape once first, so that the smallest size is not timed while the code is still being compiled.
for (const shape of SHAPES) checkSource(bigPlan(SIZES[0]!, shape), "warm-up.accrue");
console.log("check (parse and check) of big plans:");
for (const shape of SHAPES) {
  const perMb: number[] = [];
  for (const size of SIZES) {
    const text = bigPlan(size, shape);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const checked = checkSource(text, "big.accrue");
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    // CPU time too: on a shared machine the wall clock counts other processes' turns.
    perMb.push(cpuMs / (text.length / 1e6));
    console.log(`  ${shape.padEnd(13)} ${(text.length / 1e6).toFixed(2).padStart(5)} MB  ${ms.toFixed(0).padStart(6)} ms (cpu ${cpuMs.toFixed(0).padStart(6)} ms)  ${perMb[perMb.length - 1]!.toFixed(0).padStart(5)} cpu ms/MB  ${checked.diagnostics.length} diagnostics`);
  }
  console.log(`  ${shape.padEnd(13)} cpu ms per MB at 5 MB / at 250 KB: ${(perMb[2]! / perMb[0]!).toFixed(2)}`);
}
