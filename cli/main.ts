/**
 * The `accrue` command line: wires the commands to commander and turns every outcome into an
 * exit code (see exit-codes.ts). Commands print their own results and user errors; only a bug
 * reaches the catch-all here, which prints `internal error: …` without a stack trace unless
 * ACCRUE_DEBUG=1.
 */
import { Command, CommanderError } from "commander";
import { addCheckCommand } from "./check.js";
import { addCompileCommand } from "./compile.js";
import { addDemoCommand } from "./demo.js";
import { ExitCode } from "./exit-codes.js";
import { addExplainCommand } from "./explain.js";
import { addFmtCommand } from "./fmt.js";
import { installedVersion } from "./install-root.js";
import { addLspCommand } from "./lsp.js";
import { addRunCommand } from "./run.js";
import { addTestCommand } from "./test.js";

/** Parses the arguments (without `node` and the script) and runs the command; resolves to the exit code. */
async function runAccrue(args: readonly string[]): Promise<ExitCode> {
  let code: ExitCode = ExitCode.ok;
  const done = (c: ExitCode) => { code = c; };
  // Settings made before .command() are inherited by every subcommand.
  const program = new Command("accrue")
    .description("Check, compile and run Accrue incentive plans.")
    .version(installedVersion(), "-V, --version", "print the version")
    .exitOverride()
    .addHelpText("after", "\nExample:\n  accrue run examples/01-marginal-tiers/plan.accrue --config examples/01-marginal-tiers/run.json");
  addCheckCommand(program, done);
  addCompileCommand(program, done);
  addRunCommand(program, done);
  addExplainCommand(program, done);
  addTestCommand(program, done);
  addDemoCommand(program, done);
  addFmtCommand(program, done);
  addLspCommand(program, done);
  // After a usage error, the usage line and where to read more; the full help would bury the error.
  for (const command of [program, ...program.commands]) {
    const name = command === program ? "accrue" : `accrue ${command.name()}`;
    command.showHelpAfterError(`Usage: ${name} ${command.usage()}\nRun \`${name} --help\` for the options and an example.`);
  }
  try {
    await program.parseAsync([...args], { from: "user" });
    return code;
  } catch (err) {
    // Commander has already printed its message and the usage; help and --version end with 0.
    if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    process.stderr.write(`internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.ACCRUE_DEBUG === "1" && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    else process.stderr.write("This is a bug in Accrue; run again with ACCRUE_DEBUG=1 for the stack trace and report it.\n");
    return ExitCode.internal;
  }
}

// `accrue run … | head` closes stdout early (and `2>&1 | head` stderr): the reader's choice, not an
// error worth a stack trace. Output files are written before anything is printed, so they are
// complete by then.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    process.exit(process.exitCode ?? ExitCode.ok);
  });
}
process.exitCode = await runAccrue(process.argv.slice(2));
