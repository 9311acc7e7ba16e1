/** `accrue test`: runs plan test files and reports which outputs differ, by how much, from which plan line. */
import type { Command } from "commander";
import { writeFile } from "node:fs/promises";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ExitCode } from "./exit-codes.js";
import { notAFileReason } from "./file-kind.js";
import { fileSystemReason, reportProblem } from "./report.js";
import { formatResults, junitXml, runTestFile, summarise, TestFileError, type FileResult } from "./plan-tests/index.js";

/** Test files named on the command line; a folder stands for every `*.test.yaml` below it. */
export function findTestFiles(paths: readonly string[]): { files: string[]; problems: string[] } {
  const files: string[] = [];
  const problems: string[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (err) {
      problems.push(`cannot search ${dir} for test files: ${fileSystemReason(err) ?? String(err)}`);
      return;
    }
    for (const entry of entries) {
      if (entry === "node_modules" || entry.startsWith(".")) continue;
      const p = join(dir, entry);
      // A broken or looping link is skipped unless it is named like a test file (then its read says why).
      const isDirectory = (() => { try { return statSync(p).isDirectory(); } catch { return false; } })();
      if (isDirectory) walk(p);
      else if (entry.endsWith(".test.yaml")) files.push(p);
    }
  };
  for (const p of paths) {
    if (existsSync(p) && statSync(p).isDirectory()) walk(p);
    else files.push(p);
  }
  return { files, problems };
}

/** Runs the test files and prints the results; exit 1 when any case fails. */
export async function runTests(paths: readonly string[], flags: { junit?: string }): Promise<ExitCode> {
  if (flags.junit === "") {
    reportProblem("--junit needs a file to write the report to");
    return ExitCode.usage;
  }
  const { files, problems } = findTestFiles(paths.length > 0 ? paths : ["."]);
  for (const p of problems) reportProblem(p);
  if (problems.length > 0) return ExitCode.failed;
  if (files.length === 0) {
    process.stderr.write("no test files (*.test.yaml) found\n");
    return ExitCode.failed;
  }
  const results: FileResult[] = [];
  for (const file of files) {
    try {
      results.push(await runTestFile(file));
    } catch (e) {
      if (!(e instanceof TestFileError)) throw e;
      results.push({ path: file, plan: "", cases: [], error: `${e.file}:${e.line}: ${e.reason}` });
    }
  }
  process.stdout.write(`${formatResults(results)}\n`);
  if (flags.junit && !(await writeJunit(flags.junit, results))) return ExitCode.failed;
  return summarise(results).failed > 0 ? ExitCode.failed : ExitCode.ok;
}

/** Writes the JUnit report; false after saying why it cannot be written. */
async function writeJunit(path: string, results: FileResult[]): Promise<boolean> {
  const notAFile = notAFileReason(path);
  if (notAFile !== undefined) {
    reportProblem(`cannot write the JUnit report ${path}: ${notAFile}`);
    return false;
  }
  try {
    await writeFile(path, junitXml(results));
    return true;
  } catch (err) {
    const reason = fileSystemReason(err);
    if (reason === undefined) throw err;
    reportProblem(`cannot write the JUnit report ${path}: ${reason}`);
    return false;
  }
}

/** Registers `accrue test`. */
export function addTestCommand(program: Command, done: (code: ExitCode) => void): void {
  program
    .command("test")
    .description("run plan test files (*.test.yaml): inputs and expected outputs kept beside plans")
    .argument("[paths...]", "test files, or folders to search for *.test.yaml (default: the current folder)")
    .option("--junit <file>", "also write the results as JUnit XML for CI systems")
    .addHelpText("after", "\nExample:\n  accrue test examples --junit test-results.xml")
    .action(async (paths: string[], flags: { junit?: string }) => done(await runTests(paths, flags)));
}
