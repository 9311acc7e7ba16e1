/**
 * Keys made of user text. Names and cells come from plans and data files, so they may be
 * `__proto__`, `constructor` or hold any separator a join would use: every composite key goes
 * through `compositeKey` (which cannot collide), and every object keyed by user text is a
 * null-prototype record (so no name reaches Object.prototype).
 */
import { formatDate } from "./calendar.js";
import * as N from "./numeric.js";
import { showField } from "./ops.js";
import type { FieldType, Value } from "./schema.js";

/**
 * One string per list of values, equal only for equal lists: each part carries its type and,
 * for text and numbers, its length, so no value can forge a boundary (`"x\u0001y", "z"` and
 * `"x", "y\u0001z"` differ), and text `"1"`, the number 1, a date and absent never meet.
 * Numbers are compared by their exact value (`1.50` and `1.5` are one key).
 */
export function compositeKey(values: readonly Value[]): string {
  let key = "";
  for (const v of values) key += keyPart(v);
  return key;
}

function keyPart(v: Value): string {
  if (v === null) return "_";
  switch (typeof v) {
    case "string": return `s${v.length}:${v}`;
    // Day numbers (dates): their text has no `;`, which ends them.
    case "number": return `d${v};`;
    case "boolean": return v ? "T" : "F";
    default: {
      const text = N.formatExact(v);
      return `n${text.length}:${text}`;
    }
  }
}

/** A record with no prototype, so a key such as `__proto__` or `constructor` is only ever its own. */
export function bareRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A null-prototype copy of fixed fields (the exclusion or payout an output lists). */
export function bareCopy<T extends object>(fields: T): T {
  return Object.assign(bareRecord<unknown>(), fields) as T;
}

/** The value of `record`'s own property `key`: never one inherited from a prototype. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A key's values as a person reads them in a message (`A1, 2026-01-05`, dates as written); absent is `(empty)`. */
export function showKey(values: Value[], types: (FieldType | undefined)[]): string {
  return values.map((v, i) => (v === null ? "(empty)" : showField(v, types[i]))).join(", ");
}

/**
 * A row's transaction id, from its key values: the parts joined by `/`. It names the row in
 * credits, exclusions and explanations, so it is exact and unambiguous: numbers are written
 * with every digit, dates as YYYY-MM-DD, absent as nothing (an empty cell is never text), and
 * in a key of several parts `\` and `/` inside a part are escaped (`\\`, `\/`), so
 * ("x/y", "z") and ("x", "y/z") differ. A key of one part is its text as it is.
 */
export function transactionId(values: readonly Value[], types: readonly (FieldType | undefined)[]): string {
  const parts = values.map((v, i) => idPart(v, types[i]));
  return parts.length === 1 ? parts[0]! : parts.map((p) => p.replace(/[\\/]/g, (c) => `\\${c}`)).join("/");
}

function idPart(v: Value, type: FieldType | undefined): string {
  if (v === null) return "";
  if (typeof v === "number" && type?.kind === "date") return formatDate(v);
  if (typeof v === "object") return N.formatExact(v);
  return String(v);
}
