/**
 * Row validation shared by every source: given a record's cells and the column slots, builds
 * a Row or one Reject per bad cell. Sources only have to produce cells and a line.
 */
import { bareRecord } from "../keys.js";
import type { NumberFormat, Reject, Value } from "../schema.js";
import type { ColumnSlot } from "./columns.js";
import { convertFieldValue } from "./field-values.js";
import type { SourceRow } from "./source-row.js";

/** Validates one record's cells: the row, or its rejects (one per bad cell). */
export function validateCells(
  cells: readonly unknown[],
  slots: readonly ColumnSlot[],
  numbers: NumberFormat | undefined,
  file: string,
  line: number,
): SourceRow {
  // Field names are the plan's: a field may be called `__proto__` or `constructor`.
  const values = bareRecord<Value>();
  const rejects: Reject[] = [];
  for (const slot of slots) {
    const result = convertFieldValue(slot.index === undefined ? undefined : cells[slot.index], slot.field, numbers);
    if ("reason" in result) rejects.push({ file, line, column: slot.column, reason: result.reason });
    else values[slot.field.name] = result.value;
  }
  return rejects.length > 0 ? { kind: "rejected", rejects } : { kind: "row", row: { values, file, line } };
}
