/**
 * The built-in functions, as the reference interpreter reads them: written from their
 * definitions in `docs/language.md`, on the interpreter's own calendar (`values.ts`), and
 * independent of `runtime/functions.ts`, so a slip in either shows up in the differential
 * fuzzer. Plain over fast: month arithmetic walks month indexes, `months_between` counts up.
 */
import type { FunctionName } from "../runtime/functions.js";
import { civil, Day, Dec, dayOf, exact, isDec, isoDate, MONTHS, periodDays, periodOfDay, type IValue } from "./values.js";
import type { Grain } from "../runtime/schema.js";

const FIRST = dayOf(1, 1, 1);
const LAST = dayOf(9999, 12, 31);

/** A day number as a date value, or absent outside the years 1 to 9999. */
function date(n: number): IValue {
  return n >= FIRST && n <= LAST ? new Day(n) : null;
}

/** A whole number as a JS integer; absent for a fraction or a step too large to take. */
function whole(v: IValue): number | null {
  if (!isDec(v) || !v.isInteger() || v.abs().greaterThan(10_000_000)) return null;
  return v.toNumber();
}

function lastDayOfMonth(year: number, month: number): number {
  return month === 12 ? 31 : civil(dayOf(year, month + 1, 1) - 1).day;
}

/** The date `k` months on, its day kept where the month has it, else the month's last day. */
function plusMonths(n: number, k: number): IValue {
  const c = civil(n);
  const index = c.year * 12 + (c.month - 1) + k;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  if (year < 1 || year > 9999) return null;
  return new Day(dayOf(year, month, Math.min(c.day, lastDayOfMonth(year, month))));
}

/** Whole months from a to b: counted up from zero while one more month stays within b. */
function monthsFromTo(a: number, b: number): number {
  if (b < a) return -monthsFromTo(b, a);
  let n = 0;
  for (;;) {
    const next = plusMonths(a, n + 1);
    if (!(next instanceof Day) || next.n > b) return n;
    n++;
  }
}

function grainOfPeriod(p: string): Grain {
  if (/^\d{4}$/.test(p)) return "year";
  if (/^\d{4}-Q[1-4]$/.test(p)) return "quarter";
  return "month";
}

/** The period `k` periods of its own grain after p. */
function plusPeriods(p: string, k: number): IValue {
  const grain = grainOfPeriod(p);
  const moved = plusMonths(periodDays(p, grain).first, k * MONTHS[grain]);
  return moved instanceof Day ? periodOfDay(moved.n, grain) : null;
}

const text = (v: IValue): v is string => typeof v === "string";

/** Calls a built-in function by the name the IR gives. */
export function callFunction(fn: FunctionName, args: IValue[]): IValue {
  const [a, b] = args as [IValue, IValue];
  switch (fn) {
    case "min": case "max": {
      if (!args.every(isDec)) return null;
      let best = args[0] as Dec;
      for (const n of args.slice(1) as Dec[]) if (fn === "min" ? n.lessThan(best) : n.greaterThan(best)) best = n;
      return best;
    }
    case "abs": return isDec(a) ? a.abs() : null;
    case "month": case "quarter": case "year": return a instanceof Day ? periodOfDay(a.n, fn) : null;
    case "days_between": return a instanceof Day && b instanceof Day ? new Dec(b.n - a.n) : null;
    case "months_between": return a instanceof Day && b instanceof Day ? new Dec(monthsFromTo(a.n, b.n)) : null;
    case "add_days": { const k = whole(b); return a instanceof Day && k !== null ? date(a.n + k) : null; }
    case "add_months": { const k = whole(b); return a instanceof Day && k !== null ? plusMonths(a.n, k) : null; }
    case "add_periods": { const k = whole(b); return text(a) && k !== null ? plusPeriods(a, k) : null; }
    case "period_start": return text(a) ? new Day(periodDays(a, grainOfPeriod(a)).first) : null;
    case "period_end": return text(a) ? new Day(periodDays(a, grainOfPeriod(a)).last) : null;
    case "day_of_month": return a instanceof Day ? new Dec(civil(a.n).day) : null;
    case "text":
      if (a === null) return null;
      return isDec(a) ? exact(a) : a instanceof Day ? isoDate(a.n) : String(a);
    case "concat": return args.every(text) ? args.join("") : null;
    case "contains": return text(a) && text(b) ? a.indexOf(b) >= 0 : null;
    case "starts_with": return text(a) && text(b) ? a.slice(0, b.length) === b : null;
    case "ends_with": return text(a) && text(b) ? b.length === 0 || a.slice(-b.length) === b : null;
    case "upper": return text(a) ? a.toUpperCase() : null;
    case "lower": return text(a) ? a.toLowerCase() : null;
    case "trim": return text(a) ? a.trim() : null;
    case "length": return text(a) ? new Dec(Array.from(a).length) : null;
  }
}
