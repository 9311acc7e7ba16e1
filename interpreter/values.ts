/**
 * The interpreter's own values: exact decimals (decimal.js at the language's precision), dates
 * as a class of their own, periods as their text, and the calendar worked out from first
 * principles (days from the civil date), so that nothing here leans on the runtime's numeric
 * or calendar modules that it is meant to check.
 */
import { Decimal as DecimalBase } from "decimal.js";
import type { Grain, Value as RuntimeValue } from "../runtime/schema.js";

/**
 * The language's numbers: exact decimals; a division that does not terminate is rounded half up
 * at 60 significant digits (the only inexact step the language has, and it is part of its
 * meaning: both the engine and this interpreter divide that way).
 */
export const Dec = DecimalBase.clone({ precision: 60, rounding: DecimalBase.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });
export type Dec = DecimalBase;

/** A calendar date: whole days since 1970-01-01. */
export class Day {
  constructor(readonly n: number) {}
}

/** A value while a plan is interpreted. Periods and text are strings; `null` is absent. */
export type IValue = Dec | Day | string | boolean | null;

export const isDec = (v: IValue): v is Dec => v instanceof DecimalBase;
export const ZERO = new Dec(0);
export const ONE = new Dec(1);

/** The interpreter's value for a validated cell of a declared type (the readers are shared). */
export function fromCell(v: RuntimeValue | undefined, kind: string): IValue {
  if (v === null || v === undefined) return null;
  if (kind === "date") return new Day(v as number);
  if (typeof v === "object") return new Dec((v as { toFixed(): string }).toFixed());
  return v as string | boolean;
}

// ---------------------------------------------------------------------------------------------
// The civil calendar (proleptic Gregorian), after Howard Hinnant's days_from_civil.

/** Days since 1970-01-01 of a calendar date (which must exist). */
export function dayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The calendar date of a day number. */
export function civil(n: number): { year: number; month: number; day: number } {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** YYYY-MM-DD. */
export function isoDate(n: number): string {
  const c = civil(n);
  return `${pad(c.year, 4)}-${pad(c.month, 2)}-${pad(c.day, 2)}`;
}

export const MONTHS: Record<Grain, number> = { month: 1, quarter: 3, year: 12 };

/** A period as the index of its first month (year × 12 + month − 1). */
function firstMonthOf(period: string, grain: Grain): number {
  const year = Number(period.slice(0, 4));
  if (grain === "year") return year * 12;
  if (grain === "quarter") return year * 12 + (Number(period.slice(6)) - 1) * 3;
  return year * 12 + Number(period.slice(5, 7)) - 1;
}

/** The text of the period of a grain holding a month index. */
function periodAtMonth(monthIndex: number, grain: Grain): string {
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  if (grain === "year") return pad(year, 4);
  if (grain === "quarter") return `${pad(year, 4)}-Q${Math.floor(month / 3) + 1}`;
  return `${pad(year, 4)}-${pad(month + 1, 2)}`;
}

/** The period of a grain holding a day. */
export function periodOfDay(n: number, grain: Grain): string {
  const c = civil(n);
  return periodAtMonth(c.year * 12 + c.month - 1, grain);
}

/** The period `months` months before (negative: after) a period of the same grain. */
export function periodBefore(period: string, grain: Grain, months: number): string {
  return periodAtMonth(firstMonthOf(period, grain) - months, grain);
}

/** The next period of the grain. */
export function nextPeriod(period: string, grain: Grain): string {
  return periodBefore(period, grain, -MONTHS[grain]);
}

/** First and last day of a period. */
export function periodDays(period: string, grain: Grain): { first: number; last: number } {
  const m = firstMonthOf(period, grain);
  const after = m + MONTHS[grain];
  return { first: dayOf(Math.floor(m / 12), (m % 12) + 1, 1), last: dayOf(Math.floor(after / 12), (after % 12) + 1, 1) - 1 };
}

/** The periods of a grain from the one holding day `from` to the one holding day `to`, in order. */
export function periodsFromTo(from: number, to: number, grain: Grain): string[] {
  const out: string[] = [];
  const last = periodOfDay(to, grain);
  for (let p = periodOfDay(from, grain); p <= last; p = nextPeriod(p, grain)) out.push(p);
  return out;
}

// ---------------------------------------------------------------------------------------------
// How values read: in files, in keys, in messages.

/** Exact decimal text without exponent, never `-0`. */
export function exact(d: Dec): string {
  return (d.isZero() ? d.abs() : d).toFixed();
}

/** Fixed decimals after rounding half up; never `-0.00`. */
export function fixed(d: Dec, places: number): string {
  const r = d.toDecimalPlaces(places, DecimalBase.ROUND_HALF_UP);
  return (r.isZero() ? r.abs() : r).toFixed(places);
}

/** How a value reads in a message or a transaction id: absent, exact numbers (cut at 10 decimals), ISO dates. */
export function shown(v: IValue): string {
  if (v === null) return "absent";
  if (isDec(v)) return v.decimalPlaces() > 10 ? `${exact(v.toDecimalPlaces(10, DecimalBase.ROUND_DOWN))}…` : exact(v);
  if (v instanceof Day) return isoDate(v.n);
  return String(v);
}

/** An unambiguous text for a list of values, to index them by (no separator can be forged by a value). */
export function keyOf(values: IValue[]): string {
  return JSON.stringify(values.map((v) => (v === null ? null : isDec(v) ? ["n", exact(v)] : v instanceof Day ? ["d", v.n] : typeof v === "boolean" ? ["b", v] : ["s", v])));
}

/** Orders two values of one kind: absent first, numbers by value, dates by day, text by character code. */
export function compareValues(a: IValue, b: IValue): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (isDec(a) && isDec(b)) return a.comparedTo(b);
  if (a instanceof Day && b instanceof Day) return a.n - b.n;
  const x = textForOrder(a);
  const y = textForOrder(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function textForOrder(v: IValue): string {
  return isDec(v) ? exact(v) : v instanceof Day ? isoDate(v.n) : String(v);
}

/** Plain character-code order of two strings. */
export function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type RoundingMode = "half up" | "half even" | "half down" | "up" | "down";

const MODES: Record<RoundingMode, DecimalBase.Rounding> = {
  "half up": DecimalBase.ROUND_HALF_UP,
  "half even": DecimalBase.ROUND_HALF_EVEN,
  "half down": DecimalBase.ROUND_HALF_DOWN,
  up: DecimalBase.ROUND_UP,
  down: DecimalBase.ROUND_DOWN,
};

/** Rounds to `places` decimals with a declared mode. */
export function roundTo(d: Dec, places: number, mode: RoundingMode): Dec {
  return d.toDecimalPlaces(places, MODES[mode]);
}
