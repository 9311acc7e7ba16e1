/**
 * The files of an interpreted run, in the formats the language defines: CSV with a header,
 * numbers with the decimals their column declares, rows sorted by the declared columns in
 * character-code order (ties keep the order the rows were made in).
 */
import type { OutputIr, PlanIr } from "../compiler/ir.js";
import type { Reject } from "../runtime/schema.js";
import { EMPTY_SCOPE, evaluate, type ICredit, type IGroup, type Scope, type World } from "./evaluate.js";
import type { IPayout } from "./pays.js";
import { byCode, Day, Dec, exact, fixed, isDec, isoDate, type IValue } from "./values.js";

export interface OutputFile {
  file: string;
  text: string;
}

/** A row left out by a rule or by the engine's own reasons. */
export interface IExclusion {
  input: string;
  transaction: string;
  file: string;
  line: number;
  reason: string;
  values: Map<string, IValue>;
}

/** What the files are made from. */
export interface FileWorld extends World {
  credits: ICredit[];
  exclusions: IExclusion[];
  rejects: Reject[];
  population(grain: OutputIr["scope"] & ("month" | "quarter" | "year")): { groups: IGroup[] };
  groupScope(g: IGroup): Scope;
}

/** payouts.csv, the plan's outputs in order, then credits.csv and exclusions.csv unless the plan writes its own, then rejects.csv. */
export function renderFiles(world: FileWorld, records: IPayout[]): OutputFile[] {
  const plan: PlanIr = world.plan;
  const paid = records.filter((r) => !r.amount.isZero());
  const files = [csv("payouts.csv", ["payee", "period", "component", "amount"], paid.map((p) => [p.payee, p.period, p.component, fixed(p.amount, 2)]))];
  for (const o of plan.outputs) files.push(planOutput(world, o, records));
  const inPlan = world.credits.filter((c) => c.date.n >= plan.firstDay);
  if (!plan.outputs.some((o) => o.file === "credits.csv")) {
    const sorted = [...inPlan].sort((a, b) => byCode(a.transaction, b.transaction) || byCode(a.payee, b.payee) || byCode(a.role, b.role) || a.seq - b.seq);
    files.push(csv("credits.csv", ["transaction", "payee", "role", "date", "amount"], sorted.map((c) => [c.transaction, c.payee, c.role, isoDate(c.date.n), fixed(c.amount, 2)])));
  }
  if (!plan.outputs.some((o) => o.file === "exclusions.csv")) {
    files.push(csv("exclusions.csv", ["input", "transaction", "file", "line", "reason"], world.exclusions.map((x) => [x.input, x.transaction, x.file, String(x.line), x.reason])));
  }
  files.push(csv("rejects.csv", ["file", "line", "column", "reason"], world.rejects.map((r) => [r.file, String(r.line), r.column, r.reason])));
  return files;
}

function planOutput(world: FileWorld, o: OutputIr, records: IPayout[]): OutputFile {
  const scopes = scopesFor(world, o, records).filter((s) => !o.where || evaluate(world, o.where, s) === true);
  const rows = scopes.map((s) => o.columns.map((c) => cell(evaluate(world, c.value, s), c.format)));
  const by = o.sortBy.map((name) => o.columns.findIndex((c) => c.name === name));
  rows.sort((a, b) => {
    for (const i of by) {
      const c = cellOrder(a[i]!, b[i]!, o.columns[i]!.format);
      if (c !== 0) return c;
    }
    return 0;
  });
  return csv(o.file, o.columns.map((c) => c.name), rows);
}

/** The rows an output lists, each as the scope its columns are evaluated in. */
function scopesFor(world: FileWorld, o: OutputIr, records: IPayout[]): Scope[] {
  switch (o.scope) {
    case "credit":
      return world.credits.filter((c) => c.date.n >= world.plan.firstDay).map((c) => ({ ...EMPTY_SCOPE, credit: c, row: { input: c.input, values: c.row, date: null } }));
    case "exclusion":
      return world.exclusions.map((x) => ({
        ...EMPTY_SCOPE,
        row: { input: x.input, values: x.values, date: null },
        exclusion: new Map<string, IValue>([["reason", x.reason], ["input", x.input], ["transaction", x.transaction], ["line", new Dec(x.line)]]),
      }));
    case "payout":
      return records.map((p) => ({
        ...EMPTY_SCOPE,
        payout: new Map<string, IValue>([["payee", p.payee], ["period", p.period], ["component", p.component], ["amount", p.amount], ["uncapped", p.uncapped]]),
      }));
    default:
      return world.population(o.scope).groups.map((g) => world.groupScope(g));
  }
}

/** Sorting by a column: absent (empty) first, numbers by the value printed, dates and text by their text's character codes. */
function cellOrder(a: string, b: string, format: OutputIr["columns"][number]["format"]): number {
  if (a === "" || b === "") return a === b ? 0 : a === "" ? -1 : 1;
  return format.kind === "fixed" ? new Dec(a).comparedTo(new Dec(b)) : byCode(a, b);
}

/** A value in a column's format; absent is an empty cell. */
function cell(v: IValue, format: OutputIr["columns"][number]["format"]): string {
  if (v === null) return "";
  if (isDec(v)) return format.kind === "fixed" ? fixed(v, format.places) : exact(v);
  if (v instanceof Day) return isoDate(v.n);
  return String(v);
}

function csv(file: string, header: string[], rows: string[][]): OutputFile {
  const quote = (t: string) => (/[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
  return { file, text: [header, ...rows].map((r) => r.map(quote).join(",")).join("\n") + "\n" };
}
