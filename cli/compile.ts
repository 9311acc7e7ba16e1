/**
 * `accrue compile`: writes a plan as a standalone ES module. A backend job imports it and runs
 * it with the runtime's runCompiledPlan, without the compiler.
 */
import type { Command } from "commander";
import { writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { compileToModule } from "../index.js";
import { makeFolder } from "../runtime/index.js";
import { ExitCode } from "./exit-codes.js";
import { readPlanText, stoppedByErrors } from "./load-plan.js";
import { fileSystemReason, reportProblem } from "./report.js";

/** Compiles a plan to a module file, or to stdout when no file is given. */
export async function compilePlanFile(planPath: string, out: string | undefined): Promise<ExitCode> {
  if (out === "") {
    reportProblem("-o needs a file to write the module to");
    return ExitCode.usage;
  }
  const text = await readPlanText(planPath);
  if (text === undefined) return ExitCode.failed;
  const result = compileToModule(text, planPath);
  if (stoppedByErrors(result)) return ExitCode.failed;
  if (result.module === undefined) throw new Error(`${planPath} has no errors but produced no module`);
  if (out === undefined) {
    process.stdout.write(result.module);
    return ExitCode.ok;
  }
  try {
    await makeFolder(dirname(out));
    await writeFile(out, result.module);
  } catch (err) {
    const reason = fileSystemReason(err);
    if (reason === undefined) throw err;
    reportProblem(`cannot write ${out}: ${reason}`);
    return ExitCode.failed;
  }
  process.stdout.write(`wrote ${out}\n`);
  return ExitCode.ok;
}

/** Registers `accrue compile`. */
export function addCompileCommand(program: Command, done: (code: ExitCode) => void): void {
  program
    .command("compile")
    .description("compile a plan to an ES module that the Accrue runtime runs without the compiler")
    .argument("<plan>", "the .accrue plan file")
    .option("-o, --out <file.mjs>", "the module file to write (default: print it)")
    .addHelpText("after", "\nExample:\n  accrue compile examples/01-marginal-tiers/plan.accrue -o build/tiers.mjs")
    .action(async (plan: string, flags: { out?: string }) => done(await compilePlanFile(plan, flags.out)));
}
