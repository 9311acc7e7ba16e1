/**
 * Period windows: a measure of the same payee read in other periods. One form says every
 * period-relative value of a plan: `M 1 year earlier` and `goal this year` (the value in one
 * period), `sum of M over months of this quarter`, `average of M over previous 3 months`, `any
 * of M over earlier months` (aggregates over several). This module is part of the contract
 * between a compiled plan and the runtime: the compiler emits a `PeriodWindow`, the engine
 * turns it into the list of periods to read.
 */
import type { Grain } from "./schema.js";
import { periodBounds, periodMonthsBefore, periodOf, periodsBetween } from "./calendar.js";

/** What a window makes of the measure's values: one period's value, or an aggregate. */
export type WindowFn = "value" | "sum" | "minimum" | "maximum" | "average" | "any";

/**
 * The periods of `grain` a window reads, for a group's period P. The base is the periods of
 * `grain` that overlap P (P itself for the same grain; its three months for a quarter; the
 * year that holds it for a year); `from` moves the first of them and `to` the last, in periods
 * of `grain` (absent: from the start of loaded history, to the end of the plan); `within`
 * keeps them inside the period of that grain that holds P.
 */
export interface PeriodWindow {
  grain: Grain;
  from?: number;
  to?: number;
  within?: Grain;
}

const MONTHS: Record<Grain, number> = { month: 1, quarter: 3, year: 12 };

/** The period of its grain `n` periods after `period` (before, for negative n). */
function shift(period: string, grain: Grain, n: number): string {
  return n === 0 ? period : periodMonthsBefore(period, grain, -n * MONTHS[grain]);
}

/**
 * The window's periods for a group's period, in order. Aggregates read only periods from the
 * start of loaded history to the end of the plan (`known`); a one-period value is read where
 * the window points (the checker keeps it within history).
 */
export function windowPeriods(w: PeriodWindow, period: string, periodGrain: Grain, known: { first: number; last: number } | undefined): string[] {
  const { first, last } = periodBounds(period, periodGrain);
  let lo = w.from === undefined ? periodOf(known?.first ?? first, w.grain) : shift(periodOf(first, w.grain), w.grain, w.from);
  let hi = w.to === undefined ? periodOf(known?.last ?? last, w.grain) : shift(periodOf(last, w.grain), w.grain, w.to);
  if (w.within) {
    const holder = periodBounds(periodOf(first, w.within), w.within);
    lo = later(lo, periodOf(holder.first, w.grain));
    hi = earlier(hi, periodOf(holder.last, w.grain));
  }
  if (known) {
    lo = later(lo, periodOf(known.first, w.grain));
    hi = earlier(hi, periodOf(known.last, w.grain));
  }
  if (lo > hi) return [];
  return periodsBetween(periodBounds(lo, w.grain).first, periodBounds(hi, w.grain).last, w.grain);
}

// Periods of one grain compare as text ("2025-11" < "2026-02", "2025-Q4" < "2026-Q1").
function later(a: string, b: string): string {
  return a > b ? a : b;
}

function earlier(a: string, b: string): string {
  return a < b ? a : b;
}
