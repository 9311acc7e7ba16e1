/**
 * The intermediate representation: a checked, resolved plan. The checker produces it, the code
 * generator consumes it; they communicate only through these types. Every name is resolved,
 * every expression typed, every literal moved to the constants table.
 */
import type { Grain, RoundingMode, Span } from "../language/syntax.js";
import type { FunctionName } from "../runtime/functions.js";
import type { PeriodWindow, WindowFn } from "../runtime/windows.js";
import type { ColumnFormatMeta, ConstantMeta, PlanMeta } from "../runtime/plan-module.js";
import type { Ty } from "./types.js";

/** Where an expression is evaluated: on an input row, on a credit, or on a payee-period group. */
export type Context = "row" | "credit" | "group" | "exclusion" | "payout" | "constant";

/** A typed expression. `scale` is the number of decimals the value can have, when known. */
export type IrExpr = IrNode & { ty: Ty; scale?: number; span: Span };

export type IrNode =
  /**
   * What stands where checking failed. A plan with one gets no IR: the checker reports every
   * error node (A004 if nothing else explains it), and the code generator refuses them.
   */
  | { k: "error" }
  | { k: "const"; index: number }
  | { k: "field"; record: string; field: string }
  | { k: "eachField"; field: string }
  | { k: "credit"; prop: "amount" | "payee" | "role" | "date" | "month" | "quarter" | "year" }
  | { k: "payee" }
  | { k: "period" }
  | { k: "measure"; name: string }
  | { k: "rowMeasure"; name: string }
  | { k: "lookup"; table: string; keys: IrExpr[]; field?: string }
  | { k: "rate"; table: string; key: IrExpr }
  | { k: "tier"; table: string; use: "at" | "applied"; arg: IrExpr }
  | { k: "arith"; op: "+" | "-" | "*" | "/"; a: IrExpr; b: IrExpr }
  | { k: "neg"; a: IrExpr }
  | { k: "cmp"; op: "=" | "<>" | "<" | "<=" | ">" | ">="; a: IrExpr; b: IrExpr; numeric: boolean }
  | { k: "logic"; op: "and" | "or"; a: IrExpr; b: IrExpr }
  | { k: "not"; a: IrExpr }
  | { k: "in"; a: IrExpr; list: IrExpr[]; negated: boolean; numeric: boolean }
  | { k: "present"; a: IrExpr; present: boolean }
  | { k: "within"; a: IrExpr; from: IrExpr; to: IrExpr }
  /**
   * A measure of the same payee in other periods (`runtime/windows.ts`): `value` reads one
   * period (`M 1 year earlier`, `goal this year`), the others aggregate over the window's
   * periods (`sum of M over months of this quarter`, `any of M over previous 3 months`).
   */
  | { k: "window"; fn: WindowFn; measure: string; window: PeriodWindow }
  | { k: "balance"; name: string; closing: boolean }
  /** `line` names the plan line when a child has more than one parent on the row's date (the row is rejected). */
  | { k: "parentOf"; of: IrExpr; hierarchy: string; line: number }
  | { k: "sharing"; index: number }
  | { k: "exclusion"; prop: "reason" | "input" | "transaction" | "line" }
  | { k: "payout"; prop: "payee" | "period" | "component" | "amount" | "uncapped" }
  | { k: "if"; c: IrExpr; t: IrExpr; e: IrExpr }
  /** A built-in function (`runtime/functions.ts`): dates, periods, text, min and max. */
  | { k: "call"; fn: FunctionName; args: IrExpr[] }
  /**
   * An aggregate over the credits in scope. `inputs` are the inputs whose fields its value (or,
   * for `count distinct`, its distinct value) reads: when there are any, it runs over the credits
   * of those inputs only (on others those fields are absent by design), and a value absent on one
   * of them (a missing field or lookup of the credit's own row) makes the aggregate absent.
   * `line` (of `first of`) names the plan line in the run's report of a tie.
   */
  | { k: "agg"; fn: "sum" | "count" | "minimum" | "maximum" | "average" | "first"; value?: IrExpr; distinct?: IrExpr; having?: IrExpr; where?: IrExpr; order?: IrExpr[]; inputs: string[]; line?: number }
  | { k: "round"; a: IrExpr; places: number; mode: RoundingMode };

/** A literal of the plan: numbers travel as exact decimal text, the rest as JSON values. */
export type Constant = ConstantMeta;

/** What a credit rule does with a row, statement by statement. */
export type CreditStmtIr =
  | { k: "exclude"; reason: string; cond: IrExpr; line: number }
  /**
   * `remainder`: a split share that takes what the row's other shares leave; its `percent` is
   * then the literal `absent` and is not evaluated.
   */
  | { k: "share"; percent: IrExpr; remainder?: true; target: CreditTargetIr; role: string; overlay: boolean; rounding?: { mode: RoundingMode; places: number }; line: number }
  | { k: "if"; cond: IrExpr; then: CreditStmtIr[]; else: CreditStmtIr[]; line: number };

export type CreditTargetIr =
  | { k: "payee"; payee: IrExpr }
  | { k: "each"; table: string; field: string; where?: IrExpr }
  | { k: "ancestors"; of: IrExpr; hierarchy: string };

/** A credit rule over one input. */
export interface CreditRuleIr {
  input: string;
  amount: IrExpr;
  date: IrExpr;
  body: CreditStmtIr[];
  line: number;
}

/** A tier table with exact bounds and rates (constant indexes). */
export interface TiersIr {
  name: string;
  mode: "marginal" | "retroactive";
  bands: { lower?: number; upper?: number; rate: number; perUnit: boolean; line: number }[];
  line: number;
}

/** A rate table keyed by text. */
export interface RatesIr {
  name: string;
  entries: { key: string; rate: number }[];
  otherwise?: number;
  line: number;
}

/** A measure: per credit, or per payee and period of a grain. */
export interface MeasureIr {
  name: string;
  scope: "credit" | Grain;
  value: IrExpr;
  line: number;
  doc?: string;
}

/** A payout component per payee and period. */
export interface PayIr {
  name: string;
  grain: Grain;
  value: IrExpr;
  gates: IrExpr[];
  caps: IrExpr[];
  floors: IrExpr[];
  /** `cap X per year` on a monthly pay: what is left of X in the longer period, month by month. */
  runningCaps: { limit: IrExpr; over: Grain; line: number }[];
  /** A program budget shared by all payees of a period, scaled pro rata when exceeded. */
  budget?: IrExpr;
  /** `to EXPR`: the payee paid, when it is not the group's payee (a bounty earned by an outlet, paid to its distributor). */
  payee?: IrExpr;
  /** Plan lines of each `when`, `cap` and `floor`, for explanations. */
  clauseLines: { gates: number[]; caps: number[]; floors: number[] };
  line: number;
  doc?: string;
}

/** How a column prints: numbers with a fixed number of decimals, the rest as text. */
export type ColumnFormat = ColumnFormatMeta;

/** A file the plan asks the run to write. */
export interface OutputIr {
  file: string;
  scope: "credit" | "exclusion" | "payout" | Grain;
  /** Which rows (credits or groups) the file lists; all when absent. */
  where?: IrExpr;
  columns: { name: string; value: IrExpr; format: ColumnFormat }[];
  sortBy: string[];
  line: number;
}

/**
 * The plan's participants for a grain: the (payee, period) rows of a table, a table's payees in
 * every plan period (from a start date, if given), or every payee with a credit in every period.
 */
export interface ParticipantsIr {
  grain: Grain;
  table?: string;
  payeeField?: string;
  periodField?: string;
  fromField?: string;
  line: number;
}

/** A balance carried from period to period per payee: its opening value and its rule. */
export interface BalanceIr {
  name: string;
  grain: Grain;
  start: IrExpr;
  next: IrExpr;
  line: number;
}

/** A cap on the sum of several pays per payee and period, shared pro rata in the listed order. */
export interface CombinedCapIr {
  limit: IrExpr;
  pays: string[];
  grain: Grain;
  line: number;
}

/** A count or rank of an input's rows that share key values (duplicates, single-claim outlets). */
export interface SharingIr {
  input: string;
  fn: "count" | "rank";
  keys: IrExpr[];
  order: IrExpr[];
}

/** A table used as a hierarchy: child → parent links, optionally effective-dated. */
export interface HierarchyIr {
  table: string;
  child: string;
  parent: string;
  validFrom?: string;
  validTo?: string;
}

/**
 * The whole checked plan. Its header, schemas and constants are exactly what the runtime's
 * PlanMeta carries, so they are declared once, there.
 */
export interface PlanIr
  extends Pick<PlanMeta, "name" | "version" | "currency" | "grain" | "firstDay" | "lastDay" | "historyDay" | "sourcePath" | "records" | "hierarchies" | "constants" | "roles" | "reasons"> {
  credits: CreditRuleIr[];
  measures: MeasureIr[];
  tiers: TiersIr[];
  rates: RatesIr[];
  pays: PayIr[];
  outputs: OutputIr[];
  participants: ParticipantsIr[];
  balances: BalanceIr[];
  combinedCaps: CombinedCapIr[];
  sharings: SharingIr[];
}
