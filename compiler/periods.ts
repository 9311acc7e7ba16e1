/** Period arithmetic the checker needs for look-backs: how far back a look reaches. */
import type { Grain } from "../language/syntax.js";
import { dateParts, formatDate } from "../runtime/calendar.js";

/** Months in a period of each grain. */
export const MONTHS_IN: Record<Grain, number> = { month: 1, quarter: 3, year: 12 };

/**
 * When a look-back of `months` from the plan's first period of `grain` starts before the loaded
 * history, the message that says so; otherwise undefined. The first period is the one holding
 * the plan's first day, so the reach counts from that period's first day: a plan that starts on
 * 1 February looks back one quarter from 2026-Q1, which starts in January, to 2025-Q4.
 */
export function reachBeforeHistory(calendar: { firstDay: number; historyDay: number }, months: number, grain: Grain): string | undefined {
  const first = dateParts(calendar.firstDay);
  const monthOfYear = first.month - 1;
  const total = first.year * 12 + (monthOfYear - (monthOfYear % MONTHS_IN[grain])) - months;
  const reachedYear = Math.floor(total / 12);
  const reachedMonth = (total % 12) + 1;
  const history = dateParts(calendar.historyDay);
  const reachedKey = reachedYear * 12 + reachedMonth;
  const historyKey = history.year * 12 + history.month + (history.day > 1 ? 1 : 0);
  if (reachedKey >= historyKey) return undefined;
  const reached = `${reachedYear}-${String(reachedMonth).padStart(2, "0")}`;
  return `for the plan's first period this look-back reaches ${reached}, before the loaded history (${calendar.historyDay === calendar.firstDay ? "none: the plan starts" : "it starts"} ${formatDate(calendar.historyDay)}); add \`history from ${reached}-01\` to the plan header`;
}

