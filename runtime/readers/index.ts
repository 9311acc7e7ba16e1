/**
 * The runtime's input readers: CSV and NDJSON files, or in-memory objects, to one SourceRow per
 * physical row for a RecordSchema (a validated Row, or the row's Rejects located by file, line
 * and column); uniqueKeys rejects repeated keys over them. Only problems with a whole file
 * throw, as DataError.
 */
export { DataError } from "./data-error.js";
export { NumberText, parseFieldValue } from "./field-values.js";
export { normaliseColumnName } from "./columns.js";
export { validateObjects } from "./objects.js";
export { readRecords, type ReadOptions } from "./records.js";
export type { SourceRow } from "./source-row.js";
export { uniqueKeys } from "./unique-keys.js";
