/**
 * The CSV tokenizer: csv-parse in streaming mode, fed the file chunk by chunk, yielding each
 * record's cells with the physical line it starts on. Cell-count checks and value validation
 * happen above this layer so that a malformed row is a Reject, never a parser crash.
 */
import { CsvError, parse } from "csv-parse";
import { pipeline } from "node:stream/promises";
import { DataError } from "./data-error.js";
import { delimiterProblem, detectDelimiter } from "./delimiter.js";
import { fileError, openFileStream } from "./file-source.js";

/** One CSV record: its raw cells and the 1-based line where it starts. */
export interface CsvRecord {
  cells: string[];
  line: number;
}

/** A record larger than this (bytes) is almost surely an unclosed quote swallowing the file. */
const MAX_RECORD_BYTES = 8 * 1024 * 1024;

/** Streams the records of a CSV file, header first; parse failures become DataErrors. */
export async function* readCsvRecords(path: string, file: string, delimiter: string | undefined): AsyncGenerator<CsvRecord> {
  if (delimiter !== undefined) {
    const problem = delimiterProblem(delimiter);
    if (problem !== undefined) throw new DataError(file, 0, undefined, problem);
  }
  const stream = await openFileStream(path, file);
  try {
    const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const head = await readHead(chunks, file);
    const parser = parse({
      bom: true,
      delimiter: delimiter ?? detectDelimiter(headerLine(head.chunks)),
      // Any of the three line ends, so a file whose header ends in LF and rows in CRLF still splits cleanly.
      record_delimiter: ["\r\n", "\n", "\r"],
      // Start lines are counted from each record's raw text (see startLine): csv-parse's own
      // info.lines gives the end line and counts a CRLF inside quotes as two.
      raw: true,
      relax_column_count: true,
      // Exports write `12" pipe` unquoted; take such quotes literally instead of failing the file.
      relax_quotes: true,
      // Whitespace around a quoted field (`, "a,b" ,`) is layout, not content.
      trim: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_BYTES,
    });
    const feeding = pipeline(replay(head.chunks, head.done ? undefined : chunks), parser);
    feeding.catch(() => { /* the same error surfaces through the parser below */ });
    let nextLine = 1;
    try {
      for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
        const line = startLine(nextLine, raw, record);
        nextLine += countBreaks(raw);
        yield { cells: record, line };
      }
    } catch (err) {
      if (err instanceof CsvError) throw new DataError(file, nextLine, undefined, csvReason(err));
      throw fileError(err, file);
    }
  } finally {
    stream.destroy();
  }
}

/** Reads chunks until the first non-blank line is complete (or the file ends), for delimiter detection. */
async function readHead(chunks: AsyncIterator<Buffer>, file: string): Promise<{ chunks: Buffer[]; done: boolean }> {
  const got: Buffer[] = [];
  for (;;) {
    let next: IteratorResult<Buffer>;
    try {
      next = await chunks.next();
    } catch (err) {
      throw fileError(err, file);
    }
    if (next.done) return { chunks: got, done: true };
    got.push(next.value);
    if (/\S[^\r\n]*[\r\n]/.test(Buffer.concat(got).toString("utf8"))) return { chunks: got, done: false };
  }
}

/** The first non-blank line of the chunks read so far. */
function headerLine(chunks: Buffer[]): string {
  const text = Buffer.concat(chunks).toString("utf8");
  return text.split(/\r\n|\r|\n/).find((l) => l.trim() !== "") ?? "";
}

/** The chunks already read, then the rest of the file. */
async function* replay(head: Buffer[], rest: AsyncIterator<Buffer> | undefined): AsyncGenerator<Buffer> {
  yield* head;
  if (rest === undefined) return;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/**
 * The line a record starts on, given the line after the previous record. Its raw text also holds
 * the blank lines skipped before it and its own line end, so count back from where it ends: the
 * only breaks inside a record are inside quoted cells, which keep them verbatim.
 */
function startLine(nextLine: number, raw: string, cells: readonly string[]): number {
  const last = raw.charCodeAt(raw.length - 1);
  const ended = last === 10 || last === 13;
  let inner = 0;
  if (raw.includes('"')) for (const cell of cells) inner += countBreaks(cell);
  return nextLine + countBreaks(raw) - (ended ? 1 : 0) - inner;
}

/** Line breaks in text, counting CRLF, CR and LF each as one, as the record delimiter does. */
function countBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

/** A reason for a parse failure that a person can act on, from csv-parse's error code. */
function csvReason(err: CsvError): string {
  switch (err.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted field starting on this line is not closed before the end of the file";
    case "CSV_MAX_RECORD_SIZE":
      return `a record is larger than ${MAX_RECORD_BYTES / 1024 / 1024} MB (probably a quote that is never closed)`;
    default:
      return `cannot parse the file: ${err.message}`;
  }
}
