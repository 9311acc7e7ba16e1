/**
 * The structure of a generated plan, as fast-check draws it: declarations, credit statements and
 * typed expressions. A spec never names what it refers to directly: a measure reference picks
 * among the earlier measures of its type and grain, a field among the context's fields of its
 * type, when the plan is rendered (plan-render.ts). So any part of a spec can be shrunk away and
 * what is left still renders to a well-typed plan: a reference that finds no target gets a plain
 * measure or balance declared for it, and only a form its context cannot hold (a roll-up of a
 * type nothing rolls up) falls back to a plain value of its type.
 */
import type { Grain } from "../language/syntax.js";
import type { TableName } from "./universe.js";

/** Where an expression stands: a credit rule, inside an aggregate (a credit), a group, or a row of an output per exclusion or payout. */
export type Ctx = "row" | "credit" | "group" | "exclusion" | "payout";
/** The types the generator draws expressions of. */
export type XTy = "money" | "percent" | "count" | "decimal" | "bool" | "text" | "date";
export type CmpOp = "=" | "<>" | "<" | "<=" | ">" | ">=";
export type RoundMode = "half up" | "half even" | "half down" | "up" | "down";

/** A rounding: mode and precision (`cents` is 2, `whole units` is 0, else `N decimals`). */
export interface RoundSpec {
  mode: RoundMode;
  places: "cents" | "whole units" | 0 | 1 | 2 | 3 | 4;
}

/** A tier table drawn where it is used; the renderer declares it. Bounds are increments, so they ascend. */
export interface TierSpec {
  mode: "marginal" | "retroactive";
  /** Unit of the bounds: the value looked up must have it. */
  unit: "money" | "percent" | "count";
  perUnit: boolean;
  /** `below b0: ...` first, rather than `from b0 to b1: ...`. */
  openBelow: boolean;
  negativeStart: boolean;
  /** The open top band earns nothing (`from 100,000: 0%`). */
  zeroTop: boolean;
  steps: number[];
  rates: number[];
}

/** A rate table drawn where it is used, keyed by an enumeration or a text field. */
export interface RatesSpec {
  key: "tier" | "level" | "category";
  entries: { value: number; rate: number }[];
  otherwise: number | null;
  money: boolean;
}

/** A window, days relative to the plan's first day; `forDays` writes `for N days`. */
export interface WindowSpec {
  start: number;
  length: number;
  forDays: boolean;
}

/** A period-valued expression, rendered at the grain of the comparison holding it. */
export type PeriodX = { k: "periodOf"; a: X } | { k: "creditPeriod" } | { k: "booked" } | { k: "lookupPeriod" } | { k: "shiftPeriod"; a: PeriodX; n: number };

/** A typed expression. Which kinds may stand where is decided by the arbitraries (spec-arbitraries.ts). */
export type X =
  | { k: "lit"; ty: XTy; v: number }
  | { k: "field"; ty: XTy; i: number; input: number }
  | { k: "credit"; prop: "amount" | "date" | "payee" }
  | { k: "payee" }
  | { k: "lookup"; ty: XTy; i: number }
  | { k: "rowPresent"; table: TableName; present: boolean }
  | { k: "mref"; ty: XTy; i: number }
  /** A balance; in a balance's own rules `rel` asks for that balance itself or another one. */
  | { k: "bref"; i: number; closing: boolean; rel: "any" | "self" | "other" }
  /** In a balance's rule: a measure that uses the balance's opening (declared when none does). */
  | { k: "viaMeasure" }
  | { k: "agg"; fn: "sum" | "minimum" | "maximum" | "average"; value: X; where: X | null }
  | { k: "count"; where: X | null }
  | { k: "distinct"; value: X; having: X | null; where: X | null }
  /** `first of value by order`; `byValue` puts the value itself first among the keys (tied credits then have equal values). */
  | { k: "first"; ty: XTy; value: X; order: X[]; byValue: boolean; where: X | null }
  | { k: "bin"; op: "+" | "-" | "*" | "/"; a: X; b: X }
  | { k: "neg"; a: X }
  | { k: "cmp"; op: CmpOp; a: X; b: X }
  | { k: "logic"; op: "and" | "or"; a: X; b: X }
  | { k: "not"; a: X }
  | { k: "inText"; a: X; items: number[]; negated: boolean }
  | { k: "inCount"; a: X; items: number[]; negated: boolean }
  | { k: "enumTest"; which: "tier" | "level" | "role" | "reason"; items: number[]; negated: boolean; form: "eq" | "in" }
  | { k: "presence"; a: X; present: boolean }
  | { k: "within"; a: X; window: WindowSpec | null }
  | { k: "periodCmp"; grain: Grain; op: CmpOp; a: PeriodX; b: PeriodX }
  | { k: "if"; c: X; t: X; e: X }
  | { k: "absentIf"; c: X; t: X }
  | { k: "call"; fn: "min" | "max"; args: X[] }
  | { k: "abs"; a: X }
  | { k: "days"; from: X; to: X }
  /** `a + 10 days`, `a - 1 month`: a date moved by a literal duration. */
  | { k: "shiftDate"; a: X; n: number; unit: "day" | "week" | "month" | "year"; minus: boolean }
  /** `a + by × 1 day`: a date moved by a computed count of days. */
  | { k: "termsDate"; a: X; by: X }
  /** `start of month(a)`, `end of quarter(a)`. */
  | { k: "edgeOf"; edge: "start" | "end"; grain: Grain; a: X }
  | { k: "monthsFrom"; from: X; to: X }
  | { k: "dayOf"; a: X }
  /** `a + b` on text; `text(a)` of a count or a date; `upper`, `lower`, `trim`. */
  | { k: "textJoin"; a: X; b: X }
  | { k: "textOf"; a: X }
  | { k: "textFn"; fn: "upper" | "lower" | "trim"; a: X }
  /** `a contains "x"`, `a starts with "x"`, `a ends with "x"` (a text literal of the pool). */
  | { k: "textTest"; op: "contains" | "starts with" | "ends with"; a: X; v: number }
  | { k: "round"; a: X; r: RoundSpec }
  | { k: "tier"; use: "at" | "applied"; spec: TierSpec; arg: X }
  | { k: "rate"; spec: RatesSpec }
  /** `m 1 year earlier` (`longer`: of a measure of a longer grain, `y 1 year earlier` from a quarter), `goal this year` (n = 0). */
  | { k: "lookback"; ty: XTy; i: number; n: number; inMonths: boolean; longer: boolean }
  /** `any of m over RANGE`, `sum of m over RANGE` (`fine`: of a finer measure, where there is one). */
  | { k: "anyPrior"; i: number; range: RangeSpec; fine: boolean }
  | { k: "rollup"; fn: "sum" | "minimum" | "maximum" | "average"; ty: XTy; i: number; range: RangeSpec; fine: boolean }
  | { k: "sharing"; fn: "count" | "rank"; keys: number[]; order: number[] }
  | { k: "parentOf"; of: X }
  | { k: "exclusionProp"; prop: "transaction" | "input" | "line" }
  | { k: "payoutProp"; prop: "payee" | "period" | "component" | "amount" | "uncapped" }
  /**
   * A comparison in a credit rule whose value can be absent: an optional field (`sale.cost > 1,000.00`)
   * or a lookup that can miss (`reps[sale.rep].manager = "R1"`); `src` picks which, `v` the literal.
   */
  | { k: "maybeAbsent"; src: number; op: CmpOp; v: number }
  /** A budget read from the `budgets` table (`budgets[period].amount`, in one of a few forms); it may be absent or negative. */
  | { k: "budgetRow"; form: number };

/** A limit (cap, floor, running cap, budget, combined cap): a literal amount in cents, or an expression computed at run time. */
export type LimitSpec = number | X;

/** `plan` is the header's grain, written without a clause (or with it, `explicit`). */
export type GrainChoice = "plan" | Grain;

/** Who receives a share. */
export type TargetSpec =
  | { k: "payee"; x: X }
  | { k: "each"; where: X | null }
  | { k: "ancestors"; of: X };

export interface ShareSpec {
  /** Hundredths of a percent. */
  pct: number;
  target: TargetSpec;
  role: number;
  /** How the share is written: `25%`, a constant division `(50% / 2)`, or a difference `(100% - 75%)`. */
  form: "literal" | "divided" | "difference";
}

/** Who takes a share, with which role (the share itself is implied: an equal split, a remainder). */
export interface TakerSpec {
  target: TargetSpec;
  role: number;
}

/**
 * The split of a credit rule: literal shares; shares looked up from `splits`; written shares
 * (perhaps none, perhaps a looked-up one first) with `remainder` credits taking what they leave;
 * an equal split written `(100% / n)`; or an if/else of splits.
 */
export type SplitSpec =
  | { k: "shares"; shares: ShareSpec[] }
  | { k: "lookedUp"; first: TargetSpec; second: TargetSpec; roles: [number, number] }
  | { k: "remainder"; shares: ShareSpec[]; lookedUp: boolean; rest: TakerSpec[] }
  | { k: "equal"; n: 2 | 4 | 5 | 8; takers: TakerSpec[] }
  | { k: "if"; cond: X; then: SplitSpec; else: SplitSpec | null };

export interface OverlaySpec {
  /** Hundredths of a percent; 10000 is exact. */
  pct: number;
  /** The overlay's share is looked up (`splits[...].share`) rather than written. */
  lookedUp: boolean;
  target: TargetSpec;
  role: number;
  round: RoundSpec | null;
  when: X | null;
}

export interface CreditSpec {
  amount: X;
  round: RoundSpec;
  /** 0: the input's `date`, 1: its `paid_date` (optional: rows without one are excluded as no_date). */
  dateField: 0 | 1;
  excludes: { reason: number; cond: X }[];
  split: SplitSpec;
  overlays: OverlaySpec[];
}

export interface InputSpec {
  /** Picks the input's name from its pool. */
  name: number;
  /** Extra fields declared though no expression uses them (warnings, not errors). */
  extra: number[];
  /** Fields declared optional besides the nullable ones (indices into INPUT_FIELDS; rarely a core field). */
  optional: number[];
  /** Declare the nullable fields required, so their empty cells are rejected. */
  requiredNullable: boolean;
  key: "none" | "id" | "id+line";
  /** Read the date from a column named otherwise, in another format. */
  dateColumn: "plain" | "renamed" | "formatted";
  /** What the input declares about its files: `encoding`, `numbers "..."` (an index into NUMBER_SAMPLES), and what a bare percent in `rate` means. */
  encoding: "none" | "utf8" | "latin1" | "windows1252" | "utf16le" | "utf16be";
  numbers: number | null;
  percentAs: "none" | "fraction" | "number";
  credit: CreditSpec | null;
}

export interface MeasureSpec {
  name: number;
  scope: "credit" | GrainChoice;
  ty: XTy;
  x: X;
  round: RoundSpec | null;
}

export interface BalanceSpec {
  name: number;
  grain: GrainChoice;
  start: X;
  next: X;
  round: RoundSpec;
}

export interface PaySpec {
  name: number;
  grain: GrainChoice;
  value: X;
  round: RoundSpec;
  gates: X[];
  caps: LimitSpec[];
  floors: LimitSpec[];
  runningCap: { limit: LimitSpec; over: "quarter" | "year" } | null;
  budget: LimitSpec | null;
  to: X | null;
  /** A pay that can go negative: the value negated (`-(...)`, a clawback) or kept at most 0.00 (`min(0.00, ...)`, a recovery). */
  sign: "plain" | "negated" | "recovery";
  /** Write the clauses on lines of their own. */
  multiline: boolean;
}

export type ParticipantsSpec =
  | { k: "tablePeriod"; table: "quotas" | "targets" }
  | { k: "tableFrom"; grain: GrainChoice }
  | { k: "table"; table: "reps" | "hierarchy"; grain: GrainChoice }
  | { k: "every"; grain: GrainChoice };

export type OutputScope = { k: "group"; grain: GrainChoice } | { k: "credit" } | { k: "exclusion" } | { k: "payout" };

export interface OutputSpec {
  file: number;
  scope: OutputScope;
  where: X | null;
  bare: ("payee" | "period")[];
  columns: { name: number; ty: XTy; x: X; round: RoundSpec }[];
  /** Indices of columns to sort by (empty: the default order). */
  sorted: number[];
  /** A balance's closing value as a column (outputs per payee per period only). */
  closing: number | null;
}

export interface PlanSpec {
  header: {
    grain: Grain;
    year: 2025 | 2026;
    /** Index of the first period within the year (months or quarters; 0 for yearly). */
    start: number;
    periods: number;
    historyMonths: number;
    version: "number" | "text" | "none";
  };
  inputs: InputSpec[];
  /** The grain of `quotas.period`. */
  quotaGrain: GrainChoice;
  /** Declare the hierarchy with validity dates (`valid from ... to ...`). */
  hierarchyValidity: boolean;
  participants: ParticipantsSpec[];
  measures: MeasureSpec[];
  balances: BalanceSpec[];
  pays: PaySpec[];
  combined: { limit: LimitSpec; pays: number[]; explicitGrain: boolean } | null;
  outputs: OutputSpec[];
  reasons: "none" | "exact" | "extra";
  /** Write the declarations in reverse order (the language allows any order). */
  reversed: boolean;
}

/**
 * The periods an aggregate reads: `previous N`, `earlier` (of this year, with `within`), those
 * of this period, of this year or quarter (`within`), and `to date`.
 */
export interface RangeSpec {
  form: "previous" | "earlier" | "overlap" | "within" | "toDate";
  n: number;
  within: boolean;
}
