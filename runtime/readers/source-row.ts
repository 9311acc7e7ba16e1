/**
 * What every reader yields: one entry per physical row of its source, a validated Row or the
 * row's rejects. Counting entries is counting rows read, so the reconciliation (read = credited
 * + excluded + rejected) holds by construction, whatever the rows' lines or files are called.
 */
import type { Reject, Row } from "../schema.js";

/** One row of a source: validated, or rejected with one Reject per problem (at least one, all on its line). */
export type SourceRow = { kind: "row"; row: Row } | { kind: "rejected"; rejects: Reject[] };

/** A rejected entry for one problem. */
export function rejected(file: string, line: number, column: string, reason: string): SourceRow {
  return { kind: "rejected", rejects: [{ file, line, column, reason }] };
}
