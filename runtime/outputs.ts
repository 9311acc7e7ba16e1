/**
 * Output files of a run as text: payouts, credits, exclusions, rejects and the plan's own
 * outputs. Numbers print with a fixed number of decimals, never `-0.00`; rows are sorted by
 * character code so that the same inputs always give byte-identical files.
 */
import { formatDate } from "./calendar.js";
import type { Credit, Env, Group } from "./env.js";
import type { GroupSpace } from "./groups.js";
import type { PayoutRecord } from "./pays.js";
import * as N from "./numeric.js";
import type { ColumnFormatMeta, PlanFunctions, PlanMeta } from "./plan-module.js";
import type { Reject, Value } from "./schema.js";
import type { Exclusion, Payout } from "./engine.js";

/** A file a run writes: its name and its full text. */
export interface OutputFile {
  file: string;
  text: string;
}

/** What the outputs are made from. */
export interface OutputData {
  payouts: Payout[];
  credits: Credit[];
  exclusions: Exclusion[];
  rejects: Reject[];
  /** Every payout record, zero amounts included (outputs per payout filter them with `where`). */
  records: PayoutRecord[];
  space: GroupSpace;
  envFor(g: Group | null, c: Credit | null): Env;
  envForExclusion(x: Exclusion): Env;
  envForPayout(p: PayoutRecord): Env;
}

/** Renders every output file of a run. */
export function renderOutputs(meta: PlanMeta, fns: PlanFunctions, data: OutputData): OutputFile[] {
  const files: OutputFile[] = [
    csvFile("payouts.csv", ["payee", "period", "component", "amount"], data.payouts.map((p) => [p.payee, p.period, p.component, N.formatFixed(p.amount, 2)])),
  ];
  meta.outputs.forEach((o, i) => files.push(planOutput(o, fns.outputs[i]!, data)));
  if (!meta.outputs.some((o) => o.file === "credits.csv")) {
    const credits = [...data.credits].sort((a, b) => cmp(a.transaction, b.transaction) || cmp(a.payee, b.payee) || cmp(a.role, b.role) || a.seq - b.seq);
    files.push(csvFile("credits.csv", ["transaction", "payee", "role", "date", "amount"], credits.map((c) => [c.transaction, c.payee, c.role, formatDate(c.date), N.formatFixed(c.amount, 2)])));
  }
  if (!meta.outputs.some((o) => o.file === "exclusions.csv")) {
    files.push(csvFile("exclusions.csv", ["input", "transaction", "file", "line", "reason"], data.exclusions.map((x) => [x.input, x.transaction, x.file, String(x.line), x.reason])));
  }
  files.push(csvFile("rejects.csv", ["file", "line", "column", "reason"], data.rejects.map((r) => [r.file, String(r.line), r.column, r.reason])));
  return files;
}

function planOutput(o: PlanMeta["outputs"][number], fns: PlanFunctions["outputs"][number], data: OutputData): OutputFile {
  const all = envsFor(o.scope, data);
  const envs = fns.where ? all.filter((e) => fns.where!(e) === true) : all;
  const rows = envs.map((e) => fns.columns.map((col, i) => formatValue(col(e), o.columns[i]!.format)));
  const sortIndexes = o.sortBy.map((name) => o.columns.findIndex((c) => c.name === name));
  rows.sort((a, b) => {
    for (const i of sortIndexes) {
      const c = compareCells(a[i]!, b[i]!, o.columns[i]!.format);
      if (c !== 0) return c;
    }
    return 0;
  });
  return csvFile(o.file, o.columns.map((c) => c.name), rows);
}

/**
 * The order of two printed cells of a column: empty (absent) first; numbers by the value
 * printed (so 9.00 comes before 10.00, and two amounts that print alike tie); dates, whose ISO
 * text sorts as the calendar does, and text by character code.
 */
function compareCells(a: string, b: string, format: ColumnFormatMeta): number {
  if (a === "" || b === "") return a === b ? 0 : a === "" ? -1 : 1;
  if (format.kind === "fixed") return N.cmp(N.num(a), N.num(b));
  return cmp(a, b);
}

/** The rows an output lists: credits, exclusions, payouts, or the groups of a grain. */
function envsFor(scope: PlanMeta["outputs"][number]["scope"], data: OutputData): Env[] {
  switch (scope) {
    case "credit": return data.credits.map((c) => data.envFor(null, c));
    case "exclusion": return data.exclusions.map((x) => data.envForExclusion(x));
    case "payout": return data.records.map((p) => data.envForPayout(p));
    default: return data.space.population(scope).map((g) => data.envFor(g, null));
  }
}

/** Prints a value in a column's format; an absent value is an empty cell. */
export function formatValue(v: Value, format: ColumnFormatMeta): string {
  if (v === null) return "";
  if (typeof v === "object") return format.kind === "fixed" ? N.formatFixed(v, format.places) : N.formatExact(v);
  if (format.kind === "date" && typeof v === "number") return formatDate(v);
  return String(v);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvFile(file: string, header: string[], rows: string[][]): OutputFile {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(","));
  return { file, text: lines.join("\n") + "\n" };
}
