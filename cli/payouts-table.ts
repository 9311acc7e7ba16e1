/** The payouts as a plain-text table for the terminal: people scan it, files hold the full list. */
import { numeric, type Payout } from "../runtime/index.js";

/** More rows than this and the table shows only the first ones; the full list is in payouts.csv. */
const FULL_TABLE_LIMIT = 40;
/** Rows shown when the table is cut. */
const CUT_TABLE_ROWS = 20;

/** Payee, period, component and amount in aligned columns, amounts right-aligned; a cut table names `fullList`. */
export function formatPayoutsTable(payouts: readonly Payout[], fullList: string): string {
  if (payouts.length === 0) return "no payouts";
  const shown = payouts.length <= FULL_TABLE_LIMIT ? payouts : payouts.slice(0, CUT_TABLE_ROWS);
  const rows = shown.map((p) => [p.payee, p.period, p.component, numeric.formatFixed(p.amount, 2)]);
  const header = ["payee", "period", "component", "amount"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
  const lines = [line(header), ...rows.map(line)];
  if (shown.length < payouts.length) {
    lines.push(`… ${payouts.length - shown.length} more (${payouts.length} payouts in all: see ${fullList})`, "", componentTotals(payouts));
  }
  return lines.join("\n");
}

/** Per component: how many payouts and their total, so a cut table still shows the whole run. */
export function componentTotals(payouts: readonly Payout[]): string {
  const totals = new Map<string, { count: number; sum: numeric.Num }>();
  for (const p of payouts) {
    const t = totals.get(p.component) ?? { count: 0, sum: numeric.ZERO };
    totals.set(p.component, { count: t.count + 1, sum: numeric.add(t.sum, p.amount) });
  }
  const rows = [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([c, t]) => [c, String(t.count), numeric.formatFixed(t.sum, 2)]);
  const header = ["component", "payouts", "total"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}
