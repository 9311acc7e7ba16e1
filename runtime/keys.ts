/**
 * Keys as text: the one encoding of key values that tables (lookups), key uniqueness in the
 * readers and sharing counts all index Maps by, so two values are the same key everywhere or
 * nowhere (1.50 and 1.5 are one number; "A1" and "a1" two texts).
 */
import * as N from "./numeric.js";
import { showField } from "./ops.js";
import type { FieldType, Value } from "./schema.js";

/** Text form of a key value, so keys of any type index a Map. */
export function keyText(values: Value[]): string {
  return values.map((v) => (v === null ? "\u0000" : typeof v === "object" ? N.formatExact(v) : String(v))).join("\u0001");
}

/** A key's values as a person reads them in a message (`A1, 2026-01-05`, dates as written); absent is `(empty)`. */
export function showKey(values: Value[], types: (FieldType | undefined)[]): string {
  return values.map((v, i) => (v === null ? "(empty)" : showField(v, types[i]))).join(", ");
}
