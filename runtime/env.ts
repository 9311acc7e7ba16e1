/**
 * What generated code sees while it runs: the row, credit or payee-period group being
 * evaluated, and the run's tables and measures. Built by the engine, read by `ops.ts`.
 */
import type { Grain, Value } from "./schema.js";
import type { PeriodWindow, WindowFn } from "./windows.js";

/** One credit: a share of a row's amount given to a payee in a role. */
export interface Credit {
  /** Position in the run, for a stable order. */
  seq: number;
  input: string;
  /** The row's key (its declared key fields), or file:line when it has none. */
  transaction: string;
  payee: string;
  role: string;
  amount: import("./numeric.js").Num;
  date: number;
  /** Plan line of the statement that made it. */
  line: number;
  row: Record<string, Value>;
  /** Source file and line of the row. */
  file: string;
  sourceLine: number;
  /** Per-credit measure values, filled on demand. */
  memo?: Map<number, Value>;
}

/** A payee and a period of a grain: the unit measures and payouts are computed for. */
export interface Group {
  payee: string;
  period: string;
  grain: Grain;
  credits: Credit[];
  /** Group measure values, filled on demand. */
  memo: Map<number, Value>;
}

/** A record of how a value was reached, for `accrue explain`. */
export interface TraceEvent {
  kind: "measure" | "tier" | "rate" | "lookup" | "gate" | "cap" | "floor" | "budget" | "pay" | "balance" | "periods";
  name: string;
  line: number;
  detail: string;
}

/** The evaluation environment handed to every generated function. */
export interface Env {
  r: Record<string, Value> | null;
  input: string | null;
  c: Credit | null;
  g: Group | null;
  /** The table row of `each T.field where ...`. */
  t: Record<string, Value> | null;
  /** The date a credit rule dates its row on (for `parent of`), in row context. */
  date?: number | null;
  /** The exclusion listed, in outputs per exclusion. */
  x?: Record<string, Value>;
  /** The payout listed, in outputs per payout. */
  p?: Record<string, Value>;
  /** Credits an aggregate runs over: the group's, or a `count distinct ... having` subgroup's. */
  credits: Credit[];
  run: RunContext;
  trace?: TraceEvent[];
}

/** Services of the running plan that generated code reaches through `ops`. */
export interface RunContext {
  lookup(table: string, keys: Value[]): Record<string, Value> | null;
  measure(env: Env, index: number): Value;
  rowMeasure(env: Env, index: number): Value;
  /** A measure of the same payee in other periods: one period's value, or an aggregate over them (runtime/windows.ts). */
  window(env: Env, fn: WindowFn, index: number, w: PeriodWindow): Value;
  /** A balance's opening or closing value for the group. */
  balance(env: Env, index: number, closing: boolean): Value;
  /** The parent of a child in a hierarchy on the row's date; a child with several parents then rejects the row. */
  parentOf(env: Env, hierarchy: string, child: Value, line: number): Value;
  /** A count or rank of the current row among the rows of its input sharing keys. */
  sharing(env: Env, index: number): Value;
  /** Reports a problem that did not stop the run (it lands in the run's issues). */
  issue(message: string): void;
  tierMeta(index: number): { name: string; mode: "marginal" | "retroactive"; bands: { lower?: number; upper?: number; rate: number; perUnit: boolean; line: number }[]; line: number };
  ratesMeta(index: number): { name: string; entries: { key: string; rate: number }[]; otherwise?: number; line: number };
  constants: Value[];
}
