/**
 * `accrue fmt`: rewrites plans in the one canonical layout (language/format.ts), or with
 * `--check` lists the plans that are not in it, for CI. A plan with syntax errors is never
 * rewritten: its errors are printed and the command fails.
 */
import type { Command } from "commander";
import { writeFile } from "node:fs/promises";
import { formatPlan, parsePlan, SourceFile } from "../language/index.js";
import { ExitCode } from "./exit-codes.js";
import { readPlanText } from "./load-plan.js";
import { countsLine, fileSystemReason, reportDiagnostics, reportProblem } from "./report.js";

/** What became of one plan. */
type Outcome = "formatted" | "unchanged" | "failed";

/** Formats one plan; with `check`, only says whether it would change. */
async function formatFile(path: string, check: boolean): Promise<{ outcome: Outcome; changed: boolean }> {
  const text = await readPlanText(path);
  if (text === undefined) return { outcome: "failed", changed: false };
  const formatted = formatPlan(text);
  if (formatted === undefined) {
    const parsed = parsePlan(text);
    const counts = reportDiagnostics(new SourceFile(path, text), parsed.diagnostics);
    process.stderr.write(`${path}: not formatted: ${countsLine(counts)}\n`);
    return { outcome: "failed", changed: false };
  }
  if (formatted === text) return { outcome: "unchanged", changed: false };
  if (check) return { outcome: "unchanged", changed: true };
  try {
    await writeFile(path, formatted);
  } catch (err) {
    const reason = fileSystemReason(err);
    if (reason === undefined) throw err;
    reportProblem(`cannot write ${path}: ${reason}`);
    return { outcome: "failed", changed: false };
  }
  return { outcome: "formatted", changed: true };
}

/** Formats plans in place, or (check) lists those that are not formatted; fails on unreadable plans, syntax errors and, with check, unformatted plans. */
export async function formatPlans(paths: readonly string[], check: boolean): Promise<ExitCode> {
  let failed = 0;
  const changed: string[] = [];
  for (const path of paths) {
    const result = await formatFile(path, check);
    if (result.outcome === "failed") failed++;
    if (result.changed) {
      changed.push(path);
      process.stdout.write(`${path}\n`);
    }
  }
  const plans = (n: number) => `${n} plan${n === 1 ? "" : "s"}`;
  if (check) {
    if (changed.length > 0) process.stderr.write(`${plans(changed.length)} not formatted; run \`accrue fmt\` on ${changed.length === 1 ? "it" : "them"}\n`);
    else if (failed === 0) process.stderr.write(`${plans(paths.length)} formatted\n`);
    return changed.length > 0 || failed > 0 ? ExitCode.failed : ExitCode.ok;
  }
  process.stderr.write(`${plans(changed.length)} reformatted, ${plans(paths.length - changed.length - failed)} already formatted${failed > 0 ? `, ${plans(failed)} not formatted` : ""}\n`);
  return failed > 0 ? ExitCode.failed : ExitCode.ok;
}

/** Registers `accrue fmt`. */
export function addFmtCommand(program: Command, done: (code: ExitCode) => void): void {
  program
    .command("fmt")
    .description("rewrite plans in the canonical layout (comments kept, meaning unchanged)")
    .argument("<plan...>", "one or more .accrue plan files")
    .option("--check", "change nothing: list the plans that are not formatted and exit 1 if any")
    .addHelpText("after", "\nExample:\n  accrue fmt plans/*.accrue\n  accrue fmt --check plans/*.accrue   # in CI: lists the plans to format, exits 1 if any")
    .action(async (plans: string[], flags: { check?: boolean }) => done(await formatPlans(plans, flags.check === true)));
}
