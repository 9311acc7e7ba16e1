/**
 * Row validation shared by every source: given a record's cells and the column slots, builds
 * a Row or reports one Reject per bad cell. Sources only have to produce cells and a line.
 */
import { bareRecord } from "../keys.js";
import type { Reject, Row, Value } from "../schema.js";
import type { ColumnSlot } from "./columns.js";
import { convertFieldValue } from "./field-values.js";

/** Validates one record's cells; undefined (after rejecting each bad cell) when any is bad. */
export function validateCells(
  cells: readonly unknown[],
  slots: readonly ColumnSlot[],
  file: string,
  line: number,
  onReject: (r: Reject) => void,
): Row | undefined {
  // Field names are the plan's: a field may be called `__proto__` or `constructor`.
  const values = bareRecord<Value>();
  let ok = true;
  for (const slot of slots) {
    const result = convertFieldValue(slot.index === undefined ? undefined : cells[slot.index], slot.field);
    if ("reason" in result) {
      ok = false;
      onReject({ file, line, column: slot.column, reason: result.reason });
    } else {
      values[slot.field.name] = result.value;
    }
  }
  return ok ? { values, file, line } : undefined;
}
