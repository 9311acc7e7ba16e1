/**
 * The one numeric module: every amount, rate and ratio in Accrue goes through these functions,
 * so the representation (decimal.js today) can change without touching the engine or the
 * generated code. Values are immutable; no binary floating point is ever used for money.
 */
import { Decimal as DecimalBase } from "decimal.js";

/** Significant digits every operation keeps; a result needing more is rounded half up. */
export const PRECISION = 60;

/** A private Decimal constructor: high precision, never exponent notation in text. */
const Decimal = DecimalBase.clone({ precision: PRECISION, rounding: DecimalBase.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 60 });

/** An exact number: money, percent (as a fraction, 4.5% = 0.045), count or plain decimal. */
export type Num = DecimalBase;

/** How a rounding resolves the discarded part; named as plans write them. */
export type RoundingMode = "half up" | "half even" | "half down" | "up" | "down";

const MODE: Record<RoundingMode, DecimalBase.Rounding> = {
  "half up": DecimalBase.ROUND_HALF_UP,
  "half even": DecimalBase.ROUND_HALF_EVEN,
  "half down": DecimalBase.ROUND_HALF_DOWN,
  up: DecimalBase.ROUND_UP,
  down: DecimalBase.ROUND_DOWN,
};

/** Zero, shared. */
export const ZERO: Num = new Decimal(0);
/** One, shared. */
export const ONE: Num = new Decimal(1);

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Parses decimal text exactly; returns undefined for anything that is not a plain decimal. */
export function parseNum(text: string): Num | undefined {
  const t = text.trim();
  if (!DECIMAL_TEXT.test(t)) return undefined;
  return new Decimal(t);
}

const NUMBER_LITERAL = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * Parses a number as JSON and JavaScript write it (`1.5e3`, `-0.25`) exactly, exponent and all;
 * undefined for anything else. The value is its text's, never a binary float's.
 */
export function parseNumberLiteral(text: string): Num | undefined {
  if (!NUMBER_LITERAL.test(text)) return undefined;
  // An exponent past what any input means (1e999999) would print a million digits: refuse it here.
  const exponent = /[eE]([+-]?\d+)$/.exec(text);
  if (exponent && Math.abs(Number(exponent[1])) > 2 * PRECISION) return undefined;
  return new Decimal(text);
}

/**
 * Digits a number takes written out plainly (`123.45` takes 5, `0.045` takes 3). An input value
 * with more than PRECISION of them could not go through arithmetic without being rounded.
 */
export function writtenDigits(a: Num): number {
  return Math.max(0, a.e + 1) + a.decimalPlaces();
}

/** Makes a number from trusted text or an integer (literals of a compiled plan, counts). */
export function num(value: string | number): Num {
  return new Decimal(value);
}

/** a + b */
export function add(a: Num, b: Num): Num { return a.plus(b); }
/** a - b */
export function sub(a: Num, b: Num): Num { return a.minus(b); }
/** a × b */
export function mul(a: Num, b: Num): Num { return a.times(b); }
/** a ÷ b; division by zero gives undefined so the caller decides what it means. */
export function div(a: Num, b: Num): Num | undefined { return b.isZero() ? undefined : a.div(b); }
/** -a */
export function neg(a: Num): Num { return a.negated(); }
/** |a| */
export function abs(a: Num): Num { return a.abs(); }
/** Compares: negative, zero or positive like a comparator. */
export function cmp(a: Num, b: Num): number { return a.comparedTo(b); }
/** The smaller of a and b. */
export function min(a: Num, b: Num): Num { return a.lessThanOrEqualTo(b) ? a : b; }
/** The larger of a and b. */
export function max(a: Num, b: Num): Num { return a.greaterThanOrEqualTo(b) ? a : b; }
/** True when a is exactly zero. */
export function isZero(a: Num): boolean { return a.isZero(); }
/** True when a is below zero. */
export function isNegative(a: Num): boolean { return a.isNegative() && !a.isZero(); }
/** Rounds to a number of decimal places with a declared mode. */
export function round(a: Num, places: number, mode: RoundingMode): Num {
  return a.toDecimalPlaces(places, MODE[mode]);
}
/** Truncates toward zero to whole units of 10^-places. */
export function truncate(a: Num, places: number): Num {
  return a.toDecimalPlaces(places, DecimalBase.ROUND_DOWN);
}
/** True when a is a whole number. */
export function isInteger(a: Num): boolean { return a.isInteger(); }
/** Converts a whole number to a JS integer (counts, cents); throws on a fraction, which is a bug. */
export function toInteger(a: Num): number {
  if (!a.isInteger()) throw new Error(`internal: ${a.toString()} is not a whole number`);
  return a.toNumber();
}
/** Writes a number with exactly `places` decimals after rounding half up; never "-0.00". */
export function formatFixed(a: Num, places: number): string {
  const r = a.toDecimalPlaces(places, DecimalBase.ROUND_HALF_UP);
  return (r.isZero() ? r.abs() : r).toFixed(places);
}
/** Writes a number exactly as it is, without exponent notation. */
export function formatExact(a: Num): string {
  return (a.isZero() ? a.abs() : a).toFixed();
}
/** Tells whether a value is a number of this module. */
export function isNum(v: unknown): v is Num {
  return DecimalBase.isDecimal(v);
}
/** The smallest step at a number of decimals: 0.01 for 2. */
export function unitAt(places: number): Num {
  return new Decimal(1).div(new Decimal(10).pow(places));
}
/** How many whole `unit`s fit in a (a must be a multiple of unit, as when counting cents). */
export function unitsIn(a: Num, unit: Num): number {
  return a.div(unit).toDecimalPlaces(0).toNumber();
}
/** a ÷ b where b is known not to be zero (a pro-rata factor). */
export function ratio(a: Num, b: Num): Num {
  return a.div(b);
}
/** Decimal places a number actually has. */
export function decimalPlaces(a: Num): number {
  return a.decimalPlaces();
}
