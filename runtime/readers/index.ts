/**
 * The runtime's input readers: CSV and NDJSON files, or in-memory objects, to validated Rows
 * for a RecordSchema. Bad rows are Rejects located by file, line and column; only problems
 * with a whole file throw, as DataError.
 */
export { DataError } from "./data-error.js";
export { parseFieldValue } from "./field-values.js";
export { normaliseColumnName } from "./columns.js";
export { validateObjects } from "./objects.js";
export { readRecords, type ReadOptions } from "./records.js";
