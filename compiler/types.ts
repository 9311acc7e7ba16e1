/**
 * The types and units of plan values, and the algebra that says which operations make sense:
 * money can be added to money and scaled by a percent or a count, never multiplied by money.
 */
import type { Grain } from "../language/syntax.js";

/** A plan value's type. `number` is an unqualified literal that takes the unit of its partner. */
export type Ty =
  | { kind: "money" }
  | { kind: "percent" }
  | { kind: "count" }
  | { kind: "decimal" }
  | { kind: "number" }
  | { kind: "date" }
  | { kind: "text" }
  | { kind: "boolean" }
  | { kind: "period"; grain: Grain }
  /** A length of time (`10 days`, `1 month`), counted in days or in months; it only moves dates and periods. */
  | { kind: "duration"; unit: "day" | "month" }
  /** `of` marks the plan's own vocabularies, so an unknown value can be named as such. */
  | { kind: "enum"; values: string[]; of?: "role" | "reason" }
  | { kind: "row"; table: string }
  /** The literal `absent`: no value, of whatever type the other branch has. */
  | { kind: "absent" }
  | { kind: "error" };

export const MONEY: Ty = { kind: "money" };
export const PERCENT: Ty = { kind: "percent" };
export const COUNT: Ty = { kind: "count" };
export const DECIMAL: Ty = { kind: "decimal" };
export const NUMBER: Ty = { kind: "number" };
export const DATE: Ty = { kind: "date" };
export const TEXT: Ty = { kind: "text" };
export const BOOLEAN: Ty = { kind: "boolean" };
export const ERROR: Ty = { kind: "error" };
export const ABSENT: Ty = { kind: "absent" };

const NUMERIC = new Set(["money", "percent", "count", "decimal", "number"]);

/** True for types that hold an exact number. */
export function isNumeric(t: Ty): boolean {
  return NUMERIC.has(t.kind);
}

/** How a type reads in a message. */
export function describe(t: Ty): string {
  switch (t.kind) {
    case "money": return "money";
    case "percent": return "a percent";
    case "count": return "a count";
    case "decimal": return "a decimal";
    case "number": return "a number";
    case "date": return "a date";
    case "text": return "text";
    case "boolean": return "a yes/no condition";
    case "period": return `a ${t.grain}`;
    case "duration": return `a number of ${t.unit}s`;
    case "enum": return `one of ${t.values.join(", ")}`;
    case "row": return `a row of \`${t.table}\``;
    case "absent": return "absent";
    case "error": return "an invalid value";
  }
}

/** Plain numbers (counts, decimals, bare literals) mix freely with each other. */
function isPlain(t: Ty): boolean {
  return t.kind === "count" || t.kind === "decimal" || t.kind === "number";
}

function plainJoin(a: Ty, b: Ty): Ty {
  if (a.kind === "number") return b;
  if (b.kind === "number") return a;
  return a.kind === b.kind ? a : DECIMAL;
}

/** The type of a + b or a - b, or undefined when the units cannot be added. */
export function addType(a: Ty, b: Ty): Ty | undefined {
  if (a.kind === "error" || b.kind === "error") return ERROR;
  if (isPlain(a) && isPlain(b)) return plainJoin(a, b);
  if (a.kind === "number" && isNumeric(b)) return b;
  if (b.kind === "number" && isNumeric(a)) return a;
  if (a.kind === b.kind && (a.kind === "money" || a.kind === "percent")) return a;
  return undefined;
}

/** The type of a × b, or undefined when the product has no meaning (money × money). */
export function mulType(a: Ty, b: Ty): Ty | undefined {
  if (a.kind === "error" || b.kind === "error") return ERROR;
  if (!isNumeric(a) || !isNumeric(b)) return undefined;
  if (a.kind === "number") return b;
  if (b.kind === "number") return a;
  if (a.kind === "money" && b.kind === "money") return undefined;
  if (a.kind === "money" || b.kind === "money") return MONEY;
  if (a.kind === "percent" && b.kind === "percent") return PERCENT;
  if (a.kind === "percent") return b;
  if (b.kind === "percent") return a;
  return plainJoin(a, b);
}

/** The type of a ÷ b: a ratio of like units is a percent (attainment = sales / quota). */
export function divType(a: Ty, b: Ty): Ty | undefined {
  if (a.kind === "error" || b.kind === "error") return ERROR;
  if (!isNumeric(a) || !isNumeric(b)) return undefined;
  if (b.kind === "number") return a;
  if (a.kind === "money" && b.kind === "money") return PERCENT;
  if (a.kind === "money") return MONEY;
  if (b.kind === "money") return undefined;
  if (a.kind === "percent" && b.kind === "percent") return PERCENT;
  if (isPlain(a) && isPlain(b)) return a.kind === "number" ? DECIMAL : PERCENT;
  return a.kind === "number" ? DECIMAL : a;
}

/** True when two values can be compared (ordered or for equality). */
export function comparable(a: Ty, b: Ty, ordered: boolean): boolean {
  if (a.kind === "error" || b.kind === "error") return true;
  if (isNumeric(a) && isNumeric(b)) return addType(a, b) !== undefined;
  if (a.kind === "date" && b.kind === "date") return true;
  if (a.kind === "period" && b.kind === "period") return a.grain === b.grain;
  if (a.kind === "duration" || b.kind === "duration") return a.kind === "duration" && b.kind === "duration" && a.unit === b.unit;
  if (ordered) return false;
  const textual = (t: Ty) => t.kind === "text" || t.kind === "enum";
  if (textual(a) && textual(b)) return true;
  return a.kind === b.kind;
}

/** The common type of two branches (if/then/else, min, max), or undefined. */
export function joinType(a: Ty, b: Ty): Ty | undefined {
  if (a.kind === "error" || a.kind === "absent") return b;
  if (b.kind === "error" || b.kind === "absent") return a;
  if (isNumeric(a) && isNumeric(b)) return addType(a, b);
  if ((a.kind === "text" || a.kind === "enum") && (b.kind === "text" || b.kind === "enum")) return TEXT;
  if (a.kind === "period" && b.kind === "period") return a.grain === b.grain ? a : undefined;
  if (a.kind === "duration" && b.kind === "duration") return a.unit === b.unit ? a : undefined;
  return a.kind === b.kind ? a : undefined;
}
