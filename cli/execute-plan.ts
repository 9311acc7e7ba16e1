/**
 * The steps `run`, `explain` and `demo` share: compile the plan, bind its data, run it. Every
 * user problem on the way (plan errors, bindings, a file-level data error, the first bad row
 * under --strict) is printed here and ends the command with exit code 1.
 */
import { compositeKey, DataError, runCompiledPlan, type RunOptions, type RunResult } from "../runtime/index.js";
import { resolveBindings, type BindingFlags } from "./bindings.js";
import { loadPlan } from "./load-plan.js";
import { terminalProgress } from "./progress.js";
import { reportDataError, reportProblem, reportWarning } from "./report.js";

/** Compiles and runs a plan; undefined after printing why it could not run. */
export async function compileAndRun(planPath: string, flags: BindingFlags, options: Pick<RunOptions, "strict" | "explain">): Promise<RunResult | undefined> {
  const plan = await loadPlan(planPath);
  if (plan === undefined) return undefined;
  const resolved = await resolveBindings(flags, plan.meta);
  if ("problems" in resolved) {
    for (const p of resolved.problems) reportProblem(p);
    return undefined;
  }
  let result: RunResult;
  try {
    result = await runCompiledPlan(plan, resolved.bindings, { ...options, onProgress: terminalProgress() });
  } catch (err) {
    if (!(err instanceof DataError)) throw err;
    reportDataError(err);
    return undefined;
  }
  for (const issue of result.issues) reportWarning(issue);
  return result;
}

/** How many distinct rows were rejected: a row with several bad cells has one reject per cell. */
export function rejectedRowCount(result: RunResult): number {
  return new Set(result.rejects.map((r) => compositeKey([r.file, r.line]))).size;
}
