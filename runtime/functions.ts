/**
 * The built-in functions of the plan language, as the runtime computes them. A plan calls one
 * by name (`add_months`, `starts_with`, ...): the IR's `call` node names it, the code generator
 * writes `rt.call("name", [args])`, and the checker knows each one's signature
 * (`compiler/functions.ts`). A new function is one entry here, one there, and one in the
 * reference interpreter: no token, IR kind or runtime operation of its own.
 *
 * Every function is total: an absent argument, or one it has no answer for (a date pushed past
 * the year 9999), gives an absent value, which the run reports where a payout needs it.
 */
import { dateParts, dayNumber, formatDate, periodBounds, periodMonthsBefore, periodOf } from "./calendar.js";
import * as N from "./numeric.js";
import type { Grain, Value } from "./schema.js";

type V = Value;

/** The names a compiled plan may call; the compiler imports this list, so both sides agree. */
export const FUNCTION_NAMES = [
  "min", "max", "abs",
  "month", "quarter", "year", "days_between", "months_between", "add_days", "add_months", "add_periods",
  "period_start", "period_end", "day_of_month",
  "text", "concat", "contains", "starts_with", "ends_with", "upper", "lower", "trim", "length",
] as const;

export type FunctionName = (typeof FUNCTION_NAMES)[number];

const isNum = (v: V): v is N.Num => N.isNum(v);
const isDay = (v: V): v is number => typeof v === "number";
const isText = (v: V): v is string => typeof v === "string";

/** A whole number of days or months as a JS integer, or undefined (a fraction, or too large to move a date by). */
function steps(v: V): number | undefined {
  if (!isNum(v) || !N.isInteger(v)) return undefined;
  const n = N.toInteger(v);
  return Math.abs(n) <= 10_000_000 ? n : undefined;
}

/**
 * Day numbers of 0001-01-01 and 9999-12-31: dates are written with four-digit years. Literals,
 * not `dayNumber` calls: this module loads while the calendar's may still be loading.
 */
const FIRST_DAY = -719_162;
const LAST_DAY = 2_932_896;

function inRange(day: number): V {
  return day >= FIRST_DAY && day <= LAST_DAY ? day : null;
}

/** A date moved by whole months; a day past the end of the target month becomes its last day (31 January + 1 month = 28 or 29 February). */
function addMonths(day: number, months: number): V {
  const p = dateParts(day);
  const total = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  if (year < 1 || year > 9999) return null;
  const last = dayNumber(year, month, 1)! + daysInMonth(year, month) - 1;
  return Math.min(dayNumber(year, month, 1)! + p.day - 1, last);
}

function daysInMonth(year: number, month: number): number {
  const next = month === 12 ? dayNumber(year + 1, 1, 1) ?? LAST_DAY + 1 : dayNumber(year, month + 1, 1)!;
  return next - dayNumber(year, month, 1)!;
}

/**
 * Whole months from one date to another: the most months that can be added to the earlier
 * date without passing the later one (negative when the second date is earlier).
 */
function monthsBetween(from: number, to: number): number {
  if (to < from) return -monthsBetween(to, from);
  const a = dateParts(from);
  const b = dateParts(to);
  let n = (b.year - a.year) * 12 + (b.month - a.month);
  while (n > 0 && (addMonths(from, n) as number) > to) n--;
  return n;
}

/** The grain of a period's text: `2026-03`, `2026-Q1`, `2026`. */
function grainOf(period: string): Grain {
  return period.length === 4 ? "year" : period.charAt(5) === "Q" ? "quarter" : "month";
}

const MONTHS_IN: Record<Grain, number> = { month: 1, quarter: 3, year: 12 };

/** A period moved by whole periods of its own grain. */
function addPeriods(period: string, n: number): V {
  const grain = grainOf(period);
  const first = dateParts(periodBounds(period, grain).first);
  const year = Math.floor((first.year * 12 + first.month - 1 + n * MONTHS_IN[grain]) / 12);
  if (year < 1 || year > 9999) return null;
  return periodMonthsBefore(period, grain, -n * MONTHS_IN[grain]);
}

/** How a value reads as text: numbers with every digit, dates as YYYY-MM-DD, periods as written. */
function asText(v: V): V {
  if (v === null) return null;
  if (isNum(v)) return N.formatExact(v);
  if (isDay(v)) return formatDate(v);
  return String(v);
}

function numbers(args: V[]): N.Num[] | undefined {
  return args.every(isNum) ? (args as N.Num[]) : undefined;
}

function texts(args: V[]): string[] | undefined {
  return args.every(isText) ? (args as string[]) : undefined;
}

const IMPLEMENTATIONS: { readonly [F in FunctionName]: (args: V[]) => V } = {
  min: (args) => numbers(args)?.reduce((a, b) => N.min(a, b)) ?? null,
  max: (args) => numbers(args)?.reduce((a, b) => N.max(a, b)) ?? null,
  abs: ([a]) => (isNum(a!) ? N.abs(a) : null),
  month: ([d]) => (isDay(d!) ? periodOf(d, "month") : null),
  quarter: ([d]) => (isDay(d!) ? periodOf(d, "quarter") : null),
  year: ([d]) => (isDay(d!) ? periodOf(d, "year") : null),
  days_between: ([a, b]) => (isDay(a!) && isDay(b!) ? N.num(b - a) : null),
  months_between: ([a, b]) => (isDay(a!) && isDay(b!) ? N.num(monthsBetween(a, b)) : null),
  add_days: ([d, n]) => {
    const k = steps(n!);
    return isDay(d!) && k !== undefined ? inRange(d + k) : null;
  },
  add_months: ([d, n]) => {
    const k = steps(n!);
    return isDay(d!) && k !== undefined ? addMonths(d, k) : null;
  },
  add_periods: ([p, n]) => {
    const k = steps(n!);
    return isText(p!) && k !== undefined ? addPeriods(p, k) : null;
  },
  period_start: ([p]) => (isText(p!) ? periodBounds(p, grainOf(p)).first : null),
  period_end: ([p]) => (isText(p!) ? periodBounds(p, grainOf(p)).last : null),
  day_of_month: ([d]) => (isDay(d!) ? N.num(dateParts(d).day) : null),
  text: ([v]) => asText(v!),
  concat: (args) => texts(args)?.join("") ?? null,
  contains: (args) => { const t = texts(args); return t ? t[0]!.includes(t[1]!) : null; },
  starts_with: (args) => { const t = texts(args); return t ? t[0]!.startsWith(t[1]!) : null; },
  ends_with: (args) => { const t = texts(args); return t ? t[0]!.endsWith(t[1]!) : null; },
  upper: ([t]) => (isText(t!) ? t.toUpperCase() : null),
  lower: ([t]) => (isText(t!) ? t.toLowerCase() : null),
  trim: ([t]) => (isText(t!) ? t.trim() : null),
  length: ([t]) => (isText(t!) ? N.num([...t].length) : null),
};

const BY_NAME = new Map<string, (args: V[]) => V>(Object.entries(IMPLEMENTATIONS));

/** Calls a built-in function; the name comes from the compiled plan, never from data. */
export function call(fn: FunctionName, args: V[]): V {
  const f = BY_NAME.get(fn);
  if (!f) throw new Error(`internal: the compiled plan calls \`${fn}\`, which this runtime does not have`);
  return f(args);
}
