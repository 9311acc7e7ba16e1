/**
 * Reader throughput (`npm run bench`): CSV shapes that once took superlinear time (a wide
 * header, long cells, long lines, many short rows) and NDJSON, each read in full and printed as
 * MB/s and rows/s. Reading is linear, so the rates should hold as the sizes double.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { readRecords } from "../runtime/readers/index.js";
import type { FieldSchema, RecordSchema } from "../runtime/schema.js";

const dir = mkdtempSync(join(tmpdir(), "accrue-bench-readers-"));

function schemaOf(fields: FieldSchema[]): RecordSchema {
  return { name: "t", kind: "input", fields, key: [], line: 1 };
}

const text = (name: string): FieldSchema => ({ name, column: name, type: { kind: "text" }, optional: true });
const money = (name: string): FieldSchema => ({ name, column: name, type: { kind: "money" }, optional: false });

interface Case {
  name: string;
  ext: string;
  content: () => string;
  schema: RecordSchema;
}

function wideHeader(columns: number): Case {
  const names = Array.from({ length: columns }, (_, i) => `column_${i}`);
  return {
    name: `wide header, ${columns} columns`, ext: "csv",
    content: () => `${names.join(",")}\n${names.map((_, i) => i).join(",")}\n`,
    schema: schemaOf([text(names[columns - 1]!)]),
  };
}

function longCells(mb: number): Case {
  const cell = "x".repeat(mb * 1024 * 1024 / 2);
  return {
    name: `two ${mb / 2} MB cells (quoted, unquoted)`, ext: "csv",
    content: () => `id,body\n1,"${cell}"\n2,${cell}\n`,
    schema: schemaOf([text("id"), text("body")]),
  };
}

function manyRows(rows: number): Case {
  return {
    name: `${rows} rows of 4 cells`, ext: "csv",
    content: () => `id,rep,amount,note\n${Array.from({ length: rows }, (_, i) => `T${i},R${i % 97},${i % 1000}.${String(i % 100).padStart(2, "0")},"a, b"`).join("\r\n")}\r\n`,
    schema: schemaOf([text("id"), text("rep"), money("amount"), text("note")]),
  };
}

function ndjsonRows(rows: number): Case {
  return {
    name: `${rows} NDJSON rows`, ext: "ndjson",
    content: () => Array.from({ length: rows }, (_, i) => JSON.stringify({ id: `T${i}`, rep: `R${i % 97}`, amount: i % 1000 + 0.25, note: "a, b" })).join("\n"),
    schema: schemaOf([text("id"), text("rep"), money("amount"), text("note")]),
  };
}

async function measure(c: Case): Promise<void> {
  const path = join(dir, `case.${c.ext}`);
  writeFileSync(path, c.content());
  const bytes = statSync(path).size;
  const t = performance.now();
  let rows = 0;
  let rejected = 0;
  for await (const entry of readRecords(path, c.schema, {})) {
    rows++;
    if (entry.kind === "rejected") rejected++;
  }
  const seconds = (performance.now() - t) / 1000;
  const mb = bytes / 1024 / 1024;
  console.log(`  ${c.name.padEnd(36)} ${mb.toFixed(1).padStart(6)} MB ${(seconds * 1000).toFixed(0).padStart(6)} ms ${(mb / seconds).toFixed(1).padStart(7)} MB/s ${Math.round(rows / seconds).toString().padStart(9)} rows/s${rejected ? ` (${rejected} rejected)` : ""}`);
}

async function main(): Promise<void> {
  console.log("readers (each file read in full once):");
  try {
    for (const c of [wideHeader(50_000), wideHeader(100_000), longCells(4), longCells(8), manyRows(250_000), manyRows(500_000), ndjsonRows(250_000)]) await measure(c);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
