/**
 * readRecords: the entry point that streams a data file as one SourceRow per physical row. It
 * opens and decodes the file, picks the format, binds columns once from the header, checks each
 * record's shape and encoding and hands cells to the shared row validation.
 */
import type { RecordSchema } from "../schema.js";
import { bindHeader, type ColumnSlot } from "./columns.js";
import { readCsvRecords, type CsvRecord } from "./csv.js";
import { DataError } from "./data-error.js";
import { DecodedText, undecodableProblem } from "./decode.js";
import { fileError, openFileStream } from "./file-source.js";
import { parseObjectLine, readNdjsonLines } from "./ndjson.js";
import { ObjectValidator } from "./objects.js";
import { validateCells } from "./row-validation.js";
import { rejected, type SourceRow } from "./source-row.js";

/** How to read a file; both options are inferred when absent. */
export interface ReadOptions {
  /** CSV only, one character; absent means detected from the header line (`,`, else `|`, `;`, tab). */
  delimiter?: string;
  /** Absent means from the extension: `.ndjson` and `.jsonl` are NDJSON, anything else CSV. */
  format?: "csv" | "ndjson";
}

/** The format a path is read as when the options do not say. */
export function formatOf(path: string, options: ReadOptions): "csv" | "ndjson" {
  return options.format ?? (/\.(ndjson|jsonl)$/i.test(path) ? "ndjson" : "csv");
}

/** Streams a file's rows, each validated or rejected; throws DataError only for file-level problems. */
export async function* readRecords(path: string, schema: RecordSchema, options: ReadOptions, displayName?: string): AsyncGenerator<SourceRow> {
  const file = displayName ?? path;
  const stream = await openFileStream(path, file);
  try {
    const text = new DecodedText(stream as AsyncIterable<Buffer>, schema.encoding, file);
    const batches = formatOf(path, options) === "ndjson" ? ndjsonBatches(text, file, schema) : csvBatches(text, file, schema, options);
    // Rows are made a batch at a time: one await per batch, not per row.
    for await (const batch of batches) for (const row of batch) yield row;
  } catch (err) {
    throw fileError(err, file);
  } finally {
    // Closes the file when the consumer stops early or the header is refused.
    stream.destroy();
  }
}

async function* csvBatches(text: DecodedText, file: string, schema: RecordSchema, options: ReadOptions): AsyncGenerator<SourceRow[]> {
  let header: CsvRecord | undefined;
  let slots: ColumnSlot[] = [];
  for await (const batch of readCsvRecords(text, file, options.delimiter)) {
    let i = 0;
    if (header === undefined) {
      header = batch[0]!;
      checkHeader(header, text, file);
      slots = bindHeader(header.cells, schema, file, header.line);
      i = 1;
    }
    const rows: SourceRow[] = new Array(batch.length - i);
    for (let k = 0; i < batch.length; i++, k++) rows[k] = csvRow(batch[i]!, header.cells, slots, schema, text, file);
    yield rows;
  }
  if (header === undefined) throw new DataError(file, 1, undefined, "the file is empty; a header row is required");
}

/** A header must be whole and readable: every row would be wrong the same way otherwise. */
function checkHeader(header: CsvRecord, text: DecodedText, file: string): void {
  if (header.problem !== undefined) throw new DataError(file, header.line, undefined, `the header cannot be read: ${header.problem.reason}`);
  for (const cell of header.cells) {
    const problem = undecodableProblem(cell, text.encoding);
    if (problem !== undefined) throw new DataError(file, header.line, undefined, `the header ${problem}`);
  }
}

/** One data record to a row: its shape, then its encoding, then its values. */
function csvRow(record: CsvRecord, header: readonly string[], slots: readonly ColumnSlot[], schema: RecordSchema, text: DecodedText, file: string): SourceRow {
  const { cells, line, problem } = record;
  if (problem !== undefined) return rejected(file, line, columnAt(header, problem.cell), problem.reason);
  if (cells.length !== header.length) return rejected(file, line, "*", `expected ${header.length} cells, found ${cells.length}`);
  for (let i = 0; i < cells.length; i++) {
    const bad = undecodableProblem(cells[i]!, text.encoding);
    if (bad !== undefined) return rejected(file, line, columnAt(header, i), `the cell ${bad}`);
  }
  return validateCells(cells, slots, schema.numbers, file, line);
}

/** A cell's column as the header names it. */
function columnAt(header: readonly string[], i: number): string {
  return header[i] ?? `column ${i + 1}`;
}

async function* ndjsonBatches(text: DecodedText, file: string, schema: RecordSchema): AsyncGenerator<SourceRow[]> {
  const validator = new ObjectValidator(schema, false);
  for await (const lines of readNdjsonLines(text)) {
    yield lines.map(({ text: lineText, line }) => {
      const bad = undecodableProblem(lineText, text.encoding);
      if (bad !== undefined) return rejected(file, line, "*", `the line ${bad}`);
      const parsed = parseObjectLine(lineText);
      return "reason" in parsed ? rejected(file, line, "*", parsed.reason) : validator.validate(parsed.object, file, line);
    });
  }
}
