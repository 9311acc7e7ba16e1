/** `accrue explain`: how one payee's payouts for one period were reached, with plan lines. */
import type { Command } from "commander";
import { parsePeriod } from "../runtime/calendar.js";
import { compareText, explainsNothing, formatExplanation, type RunResult } from "../runtime/index.js";
import type { Grain } from "../runtime/schema.js";
import { addBindingOptions, type BindingFlags } from "./bindings.js";
import { compileAndRun, rejectedRowCount } from "./execute-plan.js";
import { ExitCode } from "./exit-codes.js";
import { reportProblem } from "./report.js";

/** The flags of `accrue explain`. */
export interface ExplainFlags extends BindingFlags {
  payee: string;
  period: string;
}

/** Runs the plan, recording one payee-period, and prints the explanation; writes no files. */
export async function explainPayout(planPath: string, flags: ExplainFlags): Promise<ExitCode> {
  const grain = grainOf(flags.period);
  if (grain === undefined) {
    reportProblem(`--period ${JSON.stringify(flags.period)} is not a period: write a month (2026-03), a quarter (2026-Q2) or a year (2026)`);
    return ExitCode.usage;
  }
  const result = await compileAndRun(planPath, flags, { explain: { payee: flags.payee, period: flags.period } });
  if (result === undefined) return ExitCode.failed;
  if (result.explanation === undefined) throw new Error("the run was asked to explain but returned no explanation");
  if (explainsNothing(result.explanation)) {
    reportProblem(nothingToExplain(result, flags.payee, flags.period, grain));
    return ExitCode.failed;
  }
  process.stdout.write(`${formatExplanation(result.explanation, planPath)}\n`);
  const rejected = rejectedRowCount(result);
  // Rejected rows are missing from the credits above; say so, since nothing is written to show them.
  if (rejected > 0) process.stderr.write(`${rejected} ${rejected === 1 ? "row was" : "rows were"} rejected and are not counted: run \`accrue run\` to see rejects.csv\n`);
  return ExitCode.ok;
}

const GRAINS: readonly Grain[] = ["month", "quarter", "year"];

/** The grain a period is written in (`2026-03`, `2026-Q2`, `2026`), or undefined for any other text. */
function grainOf(period: string): Grain | undefined {
  return GRAINS.find((g) => parsePeriod(period, g) === period);
}

/** Why there is nothing to explain: a period of a grain the plan does not pay in, or a payee absent from it. */
function nothingToExplain(result: RunResult, payee: string, period: string, grain: Grain): string {
  const grains = [...new Set([...result.plan.pays.map((p) => p.grain), ...result.plan.measures.flatMap((m) => (m.scope === "credit" ? [] : [m.scope]))])];
  if (!grains.includes(grain)) return `the plan pays and measures per ${grains.join(" and per ") || "nothing"}, not per ${grain}: give a period such as ${EXAMPLES[grains[0] ?? "month"]}`;
  const payees = [...new Set(result.credits.map((c) => c.payee))].sort(compareText);
  const known = payees.length === 0 ? "the run credits no one" : `payees with credits: ${payees.slice(0, 8).join(", ")}${payees.length > 8 ? `, and ${payees.length - 8} more` : ""}`;
  return `no payee ${payee} in period ${period}: it has no credits there and is not a participant (${known})`;
}

const EXAMPLES = { month: "2026-03", quarter: "2026-Q2", year: "2026" } as const;

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
