/**
 * CSV files as records: the delimiter is taken from the run or detected from the header line,
 * then the decoded text is tokenized (csv-tokenizer.ts). Cell counts and values are checked
 * above this layer, so that a malformed row is a Reject, never a parser crash.
 */
import { CsvTokenizer, type CsvRecord } from "./csv-tokenizer.js";
import { DataError } from "./data-error.js";
import { delimiterProblem, detectDelimiter } from "./delimiter.js";

export type { CsvRecord } from "./csv-tokenizer.js";

/** Streams the records of a CSV file's text, header first, in batches (one per chunk of text: an await per record would cost more than reading it). */
export async function* readCsvRecords(text: AsyncIterable<string>, file: string, delimiter: string | undefined): AsyncGenerator<CsvRecord[]> {
  if (delimiter !== undefined) {
    const problem = delimiterProblem(delimiter);
    if (problem !== undefined) throw new DataError(file, 0, undefined, problem);
  }
  const chunks = text[Symbol.asyncIterator]();
  const head = await readHead(chunks);
  const tokenizer = new CsvTokenizer((delimiter ?? detectDelimiter(head.line)).charCodeAt(0), file);
  let out: CsvRecord[] = [];
  for (const chunk of head.chunks) tokenizer.feed(chunk, out);
  for (;;) {
    if (out.length > 0) { yield out; out = []; }
    const next = await chunks.next();
    if (next.done) break;
    tokenizer.feed(next.value, out);
  }
  tokenizer.finish(out);
  if (out.length > 0) yield out;
}

/**
 * Reads chunks until the first non-blank line is complete (or the text ends), for delimiter
 * detection. Each chunk is scanned once, from where the last one ended.
 */
async function readHead(chunks: AsyncIterator<string>): Promise<{ chunks: string[]; line: string }> {
  const got: string[] = [];
  let start = -1;
  let seen = 0;
  for (;;) {
    const next = await chunks.next();
    if (next.done) break;
    const chunk = next.value;
    got.push(chunk);
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10 || c === 13) {
        if (start >= 0) return { chunks: got, line: got.join("").slice(start, seen + i) };
      } else if (start < 0 && !/\s/.test(chunk[i]!)) {
        start = seen + i;
      }
    }
    seen += chunk.length;
  }
  return { chunks: got, line: start < 0 ? "" : got.join("").slice(start) };
}
