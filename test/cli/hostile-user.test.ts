/**
 * The command line probed as a hostile user would: missing, unreadable, directory and FIFO
 * paths for every file it reads or writes, malformed run.json and test files, bogus options,
 * explain for nobody, an empty or binary plan, stdout closed early. Every probe must end with a
 * sentence that names what was wrong, exit 1 (plan or data) or 2 (usage), never 3 (internal
 * error), never a stack trace, and never a hang (each run is killed after a generous timeout).
 */
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { accrue, BUNDLE, copyExample, hasStackTrace } from "./accrue-process.js";

/** A hung command is killed: the probe then fails on its code instead of stalling the suite. */
const HANG_GUARD_MS = 30_000;

let dir: string;

/** A test file beside the example plan. */
function testFile(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

beforeAll(() => {
  dir = copyExample("01-marginal-tiers");
  execFileSync("mkfifo", [join(dir, "fifo")]);
  mkdirSync(join(dir, "folder"));
  writeFileSync(join(dir, "empty.accrue"), "");
  writeFileSync(join(dir, "comments.accrue"), "// nothing but a comment\n");
  writeFileSync(join(dir, "binary.accrue"), Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37) % 256)));
  const config = (name: string, json: unknown) => writeFileSync(join(dir, name), typeof json === "string" ? json : JSON.stringify(json));
  config("not-json.json", "{ bind: ");
  config("bind-list.json", { bind: ["sales.csv"] });
  config("bind-number.json", { bind: { sale: 5 } });
  config("unknown-key.json", { bind: { sale: "sales.csv" }, output: "out" });
  config("plan-number.json", { plan: 5, bind: { sale: "sales.csv" } });
  config("undeclared.json", { bind: { sale: "sales.csv", refunds: "sales.csv" } });
  config("proto.json", '{ "bind": { "__proto__": "sales.csv" } }');
  config("fifo-bound.json", { bind: { sale: "fifo" } });
  config("missing-bound.json", { bind: { sale: "nowhere.csv" } });
});

/** One probe: its arguments, the exit code it must end with, and what its message must say. */
type Probe = [what: string, args: string[], code: 1 | 2, message: RegExp];

const RUN = ["run", "plan.accrue", "--config", "run.json"];
const PROBES: Probe[] = [
  // Plans.
  ["a missing plan", ["check", "nowhere.accrue"], 1, /^error: cannot read the plan nowhere\.accrue: no such file or folder$/m],
  ["a folder as the plan", ["run", "folder"], 1, /^error: cannot read the plan folder: is a directory, not a file$/m],
  ["a FIFO as the plan", ["check", "fifo"], 1, /^error: cannot read the plan fifo: is not a regular file/m],
  ["a device as the plan", ["check", "/dev/null"], 1, /^error: cannot read the plan \/dev\/null: is not a regular file/m],
  ["an empty plan, run", ["run", "empty.accrue"], 1, /^empty\.accrue:1:1: error A003: the plan has no header/m],
  ["an empty plan, checked", ["check", "empty.accrue"], 1, /^empty\.accrue:1:1: error A003/m],
  ["a plan of comments, compiled", ["compile", "comments.accrue"], 1, /^comments\.accrue:1:1: error A003/m],
  ["a binary plan", ["run", "binary.accrue"], 1, /^binary\.accrue:1:\d+: error A00\d/m],
  // Data and run.json.
  ["a missing run.json", ["run", "plan.accrue", "--config", "nowhere.json"], 1, /^error: cannot read the run config nowhere\.json: no such file or folder$/m],
  ["a folder as run.json", ["run", "plan.accrue", "--config", "folder"], 1, /^error: cannot read the run config folder: is a directory, not a file$/m],
  ["a FIFO as run.json", ["run", "plan.accrue", "--config", "fifo"], 1, /^error: cannot read the run config fifo: is not a regular file/m],
  ["run.json that is not JSON", ["run", "plan.accrue", "--config", "not-json.json"], 1, /^error: not-json\.json is not valid JSON/m],
  ["run.json binding a list", ["run", "plan.accrue", "--config", "bind-list.json"], 1, /^error: bind-list\.json needs a "bind" object/m],
  ["run.json binding a number", ["run", "plan.accrue", "--config", "bind-number.json"], 1, /^error: bind-number\.json needs a "bind" object/m],
  ["run.json with an unknown key", ["run", "plan.accrue", "--config", "unknown-key.json"], 1, /^error: unknown-key\.json has an unknown key "output"/m],
  ["run.json with a plan that is a number", ["run", "plan.accrue", "--config", "plan-number.json"], 1, /^error: plan-number\.json: "plan" must be the plan's file name/m],
  ["run.json binding an undeclared input", ["run", "plan.accrue", "--config", "undeclared.json"], 1, /^error: undeclared\.json binds `refunds`, but the plan declares no input or table of that name; it declares input sale$/m],
  ["run.json binding __proto__", ["run", "plan.accrue", "--config", "proto.json"], 1, /^error: proto\.json binds `__proto__`, but the plan declares no input/m],
  ["run.json binding a FIFO", ["run", "plan.accrue", "--config", "fifo-bound.json"], 1, /^error: cannot read fifo, bound to `sale`: is not a regular file/m],
  ["run.json binding a missing file", ["run", "plan.accrue", "--config", "missing-bound.json"], 1, /nowhere\.csv: no such file/],
  ["an input that is a folder", ["run", "plan.accrue", "--input", "sale=folder"], 1, /^error: cannot read folder, bound to `sale`: is a directory, not a file$/m],
  ["an input that is a FIFO", ["run", "plan.accrue", "--input", "sale=fifo"], 1, /^error: cannot read fifo, bound to `sale`: is not a regular file/m],
  ["an input named constructor", ["run", "plan.accrue", "--input", "constructor=sales.csv"], 1, /^error: --input constructor: the plan declares no input or table of that name/m],
  ["an input given as a table", ["run", "plan.accrue", "--table", "sale=sales.csv"], 1, /^error: --table sale: `sale` is an input/m],
  ["an input left unbound", ["run", "plan.accrue"], 1, /^plan\.accrue:\d+: no file is bound to the input `sale`/m],
  // Outputs.
  ["-o under /proc", [...RUN, "-o", "/proc/accrue-probe"], 1, /^error: cannot write the outputs to \/proc\/accrue-probe: /m],
  ["-o onto a file", [...RUN, "-o", "plan.accrue"], 1, /^error: cannot write the outputs to plan\.accrue: a file is in the way$/m],
  ["-o below a file", [...RUN, "-o", "plan.accrue/out"], 1, /^error: cannot write the outputs to plan\.accrue\/out: a folder in the path is not a directory$/m],
  ["-o empty", [...RUN, "-o", ""], 2, /^error: -o needs a folder/m],
  ["compile -o under /proc", ["compile", "plan.accrue", "-o", "/proc/accrue-probe/plan.mjs"], 1, /^error: cannot write \/proc\/accrue-probe\/plan\.mjs: /m],
  ["--format bogus", [...RUN, "--format", "bogus"], 2, /^error: option '--format <format>' argument 'bogus' is invalid/m],
  // Explain.
  ["explain for nobody", ["explain", "plan.accrue", "--config", "run.json", "--payee", "NOBODY", "--period", "2026-01"], 1, /^error: no payee NOBODY in period 2026-01: it has no credits there and is not a participant \(payees with credits: R01, /m],
  ["explain with a malformed period", ["explain", "plan.accrue", "--config", "run.json", "--payee", "R01", "--period", "January"], 2, /^error: --period "January" is not a period: write a month \(2026-03\)/m],
  ["explain with a month that does not exist", ["explain", "plan.accrue", "--config", "run.json", "--payee", "R01", "--period", "2026-13"], 2, /^error: --period "2026-13" is not a period/m],
  ["explain in a grain the plan does not use", ["explain", "plan.accrue", "--config", "run.json", "--payee", "R01", "--period", "2026-Q1"], 1, /^error: the plan pays and measures per month, not per quarter/m],
  // Formatting.
  ["fmt on a folder", ["fmt", "folder"], 1, /^error: cannot read the plan folder: is a directory, not a file$/m],
  ["fmt on a binary file", ["fmt", "binary.accrue"], 1, /^binary\.accrue: not formatted: \d+ errors?/m],
  ["fmt on a FIFO", ["fmt", "fifo"], 1, /^error: cannot read the plan fifo: is not a regular file/m],
  // Plan tests.
  ["--junit into a folder", ["test", "plan.test.yaml", "--junit", "folder"], 1, /^error: cannot write the JUnit report folder: is a directory, not a file$/m],
  ["--junit below a file", ["test", "plan.test.yaml", "--junit", "plan.accrue/results.xml"], 1, /^error: cannot write the JUnit report plan\.accrue\/results\.xml: a folder in the path is not a directory$/m],
  ["--junit under /proc", ["test", "plan.test.yaml", "--junit", "/proc/accrue-probe/results.xml"], 1, /^error: cannot write the JUnit report \/proc\/accrue-probe\/results\.xml: /m],
  ["--junit into a FIFO", ["test", "plan.test.yaml", "--junit", "fifo"], 1, /^error: cannot write the JUnit report fifo: is not a regular file/m],
  ["--junit empty", ["test", "plan.test.yaml", "--junit", ""], 2, /^error: --junit needs a file/m],
  ["a missing test file", ["test", "nowhere.test.yaml"], 1, /nowhere\.test\.yaml:0: cannot read the test file: no such file or folder/],
  ["a FIFO as a test file", ["test", "fifo"], 1, /fifo:0: cannot read the test file: is not a regular file/],
];

/** Test files that are wrong in one way each, and what the run must say about them (as `file:line: reason`). */
const TEST_FILES: [what: string, name: string, text: string, message: RegExp][] = [
  ["a test file with an unknown key", "unknown-root.test.yaml", "plan: plan.accrue\nsetup: x\ntests: []\n", /unknown-root\.test\.yaml:2: a test file has no `setup`: it takes `plan`, `tests`/],
  ["a test case with a misspelt key", "misspelt.test.yaml", "plan: plan.accrue\ntests:\n  - name: t\n    expected:\n      payouts: expected/payouts.csv\n", /misspelt\.test\.yaml:4: a test case has no `expected`: it takes `name`, `inputs`, `expect`/],
  ["a test name that is a number", "name-number.test.yaml", "plan: plan.accrue\ntests:\n  - name: 5\n    expect:\n      payouts: expected/payouts.csv\n", /name-number\.test\.yaml:3: `name:` must be a text/],
  ["inputs given as a list", "inputs-list.test.yaml", "plan: plan.accrue\ntests:\n  - name: t\n    inputs: [sales.csv]\n    expect:\n      payouts: expected/payouts.csv\n", /inputs-list\.test\.yaml:3: `inputs:` must map names to files or inline CSV/],
  ["an input given as a number", "input-number.test.yaml", "plan: plan.accrue\ntests:\n  - name: t\n    inputs:\n      sale: 5\n    expect:\n      payouts: expected/payouts.csv\n", /input-number\.test\.yaml:5: `sale` must be a file path or inline CSV/],
  ["an undeclared input", "undeclared.test.yaml", "plan: plan.accrue\ntests:\n  - name: t\n    inputs:\n      refunds: sales.csv\n    expect:\n      payouts: expected/payouts.csv\n", /undeclared\.test\.yaml:3: `inputs:` binds `refunds` \(line 5\), but the plan declares no input or table of that name; it declares input sale/],
  ["an input named __proto__", "proto.test.yaml", "plan: plan.accrue\ntests:\n  - name: t\n    inputs:\n      __proto__: sales.csv\n    expect:\n      payouts: expected/payouts.csv\n", /proto\.test\.yaml:3: `inputs:` binds `__proto__` \(line 5\)/],
  ["an input that is a FIFO", "fifo-input.test.yaml", "plan: plan.accrue\ntests:\n  - name: t\n    inputs:\n      sale: fifo\n    expect:\n      payouts: expected/payouts.csv\n", /fifo-input\.test\.yaml:3: cannot read \S*fifo, bound to `sale` \(line 5\): is not a regular file/],
  ["an expected file that is a FIFO", "fifo-expect.test.yaml", "plan: plan.accrue\ntests:\n  - name: t\n    inputs:\n      sale: sales.csv\n    expect:\n      payouts: fifo\n", /fifo-expect\.test\.yaml:3: cannot read the expected file \S*fifo \(line 7\): is not a regular file/],
  ["a missing plan", "missing-plan.test.yaml", "plan: nowhere.accrue\ntests:\n  - name: t\n    expect:\n      payouts: expected/payouts.csv\n", /cannot read the plan \S*nowhere\.accrue: no such file or folder/],
  ["a plan that is a number", "plan-number.test.yaml", "plan: 5\ntests: []\n", /plan-number\.test\.yaml:1: `plan:` must name the plan file/],
  ["a missing expected file", "missing-expect.test.yaml", "plan: plan.accrue\ntests:\n  - name: t\n    inputs:\n      sale: sales.csv\n    expect:\n      payouts: nowhere.csv\n", /missing-expect\.test\.yaml:3: cannot read the expected file \S*nowhere\.csv \(line 7\): no such file or folder/],
  ["an empty test file", "empty.test.yaml", "", /empty\.test\.yaml:1: a test file is a map with `plan` and `tests`/],
];

/** The outcome holds a clear failure: the exit code, the message, no internal error, no stack trace. */
function expectRefusal(r: { code: number | null; stdout: string; stderr: string }, code: 1 | 2, message: RegExp): void {
  const shown = `exit ${r.code}\nstdout: ${r.stdout.slice(0, 500)}\nstderr: ${r.stderr.slice(0, 1000)}`;
  expect(r.code, shown).toBe(code);
  expect(`${r.stderr}\n${r.stdout}`, shown).toMatch(message);
  expect(r.stderr, shown).not.toMatch(/internal error/);
  expect(hasStackTrace(r.stderr) || hasStackTrace(r.stdout), shown).toBe(false);
}

describe("the command line refuses every mistake with a sentence", () => {
  it.each(PROBES)("%s", async (_what, args, code, message) => {
    expectRefusal(await accrue(args, { cwd: dir, timeoutMs: HANG_GUARD_MS }), code, message);
  });

  it.each(TEST_FILES)("%s", async (_what, name, text, message) => {
    expectRefusal(await accrue(["test", testFile(name, text)], { cwd: dir, timeoutMs: HANG_GUARD_MS }), 1, message);
  });
});

describe("a reader that stops early", () => {
  it("ends the run quietly when stdout closes after the first line", async () => {
    // Enough payees that the payouts table overflows a pipe's buffer.
    const rows = Array.from({ length: 4000 }, (_, i) => `T${i},2026-01-05,REP-${String(i).padStart(5, "0")},100.00`);
    writeFileSync(join(dir, "many.csv"), ["txn_id,date,rep,amount", ...rows].join("\n") + "\n");
    const child = spawn(process.execPath, [BUNDLE, "run", "plan.accrue", "--input", "sale=many.csv", "-o", "out-many"], { cwd: dir });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => { stderr += chunk; });
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/internal error|EPIPE/);
    expect(hasStackTrace(stderr)).toBe(false);
    expect(code).toBe(0);
  });
});
