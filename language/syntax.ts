/**
 * The syntax tree of a plan file: what was written, with a source span on every node.
 * Nothing here is resolved or typed; that is the checker's job (compiler/).
 */

/** Character offsets in the source: `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** A name as written, with where. */
export interface Name {
  text: string;
  span: Span;
}

export type Grain = "month" | "quarter" | "year";
export type RoundingMode = "half up" | "half even" | "half down" | "up" | "down";
export type BinaryOp = "+" | "-" | "*" | "/" | "=" | "<>" | "<" | "<=" | ">" | ">=" | "and" | "or";
export type DurationUnit = "day" | "week" | "month" | "quarter" | "year";
export type TextTest = "contains" | "starts with" | "ends with";
export type AggregateFn = "sum" | "count" | "minimum" | "maximum" | "average" | "first" | "any";

/**
 * The periods an aggregate reads a measure over (`over previous 3 months`, `over earlier months
 * of this year`, `over months of this quarter to date`): periods of `unit`, counted back from this
 * one (`previous`), or all before it (`earlier`), or those of this period; `within` keeps them to
 * the longer period that holds this one, `toDate` to those up to this one.
 */
export interface PeriodRange {
  unit: Grain;
  previous?: number;
  earlier?: true;
  within?: Grain;
  toDate?: true;
  span: Span;
}

/** An expression. `error` stands where the parser recovered from a syntax error. */
export type Expr =
  | { kind: "number"; text: string; span: Span }
  | { kind: "money"; text: string; span: Span }
  | { kind: "percent"; text: string; span: Span }
  | { kind: "date"; text: string; span: Span }
  | { kind: "string"; value: string; span: Span }
  | { kind: "boolean"; value: boolean; span: Span }
  | { kind: "name"; name: Name; span: Span }
  | { kind: "member"; object: Expr; member: Name; span: Span }
  | { kind: "index"; object: Expr; keys: Expr[]; span: Span }
  | { kind: "unary"; op: "-" | "not"; operand: Expr; span: Span }
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr; span: Span }
  | { kind: "in"; value: Expr; list: Expr[]; negated: boolean; span: Span }
  | { kind: "presence"; value: Expr; present: boolean; span: Span }
  | { kind: "within"; value: Expr; window: Name; span: Span }
  | { kind: "absent"; span: Span }
  /** `M 1 year earlier` (back 1), `goal this year` (back 0): a measure of the same payee in another period. */
  | { kind: "atPeriod"; measure: Name; back: number; unit: Grain; span: Span }
  | { kind: "closing"; balance: Name; span: Span }
  | { kind: "parentOf"; of: Expr; hierarchy: Name; span: Span }
  | { kind: "sharing"; fn: "count" | "rank"; keys: Expr[]; order: Expr[]; span: Span }
  | { kind: "if"; cond: Expr; then: Expr; else: Expr; span: Span }
  | { kind: "call"; fn: Name; args: Expr[]; span: Span }
  | { kind: "aggregate"; fn: AggregateFn; value?: Expr; distinct?: Expr; having?: Expr; where?: Expr; order?: Expr[]; over?: PeriodRange; span: Span }
  | { kind: "tier"; table: Name; use: "at" | "applied"; arg: Expr; span: Span }
  /** `days from a to b`, `months from a to b`: whole days or months from one date to another. */
  | { kind: "between"; unit: "days" | "months"; from: Expr; to: Expr; span: Span }
  /** `10 days`, `2 weeks`, `1 month`: a length of time, added to or taken from a date or a period. */
  | { kind: "duration"; count: string; unit: DurationUnit; span: Span }
  /** `start of P`, `end of P`: the first or last day of a period. */
  | { kind: "edge"; edge: "start" | "end"; period: Expr; span: Span }
  /** `a contains b`, `a starts with b`, `a ends with b`. */
  | { kind: "textTest"; op: TextTest; value: Expr; pattern: Expr; span: Span }
  | { kind: "round"; value: Expr; mode: RoundingMode; places: number; span: Span }
  /** `remainder` as a split share: what the row's other shares leave (meaningful only there). */
  | { kind: "remainder"; span: Span }
  | { kind: "error"; span: Span };

/** The plan header: name, version, currency and calendar. */
export interface PlanHeader {
  name: string;
  nameSpan: Span;
  version?: string;
  currency?: Name;
  periods?: { grain: Grain; from: Expr; to: Expr; span: Span };
  /** Where loaded history starts, for look-backs: rows from here to the plan's start are credited but not paid. */
  history?: Expr;
  doc?: string;
  span: Span;
}

/** A field of an input or table. */
export interface FieldDecl {
  name: Name;
  type: TypeRef;
  optional: boolean;
  column?: { text: string; span: Span };
  format?: { text: string; span: Span };
  /** `percent as fraction` / `as number`: what a bare number in the column means. */
  percentAs?: Name;
  doc?: string;
  span: Span;
}

/** A field type as written. */
export type TypeRef =
  | { kind: "text" | "integer" | "decimal" | "money" | "percent" | "boolean" | "date"; span: Span }
  | { kind: "period"; grain: Grain; span: Span }
  | { kind: "enum"; values: Name[]; span: Span }
  | { kind: "unknown"; name: Name; span: Span };

/** Where a credit goes: one payee, every matching table row, or every ancestor in a hierarchy. */
export type CreditTarget =
  | { kind: "payee"; payee: Expr }
  | { kind: "each"; table: Name; field: Name; where?: Expr }
  | { kind: "ancestors"; of: Expr; hierarchy: Name };

/** A statement in a credit rule. */
export type CreditStmt =
  | { kind: "exclude"; reason: Name; cond: Expr; span: Span }
  | { kind: "share"; percent: Expr; target: CreditTarget; role: Name; overlay: boolean; rounding?: { mode: RoundingMode; places: number }; span: Span }
  | { kind: "if"; cond: Expr; then: CreditStmt[]; else?: CreditStmt[]; span: Span };

/** A band of a tier table: from `lower` (inclusive) to `upper` (exclusive); absent ends are open. */
export interface Band {
  lower?: Expr;
  upper?: Expr;
  rate: Expr;
  perUnit: boolean;
  span: Span;
}

/** `per payee per quarter`, `per credit`, or (outputs only) `per exclusion` and `per payout`. */
export type GrainClause =
  | { kind: "group"; grain: Grain; span: Span }
  | { kind: "credit"; span: Span }
  | { kind: "exclusion"; span: Span }
  | { kind: "payout"; span: Span }
  | { kind: "unknown"; word: string; span: Span };

/** A top-level declaration. */
export type Decl =
  /** `to` is the last day; with `for N days` it is computed (from + N − 1) and `days` keeps what was written. */
  | { kind: "window"; name: Name; from: Expr; to: Expr; days?: number; doc?: string; span: Span }
  | {
      kind: "record";
      role: "input" | "table";
      name: Name;
      fields: FieldDecl[];
      key: Name[];
      links?: { child: Name; parent: Name; validFrom?: Name; validTo?: Name };
      /** `encoding latin1`: how its files' bytes are text. */
      encoding?: Name;
      /** `numbers "1.234,56"`: how its text cells write numbers, as a sample of 1234.56. */
      numbers?: { text: string; span: Span };
      doc?: string;
      span: Span;
    }
  | { kind: "credit"; amount: Expr; input: Name; date: Expr; body: CreditStmt[]; doc?: string; span: Span }
  | { kind: "measure"; name: Name; value: Expr; grain?: GrainClause; doc?: string; span: Span }
  /** `constant draw = 2,500.00`: a value written once, known when the plan is checked. */
  | { kind: "constant"; name: Name; value: Expr; doc?: string; span: Span }
  | { kind: "tiers"; name: Name; mode: "marginal" | "retroactive"; bands: Band[]; doc?: string; span: Span }
  | { kind: "rates"; name: Name; keyedBy: Expr; entries: { key: Name; value: Expr }[]; otherwise?: Expr; doc?: string; span: Span }
  | {
      kind: "pay"; name: Name; value: Expr; gates: Expr[]; caps: { limit: Expr; over?: Name }[]; floors: Expr[]; budget?: Expr; payee?: Expr;
      grain?: GrainClause; doc?: string; span: Span;
    }
  | { kind: "balance"; name: Name; start: Expr; next: Expr; grain?: GrainClause; doc?: string; span: Span }
  | { kind: "combined"; limit: Expr; pays: Name[]; grain?: GrainClause; doc?: string; span: Span }
  /** The exclusion reasons the plan's rules may give, declared for auditors and checked both ways. */
  | { kind: "reasons"; names: Name[]; doc?: string; span: Span }
  | { kind: "output"; file: { text: string; span: Span }; scope: GrainClause; where?: Expr; columns: { name: Name; value?: Expr }[]; sortBy: Name[]; doc?: string; span: Span }
  | { kind: "participants"; payee?: Expr; from?: Expr; period: Expr; doc?: string; span: Span };

/** A parsed plan file. */
export interface PlanFile {
  header?: PlanHeader;
  decls: Decl[];
  span: Span;
}
