/** Period arithmetic the checker needs for windows: how far back one reaches. */
import type { Grain } from "../language/syntax.js";
import { dateParts, formatDate } from "../runtime/calendar.js";
import type { PeriodWindow } from "../runtime/windows.js";

/** Months in a period of each grain. */
export const MONTHS_IN: Record<Grain, number> = { month: 1, quarter: 3, year: 12 };

/** The longer of two grains. */
export function longer(a: Grain, b: Grain): Grain {
  return MONTHS_IN[a] >= MONTHS_IN[b] ? a : b;
}

/**
 * When a window that reaches back (`previous 3 months`, `1 year earlier`) starts before the
 * loaded history for the plan's first period of `grain`, the message that says so; otherwise
 * undefined. The first period is the one holding the plan's first day, so the reach counts from
 * that period's first day: a plan that starts on 1 February looks back one quarter from
 * 2026-Q1, which starts in January, to 2025-Q4. Later periods reach later.
 */
export function reachBeforeHistory(calendar: { firstDay: number; historyDay: number }, grain: Grain, w: PeriodWindow): string | undefined {
  if (w.from === undefined || w.from >= 0) return undefined;
  const first = dateParts(calendar.firstDay);
  const monthOfYear = first.month - 1;
  // The window's first period of its own grain, for the plan's first period, then moved back.
  const aligned = longer(grain, w.grain);
  const total = first.year * 12 + (monthOfYear - (monthOfYear % MONTHS_IN[aligned])) + w.from * MONTHS_IN[w.grain];
  const reachedYear = Math.floor(total / 12);
  const reachedMonth = (total % 12) + 1;
  const history = dateParts(calendar.historyDay);
  const reachedKey = reachedYear * 12 + reachedMonth;
  const historyKey = history.year * 12 + history.month + (history.day > 1 ? 1 : 0);
  if (reachedKey >= historyKey) return undefined;
  const reached = `${reachedYear}-${String(reachedMonth).padStart(2, "0")}`;
  return `for the plan's first period this look-back reaches ${reached}, before the loaded history (${calendar.historyDay === calendar.firstDay ? "none: the plan starts" : "it starts"} ${formatDate(calendar.historyDay)}); add \`history from ${reached}-01\` to the plan header`;
}
