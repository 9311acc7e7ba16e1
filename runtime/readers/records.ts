/**
 * readRecords: the entry point that streams a data file as validated rows. It picks the format,
 * binds columns once from the header, checks each record's shape and hands cells to the
 * shared row validation.
 */
import type { RecordSchema, Reject, Row } from "../schema.js";
import { bindHeader } from "./columns.js";
import { readCsvRecords } from "./csv.js";
import { DataError } from "./data-error.js";
import { readNdjsonLines } from "./ndjson.js";
import { ObjectValidator } from "./objects.js";
import { validateCells } from "./row-validation.js";

/** How to read a file; both options are inferred when absent. */
export interface ReadOptions {
  /** CSV only; absent means detected from the header line (`,`, else `|`, `;`, tab). */
  delimiter?: string;
  /** Absent means from the extension: `.ndjson` and `.jsonl` are NDJSON, anything else CSV. */
  format?: "csv" | "ndjson";
}

/** The format a path is read as when the options do not say. */
export function formatOf(path: string, options: ReadOptions): "csv" | "ndjson" {
  return options.format ?? (/\.(ndjson|jsonl)$/i.test(path) ? "ndjson" : "csv");
}

/** Streams validated rows of a file; bad rows go to onReject and are skipped; throws DataError only for file-level problems. */
export function readRecords(
  path: string,
  schema: RecordSchema,
  options: ReadOptions,
  onReject: (r: Reject) => void,
  displayName?: string,
): AsyncIterable<Row> {
  const file = displayName ?? path;
  return formatOf(path, options) === "ndjson" ? readNdjson(path, file, schema, onReject) : readCsv(path, file, schema, options, onReject);
}

async function* readCsv(path: string, file: string, schema: RecordSchema, options: ReadOptions, onReject: (r: Reject) => void): AsyncGenerator<Row> {
  const records = readCsvRecords(path, file, options.delimiter);
  try {
    const first = await records.next();
    if (first.done) throw new DataError(file, 1, undefined, "the file is empty; a header row is required");
    const header = first.value.cells;
    const slots = bindHeader(header, schema, file, first.value.line);
    for await (const { cells, line } of records) {
      if (cells.length !== header.length) {
        // A line of only spaces in a many-column file is a blank line, not a short row.
        if (cells.length === 1 && header.length > 1 && cells[0]!.trim() === "") continue;
        onReject({ file, line, column: "*", reason: `expected ${header.length} cells, found ${cells.length}` });
        continue;
      }
      const row = validateCells(cells, slots, file, line, onReject);
      if (row !== undefined) yield row;
    }
  } finally {
    // Closes the file even when the header is refused before the loop starts.
    await records.return(undefined);
  }
}

async function* readNdjson(path: string, file: string, schema: RecordSchema, onReject: (r: Reject) => void): AsyncGenerator<Row> {
  const validator = new ObjectValidator(schema, false);
  for await (const entry of readNdjsonLines(path, file)) {
    if ("reason" in entry) {
      onReject({ file, line: entry.line, column: "*", reason: entry.reason });
      continue;
    }
    const row = validator.validate(entry.object, file, entry.line, onReject);
    if (row !== undefined) yield row;
  }
}
