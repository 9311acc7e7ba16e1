/**
 * The shape of a compiled plan as the runtime receives it: metadata (JSON) and a `build`
 * function that returns closures. The compiler produces it; the runtime never imports the
 * compiler, so a backend job can run a compiled `.mjs` module on its own.
 */
import type { Env } from "./env.js";
import type { RoundingMode } from "./numeric.js";
import type { Grain, RecordSchema, Value } from "./schema.js";

/** A literal of the plan. */
export type ConstantMeta = { kind: "num"; text: string } | { kind: "text"; value: string } | { kind: "date"; day: number } | { kind: "bool"; value: boolean } | { kind: "null" };

/** How an output column prints. */
export type ColumnFormatMeta = { kind: "fixed"; places: number } | { kind: "text" } | { kind: "date" } | { kind: "boolean" };

/** What the runtime knows about a plan besides its code. */
export interface PlanMeta {
  accrue: 1;
  name: string;
  version?: string;
  currency: string;
  grain: Grain;
  firstDay: number;
  lastDay: number;
  /** First day of loaded history: rows from here to firstDay are credited for look-backs, never paid. */
  historyDay: number;
  sourcePath: string;
  records: RecordSchema[];
  hierarchies: { table: string; child: string; parent: string; validFrom?: string; validTo?: string }[];
  constants: ConstantMeta[];
  roles: string[];
  tiers: { name: string; mode: "marginal" | "retroactive"; bands: { lower?: number; upper?: number; rate: number; perUnit: boolean; line: number }[]; line: number }[];
  rates: { name: string; entries: { key: string; rate: number }[]; otherwise?: number; line: number }[];
  participants: { grain: Grain; table?: string; payeeField?: string; periodField?: string; fromField?: string; line: number }[];
  credits: { input: string; line: number }[];
  measures: { name: string; scope: "credit" | Grain; line: number; doc?: string }[];
  pays: {
    name: string; grain: Grain; line: number; clauseLines: { gates: number[]; caps: number[]; floors: number[] };
    runningCaps: { over: Grain; line: number }[]; budget: boolean; redirected: boolean; doc?: string;
  }[];
  outputs: { file: string; scope: "credit" | "exclusion" | "payout" | Grain; line: number; sortBy: string[]; columns: { name: string; format: ColumnFormatMeta }[] }[];
  balances: { name: string; grain: Grain; line: number }[];
  combinedCaps: { pays: string[]; grain: Grain; line: number }[];
  sharings: { input: string; fn: "count" | "rank" }[];
  reasons: string[];
}

/** Receives what a credit rule decides for one row. */
export interface CreditSink {
  exclude(reason: string, line: number): void;
  /** A condition (`what`: `exclude reason`, `if`, `each T.f where`) was absent: the row cannot be decided. */
  undecided(what: string, line: number): void;
  share(payee: Value, percent: Value, role: string, overlay: boolean, line: number, places?: number, mode?: RoundingMode): void;
  /** False when a table row's `where` was absent (reported through `undecided`): the body stops. */
  each(table: string, field: string, where: ((e: Env) => Value) | undefined, percent: Value, role: string, overlay: boolean, line: number, places?: number, mode?: RoundingMode): boolean;
  ancestors(hierarchy: string, of: Value, percent: Value, role: string, overlay: boolean, line: number, places?: number, mode?: RoundingMode): void;
}

type Fn = (e: Env) => Value;

/** The closures a plan module builds. */
export interface PlanFunctions {
  credits: { amount: Fn; date: Fn; body: (e: Env, out: CreditSink) => void }[];
  measures: Fn[];
  pays: { value: Fn; gates: Fn[]; caps: Fn[]; floors: Fn[]; runningCaps: Fn[]; budget?: Fn; payee?: Fn }[];
  outputs: { where?: Fn; columns: Fn[] }[];
  balances: { start: Fn; next: Fn }[];
  combinedCaps: Fn[];
  sharings: { keys: Fn[]; order: Fn[] }[];
}

/** A compiled plan: what `accrue compile` writes and `compilePlan` returns. */
export interface CompiledPlan {
  meta: PlanMeta;
  build(rt: unknown): PlanFunctions;
}
