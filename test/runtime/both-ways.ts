/**
 * Runs a plan both ways, so that every engine test is also a test of the reference
 * interpreter: `compileBothWays` compiles a plan text (and keeps its IR), `runBothWays` runs
 * the compiled plan and interprets the IR over the same bindings, expects the same files,
 * reconciliation and issues (or the same data error), and returns the engine's result for the
 * test's own assertions. Bindings must be readable twice (arrays or files, not generators).
 */
import { expect } from "vitest";
import { checkSource, compilePlan } from "../../compiler/compile.js";
import type { PlanIr } from "../../compiler/ir.js";
import { formatDiagnostic } from "../../language/index.js";
import { difference } from "../../fuzz/differential.js";
import { interpretPlan } from "../../interpreter/index.js";
import { DataError, runCompiledPlan, type Binding, type CompiledPlan, type RunOptions, type RunResult } from "../../runtime/index.js";

const irs = new WeakMap<CompiledPlan, PlanIr>();

/** Compiles a plan that must check without errors, remembering its IR for the interpreter. */
export function compileBothWays(text: string, path = "test.accrue"): CompiledPlan {
  const r = compilePlan(text, path);
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => formatDiagnostic(r.source, d))).toEqual([]);
  irs.set(r.plan!, checkSource(text, path).ir!);
  return r.plan!;
}

async function settle<T>(run: () => Promise<T>): Promise<{ value: T } | { error: DataError }> {
  try {
    return { value: await run() };
  } catch (e) {
    if (e instanceof DataError) return { error: e };
    throw e;
  }
}

/** The engine's result, once the interpreter has agreed with it; a data error is thrown after both agree on it. */
export async function runBothWays(plan: CompiledPlan, bindings: Record<string, Binding>, options: RunOptions = {}): Promise<RunResult> {
  const ir = irs.get(plan);
  if (!ir) throw new Error("runBothWays needs a plan compiled by compileBothWays");
  const engine = await settle(() => runCompiledPlan(plan, bindings, options));
  const reference = await settle(() => interpretPlan(ir, bindings, { strict: options.strict }));
  const side = (s: typeof engine | typeof reference) =>
    "error" in s ? { dataError: s.error.message } : { files: s.value.files, reconciliation: JSON.stringify(s.value.reconciliation), issues: [...new Set(s.value.issues)].sort() };
  expect(difference(side(engine), side(reference))).toBeUndefined();
  if ("error" in engine) throw engine.error;
  return engine.value;
}
