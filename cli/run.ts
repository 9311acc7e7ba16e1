/** `accrue run`: compiles a plan, runs it over its data and writes the output files. */
import { Option, type Command } from "commander";
import { basename, dirname, join, resolve } from "node:path";
import { reconciliationLine, writeOutputs, type RunResult } from "../runtime/index.js";
import { addBindingOptions, type BindingFlags } from "./bindings.js";
import { compileAndRun, rejectedRowCount } from "./execute-plan.js";
import { ExitCode } from "./exit-codes.js";
import { formatPayoutsTable } from "./payouts-table.js";
import { fileSystemReason, reportProblem } from "./report.js";

/** The flags of `accrue run`. */
export interface RunFlags extends BindingFlags {
  out?: string;
  strict?: boolean;
  format: "csv" | "json";
}

/** Runs a plan and writes its outputs; the exit code says whether it could. */
export async function runPlan(planPath: string, flags: RunFlags): Promise<ExitCode> {
  // An empty `-o ""` would write into the current folder, which nobody means.
  if (flags.out === "") {
    reportProblem("-o needs a folder to write the outputs to");
    return ExitCode.usage;
  }
  const result = await compileAndRun(planPath, flags, { strict: flags.strict === true });
  if (result === undefined) return ExitCode.failed;
  return writeAndSummarise(result, flags.out ?? defaultOutDir(planPath), flags.format);
}

/** `out/<the plan's folder name>`, so each example writes beside the others. */
function defaultOutDir(planPath: string): string {
  return join("out", basename(dirname(resolve(planPath))));
}

/**
 * Writes the outputs, then prints the payouts table, the files written and the reconciliation
 * line (always: it is how a reader trusts the numbers). Rejected rows do not fail the run; they
 * are counted and pointed to.
 */
export async function writeAndSummarise(result: RunResult, dir: string, format: "csv" | "json"): Promise<ExitCode> {
  let written: string[];
  try {
    written = await writeOutputs(result, dir, format);
  } catch (err) {
    const reason = fileSystemReason(err);
    if (reason === undefined) throw err;
    reportProblem(`cannot write the outputs to ${dir}: ${reason}`);
    return ExitCode.failed;
  }
  const payoutsFile = written.find((w) => /^payouts\.(csv|json)$/.test(basename(w))) ?? join(dir, "payouts.csv");
  const lines = [formatPayoutsTable(result.payouts, payoutsFile), "", ...written.map((w) => `wrote ${w}`), "", reconciliationLine(result.reconciliation)];
  process.stdout.write(`${lines.join("\n")}\n`);
  const rejected = rejectedRowCount(result);
  if (rejected > 0) {
    const rejectsFile = written.find((w) => /^rejects\.(csv|json)$/.test(basename(w))) ?? join(dir, "rejects.csv");
    process.stderr.write(`${rejected} ${rejected === 1 ? "row" : "rows"} rejected: see ${rejectsFile}\n`);
  }
  return ExitCode.ok;
}

/** Registers `accrue run`. */
export function addRunCommand(program: Command, done: (code: ExitCode) => void): void {
  const command = program
    .command("run")
    .description("compile a plan, run it over its data and write payouts, credits, exclusions and rejects")
    .argument("<plan>", "the .accrue plan file");
  addBindingOptions(command)
    .option("-o, --out <dir>", "folder for the output files (default: out/<plan folder name>)")
    .option("--strict", "stop at the first rejected row (exit 1) instead of writing it to rejects.csv")
    .addOption(new Option("--format <format>", "output file format").choices(["csv", "json"]).default("csv"))
    .addHelpText("after", "\nExample:\n  accrue run examples/01-marginal-tiers/plan.accrue --config examples/01-marginal-tiers/run.json -o out/tiers")
    .action(async (plan: string, flags: RunFlags) => done(await runPlan(plan, flags)));
}
