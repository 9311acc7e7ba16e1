/** `accrue explain`: how one payee's payouts for one period were reached, with plan lines. */
import type { Command } from "commander";
import { formatExplanation } from "../runtime/index.js";
import { addBindingOptions, type BindingFlags } from "./bindings.js";
import { compileAndRun, rejectedRowCount } from "./execute-plan.js";
import { ExitCode } from "./exit-codes.js";

/** The flags of `accrue explain`. */
export interface ExplainFlags extends BindingFlags {
  payee: string;
  period: string;
}

/** Runs the plan, recording one payee-period, and prints the explanation; writes no files. */
export async function explainPayout(planPath: string, flags: ExplainFlags): Promise<ExitCode> {
  const result = await compileAndRun(planPath, flags, { explain: { payee: flags.payee, period: flags.period } });
  if (result === undefined) return ExitCode.failed;
  if (result.explanation === undefined) throw new Error("the run was asked to explain but returned no explanation");
  process.stdout.write(`${formatExplanation(result.explanation, planPath)}\n`);
  const rejected = rejectedRowCount(result);
  // Rejected rows are missing from the credits above; say so, since nothing is written to show them.
  if (rejected > 0) process.stderr.write(`${rejected} ${rejected === 1 ? "row was" : "rows were"} rejected and are not counted: run \`accrue run\` to see rejects.csv\n`);
  return ExitCode.ok;
}

/** Registers `accrue explain`. */
export function addExplainCommand(program: Command, done: (code: ExitCode) => void): void {
  const command = program
    .command("explain")
    .description("show how one payee's payouts for one period were reached: measures, bands, caps and credits")
    .argument("<plan>", "the .accrue plan file")
    .requiredOption("--payee <payee>", "the payee to explain")
    .requiredOption("--period <period>", "the period, as the plan's outputs write it (2026-03, 2026-Q2, 2026)");
  addBindingOptions(command)
    .addHelpText("after", "\nExample:\n  accrue explain examples/05-volume-rebate/plan.accrue --config examples/05-volume-rebate/run.json --payee D-01 --period 2026-Q2")
    .action(async (plan: string, flags: ExplainFlags) => done(await explainPayout(plan, flags)));
}
