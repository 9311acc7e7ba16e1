/**
 * Plan test files (`*.test.yaml` beside a plan): which plan, and test cases that give inputs
 * (files or inline CSV rows) and the expected payouts, credits, exclusions or any output file.
 *
 *   plan: plan.accrue
 *   tests:
 *     - name: a return lowers the month it is dated in
 *       inputs:
 *         sale: |
 *           txn_id,date,rep,amount
 *           T1,2026-01-05,R01,60000.00
 *       expect:
 *         payouts: |
 *           payee,period,component,amount
 *           R01,2026-01,commission,2000.00
 *
 * A value with a line break is inline CSV; any other value is a path relative to the test file.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { notAFileReason } from "../file-kind.js";
import { fileSystemReason } from "../report.js";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from "yaml";

/** Inline CSV text, or a file. */
export type DataRef = { kind: "inline"; text: string; line: number } | { kind: "file"; path: string; line: number };

/** One test case. */
export interface PlanTestCase {
  name: string;
  line: number;
  /** Data by input or table name (a Map: a name may be `__proto__`). */
  inputs: Map<string, DataRef>;
  /** Expected files by output name (`payouts` means payouts.csv). */
  expect: Map<string, DataRef>;
}

/** A parsed test file. */
export interface PlanTestFile {
  path: string;
  plan: string;
  tests: PlanTestCase[];
}

/** A problem with the test file itself, located. */
export class TestFileError extends Error {
  constructor(readonly file: string, readonly line: number, readonly reason: string) {
    super(`${file}:${line}: ${reason}`);
  }
}

/** Reads and validates a test file. */
export function readTestFile(path: string): PlanTestFile {
  let text: string;
  const notAFile = notAFileReason(path);
  if (notAFile !== undefined) throw new TestFileError(path, 0, `cannot read the test file: ${notAFile}`);
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new TestFileError(path, 0, `cannot read the test file: ${fileSystemReason(err) ?? String(err)}`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : 1);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new TestFileError(path, e.linePos?.[0]?.line ?? 1, `not a valid test file (YAML): ${e.message.split(" at line")[0]!}`);
  }
  const root = doc.contents;
  if (!isMap(root)) throw new TestFileError(path, 1, "a test file is a map with `plan` and `tests`");
  refuseUnknownKeys(root, ["plan", "tests"], "a test file", path, lineOf);
  const planNode = root.get("plan", true);
  if (!isScalar(planNode) || typeof planNode.value !== "string") throw new TestFileError(path, lineOf(root), "`plan:` must name the plan file");
  const testsNode = root.get("tests", true);
  if (!isSeq(testsNode)) throw new TestFileError(path, lineOf(root), "`tests:` must be a list of test cases");
  const base = dirname(path);
  const dataMap = (node: unknown, what: string, at: number): Map<string, DataRef> => {
    const out = new Map<string, DataRef>();
    if (node === undefined) return out;
    if (!isMap(node)) throw new TestFileError(path, at, `\`${what}:\` must map names to files or inline CSV`);
    for (const pair of node.items) {
      const keyLine = lineOf(pair.key as Node) || at;
      if (!isScalar(pair.key) || typeof pair.key.value !== "string" || pair.key.value === "") throw new TestFileError(path, keyLine, `the names under \`${what}:\` must be words, such as \`sale\` or \`payouts\``);
      const key = pair.key.value;
      const value = pair.value;
      const line = lineOf(value as Node);
      if (!isScalar(value) || typeof value.value !== "string" || value.value === "") throw new TestFileError(path, line, `\`${key}\` must be a file path or inline CSV`);
      out.set(key, value.value.includes("\n") ? { kind: "inline", text: value.value, line: line + 1 } : { kind: "file", path: join(base, value.value), line });
    }
    return out;
  };
  const tests = testsNode.items.map((item, i): PlanTestCase => {
    const at = lineOf(item as Node);
    if (!isMap(item)) throw new TestFileError(path, at, "a test case is a map with `name`, `inputs` and `expect`");
    refuseUnknownKeys(item, ["name", "inputs", "expect"], "a test case", path, lineOf);
    const nameNode = item.get("name", true);
    if (nameNode !== undefined && (!isScalar(nameNode) || typeof nameNode.value !== "string")) throw new TestFileError(path, lineOf(nameNode as Node), "`name:` must be a text");
    const name = isScalar(nameNode) ? (nameNode.value as string) : `test ${i + 1}`;
    const expect = dataMap(item.get("expect", true), "expect", at);
    if (expect.size === 0) throw new TestFileError(path, at, "a test case needs `expect:` with at least one expected file");
    return { name, line: at, inputs: dataMap(item.get("inputs", true), "inputs", at), expect };
  });
  return { path, plan: join(base, planNode.value), tests };
}

/** A key the format does not know is a mistake (a misspelt `expect:` would silently test nothing). */
function refuseUnknownKeys(map: YAMLMap, known: readonly string[], what: string, path: string, lineOf: (node: Node | null | undefined) => number): void {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof key === "string" && known.includes(key)) continue;
    throw new TestFileError(path, lineOf(pair.key as Node), `${what} has no \`${String(key)}\`: it takes ${known.map((k) => `\`${k}\``).join(", ")}`);
  }
}
