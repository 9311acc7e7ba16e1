/**
 * `accrue demo`: runs the AdventureWorks example shipped with Accrue, so a first-time user sees
 * payouts, output files and the reconciliation without preparing any data.
 */
import type { Command } from "commander";
import { join, relative } from "node:path";
import { compileAndRun } from "./execute-plan.js";
import { ExitCode } from "./exit-codes.js";
import { INSTALL_ROOT } from "./install-root.js";
import { writeAndSummarise } from "./run.js";

/** The demo's example folder; ACCRUE_DEMO_DIR points elsewhere so tests can use a small copy. */
function demoDir(): string {
  return process.env.ACCRUE_DEMO_DIR ?? join(INSTALL_ROOT, "examples", "adventureworks");
}

/** Runs the example's plan.accrue with its run.json and writes to out/demo. */
export async function runDemo(): Promise<ExitCode> {
  // Paths relative to the current folder read better in messages and stay valid to copy.
  const dir = relative(process.cwd(), demoDir()) || ".";
  const planPath = join(dir, "plan.accrue");
  const result = await compileAndRun(planPath, { config: join(dir, "run.json") }, {});
  if (result === undefined) return ExitCode.failed;
  process.stdout.write(`${result.plan.name}${result.plan.version ? ` version ${result.plan.version}` : ""} (${planPath})\n\n`);
  return writeAndSummarise(result, join("out", "demo"), "csv");
}

/** Registers `accrue demo`. */
export function addDemoCommand(program: Command, done: (code: ExitCode) => void): void {
  program
    .command("demo")
    .description("run the AdventureWorks example plan on its bundled data and write the results to out/demo")
    .addHelpText("after", "\nExample:\n  accrue demo")
    .action(async () => done(await runDemo()));
}
