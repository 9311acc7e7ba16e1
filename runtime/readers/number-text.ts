/**
 * Numbers in text cells, under the input's declared number format (`numbers "1.234,56"`) or the
 * plain default. A careful loader never guesses: `1.500` in a file that did not declare its
 * format could be one and a half or fifteen hundred, so it is refused, not read either way.
 */
import { parseNum, PRECISION, writtenDigits, type Num } from "../numeric.js";
import type { NumberFormat } from "../schema.js";

/** A number read from text, or why it is not one (a sentence fragment after the quoted text). */
export type NumberResult = { value: Num } | { problem: string };

/** Thousands grouping as a decimal-point writer reads it: `1.500`, `-12.345` (never a leading zero). */
const DOT_GROUPED = /^[+-]?[1-9]\d{0,2}\.\d{3}$/;
const COMMA_GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

/** Separators that look alike in exports: a declared space also accepts the no-break spaces spreadsheets write. */
const SPACE_LIKE = "[ \\u00A0\\u202F]";

/** The problem of text that is no number in any form. */
export const NOT_A_NUMBER = "is not a number (like 1234.56)";

const patterns = new Map<string, RegExp>();

/** Reads a number written in text (no `%`): plain by default, else as the format declares. */
export function parseNumberText(t: string, format: NumberFormat | undefined): NumberResult {
  const plain = format === undefined ? plainDefault(t) : declared(t, format);
  if ("problem" in plain) return plain;
  return withinDigits(plain.value);
}

/** Refuses a value that arithmetic could not keep exactly. */
export function withinDigits(value: Num): NumberResult {
  return writtenDigits(value) > PRECISION
    ? { problem: `has more than ${PRECISION} digits, more than Accrue computes with exactly` }
    : { value };
}

/** How a format writes 1234.56, for messages. */
export function formatSample(format: NumberFormat | undefined): string {
  if (format === undefined) return "1234.56";
  return `1${format.thousands ?? ""}234${format.decimal}56`;
}

function plainDefault(t: string): NumberResult {
  if (DOT_GROUPED.test(t)) {
    return { problem: "is ambiguous: a decimal point or a thousands separator? Declare the input's number format (`numbers \"1234.56\"` or `numbers \"1.234,56\"`)" };
  }
  const n = parseNum(t);
  if (n !== undefined) return { value: n };
  if (COMMA_GROUPED.test(t) || /^[+-]?\d+,\d+$/.test(t)) {
    return { problem: "has a comma: declare the input's number format (`numbers \"1,234.56\"` or `numbers \"1234,56\"`)" };
  }
  return { problem: NOT_A_NUMBER };
}

function declared(t: string, format: NumberFormat): NumberResult {
  const m = patternOf(format).exec(t);
  if (m === null) return { problem: /\d/.test(t) ? `is not a number written as the input declares (${formatSample(format)})` : NOT_A_NUMBER };
  const [, sign, whole, fraction] = m as unknown as [string, string, string | undefined, string | undefined];
  const digits = (whole ?? "").replace(/\D/g, "") || "0";
  return { value: parseNum(`${sign}${digits}${fraction ? `.${fraction}` : ""}`)! };
}

/** `sign`, whole part (ungrouped, or grouped by threes), fraction after the decimal mark (`,5` has no whole part). */
function patternOf(format: NumberFormat): RegExp {
  const key = `${format.decimal}${format.thousands ?? ""}`;
  let re = patterns.get(key);
  if (re === undefined) {
    const d = escape(format.decimal);
    const t = format.thousands === undefined ? undefined : format.thousands === " " ? SPACE_LIKE : escape(format.thousands);
    const whole = t === undefined ? "\\d+" : `\\d+|\\d{1,3}(?:${t}\\d{3})+`;
    re = new RegExp(`^([+-]?)(?=[^]*\\d)(${whole})?(?:${d}(\\d*))?$`);
    patterns.set(key, re);
  }
  return re;
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
