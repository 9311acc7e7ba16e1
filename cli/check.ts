/** `accrue check`: parses and checks plans without running them, as an editor or CI would. */
import type { Command } from "commander";
import { checkSource } from "../index.js";
import { ExitCode } from "./exit-codes.js";
import { readPlanText } from "./load-plan.js";
import { countsLine, reportDiagnostics, type DiagnosticCounts } from "./report.js";

/** Prints every plan's diagnostics to stderr and the totals to stdout; fails when any plan has errors. */
export async function checkPlans(paths: readonly string[]): Promise<ExitCode> {
  const total: DiagnosticCounts = { errors: 0, warnings: 0 };
  for (const path of paths) {
    const text = await readPlanText(path);
    if (text === undefined) {
      total.errors++;
      continue;
    }
    const checked = checkSource(text, path);
    const counts = reportDiagnostics(checked.source, checked.diagnostics);
    total.errors += counts.errors;
    total.warnings += counts.warnings;
  }
  process.stdout.write(`${countsLine(total)}${paths.length > 1 ? ` in ${paths.length} plans` : ""}\n`);
  return total.errors > 0 ? ExitCode.failed : ExitCode.ok;
}

/** Registers `accrue check`. */
export function addCheckCommand(program: Command, done: (code: ExitCode) => void): void {
  program
    .command("check")
    .description("parse and check plans: names, types, money units and plan rules")
    .argument("<plan...>", "one or more .accrue plan files")
    .addHelpText("after", "\nExample:\n  accrue check examples/*/plan.accrue")
    .action(async (plans: string[]) => done(await checkPlans(plans)));
}
