/**
 * Reading a plan file and compiling it for a command. Diagnostics are printed on the way, so a
 * command only has to know whether it got a plan.
 */
import { readFile } from "node:fs/promises";
import { compilePlan, type CheckedPlan } from "../index.js";
import type { CompiledPlan } from "../runtime/index.js";
import { notAFileReason } from "./file-kind.js";
import { countsLine, fileSystemReason, reportDiagnostics, reportProblem } from "./report.js";

/** A plan's text, or undefined after saying why it cannot be read. */
export async function readPlanText(path: string): Promise<string | undefined> {
  const notAFile = notAFileReason(path);
  if (notAFile !== undefined) {
    reportProblem(`cannot read the plan ${path}: ${notAFile}`);
    return undefined;
  }
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const reason = fileSystemReason(err);
    if (reason === undefined) throw err;
    reportProblem(`cannot read the plan ${path}: ${reason}`);
    return undefined;
  }
}

/** Prints a checked plan's diagnostics; true when errors stop it (warnings do not). */
export function stoppedByErrors(checked: CheckedPlan): boolean {
  const counts = reportDiagnostics(checked.source, checked.diagnostics);
  if (counts.errors > 0) process.stderr.write(`${countsLine(counts)}\n`);
  return counts.errors > 0;
}

/** Compiles a plan into closures, printing its diagnostics; undefined when it cannot run. */
export async function loadPlan(path: string): Promise<CompiledPlan | undefined> {
  const text = await readPlanText(path);
  if (text === undefined) return undefined;
  const result = compilePlan(text, path);
  if (stoppedByErrors(result)) return undefined;
  if (!result.plan) throw new Error(`${path} has no errors but produced no compiled plan`);
  return result.plan;
}
