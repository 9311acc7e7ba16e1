/**
 * Batches as files: a share of a case's batches is written to CSV or NDJSON files in a temporary
 * folder, one file per input and table, so the readers (decoding, delimiter detection, quoting,
 * number formats, JSON numbers) are in the loop. A file is written in its record's declared
 * encoding (undeclared: UTF-8, or UTF-16 with a byte order mark), now and then in the wrong one
 * (a Latin-1 `é` in a UTF-8 file rejects its row; a contradicting byte order mark fails the file).
 * What is written is a pure function of the case, so `showCase` can print it to rerun.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import type { Binding } from "../runtime/engine.js";
import type { TextEncoding } from "../runtime/schema.js";
import type { RecordLayout } from "./plan-render.js";
import { plainNumber, type BatchBindings } from "./rows-gen.js";

/** How a batch reaches the run: rows in memory, or files. */
export type BatchForm =
  | { k: "rows" }
  | { k: "csv"; delimiter: "," | ";" | "\t"; crlf: boolean; bom: boolean; utf16: "le" | "be" | null; wrong: boolean }
  | { k: "ndjson"; jsonNumbers: boolean; bom: boolean; wrong: boolean };

const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const rarely = fc.oneof(w(9, fc.constant(false)), w(1, fc.constant(true)));

/** Mostly rows in memory; about a third of the batches are files. */
export const batchForm: fc.Arbitrary<BatchForm> = fc.oneof(
  w(13, fc.constant<BatchForm>({ k: "rows" })),
  w(4, fc.record({
    k: fc.constant("csv" as const), delimiter: fc.constantFrom("," as const, ";" as const, "\t" as const), crlf: fc.boolean(), bom: fc.boolean(),
    utf16: fc.oneof(w(3, fc.constant(null)), w(1, fc.constantFrom("le" as const, "be" as const))), wrong: rarely,
  })),
  w(2, fc.record({ k: fc.constant("ndjson" as const), jsonNumbers: fc.boolean(), bom: fc.boolean(), wrong: rarely })),
);

/** One file of a batch: its name, its text, and the bytes it is written as. */
export interface BatchFile {
  record: string;
  file: string;
  text: string;
  /** How the text was encoded, and whether a byte order mark leads. */
  encoding: TextEncoding;
  bom: boolean;
  declared: TextEncoding | undefined;
  bytes: Buffer;
  form: Exclude<BatchForm, { k: "rows" }>;
}

/** The files of a batch written as `form`, or none when it stays in memory. */
export function batchFiles(bindings: BatchBindings, records: RecordLayout[], form: BatchForm): BatchFile[] {
  if (form.k === "rows") return [];
  return records.map((r) => {
    const rows = bindings[r.name] ?? [];
    const text = form.k === "csv" ? csvText(rows, r, form) : ndjsonText(rows, r, form.jsonNumbers);
    const { encoding, bom } = fileEncoding(r.encoding, form);
    return { record: r.name, file: `${r.name}.${form.k}`, text, encoding, bom, declared: r.encoding, bytes: encode(text, encoding, bom), form };
  });
}

/** What a file is written as: its declared encoding, else UTF-8 (or UTF-16 with its mark); in the wrong one when the form says so. */
function fileEncoding(declared: TextEncoding | undefined, form: Exclude<BatchForm, { k: "rows" }>): { encoding: TextEncoding; bom: boolean } {
  const utf16 = form.k === "csv" ? form.utf16 : null;
  if (form.wrong) {
    switch (declared) {
      case undefined: case "utf8": return { encoding: "latin1", bom: false };
      case "latin1": case "windows1252": return { encoding: "utf8", bom: false };
      // The other byte order, with its mark: a mark that contradicts the declaration fails the file.
      case "utf16le": return { encoding: "utf16be", bom: true };
      case "utf16be": return { encoding: "utf16le", bom: true };
    }
  }
  switch (declared) {
    case undefined: return utf16 ? { encoding: utf16 === "le" ? "utf16le" : "utf16be", bom: true } : { encoding: "utf8", bom: form.bom };
    case "latin1": case "windows1252": return { encoding: declared, bom: false };
    default: return { encoding: declared, bom: form.bom };
  }
}

function encode(text: string, encoding: TextEncoding, bom: boolean): Buffer {
  switch (encoding) {
    case "utf8": return Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, "utf8")]);
    case "latin1": case "windows1252":
      // Every character of the universe but `€` is Latin-1; `€` is 0x80 in Windows-1252 and has no Latin-1 byte (`?`).
      return Buffer.from([...text].map((ch) => (ch === "€" && encoding === "windows1252" ? 0x80 : ch.codePointAt(0)! <= 0xff ? ch.codePointAt(0)! : 0x3f)));
    case "utf16le": return Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text, "utf16le")]);
    case "utf16be": return Buffer.concat([Buffer.from(bom ? [0xfe, 0xff] : []), Buffer.from(text, "utf16le").swap16()]);
  }
}

function csvText(rows: Record<string, string>[], r: RecordLayout, form: Extract<BatchForm, { k: "csv" }>): string {
  const header = r.fields.map((f) => f.column);
  const cell = (t: string) => (t.includes(form.delimiter) || /["\n\r]/.test(t) || t !== t.trim() ? `"${t.replace(/"/g, '""')}"` : t);
  const eol = form.crlf ? "\r\n" : "\n";
  return [header, ...rows.map((row) => header.map((h) => row[h] ?? ""))].map((cells) => cells.map(cell).join(form.delimiter)).join(eol) + eol;
}

/** One JSON object a line; an empty cell is null; with `jsonNumbers`, a number field's plain value is a JSON number (exact, in no text format). */
function ndjsonText(rows: Record<string, string>[], r: RecordLayout, jsonNumbers: boolean): string {
  const numeric = new Set(r.fields.filter((f) => f.kind === "integer" || f.kind === "decimal" || f.kind === "money").map((f) => f.column));
  const value = (column: string, t: string) => {
    if (t === "") return "null";
    const plain = jsonNumbers && numeric.has(column) ? plainNumber(t, r.numbers) : undefined;
    return plain ?? JSON.stringify(t);
  };
  return rows.map((row) => `{${r.fields.map((f) => `${JSON.stringify(f.column)}:${value(f.column, row[f.column] ?? "")}`).join(",")}}\n`).join("");
}

/** Writes a batch's files in `dir` and returns the bindings that read them. */
export function writeBatchFiles(files: BatchFile[], dir: string): Record<string, Binding> {
  mkdirSync(dir, { recursive: true });
  return Object.fromEntries(files.map((f) => {
    const path = join(dir, f.file);
    writeFileSync(path, f.bytes);
    return [f.record, { path, name: f.file }];
  }));
}

/** Runs `body` with a fresh temporary folder, removed afterwards. */
export async function inTempFolder<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "accrue-fuzz-"));
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A file as text to read and rerun: its name, how it is written, and its text. */
export function describeFile(f: BatchFile): string {
  const how = [
    f.form.k === "csv" ? `CSV, delimiter ${f.form.delimiter === "\t" ? "tab" : JSON.stringify(f.form.delimiter)}, ${f.form.crlf ? "CRLF" : "LF"} line ends` : `NDJSON${f.form.jsonNumbers ? ", numbers as JSON numbers" : ""}`,
    `written in ${f.encoding} ${f.bom ? "with" : "without"} a byte order mark`,
    `declared ${f.declared ?? "nothing (UTF-8)"}`,
  ];
  return `${f.file} (${how.join("; ")}):\n${f.text}`;
}

/** The features a batch's files exercise, for the generator's coverage test. */
export function fileFeatures(files: BatchFile[]): string[] {
  return files.flatMap((f) => [
    `${f.form.k} file`, `file in ${f.encoding}`, ...(f.bom ? ["file with a byte order mark"] : []), ...(f.form.wrong ? ["file in the wrong encoding"] : []),
    ...(f.form.k === "ndjson" && f.form.jsonNumbers ? ["json numbers"] : []), ...(f.form.k === "csv" && f.form.crlf ? ["csv CRLF"] : []),
    ...(f.form.k === "csv" ? [`csv delimiter ${f.form.delimiter === "\t" ? "tab" : f.form.delimiter}`] : []),
  ]);
}
