/**
 * Dates and periods. A date is a whole number of days since 1970-01-01 (UTC calendar), so
 * comparisons and "days between" are integer arithmetic and never touch time zones.
 */
import { compositeKey } from "./keys.js";
import type { Grain } from "./schema.js";

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for a calendar date, or undefined when the date does not exist. */
export function dayNumber(year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1 || year > 9999) return undefined;
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return Math.round(d.getTime() / MS_PER_DAY);
}

/** The calendar parts of a day number. */
export function dateParts(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO text (YYYY-MM-DD) of a day number. */
export function formatDate(day: number): string {
  const p = dateParts(day);
  return `${pad4(p.year)}-${pad2(p.month)}-${pad2(p.day)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

// Period text always has a four-digit year, so periodOf agrees with parsePeriod for years < 1000.
function pad4(n: number): string {
  return String(n).padStart(4, "0");
}

/**
 * Parses a date written in a declared format made of YYYY, MM, DD and literal separators
 * (`YYYY-MM-DD`, `YYYY/MM/DD`, `DD.MM.YYYY`, `MM/DD/YYYY`). Undefined when the text does not fit.
 */
export function parseDate(text: string, format: string): number | undefined {
  // Exports repeat the same dates on many rows: parse each distinct text once.
  const key = compositeKey([format, text]);
  const known = dateMemo.get(key);
  if (known !== undefined || dateMemo.has(key)) return known;
  const day = dateParserFor(format)(text);
  if (dateMemo.size > 100_000) dateMemo.clear();
  dateMemo.set(key, day);
  return day;
}

const dateMemo = new Map<string, number | undefined>();

const parsers = new Map<string, (text: string) => number | undefined>();

function dateParserFor(format: string): (text: string) => number | undefined {
  let parser = parsers.get(format);
  if (parser) return parser;
  const order: string[] = [];
  const pattern = format.replace(/YYYY|MM|DD|[.*+?^${}()|[\]\\]/g, (part) => {
    if (part === "YYYY") { order.push("y"); return "(\\d{4})"; }
    if (part === "MM") { order.push("m"); return "(\\d{2})"; }
    if (part === "DD") { order.push("d"); return "(\\d{2})"; }
    return "\\" + part;
  });
  const re = new RegExp(`^${pattern}$`);
  parser = (text: string) => {
    const m = re.exec(text.trim());
    if (!m) return undefined;
    const parts: Record<string, number> = {};
    order.forEach((k, i) => { parts[k] = Number(m[i + 1]); });
    return dayNumber(parts.y ?? 0, parts.m ?? 0, parts.d ?? 1);
  };
  parsers.set(format, parser);
  return parser;
}

/** True when a date format names a year, a month and a day. */
export function isValidDateFormat(format: string): boolean {
  return format.includes("YYYY") && format.includes("MM") && format.includes("DD");
}

/** The period of a grain that contains a day: `2026-03`, `2026-Q1`, `2026`. */
export function periodOf(day: number, grain: Grain): string {
  // Runs once per credit and grain; a plan's rows fall on few distinct days, so remember them.
  const memo = periodMemo[grain];
  const known = memo.get(day);
  if (known !== undefined) return known;
  const p = dateParts(day);
  let period: string;
  switch (grain) {
    case "month": period = `${pad4(p.year)}-${pad2(p.month)}`; break;
    case "quarter": period = `${pad4(p.year)}-Q${Math.floor((p.month - 1) / 3) + 1}`; break;
    case "year": period = pad4(p.year); break;
  }
  if (memo.size > 100_000) memo.clear();
  memo.set(day, period);
  return period;
}

const periodMemo: Record<Grain, Map<number, string>> = { month: new Map(), quarter: new Map(), year: new Map() };

/** Parses period text of a grain (`2026-03`, `2026-Q1`, `2026`) and returns it normalised. */
export function parsePeriod(text: string, grain: Grain): string | undefined {
  const t = text.trim();
  const m = grain === "month" ? /^(\d{4})-(\d{2})$/.exec(t) : grain === "quarter" ? /^(\d{4})-Q([1-4])$/.exec(t) : /^(\d{4})$/.exec(t);
  if (!m) return undefined;
  if (grain === "month" && (Number(m[2]) < 1 || Number(m[2]) > 12)) return undefined;
  return t;
}

/** First and last day of a period, from its text. */
export function periodBounds(period: string, grain: Grain): { first: number; last: number } {
  const year = Number(period.slice(0, 4));
  let firstMonth = 1;
  let months = 12;
  if (grain === "month") { firstMonth = Number(period.slice(5, 7)); months = 1; }
  if (grain === "quarter") { firstMonth = (Number(period.slice(6)) - 1) * 3 + 1; months = 3; }
  const first = dayNumber(year, firstMonth, 1)!;
  const endMonth = firstMonth + months;
  const next = endMonth > 12 ? dayNumber(year + 1, endMonth - 12, 1)! : dayNumber(year, endMonth, 1)!;
  return { first, last: next - 1 };
}

/** The period of a grain that starts `months` before the period `period` of the same grain. */
export function periodMonthsBefore(period: string, grain: Grain, months: number): string {
  const first = dateParts(periodBounds(period, grain).first);
  const total = first.year * 12 + (first.month - 1) - months;
  return periodOf(dayNumber(Math.floor(total / 12), (total % 12) + 1, 1)!, grain);
}

/** Every period of a grain that overlaps the days from `first` to `last`, in order. */
export function periodsBetween(first: number, last: number, grain: Grain): string[] {
  const out: string[] = [];
  let day = first;
  while (day <= last) {
    const p = periodOf(day, grain);
    out.push(p);
    day = periodBounds(p, grain).last + 1;
  }
  return out;
}
