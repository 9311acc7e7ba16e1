/**
 * Record schemas: what a compiled plan tells the runtime about each input and table, and the
 * values rows hold once validated. Shared by the readers, the engine and generated code.
 */
import type { Num } from "./numeric.js";

/** Calendar grains a plan can count periods in. */
export type Grain = "month" | "quarter" | "year";

/** The declared type of one field. */
export type FieldType =
  | { kind: "text" }
  | { kind: "integer" }
  | { kind: "decimal" }
  | { kind: "money" }
  /** `bare` says what a number without `%` means: a fraction (0.045) or a number of percent (4.5); absent, it is refused. */
  | { kind: "percent"; bare?: PercentForm }
  | { kind: "boolean" }
  | { kind: "date"; format: string }
  | { kind: "period"; grain: Grain; format?: string }
  | { kind: "enum"; values: string[] };

/** How a percent column writes a bare number: `fraction` 0.045, `number` 4.5 (both 4.5%). */
export type PercentForm = "fraction" | "number";

/** The character encodings an input may declare (`encoding latin1`); a byte order mark decides for UTF-8 and UTF-16 files. */
export const TEXT_ENCODINGS = ["utf8", "utf16le", "utf16be", "latin1", "windows1252"] as const;

/** One of TEXT_ENCODINGS. */
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/**
 * How an input writes numbers in text cells (`numbers "1.234,56"`): the decimal mark and the
 * thousands separator, if any. Undeclared, numbers are plain (`1234.56`) and a form that reads
 * as grouped thousands the other way (`1.500`) is refused as ambiguous.
 */
export interface NumberFormat {
  decimal: "." | ",";
  thousands?: "," | "." | " " | "'";
}

/** One declared field: its plan name, the column it is read from, its type. */
export interface FieldSchema {
  name: string;
  column: string;
  type: FieldType;
  optional: boolean;
}

/** An input (a stream of transactions) or a reference table. */
export interface RecordSchema {
  name: string;
  kind: "input" | "table";
  fields: FieldSchema[];
  /** Field names that identify a row; empty when none is declared. */
  key: string[];
  /** Plan line of the declaration, for messages. */
  line: number;
  /** Declared encoding of its files; absent means UTF-8 unless a byte order mark says otherwise. */
  encoding?: TextEncoding;
  /** Declared number format of its text cells; absent means plain decimal-point numbers. */
  numbers?: NumberFormat;
}

/**
 * A validated value. Numbers are exact; dates are days since 1970-01-01 (so days between two
 * dates is a subtraction); periods are their text (`2026-01`, `2026-Q1`, `2026`); absent is null.
 */
export type Value = Num | string | number | boolean | null;

/** A validated row: field name to value, with where it came from. */
export interface Row {
  values: Record<string, Value>;
  /** Source file as the run named it. */
  file: string;
  /** 1-based line of the row in its file. */
  line: number;
}

/** A row that failed validation, located exactly. */
export interface Reject {
  file: string;
  line: number;
  column: string;
  reason: string;
}
