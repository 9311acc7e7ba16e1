/** `accrue test`: runs plan test files and reports which outputs differ, by how much, from which plan line. */
import type { Command } from "commander";
import { writeFile } from "node:fs/promises";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ExitCode } from "./exit-codes.js";
import { formatResults, junitXml, runTestFile, summarise, TestFileError, type FileResult } from "./plan-tests/index.js";

/** Test files named on the command line; a folder stands for every `*.test.yaml` below it. */
export function findTestFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      if (entry === "node_modules" || entry.startsWith(".")) continue;
      const p = join(dir, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (entry.endsWith(".test.yaml")) out.push(p);
    }
  };
  for (const p of paths) {
    if (existsSync(p) && statSync(p).isDirectory()) walk(p);
    else out.push(p);
  }
  return out;
}

/** Runs the test files and prints the results; exit 1 when any case fails. */
export async function runTests(paths: readonly string[], flags: { junit?: string }): Promise<ExitCode> {
  const files = findTestFiles(paths.length > 0 ? paths : ["."]);
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
  if (flags.junit) await writeFile(flags.junit, junitXml(results));
  return summarise(results).failed > 0 ? ExitCode.failed : ExitCode.ok;
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
