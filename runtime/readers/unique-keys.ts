/**
 * Key uniqueness, as a stage over a source's rows: a row whose declared key was already seen
 * is rejected, naming the first row with that key, so nothing is credited or looked up twice.
 * The engine runs every input and table through it (over all the files bound to it together);
 * any other evaluator reading the same sources can do the same and count the same rows.
 */
import { compositeKey, showKey } from "../keys.js";
import type { RecordSchema } from "../schema.js";
import { rejected, type SourceRow } from "./source-row.js";

/** The rows of a source, with repeated keys rejected; a schema without a key gets its rows back as they are. */
export function uniqueKeys(rows: AsyncIterable<SourceRow>, schema: RecordSchema): AsyncIterable<SourceRow> {
  return schema.key.length === 0 ? rows : rejectRepeats(rows, schema);
}

async function* rejectRepeats(rows: AsyncIterable<SourceRow>, schema: RecordSchema): AsyncGenerator<SourceRow> {
  const keyFields = schema.key.map((k) => schema.fields.find((f) => f.name === k));
  const columns = schema.key.map((k, i) => keyFields[i]?.column ?? k).join(",");
  const types = keyFields.map((f) => f?.type);
  // First row of each key as (file index, line) packed in one number, to keep millions of keys small.
  const first = new Map<string, number | string>();
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  for await (const entry of rows) {
    if (entry.kind === "rejected") {
      yield entry;
      continue;
    }
    const { row } = entry;
    const values = schema.key.map((k) => row.values[k] ?? null);
    const k = compositeKey(values);
    const seen = first.get(k);
    if (seen === undefined) {
      let f = fileIndex.get(row.file);
      if (f === undefined) { f = files.push(row.file) - 1; fileIndex.set(row.file, f); }
      first.set(k, f < FILE_SLOTS ? row.line * FILE_SLOTS + f : `${row.file}:${row.line}`);
      yield entry;
      continue;
    }
    const where = typeof seen === "string" ? seen : `${files[seen % FILE_SLOTS]}:${Math.floor(seen / FILE_SLOTS)}`;
    yield rejected(row.file, row.line, columns, `duplicate key ${showKey(values, types)}: the first row with this key is ${where}`);
  }
}

/** Files a packed location can name; a binding lists far fewer. */
const FILE_SLOTS = 4096;
