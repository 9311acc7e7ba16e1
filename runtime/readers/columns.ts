/**
 * Column binding: which header column (or object key) each field reads. A field names its
 * column; the exact name wins, otherwise a normalised form matches, so `Unit Price` fills
 * `unit_price` without the plan restating every export's spelling.
 */
import type { FieldSchema, RecordSchema } from "../schema.js";
import { DataError } from "./data-error.js";

/** Where one field's cells come from: the column's position (undefined when absent) and its name for rejects. */
export interface ColumnSlot {
  field: FieldSchema;
  index: number | undefined;
  column: string;
}

/**
 * Lowercase, every run of non-letters/digits to `_`, trimmed of `_`. Deliberately does not split
 * camelCase: `OrderDate` stays `orderdate`, so it only matches when the plan says so.
 */
export function normaliseColumnName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "_").replace(/^_+|_+$/g, "");
}

/** How a field's column was found among names: a position, several equally good ones, or none. */
type ColumnMatch = { index: number } | { candidates: number[] } | undefined;

/** Finds `wanted` among names: exact first, then by normalised form. */
function findColumn(names: readonly string[], normalised: readonly string[], wanted: string): ColumnMatch {
  const exact = positionsOf(names, wanted);
  if (exact.length === 1) return { index: exact[0]! };
  if (exact.length > 1) return { candidates: exact };
  const key = normaliseColumnName(wanted);
  const loose = key === "" ? [] : positionsOf(normalised, key);
  if (loose.length === 1) return { index: loose[0]! };
  if (loose.length > 1) return { candidates: loose };
  return undefined;
}

function positionsOf(names: readonly string[], wanted: string): number[] {
  const out: number[] = [];
  names.forEach((n, i) => { if (n === wanted) out.push(i); });
  return out;
}

/**
 * Binds a CSV header to a schema. A missing column for a required field, or a column the header
 * holds twice, is a DataError at the header line: every row would be wrong the same way.
 */
export function bindHeader(header: readonly string[], schema: RecordSchema, file: string, line: number): ColumnSlot[] {
  const normalised = header.map(normaliseColumnName);
  return schema.fields.map((field) => {
    const match = findColumn(header, normalised, field.column);
    if (match === undefined) {
      if (field.optional) return { field, index: undefined, column: field.column };
      throw new DataError(file, line, field.column, `missing column "${field.column}" for field ${field.name}; the header has ${listColumns(header)}`);
    }
    if ("candidates" in match) {
      const listed = match.candidates.map((i) => JSON.stringify(header[i])).join(", ");
      throw new DataError(file, line, field.column, `column "${field.column}" for field ${field.name} matches several header columns: ${listed}`);
    }
    return { field, index: match.index, column: header[match.index]! };
  });
}

/** Columns to name in a message: a header of thousands would bury the point. */
const LISTED_COLUMNS = 40;

function listColumns(header: readonly string[]): string {
  const listed = header.slice(0, LISTED_COLUMNS).map((h) => JSON.stringify(h)).join(", ");
  return header.length > LISTED_COLUMNS ? `${listed} and ${header.length - LISTED_COLUMNS} more` : listed;
}

/**
 * Binds object keys (NDJSON lines, embedded rows) to a schema: the column as declared, then the
 * field's own name, then the normalised column. Missing keys are absent values, judged per row.
 */
export function bindKeys(keys: readonly string[], schema: RecordSchema, acceptFieldNames: boolean): ColumnSlot[] {
  const normalised = keys.map(normaliseColumnName);
  return schema.fields.map((field) => {
    let index = keys.indexOf(field.column);
    if (index < 0 && acceptFieldNames) index = keys.indexOf(field.name);
    if (index < 0) {
      const key = normaliseColumnName(field.column);
      index = key === "" ? -1 : normalised.indexOf(key);
    }
    return index < 0 ? { field, index: undefined, column: field.column } : { field, index, column: keys[index]! };
  });
}
