/** Runs the cases of a plan test file and says, for each, which outputs differ and where in the plan they come from. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { compilePlan } from "../../compiler/compile.js";
import { formatDiagnostic } from "../../language/source.js";
import { bareRecord, DataError, runCompiledPlan, type Binding, type CompiledPlan, type RunResult } from "../../runtime/index.js";
import { notAFileReason } from "../file-kind.js";
import { fileSystemReason } from "../report.js";
import { compareCsv, type Difference } from "./compare.js";
import { readTestFile, type DataRef, type PlanTestCase } from "./test-file.js";

/** The differences in one expected file, with the plan line that produces it. */
export interface FileFailure {
  file: string;
  planLine?: number;
  differences: Difference[];
}

/** The outcome of one test case. */
export interface CaseResult {
  name: string;
  line: number;
  passed: boolean;
  failures: FileFailure[];
  /** A problem that kept the case from running (bad data file, unknown output). */
  error?: string;
  milliseconds: number;
}

/** The outcome of a test file. */
export interface FileResult {
  path: string;
  plan: string;
  cases: CaseResult[];
  /** A problem that kept the whole file from running (the plan does not compile). */
  error?: string;
}

/** Compiles the plan of a test file and runs each case. */
export async function runTestFile(path: string): Promise<FileResult> {
  const file = readTestFile(path);
  const planPath = relative(process.cwd(), file.plan) || file.plan;
  const planText = readText(file.plan);
  if (typeof planText !== "string") return { path, plan: planPath, cases: [], error: `cannot read the plan ${planPath}: ${planText.problem}` };
  const compiled = compilePlan(planText, planPath);
  if (!compiled.plan) {
    const errors = compiled.diagnostics.filter((d) => d.severity === "error").map((d) => formatDiagnostic(compiled.source, d));
    return { path, plan: planPath, cases: [], error: `the plan does not compile:\n${errors.join("\n")}` };
  }
  const cases: CaseResult[] = [];
  for (const c of file.tests) cases.push(await runCase(compiled.plan, c));
  return { path, plan: planPath, cases };
}

async function runCase(plan: CompiledPlan, c: PlanTestCase): Promise<CaseResult> {
  const started = performance.now();
  const done = (rest: Omit<CaseResult, "name" | "line" | "milliseconds">): CaseResult => ({ name: c.name, line: c.line, milliseconds: performance.now() - started, ...rest });
  const problem = bindingProblem(plan, c);
  if (problem) return done({ passed: false, failures: [], error: problem });
  let result: RunResult;
  const scratch = mkdtempSync(join(tmpdir(), "accrue-test-"));
  try {
    result = await runCompiledPlan(plan, bindingsOf(c, scratch));
  } catch (e) {
    if (e instanceof DataError) return done({ passed: false, failures: [], error: e.message });
    throw e;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const failures: FileFailure[] = [];
  for (const [name, ref] of c.expect) {
    const fileName = name.endsWith(".csv") ? name : `${name}.csv`;
    const produced = result.files.find((f) => f.file === fileName);
    if (!produced) return done({ passed: false, failures, error: `the run writes no ${fileName}; it writes ${result.files.map((f) => f.file).join(", ")}` });
    const expected = textOf(ref);
    if (typeof expected !== "string") return done({ passed: false, failures, error: `cannot read the expected file ${ref.kind === "file" ? ref.path : name} (line ${ref.line}): ${expected.problem}` });
    const differences = compareCsv(expected, produced.text);
    if (differences.length > 0) failures.push({ file: fileName, differences, ...planLineOf(result, fileName, differences) });
  }
  return done({ passed: failures.length === 0, failures });
}

function textOf(ref: DataRef): string | { problem: string } {
  if (ref.kind === "inline") return ref.text.endsWith("\n") ? ref.text : `${ref.text}\n`;
  return readText(ref.path);
}

/** A file's text, or why it cannot be read (never a wait on a pipe). */
function readText(path: string): string | { problem: string } {
  const notAFile = notAFileReason(path);
  if (notAFile !== undefined) return { problem: notAFile };
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    return { problem: fileSystemReason(err) ?? String(err) };
  }
}

/**
 * Inline CSV goes through a temporary file so that it is read exactly as files are (same
 * reader, same line numbers: the header is line 1 of the block).
 */
function bindingsOf(c: PlanTestCase, scratch: string): Record<string, Binding> {
  const out = bareRecord<Binding>();
  let n = 0;
  for (const [name, ref] of c.inputs) {
    if (ref.kind === "file") {
      out[name] = { path: ref.path, name: basename(ref.path) };
      continue;
    }
    // Numbered, not named after the input: a name is the plan's text, not a safe file name.
    const path = join(scratch, `input-${++n}.csv`);
    writeFileSync(path, ref.text);
    out[name] = { path, name: `${name} (inline)` };
  }
  return out;
}

/** Why a case cannot bind its inputs to the plan (an undeclared name, a path that is no file), or undefined. */
function bindingProblem(plan: CompiledPlan, c: PlanTestCase): string | undefined {
  for (const [name, ref] of c.inputs) {
    if (!plan.meta.records.some((r) => r.name === name)) {
      const declared = plan.meta.records.map((r) => `${r.kind} ${r.name}`).join(", ") || "none";
      return `\`inputs:\` binds \`${name}\` (line ${ref.line}), but the plan declares no input or table of that name; it declares ${declared}`;
    }
    const notAFile = ref.kind === "file" ? notAFileReason(ref.path) : undefined;
    if (ref.kind === "file" && notAFile !== undefined) return `cannot read ${ref.path}, bound to \`${name}\` (line ${ref.line}): ${notAFile}`;
  }
  return undefined;
}

/** The plan line behind a file: the pay of the first differing payout, or the output's declaration. */
function planLineOf(result: RunResult, file: string, differences: Difference[]): { planLine?: number } {
  if (file === "payouts.csv") {
    const component = /component=(\S+)/.exec(differences[0]?.key ?? "")?.[1];
    const pay = result.plan.pays.find((p) => p.name === component);
    return pay ? { planLine: pay.line } : {};
  }
  const output = result.plan.outputs.find((o) => o.file === file);
  if (output) return { planLine: output.line };
  if (file === "credits.csv" && result.plan.credits[0]) return { planLine: result.plan.credits[0].line };
  return {};
}
