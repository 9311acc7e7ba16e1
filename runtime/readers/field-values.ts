/**
 * Field values: turns one cell (text from CSV, or a JSON/JS value) into a validated Value for
 * its declared type, or a short reason quoting what was wrong.
 *
 * Text goes through the input's number format; a number given as a number (JSON, JavaScript)
 * is exact decimal text already, so no format or ambiguity applies to it. Either way a value
 * is read from its digits, never through a binary float.
 */
import { parseDate, parsePeriod, periodOf } from "../calendar.js";
import { decimalPlaces, div, formatExact, isInteger, isNum, num, parseNumberLiteral, type Num } from "../numeric.js";
import type { FieldSchema, FieldType, NumberFormat, PercentForm, Value } from "../schema.js";
import { NOT_A_NUMBER, parseNumberText, withinDigits, type NumberResult } from "./number-text.js";

/** A parsed cell: its value, or why it is invalid. */
export type FieldResult = { value: Value } | { reason: string };

/** A number that arrived as a number (a JSON number, a JavaScript number or bigint), as its exact decimal text. */
export class NumberText {
  constructor(readonly text: string) {}
}

const PERCENT_TEXT = /^(.*?)\s*%$/;
const HUNDRED = num(100);
// A Map: a cell reading `constructor` must not find a value on a prototype.
const BOOLEANS = new Map<string, boolean>([["true", true], ["yes", true], ["1", true], ["false", false], ["no", false], ["0", false]]);
/** Past 15 significant digits a JavaScript number may not be the decimal its writer meant. */
const FLOAT_DIGITS = 15;

/** Parses one text cell for a field type: the value, or a reason it is invalid. Empty text is absent (null). */
export function parseFieldValue(text: string, field: FieldSchema, numbers?: NumberFormat): FieldResult {
  const t = text.trim();
  if (t === "") return field.optional ? { value: null } : { reason: "missing value" };
  return parseTyped(t, field.type, numbers);
}

/**
 * Converts a value from JSON or an embedding caller for a field: text goes through
 * parseFieldValue; numbers through their exact text, refused when a JavaScript number may
 * already have lost digits.
 */
export function convertFieldValue(raw: unknown, field: FieldSchema, numbers?: NumberFormat): FieldResult {
  if (raw === null || raw === undefined) return parseFieldValue("", field);
  if (typeof raw === "string") return parseFieldValue(raw, field, numbers);
  if (raw instanceof NumberText) return parseNumberValue(raw.text, field.type);
  if (typeof raw === "bigint") return parseNumberValue(String(raw), field.type);
  if (typeof raw === "number") {
    const problem = floatProblem(raw);
    return problem === undefined ? parseNumberValue(String(raw), field.type) : { reason: `${String(raw)} ${problem}` };
  }
  if (isNum(raw)) return parseNumberValue(formatExact(raw), field.type);
  if (typeof raw === "boolean") {
    return field.type.kind === "boolean" ? { value: raw } : { reason: `expected ${expected(field.type)}, found ${raw}` };
  }
  return { reason: `expected ${expected(field.type)}, found ${Array.isArray(raw) ? "an array" : `a value of type ${typeof raw}`}` };
}

/** Why a JavaScript number cannot be taken at its word, or undefined when its text is exact. */
function floatProblem(n: number): string | undefined {
  if (!Number.isFinite(n)) return "is not a finite number";
  if (Number.isInteger(n)) {
    return Number.isSafeInteger(n) ? undefined : "is past 2^53, where JavaScript numbers lose digits: pass it as text or a bigint";
  }
  const mantissa = String(n).replace(/^-/, "").replace(/e.*$/, "").replace(".", "").replace(/^0+/, "");
  return mantissa.length > FLOAT_DIGITS
    ? `has more than ${FLOAT_DIGITS} significant digits, more than a JavaScript number keeps exactly: pass it as text`
    : undefined;
}

function parseTyped(t: string, type: FieldType, numbers: NumberFormat | undefined): FieldResult {
  switch (type.kind) {
    case "text":
      return { value: t };
    case "integer":
      return wholeNumber(t, parseNumberText(t, numbers), t.includes(numbers?.decimal ?? "."));
    case "decimal":
      return numberOr(t, parseNumberText(t, numbers));
    case "money":
      return money(t, parseNumberText(t, numbers));
    case "percent":
      return percent(t, type.bare, numbers);
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

/** A number given as a number: read exactly from its digits, for every field type. */
function parseNumberValue(text: string, type: FieldType): FieldResult {
  const n = parseNumberLiteral(text);
  const result: NumberResult = n === undefined ? { problem: NOT_A_NUMBER } : withinDigits(n);
  switch (type.kind) {
    case "integer":
      return wholeNumber(text, result, false);
    case "decimal":
      return numberOr(text, result);
    case "money":
      return money(text, result);
    case "percent":
      return "problem" in result ? { reason: `${quote(text)} ${result.problem}` } : bareNumberPercent(text, result.value, type.bare);
    case "text":
      // An identifier written as a JSON number keeps every digit it was written with.
      return { value: text };
    default:
      return parseTyped(text, type, undefined);
  }
}

/** A count: a whole value written without a decimal mark (`4.0` is refused in text, as a count is never written so). */
function wholeNumber(t: string, result: NumberResult, hasDecimalMark: boolean): FieldResult {
  if ("problem" in result && result.problem !== NOT_A_NUMBER) return { reason: `${quote(t)} ${result.problem}` };
  return "value" in result && !hasDecimalMark && isInteger(result.value) ? { value: result.value } : { reason: `${quote(t)} is not a whole number` };
}

function numberOr(t: string, result: NumberResult, type: FieldType = { kind: "decimal" }): FieldResult {
  return "problem" in result ? { reason: numberReason(t, result.problem, type) } : { value: result.value };
}

/** Why text is not a number of a type: what was expected when it is no number at all, else the problem. */
function numberReason(t: string, problem: string, type: FieldType): string {
  return problem === NOT_A_NUMBER ? `${quote(t)} is not ${expected(type)} (like ${type.kind === "percent" ? "4.5%" : "1234.56"})` : `${quote(t)} ${problem}`;
}

/** Money is whole cents: a finer amount would need a rounding the plan never declared. */
function money(t: string, result: NumberResult): FieldResult {
  if ("problem" in result) return { reason: numberReason(t, result.problem, { kind: "money" }) };
  if (decimalPlaces(result.value) > 2) {
    return { reason: `${quote(t)} has more than 2 decimals: declare the field \`decimal\` and round it in the plan` };
  }
  return { value: result.value };
}

/** `4.5%` is always 4.5%; a bare number only under the field's declared form. */
function percent(t: string, bare: PercentForm | undefined, numbers: NumberFormat | undefined): FieldResult {
  const m = PERCENT_TEXT.exec(t);
  const result = parseNumberText(m ? m[1]! : t, numbers);
  if ("problem" in result) return { reason: numberReason(t, result.problem, { kind: "percent" }) };
  return m ? { value: div(result.value, HUNDRED)! } : bareNumberPercent(t, result.value, bare);
}

function bareNumberPercent(t: string, n: Num, bare: PercentForm | undefined): FieldResult {
  switch (bare) {
    case "fraction": return { value: n };
    case "number": return { value: div(n, HUNDRED)! };
    case undefined:
      return { reason: `${quote(t)} has no % sign: write ${quote(`${t}%`)}, or declare the field \`percent as fraction\` (0.045 is 4.5%) or \`percent as number\` (4.5 is 4.5%)` };
  }
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
export function quote(t: string): string {
  return JSON.stringify(t.length > QUOTE_LIMIT ? `${t.slice(0, QUOTE_LIMIT)}…` : t);
}
