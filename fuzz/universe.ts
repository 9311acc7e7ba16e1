/**
 * The generator's fixed vocabulary: every input and table a generated plan may declare, with
 * every field it may have. A plan declares a subset (the fields its expressions use, plus a few
 * drawn ones), and the rows generated for a case fill every field of this universe, so rows and
 * plans are drawn independently and both shrink on their own. Names come from small pools on
 * purpose: the same ids play reps, partners and parents; amounts and dates repeat (ties).
 */
import type { Grain } from "../language/syntax.js";

/** The field types of the language, as the generator reasons about them. */
export type FieldKind = "text" | "integer" | "decimal" | "money" | "percent" | "boolean" | "date" | "month" | "enum";

/** One field of a universe record. `values` lists an enumeration's values. */
export interface UniverseField {
  name: string;
  kind: FieldKind;
  values?: readonly string[];
  /** A field that may be declared `optional` (its generated cells are sometimes empty). */
  nullable?: boolean;
}

/** Ids: payees, partners and parents all come from here, so ids collide across roles. */
export const PAYEES = ["R1", "R2", "R3", "P1", "P2", "D1", "constructor", "__proto__", "José"] as const;
/** Transaction ids: few, so an input often repeats one. */
export const TXN_IDS = ["T1", "T2", "T3", "T4", "T5", "T6"] as const;
export const CATEGORIES = ["A", "B", "C"] as const;
export const TIERS = ["gold", "silver", "bronze"] as const;
export const LEVELS = ["junior", "senior", "lead"] as const;
export const REGIONS = ["north", "south", "east"] as const;

/** The fields every input may have; `id`, `date`, `rep` and `amount` are always declared. */
export const INPUT_FIELDS: readonly UniverseField[] = [
  { name: "id", kind: "text" },
  { name: "line_no", kind: "integer" },
  { name: "date", kind: "date" },
  { name: "rep", kind: "text" },
  { name: "partner", kind: "text", nullable: true },
  { name: "category", kind: "text" },
  { name: "amount", kind: "money" },
  { name: "cost", kind: "money", nullable: true },
  { name: "qty", kind: "integer" },
  { name: "price", kind: "decimal" },
  { name: "rate", kind: "percent", nullable: true },
  { name: "flag", kind: "boolean" },
  { name: "tier", kind: "enum", values: TIERS },
  { name: "booked", kind: "month" },
  { name: "paid_date", kind: "date", nullable: true },
];

/** Names of the inputs: the first input's and the second's come from different pools. */
export const PRIMARY_INPUTS = ["sale", "deal", "line", "claim"] as const;
export const SECONDARY_INPUTS = ["refund", "adjustment"] as const;

/** The reference tables a plan may declare, each with its fields and key. */
export type TableName = "reps" | "quotas" | "targets" | "hierarchy" | "specialists" | "splits" | "book" | "budgets";

export interface UniverseTable {
  name: TableName;
  fields: readonly UniverseField[];
  key: readonly string[];
}

export const TABLES: Record<TableName, UniverseTable> = {
  reps: {
    name: "reps",
    key: ["rep"],
    fields: [
      { name: "rep", kind: "text" },
      { name: "start_date", kind: "date" },
      { name: "level", kind: "enum", values: LEVELS },
      { name: "manager", kind: "text", nullable: true },
      { name: "region", kind: "text" },
    ],
  },
  // The period field's grain is the plan's choice (`quota_grain`): it is a month here only as a placeholder.
  quotas: { name: "quotas", key: ["rep", "period"], fields: [{ name: "rep", kind: "text" }, { name: "period", kind: "month" }, { name: "quota", kind: "money" }] },
  targets: { name: "targets", key: ["rep", "month"], fields: [{ name: "rep", kind: "text" }, { name: "month", kind: "month" }, { name: "target", kind: "integer" }] },
  hierarchy: {
    name: "hierarchy",
    key: [],
    fields: [{ name: "child", kind: "text" }, { name: "parent", kind: "text" }, { name: "valid_from", kind: "date" }, { name: "valid_to", kind: "date", nullable: true }],
  },
  specialists: { name: "specialists", key: [], fields: [{ name: "category", kind: "text" }, { name: "specialist", kind: "text" }] },
  // Shares come from data: some are outside 0%..100%, some absent (the row they would split is rejected).
  splits: { name: "splits", key: ["rep"], fields: [{ name: "rep", kind: "text" }, { name: "share", kind: "percent", nullable: true }] },
  // A program budget per period (the grain of the pays that read it); amounts may be absent or negative.
  budgets: { name: "budgets", key: ["period"], fields: [{ name: "period", kind: "month" }, { name: "amount", kind: "money", nullable: true }] },
  book: { name: "book", key: ["id"], fields: [{ name: "id", kind: "text" }, { name: "rep", kind: "text" }, { name: "amount", kind: "money" }, { name: "date", kind: "date" }] },
};

export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

/** Months in a period of each grain. */
export const MONTHS: Record<Grain, number> = { month: 1, quarter: 3, year: 12 };

/** The names a plan's measures, pays, balances, tiers, rates and windows are drawn from (made unique per plan). */
export const DECL_NAMES = [
  "net", "volume", "units", "total", "earned", "bonus", "score", "growth", "prior", "active", "amount", "rep", "target", "qty",
  "commission", "spiff", "rebate", "draw", "carry", "launch", "promo", "override", "level", "constructor", "__proto__",
] as const;
/** Roles of credits: disjoint from declaration names and enum values (`credit.role = rep` must name a role). */
export const ROLES = ["seller", "partner_role", "overlay", "rollup", "specialist_role", "manager_role", "toString"] as const;
/** Exclusion reasons: disjoint from declaration names too. */
export const REASONS = ["unregistered", "too_small", "returned", "duplicate", "late", "no_partner", "flagged"] as const;
/** Output files: a few replace the built-in files on purpose. */
export const OUTPUT_FILES = ["report.csv", "summary.csv", "credits.csv", "exclusions.csv", "detail.csv", "payout_list.csv"] as const;
/** Output column names (bare `payee` and `period` are added separately). */
export const COLUMN_NAMES = ["value", "amount", "who", "status", "net", "rate", "tier", "reason", "component", "txn", "share", "when_paid"] as const;

/** How an input may declare its numbers (`numbers "1.234,56"`): 1234.56 as its files write it. */
export const NUMBER_SAMPLES = ["1234.56", "1234,56", "1,234.56", "1.234,56", "1 234,56", "1'234.56"] as const;
