/**
 * Field values: turns one cell (text from CSV, or a JSON/JS value) into a validated Value for
 * its declared type, or a short reason quoting what was wrong.
 */
import { parseDate, parsePeriod, periodOf } from "../calendar.js";
import { decimalPlaces, div, formatExact, isNum, num, parseNum, type Num } from "../numeric.js";
import type { FieldSchema, FieldType, Value } from "../schema.js";

/** A parsed cell: its value, or why it is invalid. */
export type FieldResult = { value: Value } | { reason: string };

const INTEGER_TEXT = /^[+-]?\d+$/;
const PERCENT_TEXT = /^(.*?)\s*%$/;
const HUNDRED = num(100);
// A Map: a cell reading `constructor` must not find a value on a prototype.
const BOOLEANS = new Map<string, boolean>([["true", true], ["yes", true], ["1", true], ["false", false], ["no", false], ["0", false]]);

/** Parses one text cell for a field type: the value, or a reason it is invalid. Empty text is absent (null). */
export function parseFieldValue(text: string, field: FieldSchema): FieldResult {
  const t = text.trim();
  if (t === "") return field.optional ? { value: null } : { reason: "missing value" };
  return parseTyped(t, field.type);
}

/**
 * Converts a JS value (from JSON or an embedding caller) for a field: text goes through
 * parseFieldValue, numbers through their text (`String(n)`), so both paths agree exactly.
 */
export function convertFieldValue(raw: unknown, field: FieldSchema): FieldResult {
  if (raw === null || raw === undefined) return parseFieldValue("", field);
  if (typeof raw === "string") return parseFieldValue(raw, field);
  if (typeof raw === "number" || typeof raw === "bigint") return parseFieldValue(String(raw), field);
  if (isNum(raw)) return parseFieldValue(formatExact(raw), field);
  if (typeof raw === "boolean") {
    return field.type.kind === "boolean" ? { value: raw } : { reason: `expected ${expected(field.type)}, found ${raw}` };
  }
  return { reason: `expected ${expected(field.type)}, found ${Array.isArray(raw) ? "an array" : `a value of type ${typeof raw}`}` };
}

function parseTyped(t: string, type: FieldType): FieldResult {
  switch (type.kind) {
    case "text":
      return { value: t };
    case "integer":
      return INTEGER_TEXT.test(t) ? { value: num(t) } : { reason: `${quote(t)} is not a whole number` };
    case "decimal":
      return numberOr(t, `${quote(t)} is not a decimal number`);
    case "money":
      return moneyOr(t);
    case "percent":
      return parsePercent(t);
    case "boolean": {
      const b = BOOLEANS.get(t.toLowerCase());
      return b === undefined ? { reason: `${quote(t)} is not a boolean (true/false, yes/no, 1/0)` } : { value: b };
    }
    case "date": {
      const day = parseDate(t, type.format);
      return day === undefined ? { reason: `${quote(t)} is not a date in the format ${type.format}` } : { value: day };
    }
    case "period":
      return parsePeriodCell(t, type.grain, type.format);
    case "enum":
      return type.values.includes(t) ? { value: t } : { reason: `${quote(t)} is not one of ${type.values.join(", ")}` };
  }
}

/** Money is whole cents: a finer amount would need a rounding the plan never declared. */
function moneyOr(t: string): FieldResult {
  const result = numberOr(t, `${quote(t)} is not an amount (digits and a decimal point only)`);
  if ("value" in result && result.value !== null && decimalPlaces(result.value as Num) > 2) {
    return { reason: `${quote(t)} has more than 2 decimals: declare the field \`decimal\` and round it in the plan` };
  }
  return result;
}

function numberOr(t: string, reason: string): FieldResult {
  const n = parseNum(t);
  return n === undefined ? { reason } : { value: n };
}

/** `4.5%` is 0.045; a bare decimal is already a fraction, as spreadsheets export rates. */
function parsePercent(t: string): FieldResult {
  const m = PERCENT_TEXT.exec(t);
  const n = parseNum(m ? m[1]! : t);
  if (n === undefined) return { reason: `${quote(t)} is not a percent (like 4.5% or 0.045)` };
  return { value: m ? div(n, HUNDRED)! : n };
}

const GRAIN_FORMAT = { month: "YYYY-MM", quarter: "YYYY-Qn", year: "YYYY" } as const;

function parsePeriodCell(t: string, grain: keyof typeof GRAIN_FORMAT, format: string | undefined): FieldResult {
  if (format !== undefined) {
    const day = parseDate(t, format);
    return day === undefined ? { reason: `${quote(t)} is not a date in the format ${format}` } : { value: periodOf(day, grain) };
  }
  const p = parsePeriod(t, grain);
  // Year 0000 has no calendar days, so no period of it could ever hold a date.
  if (p === undefined || p.startsWith("0000")) {
    return { reason: `${quote(t)} is not a ${grain} period (${GRAIN_FORMAT[grain]})` };
  }
  return { value: p };
}

function expected(type: FieldType): string {
  switch (type.kind) {
    case "text": return "text";
    case "integer": return "a whole number";
    case "decimal": return "a decimal number";
    case "money": return "an amount";
    case "percent": return "a percent";
    case "boolean": return "a boolean";
    case "date": return `a date (${type.format})`;
    case "period": return `a ${type.grain} period`;
    case "enum": return `one of ${type.values.join(", ")}`;
  }
}

const QUOTE_LIMIT = 60;

/** Quotes bad text for a reason, escaped (so a reason stays on one line) and cut if very long. */
function quote(t: string): string {
  return JSON.stringify(t.length > QUOTE_LIMIT ? `${t.slice(0, QUOTE_LIMIT)}…` : t);
}
