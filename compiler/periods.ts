/** Period arithmetic the checker needs for look-backs: how far back a look reaches. */
import type { Grain } from "../language/syntax.js";
import { dateParts, formatDate } from "../runtime/calendar.js";

/** Months in a period of each grain. */
export const MONTHS_IN: Record<Grain, number> = { month: 1, quarter: 3, year: 12 };

/**
 * When a look-back of `months` from the plan's first period starts before the loaded history,
 * the message that says so; otherwise undefined.
 */
export function reachBeforeHistory(calendar: { firstDay: number; historyDay: number }, months: number): string | undefined {
  const first = dateParts(calendar.firstDay);
  const total = first.year * 12 + (first.month - 1) - months;
  const reachedYear = Math.floor(total / 12);
  const reachedMonth = (total % 12) + 1;
  const history = dateParts(calendar.historyDay);
  const reachedKey = reachedYear * 12 + reachedMonth;
  const historyKey = history.year * 12 + history.month + (history.day > 1 ? 1 : 0);
  if (reachedKey >= historyKey) return undefined;
  const reached = `${reachedYear}-${String(reachedMonth).padStart(2, "0")}`;
  return `for the plan's first period this look-back reaches ${reached}, before the loaded history (${calendar.historyDay === calendar.firstDay ? "none: the plan starts" : "it starts"} ${formatDate(calendar.historyDay)}); add \`history from ${reached}-01\` to the plan header`;
}

