/**
 * Renders a plan spec to plan text, a pure function. The renderer types every expression as
 * the checker does (compiler/types.ts, the same scale rules) so that it can resolve a spec's
 * references (a measure of this type and grain, a field of this type) and add the roundings a
 * payout, a credit or a column needs. A reference with no target (it was shrunk away, or no
 * declaration has its type and grain) gets a plain measure or balance declared for it, so
 * references land; a form its context cannot hold is written as one it can (an enumeration, a
 * table, a rate key the context sees), and only what is left falls back to a plain expression of
 * the same type (recorded as the feature `fallback`, with what fell back). Tables,
 * fields, tier and rate tables and windows are declared because something uses them. The
 * renderer also reports the language features it wrote and the layout of every record, which
 * the row generator needs to write cells.
 *
 * The file is long because it mirrors the checker's typing, one case per expression kind.
 */
import type { Grain } from "../language/syntax.js";
import { decimalsOf, ENGINE_REASONS, percentFraction } from "../compiler/check-expr.js";
import { numberFormatOf } from "../compiler/input-format.js";
import { addType, comparable, divType, joinType, mulType, type Ty } from "../compiler/types.js";
import type { NumberFormat, TextEncoding } from "../runtime/schema.js";
import { dateParts, dayNumber, formatDate } from "../runtime/calendar.js";
import type {
  CreditSpec, Ctx, GrainChoice, InputSpec, LimitSpec, OutputSpec, OverlaySpec, PeriodX, PlanSpec, RangeSpec, RatesSpec, RoundSpec, ShareSpec, SplitSpec, TargetSpec, TierSpec, WindowSpec, X, XTy,
} from "./plan-spec.js";
import {
  CATEGORIES, COLUMN_NAMES, DECL_NAMES, INPUT_FIELDS, LEVELS, MONTHS, NUMBER_SAMPLES, OUTPUT_FILES, PRIMARY_INPUTS, REASONS, ROLES, SECONDARY_INPUTS, TABLES, TIERS,
  type FieldKind, type TableName,
} from "./universe.js";

/** How a declared field is written in rows: its column, date format, whether it may be empty, a period's grain. */
export interface FieldLayout {
  name: string;
  kind: FieldKind;
  column: string;
  format?: string;
  optional: boolean;
  grain?: Grain;
  /** A percent field's declared meaning of a bare number. */
  percentAs?: "fraction" | "number";
}

/** A declared input or table, and the universe rows that fill it. */
export interface RecordLayout {
  name: string;
  role: "input" | "table";
  /** Input index (0, 1) or table name in the universe. */
  source: number | TableName;
  fields: FieldLayout[];
  /** The declared encoding of its files (undeclared: UTF-8, or what a byte order mark says). */
  encoding?: TextEncoding;
  /** The declared number format of its text cells (undeclared: plain `1234.56`). */
  numbers?: NumberFormat;
}

/** The calendar of a rendered plan, as day numbers. */
export interface PlanCalendar {
  grain: Grain;
  firstDay: number;
  lastDay: number;
  historyDay: number;
  quotaGrain: Grain;
}

/** A rendered plan: its text, its records, its calendar and the features it uses. */
export interface RenderedPlan {
  text: string;
  records: RecordLayout[];
  calendar: PlanCalendar;
  features: Set<string>;
}

/** A typed piece of plan text. `atomic` text needs no parentheses as an operand. */
interface R {
  t: string;
  ty: Ty;
  scale?: number;
  atomic: boolean;
}

/** What an expression can see. */
interface Scope {
  ctx: Ctx;
  grain?: Grain;
  /** The input of the credit rule (row), or the first input (credit, exclusion). */
  input: number;
}

interface MeasureInfo {
  name: string;
  scope: "credit" | Grain;
  xty: XTy;
  ty: Ty;
  scale?: number;
  /** The balances it reads in its own period, directly or through other measures (not through look-backs or roll-ups). */
  balances?: BalanceRef[];
}

/** A balance read: its index among the plan's balances, and whether its closing (else its opening). */
interface BalanceRef {
  index: number;
  closing: boolean;
}

/** A declared balance; a helper's rules read nothing but itself, so anything may read it. */
interface BalanceInfo {
  name: string;
  grain: Grain;
  helper?: boolean;
}

const T = {
  money: { kind: "money" } as Ty, percent: { kind: "percent" } as Ty, count: { kind: "count" } as Ty, decimal: { kind: "decimal" } as Ty,
  number: { kind: "number" } as Ty, date: { kind: "date" } as Ty, text: { kind: "text" } as Ty, bool: { kind: "boolean" } as Ty,
};

const MONEY_LITS = ["0.00", "100.00", "1,000.00", "250.50", "15,000", "0.01", "50,000.00", "-500.00", "2,000.00", "999.99", "-0.01"];
const PERCENT_LITS = ["0%", "5%", "10%", "2.5%", "100%", "50%", "12.25%", "0.5%", "150%"];
const COUNT_LITS = ["0", "1", "2", "3", "5", "10"];
// Exactly two decimals would make a money literal (`0.25`): decimals have one or three.
const DECIMAL_LITS = ["1.5", "0.125", "2.125", "1"];
const TEXT_LITS = ["R1", "P1", "A", "B", "constructor", ""];
const DATE_LITS = [0, 14, 45, -10, 120, 400];
const IN_TEXT = ["A", "B", "C", "R1", "P1", "constructor"];
const IN_COUNT = ["0", "1", "2", "3", "5", "-1"];

/** Fields of inputs by type, for `field` references. */
const FIELDS_BY_TYPE: Record<XTy, string[]> = {
  money: ["amount", "cost"], percent: ["rate"], count: ["qty", "line_no"], decimal: ["price"], bool: ["flag"], text: ["rep", "partner", "category", "id"], date: ["date", "paid_date"],
};
/** Fields that `count sharing` and `rank sharing` may use. */
const SHARING_FIELDS = ["rep", "category", "id", "date", "partner", "tier"];

const GRAIN_WORD: Record<Grain, string> = { month: "month", quarter: "quarter", year: "year" };
const GRAIN_ADVERB: Record<Grain, string> = { month: "monthly", quarter: "quarterly", year: "yearly" };

function fits(ty: Ty, want: XTy): boolean {
  switch (want) {
    case "money": return ty.kind === "money" || ty.kind === "number";
    case "percent": return ty.kind === "percent" || ty.kind === "number";
    case "count": case "decimal": return ty.kind === "count" || ty.kind === "decimal" || ty.kind === "number";
    case "bool": return ty.kind === "boolean";
    case "text": return ty.kind === "text" || ty.kind === "enum";
    case "date": return ty.kind === "date";
  }
}

const isNumeric = (t: Ty) => ["money", "percent", "count", "decimal", "number"].includes(t.kind);
const maxScale = (...s: (number | undefined)[]) => (s.some((x) => x === undefined) ? undefined : Math.max(...(s as number[])));
const paren = (r: R) => (r.atomic ? r.t : `(${r.t})`);
/** A condition where the grammar takes a comparison (`where`, `having`): a comparison may stand bare. */
const comparisonLevel = (r: R, x: X) => (r.atomic || x.k === "cmp" ? r.t : `(${r.t})`);

function percentText(hundredths: number): string {
  const whole = Math.trunc(hundredths / 100);
  const frac = Math.abs(hundredths % 100);
  return frac === 0 ? `${whole}%` : `${whole}.${String(frac).padStart(2, "0").replace(/0$/, "")}%`;
}

/** Cents as a money literal with two decimals (`20,000.00` or `20000.00`). */
function moneyText(cents: number, separators: boolean): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  let whole = String(Math.floor(abs / 100));
  if (separators) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${whole}.${String(abs % 100).padStart(2, "0")}`;
}

/** A rounding's text and decimals; a precision finer than `maxPlaces` becomes cents. */
function roundText(r: RoundSpec, maxPlaces: number): { text: string; places: number; precision: string } {
  const places = r.places === "cents" ? 2 : r.places === "whole units" ? 0 : r.places;
  if (places > maxPlaces) return { text: `rounded ${r.mode} to cents`, places: 2, precision: "cents" };
  const precision = r.places === "cents" ? "cents" : r.places === "whole units" ? "whole units" : `${r.places} decimals`;
  return { text: `rounded ${r.mode} to ${precision}`, places, precision };
}

function addMonths(day: number, months: number): number {
  const p = dateParts(day);
  const total = p.year * 12 + (p.month - 1) + months;
  return dayNumber(Math.floor(total / 12), (total % 12) + 1, 1)!;
}

/** Renders a plan spec to its text. */
export function renderPlan(spec: PlanSpec): string {
  return renderPlanDetailed(spec).text;
}

/** Renders a plan spec to its text, with its records, calendar and features. */
export function renderPlanDetailed(spec: PlanSpec): RenderedPlan {
  return new Renderer(spec).render();
}

class Renderer {
  private readonly features = new Set<string>();
  private readonly taken = new Set<string>();
  private readonly inputNames: string[];
  private readonly inputFields: Set<string>[];
  private readonly tableFields = new Map<TableName, Set<string>>();
  private readonly roles: string[] = [];
  private readonly reasons: string[] = [];
  private readonly measures: MeasureInfo[] = [];
  private readonly balances: BalanceInfo[] = [];
  private readonly decls: { order: number; text: string }[] = [];
  private neededHistory = 0;
  private readonly grain: Grain;
  private readonly firstDay: number;
  private readonly lastDay: number;
  private readonly quotaGrain: Grain;
  private readonly pays: { name: string; grain: Grain; negative: boolean }[] = [];
  /** The grain of `budgets.period`: that of the first pay whose budget reads the table. */
  private budgetGrain: Grain | undefined;
  private readonly tierCount = { n: 0 };
  /** The balance whose rule (`starts at` or `becomes`) is being written. */
  private currentBalance: { index: number; part: "start" | "next" } | undefined;
  /** The balances the measure being written reads (directly or through measures). */
  private refs: BalanceRef[] | undefined;
  /** Set when a condition that can be absent was written (the statement holding it records the feature). */
  private undecidable = false;
  /** Helper measures and balances declared so far (plan-render's references that found no target). */
  private helpers = 0;

  constructor(private readonly spec: PlanSpec) {
    const h = spec.header;
    this.grain = h.grain;
    const startMonth = h.grain === "month" ? (h.start % 12) + 1 : h.grain === "quarter" ? (h.start % 4) * 3 + 1 : 1;
    this.firstDay = dayNumber(h.year, startMonth, 1)!;
    this.lastDay = addMonths(this.firstDay, MONTHS[h.grain] * h.periods) - 1;
    this.quotaGrain = spec.quotaGrain === "plan" ? h.grain : spec.quotaGrain;
    this.inputNames = spec.inputs.map((inp, i) => (i === 0 ? PRIMARY_INPUTS[inp.name % PRIMARY_INPUTS.length]! : SECONDARY_INPUTS[inp.name % SECONDARY_INPUTS.length]!));
    this.inputNames.forEach((n) => this.taken.add(n));
    for (const t of Object.keys(TABLES)) this.taken.add(t);
    this.inputFields = spec.inputs.map(() => new Set(["id", "date", "rep", "amount"]));
  }

  private feat(name: string): void {
    this.features.add(name);
  }

  /** A declaration name from the pool, made unique in the plan. */
  private declName(index: number): string {
    const base: string = DECL_NAMES[index % DECL_NAMES.length]!;
    let name = base;
    for (let i = 2; this.taken.has(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    if (name === "constructor" || name === "__proto__") this.feat("prototype name");
    return name;
  }

  /** A rounding, recorded as a feature (mode and precision). */
  private rounding(r: RoundSpec, maxPlaces: number): { text: string; places: number } {
    const out = roundText(r, maxPlaces);
    this.feat(`rounded ${r.mode}`);
    this.feat(`precision ${out.precision}`);
    return out;
  }

  private grainOf(g: GrainChoice): Grain {
    return g === "plan" ? this.grain : g;
  }

  private grainClause(g: GrainChoice): string {
    if (g === "plan") return "";
    this.feat(`grain ${g}`);
    return ` per payee per ${g}`;
  }

  private useTable(table: TableName, ...fields: string[]): void {
    let set = this.tableFields.get(table);
    if (!set) this.tableFields.set(table, (set = new Set(TABLES[table].key)));
    for (const f of fields) set.add(f);
    if (table === "hierarchy") for (const f of ["child", "parent", ...(this.spec.hierarchyValidity ? ["valid_from", "valid_to"] : [])]) set.add(f);
  }

  /**
   * A look-back of `months` from the plan's first period of `grain` needs history from that
   * period's first day back (the checker's A309): a quarter that holds a plan starting in
   * February starts in January.
   */
  private needHistory(months: number, grain: Grain): void {
    const intoPeriod = (dateParts(this.firstDay).month - 1) % MONTHS[grain];
    this.neededHistory = Math.max(this.neededHistory, months + intoPeriod);
  }

  /** The grain an aggregate over periods reads: the group's own, or (`fine`) a finer one where there is one. */
  private finerGrain(grain: Grain, fine: boolean, i: number): Grain {
    if (!fine || grain === "month") return grain;
    return grain === "year" && i % 2 === 1 ? "quarter" : "month";
  }

  /**
   * The words of a range of periods of `unit` read from a group of `grain`: `previous 2
   * months`, `earlier months [of this year]`, `months [of this quarter] [to date]`. A range
   * that reaches back asks for the history it needs.
   */
  private range(r: RangeSpec, grain: Grain, unit: Grain): string {
    const units = `${GRAIN_WORD[unit]}s`;
    const holder: Grain = grain === "year" || unit === "year" || r.within ? "year" : "quarter";
    switch (r.form) {
      case "previous":
        this.needHistory(r.n * MONTHS[unit], MONTHS[grain] >= MONTHS[unit] ? grain : unit);
        return `previous ${r.n} ${r.n === 1 ? GRAIN_WORD[unit] : units}`;
      case "earlier": return r.within ? `earlier ${units} of this ${holder}` : `earlier ${units}`;
      case "overlap": return units;
      case "within": return `${units} of this ${holder}`;
      case "toDate": return r.within ? `${units} of this ${holder} to date` : `${units} to date`;
    }
  }

  private dateLiteral(offset: number): string {
    return formatDate(this.firstDay + offset);
  }

  render(): RenderedPlan {
    this.spec.inputs.forEach((inp, i) => { if (inp.credit) this.creditRule(i, inp.credit); });
    this.spec.participants.forEach((p) => this.participants(p));
    // Balances are named first: measures, pays, outputs and balance rules may all use them.
    for (const b of this.spec.balances) this.balances.push({ name: this.declName(b.name), grain: this.grainOf(b.grain) });
    this.spec.measures.forEach((m) => this.measure(m));
    this.spec.balances.forEach((_, i) => this.balance(i));
    this.spec.pays.forEach((p) => this.pay(p));
    this.combined();
    this.spec.outputs.forEach((o) => this.output(o));
    this.reasonsDecl();
    const records = this.records();
    const historyMonths = Math.max(this.spec.header.historyMonths, this.neededHistory);
    const historyDay = historyMonths > 0 ? addMonths(this.firstDay, -historyMonths) : this.firstDay;
    const header = this.header(historyDay);
    const body = [...records.texts.map((text) => ({ order: 1, text })), ...this.decls].sort((a, b) => a.order - b.order).map((d) => d.text);
    if (this.spec.reversed) { body.reverse(); this.feat("declarations in any order"); }
    const text = [header, ...body].join("\n\n") + "\n";
    return {
      text, records: records.layouts, features: this.features,
      calendar: { grain: this.grain, firstDay: this.firstDay, lastDay: this.lastDay, historyDay, quotaGrain: this.quotaGrain },
    };
  }

  private header(historyDay: number): string {
    const h = this.spec.header;
    this.feat(`periods ${GRAIN_ADVERB[h.grain]}`);
    const version = h.version === "number" ? " version 2" : h.version === "text" ? ' version "2026.1"' : "";
    const lines = [`plan "Generated plan"${version}`, "  currency USD", `  periods ${GRAIN_ADVERB[h.grain]} from ${formatDate(this.firstDay)} to ${formatDate(this.lastDay)}`];
    if (historyDay < this.firstDay) { lines.push(`  history from ${formatDate(historyDay)}`); this.feat("history"); }
    return lines.join("\n");
  }

  // ---- Records

  private records(): { texts: string[]; layouts: RecordLayout[] } {
    const texts: string[] = [];
    const layouts: RecordLayout[] = [];
    this.spec.inputs.forEach((inp, i) => {
      const { text, layout } = this.inputDecl(inp, i);
      texts.push(text);
      layouts.push(layout);
    });
    for (const [table, used] of this.tableFields) {
      const { text, layout } = this.tableDecl(table, used);
      texts.push(text);
      layouts.push(layout);
    }
    return { texts, layouts };
  }

  private inputDecl(inp: InputSpec, index: number): { text: string; layout: RecordLayout } {
    const declared = this.inputFields[index]!;
    for (const e of inp.extra) declared.add(INPUT_FIELDS[e % INPUT_FIELDS.length]!.name);
    if (inp.key === "id+line") declared.add("line_no");
    const keys = inp.key === "none" ? [] : inp.key === "id" ? ["id"] : ["id", "line_no"];
    const optional = new Set(inp.optional.map((o) => INPUT_FIELDS[o % INPUT_FIELDS.length]!.name).filter((n) => !keys.includes(n)));
    if (inp.requiredNullable) this.feat("nullable field required");
    else for (const f of INPUT_FIELDS) if (f.nullable) optional.add(f.name);
    const fields: FieldLayout[] = [];
    const lines: string[] = [];
    const files: Pick<RecordLayout, "encoding" | "numbers"> = {};
    if (inp.encoding !== "none") { lines.push(`  encoding ${inp.encoding}`); files.encoding = inp.encoding; this.feat(`encoding ${inp.encoding}`); }
    if (inp.numbers !== null) {
      const sample = NUMBER_SAMPLES[inp.numbers % NUMBER_SAMPLES.length]!;
      lines.push(`  numbers "${sample}"`);
      files.numbers = numberFormatOf(sample)!;
      this.feat(`numbers "${sample}"`);
    }
    let clauseAfterType = "";
    for (const f of INPUT_FIELDS) {
      if (!declared.has(f.name)) continue;
      const layout: FieldLayout = { name: f.name, kind: f.kind, column: f.name, optional: optional.has(f.name) };
      if (f.kind === "percent" && inp.percentAs !== "none") { layout.percentAs = inp.percentAs; clauseAfterType = ` as ${inp.percentAs}`; this.feat(`percent as ${inp.percentAs}`); }
      let clause = "";
      if (f.name === "date" && inp.dateColumn !== "plain") {
        layout.column = inp.dateColumn === "renamed" ? "Order Date" : "OrderDate";
        clause = ` from "${layout.column}"`;
        if (inp.dateColumn === "formatted") { layout.format = "YYYY/MM/DD"; clause += ' format "YYYY/MM/DD"'; }
        this.feat("column renamed");
      }
      if (f.kind === "month") layout.grain = "month";
      if (layout.optional) this.feat("optional field");
      this.feat(`field ${f.kind}`);
      lines.push(`  ${f.name}: ${layout.optional ? "optional " : ""}${this.typeText(f.kind, f.values)}${clauseAfterType}${clause}`);
      clauseAfterType = "";
      fields.push(layout);
    }
    if (keys.length > 0) { lines.push(`  key ${keys.join(", ")}`); this.feat(keys.length > 1 ? "composite key" : "key"); }
    return { text: `input ${this.inputNames[index]} {\n${lines.join("\n")}\n}`, layout: { name: this.inputNames[index]!, role: "input", source: index, fields, ...files } };
  }

  private typeText(kind: FieldKind, values?: readonly string[]): string {
    return kind === "enum" ? `one of ${values!.join(", ")}` : kind;
  }

  private tableDecl(table: TableName, used: Set<string>): { text: string; layout: RecordLayout } {
    const u = TABLES[table];
    const fields: FieldLayout[] = [];
    const lines: string[] = [];
    for (const f of u.fields) {
      if (!used.has(f.name)) continue;
      const grain = table === "quotas" && f.name === "period" ? this.quotaGrain : table === "budgets" && f.name === "period" ? this.budgetGrain : f.kind === "month" ? "month" : undefined;
      const layout: FieldLayout = { name: f.name, kind: f.kind, column: f.name, optional: !!f.nullable, ...(grain ? { grain } : {}) };
      this.feat(`field ${grain && grain !== "month" ? grain : f.kind}`);
      if (f.nullable) this.feat("optional field");
      lines.push(`  ${f.name}: ${f.nullable ? "optional " : ""}${grain ? grain : this.typeText(f.kind, f.values)}`);
      fields.push(layout);
    }
    if (u.key.length > 0) { lines.push(`  key ${u.key.join(", ")}`); this.feat(u.key.length > 1 ? "composite key" : "key"); }
    let head = `table ${table}`;
    if (table === "hierarchy") {
      head += " links child to parent";
      this.feat("hierarchy");
      if (this.spec.hierarchyValidity) { head += " valid from valid_from to valid_to"; this.feat("hierarchy validity"); }
    }
    this.feat(`table ${table}`);
    return { text: `${head} {\n${lines.join("\n")}\n}`, layout: { name: table, role: "table", source: table, fields } };
  }

  // ---- Credit rules

  private creditRule(index: number, c: CreditSpec): void {
    const scope: Scope = { ctx: "row", input: index };
    const inName = this.inputNames[index]!;
    const amount = this.moneyCents(c.amount, c.round, scope, "credit amount");
    const dateField = c.dateField === 1 ? "paid_date" : "date";
    this.inputFields[index]!.add(dateField);
    if (dateField === "paid_date") this.feat("credit on optional date");
    const lines: string[] = [];
    for (const e of c.excludes) {
      const reason = REASONS[e.reason % REASONS.length]!;
      if (!this.reasons.includes(reason)) this.reasons.push(reason);
      this.undecidable = false;
      lines.push(`exclude ${reason} when ${this.top(e.cond, "bool", scope)}`);
      this.feat("exclude");
      if (this.undecidable) this.feat("exclude that can be undecidable");
    }
    const split = this.split(c.split, scope);
    // A condition ending in a bare name (`= lead`, `within launch`) followed by a line opening
    // with `(` would read as a call, `lead(100% / 4)`: such a condition is parenthesised.
    if (lines.length > 0 && split[0]?.startsWith("(")) {
      const last = lines.length - 1;
      lines[last] = lines[last]!.replace(/^(exclude \S+ when )([^]*)$/, "$1($2)");
    }
    lines.push(...split);
    for (const o of c.overlays) lines.push(...this.overlay(o, scope));
    this.feat(index === 0 ? "credit rule" : "second credit rule");
    const body = lines.map((l) => `  ${l.replace(/\n/g, "\n  ")}`).join("\n");
    this.decls.push({ order: 3, text: `credit ${amount} of each ${inName} on ${inName}.${dateField} {\n${body}\n}` });
  }

  private role(index: number): string {
    const role = ROLES[index % ROLES.length]!;
    if (!this.roles.includes(role)) this.roles.push(role);
    return role;
  }

  private split(s: SplitSpec, scope: Scope): string[] {
    switch (s.k) {
      case "shares": {
        this.feat(s.shares.length > 1 ? "split" : "single share");
        if (s.shares.some((x) => x.pct % 100 !== 0)) this.feat("fractional share");
        return s.shares.map((x) => this.shareLine(x, scope));
      }
      case "remainder": {
        const lines: string[] = [];
        if (s.lookedUp) { this.feat("share from table"); lines.push(`${this.splitShare(scope)} to ${this.target(s.shares[0]?.target ?? { k: "payee", x: { k: "field", ty: "text", i: 0, input: 0 } }, scope)} as ${this.role(s.shares[0]?.role ?? 0)}`); }
        lines.push(...s.shares.slice(s.lookedUp ? 1 : 0).map((x) => this.shareLine(x, scope)));
        this.feat(lines.length === 0 ? "remainder alone" : "remainder with shares");
        if (s.rest.length > 1) this.feat("several remainders");
        for (const r of s.rest) {
          if (r.target.k === "each") this.feat("remainder to each");
          lines.push(`remainder to ${this.target(r.target, scope)} as ${this.role(r.role)}`);
        }
        this.feat("remainder");
        return lines;
      }
      case "equal": {
        this.feat("equal split");
        const line = (i: number) => {
          const t = s.takers[i % s.takers.length]!;
          return `(100% / ${s.n}) to ${this.target(t.target, scope)} as ${this.role(t.role)}`;
        };
        return Array.from({ length: s.n }, (_, i) => line(i));
      }
      case "lookedUp": {
        this.feat("share from table");
        const share = this.splitShare(scope);
        return [
          `${share} to ${this.target(s.first, scope)} as ${this.role(s.roles[0])}`,
          `(100% - ${share}) to ${this.target(s.second, scope)} as ${this.role(s.roles[1])}`,
        ];
      }
      case "if": {
        this.feat("credit if");
        this.undecidable = false;
        const cond = this.top(s.cond, "bool", scope);
        if (this.undecidable) this.feat("credit if that can be undecidable");
        const head = `if ${cond} {\n${this.split(s.then, scope).map((l) => `  ${l.replace(/\n/g, "\n  ")}`).join("\n")}\n}`;
        if (!s.else) return [head];
        this.feat("credit else");
        if (s.else.k === "if") return [`${head} else ${this.split(s.else, scope).join("\n")}`];
        return [`${head} else {\n${this.split(s.else, scope).map((l) => `  ${l.replace(/\n/g, "\n  ")}`).join("\n")}\n}`];
      }
    }
  }

  /** One written share: its percentage as a literal or as a constant expression of the same value. */
  private shareLine(x: ShareSpec, scope: Scope): string {
    let pct = percentText(x.pct);
    if (x.form === "divided") {
      const d = x.pct % 2 === 0 ? 4 : 2;
      pct = `(${percentText(x.pct * d)} / ${d})`;
      this.feat("constant share");
    } else if (x.form === "difference") {
      pct = `(100% - ${percentText(10000 - x.pct)})`;
      this.feat("constant share");
    }
    return `${pct} to ${this.target(x.target, scope)} as ${this.role(x.role)}`;
  }

  /** `splits[<rep>].share` in a credit rule. */
  private splitShare(scope: Scope): string {
    this.useTable("splits", "share");
    this.inputFields[scope.input]!.add("rep");
    return `splits[${this.inputNames[scope.input]}.rep].share`;
  }

  private overlay(o: OverlaySpec, scope: Scope): string[] {
    const exact = o.pct === 10000 && !o.lookedUp;
    const pct = o.lookedUp ? this.splitShare(scope) : percentText(o.pct);
    let line = `overlay ${pct} to ${this.target(o.target, scope)} as ${this.role(o.role)}`;
    if (!exact || o.round) {
      line += ` ${this.rounding(o.round ?? { mode: "half up", places: "cents" }, 2).text}`;
      this.feat("overlay rounded");
    }
    this.feat(exact ? "overlay 100%" : "overlay partial");
    if (o.pct > 10000 && !o.lookedUp) this.feat("overlay above 100%");
    if (!o.when) return [line];
    return [`if ${this.top(o.when, "bool", scope)} {\n  ${line}\n}`];
  }

  private target(t: TargetSpec, scope: Scope): string {
    switch (t.k) {
      case "payee": return paren(this.typed(t.x, "text", scope));
      case "each": {
        this.useTable("specialists", "specialist", "category");
        this.feat("each table");
        if (!t.where) return "each specialists.specialist";
        this.feat("each where");
        return `each specialists.specialist where specialists.category = ${paren(this.typed(t.where, "text", scope))}`;
      }
      case "ancestors": {
        this.useTable("hierarchy");
        this.feat("each ancestor");
        return `each ancestor of ${paren(this.typed(t.of, "text", scope))} in hierarchy`;
      }
    }
  }

  // ---- Participants, measures, balances, pays, outputs

  private readonly participantGrains = new Set<Grain>();

  private participants(p: PlanSpec["participants"][number]): void {
    let text: string;
    let grain: Grain;
    switch (p.k) {
      case "tablePeriod":
        if (p.table === "quotas") { grain = this.quotaGrain; this.useTable("quotas"); text = "participants quotas.rep per quotas.period"; }
        else { grain = "month"; this.useTable("targets"); text = "participants targets.rep per targets.month"; }
        break;
      case "tableFrom":
        grain = this.grainOf(p.grain);
        this.useTable("reps", "start_date");
        text = `participants reps.rep from reps.start_date per ${grain}`;
        break;
      case "table":
        grain = this.grainOf(p.grain);
        this.useTable(p.table);
        text = `participants ${p.table}.${p.table === "reps" ? "rep" : "parent"} per ${grain}`;
        break;
      case "every":
        grain = this.grainOf(p.grain);
        text = `participants every payee per ${grain}`;
        break;
    }
    if (this.participantGrains.has(grain)) return;
    this.participantGrains.add(grain);
    this.feat(`participants ${p.k}`);
    this.decls.push({ order: 2, text });
  }

  private measure(m: PlanSpec["measures"][number]): void {
    const name = this.declName(m.name);
    const scope: Scope = m.scope === "credit" ? { ctx: "credit", input: 0 } : { ctx: "group", grain: this.grainOf(m.scope), input: 0 };
    const outer = this.refs;
    const refs: BalanceRef[] = (this.refs = []);
    let r = this.typed(m.x, m.ty, scope);
    this.refs = outer;
    if (m.round && isNumeric(r.ty)) {
      const { text, places } = this.rounding(m.round, 4);
      r = { t: `${paren(r)} ${text}`, ty: r.ty.kind === "number" ? T.decimal : r.ty, scale: places, atomic: false };
      this.feat(`rounded ${m.round.mode}`);
    }
    const clause = m.scope === "credit" ? " per credit" : this.grainClause(m.scope);
    this.feat(m.scope === "credit" ? "measure per credit" : "measure");
    this.decls.push({ order: 5, text: `measure ${name} = ${r.t}${clause}` });
    this.measures.push({ name, scope: m.scope === "credit" ? "credit" : this.grainOf(m.scope), xty: m.ty, ty: r.ty, ...(r.scale !== undefined ? { scale: r.scale } : {}), balances: refs });
  }

  private balance(index: number): void {
    const b = this.spec.balances[index]!;
    const { name, grain } = this.balances[index]!;
    this.currentBalance = { index, part: "start" };
    const start = this.moneyCents(b.start, b.round, { ctx: "group", grain, input: 0 }, "balance start");
    this.currentBalance = { index, part: "next" };
    const next = this.moneyCents(b.next, b.round, { ctx: "group", grain, input: 0 }, "balance rule");
    this.currentBalance = undefined;
    this.feat("balance");
    this.decls.push({ order: 6, text: `balance ${name}${this.grainClause(b.grain)}\n  starts at ${start}\n  becomes ${next}` });
  }

  private pay(p: PlanSpec["pays"][number]): void {
    const name = this.declName(p.name);
    const grain = this.grainOf(p.grain);
    const scope: Scope = { ctx: "group", grain, input: 0 };
    const clauses: string[] = [];
    let value = this.moneyCents(p.value, p.round, scope, "pay");
    if (p.sign === "negated") { value = `-(${value})`; this.feat("negative pay"); }
    if (p.sign === "recovery") { value = `min(0.00, ${value})`; this.feat("negative pay"); }
    for (const g of p.gates) { clauses.push(`when ${this.top(g, "bool", scope)}`); this.feat("gate"); }
    for (const c of p.caps) { clauses.push(`cap ${this.limit(c, scope, "cap", (n) => moneyText(n, n % 3 === 0))}`); this.feat("cap"); }
    if (p.runningCap && MONTHS[p.runningCap.over] > MONTHS[grain]) {
      clauses.push(`cap ${this.limit(p.runningCap.limit, scope, "running cap", (n) => moneyText(n, true))} per ${p.runningCap.over}`);
      this.feat("running cap");
    }
    // A literal floor above a literal cap is an error (A317): such a floor is lowered to the cap.
    const literalCaps = p.caps.filter((c): c is number => typeof c === "number");
    const highest = literalCaps.length > 0 ? Math.min(...literalCaps) : Infinity;
    for (const f of p.floors) { clauses.push(`floor ${this.limit(typeof f === "number" ? Math.min(f, highest) : f, scope, "floor", (n) => moneyText(n, false))}`); this.feat("floor"); }
    if (p.budget !== null) {
      clauses.push(`budget ${this.limit(p.budget, scope, "budget", (n) => moneyText(n, true))}`);
      this.feat("budget");
      if (p.sign !== "plain") this.feat("budget with negative pay");
    }
    if (p.to) { clauses.push(`to ${this.top(p.to, "text", scope)}`); this.feat("redirect"); }
    const clause = this.grainClause(p.grain).trim();
    if (clause) clauses.push(clause);
    this.feat("pay");
    this.pays.push({ name, grain, negative: p.sign !== "plain" });
    const sep = p.multiline ? "\n  " : " ";
    this.decls.push({ order: 7, text: `pay ${name} = ${value}${clauses.map((c) => sep + c).join("")}` });
  }

  private combined(): void {
    const c = this.spec.combined;
    if (!c || this.pays.length === 0) return;
    const picked = [...new Set(c.pays.map((i) => this.pays[i % this.pays.length]!))];
    const grain = picked[0]!.grain;
    const listed = picked.filter((p) => p.grain === grain);
    const names = listed.map((p) => p.name);
    this.feat("combined cap");
    if (listed.some((p) => p.negative)) this.feat("combined cap with negative pay");
    const limit = this.limit(c.limit, { ctx: "group", grain, input: 0 }, "combined cap", (n) => moneyText(n, true));
    this.decls.push({ order: 8, text: `combined cap ${limit} on ${names.join(", ")}${c.explicitGrain ? ` per payee per ${grain}` : ""}` });
  }

  /** A limit's text: a literal amount, or an expression in whole cents (rounded half up when it could carry more). */
  private limit(l: LimitSpec, scope: Scope, what: string, literal: (cents: number) => string): string {
    if (typeof l === "number") return literal(l);
    if (l.k === "budgetRow") {
      this.budgetGrain ??= scope.grain;
      if (scope.grain !== this.budgetGrain) return literal(100000 * (1 + l.form));
    }
    this.feat(`computed ${what}`);
    return this.moneyCents(l, { mode: "half up", places: "cents" }, scope, what);
  }

  private readonly files = new Set<string>();

  private output(o: OutputSpec): void {
    const file = OUTPUT_FILES[o.file % OUTPUT_FILES.length]!;
    if (this.files.has(file)) return;
    this.files.add(file);
    let head: string;
    let scope: Scope;
    switch (o.scope.k) {
      case "group": {
        const grain = this.grainOf(o.scope.grain);
        scope = { ctx: "group", grain, input: 0 };
        head = `per payee per ${grain}`;
        break;
      }
      case "credit": scope = { ctx: "credit", input: 0 }; head = "per credit"; break;
      case "exclusion": scope = { ctx: "exclusion", input: 0 }; head = "per exclusion"; break;
      case "payout": scope = { ctx: "payout", input: 0 }; head = "per payout"; break;
    }
    this.feat(`output ${o.scope.k}`);
    if (file === "credits.csv" || file === "exclusions.csv") this.feat("output replaces built-in");
    const where = o.where ? ` where ${this.top(o.where, "bool", scope)}` : "";
    if (where) this.feat("output where");
    const names: string[] = [];
    const lines: string[] = [];
    for (const b of o.bare) { names.push(b); lines.push(b); }
    if (o.closing !== null && scope.grain) {
      const balances = this.balances.filter((b) => b.grain === scope.grain);
      if (balances.length > 0) {
        names.push("closing_balance");
        lines.push(`closing_balance = closing ${balances[o.closing % balances.length]!.name}`);
        this.feat("closing balance");
      }
    }
    for (const col of o.columns) {
      const name = COLUMN_NAMES[col.name % COLUMN_NAMES.length]!;
      if (names.includes(name)) continue;
      let r = this.typed(col.x, col.ty, scope);
      if (isNumeric(r.ty) && (r.scale === undefined || (r.ty.kind === "money" && r.scale > 2))) {
        const { text } = this.rounding(col.round, r.ty.kind === "money" ? 2 : 4);
        r = { t: `${paren(r)} ${text}`, ty: r.ty, atomic: false };
        this.feat(`rounded ${col.round.mode}`);
      }
      names.push(name);
      lines.push(`${name} = ${r.t}`);
    }
    if (lines.length === 0) return;
    const sorted = [...new Set(o.sorted.map((i) => names[i % names.length]!))];
    if (sorted.length > 0) this.feat("sorted by");
    this.decls.push({ order: 9, text: `output "${file}" ${head}${where} {\n${lines.map((l) => `  ${l}`).join("\n")}\n}${sorted.length ? ` sorted by ${sorted.join(", ")}` : ""}` });
  }

  private reasonsDecl(): void {
    if (this.spec.reasons === "none") return;
    const names = [...this.reasons];
    if (this.spec.reasons === "extra") names.push(REASONS.find((r) => !names.includes(r))!);
    if (names.length === 0) return;
    this.feat("reasons");
    this.decls.push({ order: 2, text: `reasons ${names.join(", ")}` });
  }

  // ---- Expressions

  /** A top-level expression of a type (no parentheses needed around it). */
  private top(x: X, want: XTy, scope: Scope): string {
    return this.typed(x, want, scope).t;
  }

  /** Money with at most two decimals, rounded as the spec says when it could carry more. */
  private moneyCents(x: X, round: RoundSpec, scope: Scope, what: string): string {
    const r = this.typed(x, "money", scope);
    if (r.scale !== undefined && r.scale <= 2) return r.t;
    this.feat(`rounded ${round.mode}`);
    this.feat(`${what} rounded`);
    const { text, places } = this.rounding(round, 2);
    this.feat(places === 0 ? "rounded to whole units" : places === 2 ? "rounded to cents" : `rounded to ${places} decimals`);
    return `${paren(r)} ${text}`;
  }

  /** An expression that has the wanted type, or the plain fallback of that type. */
  private typed(x: X, want: XTy, scope: Scope): R {
    const r = this.expr(x, want, scope);
    if (r && fits(r.ty, want)) return r;
    this.feat("fallback");
    // Which reference fell back, and where: to see what the generator still misses.
    this.feat(`fallback ${x.k} in ${scope.ctx} for ${want}${r ? ` (got ${r.ty.kind})` : ""}`);
    return this.fallback(want, scope);
  }

  private fallback(want: XTy, scope: Scope): R {
    const inName = this.inputNames[scope.input]!;
    const row = scope.ctx === "row" || scope.ctx === "exclusion";
    switch (want) {
      case "money":
        if (row) return { t: `${inName}.amount`, ty: T.money, scale: 2, atomic: true };
        if (scope.ctx === "credit") return { t: "credit.amount", ty: T.money, scale: 2, atomic: true };
        if (scope.ctx === "group") return { t: "sum of credit.amount", ty: T.money, scale: 2, atomic: false };
        return { t: "payout.amount", ty: T.money, scale: 2, atomic: true };
      case "percent": return { t: "10%", ty: T.percent, scale: 1, atomic: true };
      case "count": return scope.ctx === "group" ? { t: "count", ty: T.count, scale: 0, atomic: false } : { t: "1", ty: T.number, scale: 0, atomic: true };
      case "decimal": return { t: "1.5", ty: T.number, scale: 1, atomic: true };
      case "bool": return { t: "true", ty: T.bool, atomic: true };
      case "text":
        if (row) return scope.ctx === "row" ? { t: `${inName}.rep`, ty: T.text, atomic: true } : { t: "exclusion.transaction", ty: T.text, atomic: true };
        if (scope.ctx === "credit") return { t: "credit.payee", ty: T.text, atomic: true };
        if (scope.ctx === "group") return { t: "payee", ty: T.text, atomic: true };
        return { t: "payout.payee", ty: T.text, atomic: true };
      case "date":
        if (row) return { t: `${inName}.date`, ty: T.date, atomic: true };
        if (scope.ctx === "credit") return { t: "credit.date", ty: T.date, atomic: true };
        return { t: this.dateLiteral(15), ty: T.date, atomic: true };
    }
  }

  private field(ty: XTy, i: number, inputPick: number, scope: Scope): R | undefined {
    if (scope.ctx !== "row" && scope.ctx !== "credit" && scope.ctx !== "exclusion") return undefined;
    const input = scope.ctx === "row" ? scope.input : inputPick % this.inputNames.length;
    const name = FIELDS_BY_TYPE[ty][i % FIELDS_BY_TYPE[ty].length]!;
    this.inputFields[input]!.add(name);
    const f = INPUT_FIELDS.find((x) => x.name === name)!;
    if (input !== scope.input) this.feat("field of another input");
    return { t: `${this.inputNames[input]}.${name}`, ...fieldTy(f.kind, f.values), atomic: true };
  }

  /** The key expressions for a payee (`rep`), a transaction id and a period of a grain in a scope. */
  private keyRep(scope: Scope): string | undefined {
    const inName = this.inputNames[scope.input]!;
    switch (scope.ctx) {
      case "row": case "exclusion": this.inputFields[scope.input]!.add("rep"); return `${inName}.rep`;
      case "credit": return "credit.payee";
      case "group": return "payee";
      case "payout": return undefined;
    }
  }

  private keyId(scope: Scope): string | undefined {
    if (scope.ctx === "group" || scope.ctx === "payout") return undefined;
    this.inputFields[scope.input]!.add("id");
    return `${this.inputNames[scope.input]}.id`;
  }

  private keyPeriod(scope: Scope, grain: Grain): string | undefined {
    switch (scope.ctx) {
      case "row": case "exclusion": this.inputFields[scope.input]!.add("date"); return `${grain}(${this.inputNames[scope.input]}.date)`;
      case "credit": return `credit.${grain}`;
      case "group": return scope.grain === grain ? "period" : undefined;
      case "payout": return undefined;
    }
  }

  /** `table[keys]` for a table in a scope, or undefined when the scope has no keys for it. */
  private lookupOf(table: TableName, scope: Scope): string | undefined {
    let keys: (string | undefined)[];
    switch (table) {
      case "reps": case "splits": keys = [this.keyRep(scope)]; break;
      case "quotas": keys = [this.keyRep(scope), this.keyPeriod(scope, this.quotaGrain)]; break;
      case "targets": keys = [this.keyRep(scope), this.keyPeriod(scope, "month")]; break;
      case "book": keys = [this.keyId(scope)]; break;
      default: return undefined;
    }
    if (keys.some((k) => k === undefined)) return undefined;
    this.useTable(table);
    this.feat(`lookup ${table}`);
    return `${table}[${keys.join(", ")}]`;
  }

  private lookupField(ty: XTy, i: number, scope: Scope): R | undefined {
    const candidates: Record<XTy, [TableName, string][]> = {
      money: [["quotas", "quota"], ["book", "amount"]], count: [["targets", "target"]], percent: [["splits", "share"]],
      text: [["reps", "manager"], ["reps", "region"], ["book", "rep"]], date: [["reps", "start_date"], ["book", "date"]], decimal: [], bool: [],
    };
    const usable = candidates[ty].filter(([t]) => this.lookupOfProbe(t, scope));
    if (usable.length === 0) return undefined;
    const [table, field] = usable[i % usable.length]!;
    const at = this.lookupOf(table, scope)!;
    this.useTable(table, field);
    const f = TABLES[table].fields.find((x) => x.name === field)!;
    return { t: `${at}.${field}`, ...fieldTy(f.kind, f.values), atomic: true };
  }

  /** Whether a table can be looked up in a scope, without declaring anything. */
  private lookupOfProbe(table: TableName, scope: Scope): boolean {
    switch (table) {
      case "reps": case "splits": return scope.ctx !== "payout";
      case "quotas": return scope.ctx !== "payout" && (scope.ctx !== "group" || scope.grain === this.quotaGrain);
      case "targets": return scope.ctx !== "payout" && (scope.ctx !== "group" || scope.grain === "month");
      case "book": return scope.ctx !== "group" && scope.ctx !== "payout";
      default: return false;
    }
  }

  /**
   * Measures of a type and scope that the expression being written may read. Read in later
   * periods (`later`: a window over the months of this quarter), a balance the measure reads
   * counts as its closing (its later openings follow from it), as the checker's A315 sees it.
   */
  private measureCandidates(scope: Scope, xty: XTy, grain?: Grain, later = false): MeasureInfo[] {
    const want = scope.ctx === "credit" ? "credit" : (grain ?? scope.grain);
    const list = this.measures.filter((m) => m.scope === want && m.xty === xty && fits(m.ty, xty) && (m.balances ?? []).every((r) => this.mayRead(later ? { ...r, closing: true } : r)));
    if (list.length > 0 || want === undefined) return list;
    const made = this.helperMeasure(want, xty);
    return made ? [made] : [];
  }

  /**
   * A plain measure of a type and scope, declared for a reference that found none (the spec's
   * measures were shrunk away, or have other types or grains), so that the reference lands
   * rather than falling back to a plain value. Variants take turns, deterministically.
   */
  private helperMeasure(scope: "credit" | Grain, xty: XTy): MeasureInfo | undefined {
    const turn = this.helpers++;
    const inName = this.inputNames[0]!;
    const pick = <V>(list: V[]) => list[turn % list.length]!;
    let text: string;
    let ty: Ty;
    let scale: number | undefined;
    if (scope === "credit") {
      switch (xty) {
        case "money": [text, ty, scale] = pick<[string, Ty, number]>([["credit.amount × 10%", T.money, 3], ["credit.amount - 1.00", T.money, 2]]); break;
        case "percent": [text, ty, scale] = ["if credit.amount > 0.00 then 10% else 5%", T.percent, 2]; break;
        case "bool": [text, ty] = pick<[string, Ty]>([["credit.amount > 0.00", T.bool], ["credit.amount >= 1,000.00", T.bool]]); break;
        case "count": [text, ty, scale] = ["if credit.amount > 0.00 then 1 else 0", T.number, 0]; break;
        default: return undefined;
      }
    } else {
      switch (xty) {
        case "money": [text, ty, scale] = pick<[string, Ty, number]>([["sum of credit.amount", T.money, 2], ["sum of credit.amount where credit.amount > 0.00", T.money, 2]]); break;
        case "count": [text, ty, scale] = pick<[string, Ty, number]>([["count", T.count, 0], ["count where credit.amount > 0.00", T.count, 0]]); break;
        case "percent": [text, ty, scale] = ["if count > 2 then 10% else 5%", T.percent, 2]; break;
        case "decimal": this.inputFields[0]!.add("price"); [text, ty] = [`sum of ${inName}.price`, T.decimal]; break;
        case "bool": [text, ty] = pick<[string, Ty]>([["sum of credit.amount > 0.00", T.bool], ["count >= 2", T.bool]]); break;
        case "text": [text, ty] = ["payee", T.text]; break;
        case "date": [text, ty] = ["first of credit.date by credit.date", T.date]; break;
      }
    }
    const name = this.declName(turn);
    const clause = scope === "credit" ? " per credit" : scope === this.grain ? "" : ` per payee per ${scope}`;
    this.feat("helper measure");
    this.decls.push({ order: 5, text: `measure ${name} = ${text}${clause}` });
    const info: MeasureInfo = { name, scope, xty, ty, ...(scale !== undefined ? { scale } : {}) };
    this.measures.push(info);
    return info;
  }

  /**
   * Whether the balance rule being written may read a balance, so that no opening or closing
   * needs itself (the checker's A315): earlier balances, and in `becomes` its own opening, so
   * every need points back in declaration order; a helper balance, which reads only itself,
   * anywhere.
   */
  private mayRead(r: BalanceRef): boolean {
    const current = this.currentBalance;
    if (!current || this.balances[r.index]!.helper) return true;
    return r.index < current.index || (r.index === current.index && current.part === "next" && !r.closing);
  }

  /** The balances of a grain that the rule being written may read, with a plain one declared when there is none. */
  private balancesOf(grain: Grain, closing: boolean): BalanceInfo[] {
    const list = this.balances.filter((b, index) => b.grain === grain && this.mayRead({ index, closing }));
    return list.length > 0 ? list : [this.helperBalance(grain)];
  }

  /** A plain balance of a grain, declared for a reference that found none. */
  private helperBalance(grain: Grain): BalanceInfo {
    const turn = this.helpers++;
    const name = this.declName(16 + turn);
    const rule = turn % 2 === 0 ? `${name} + sum of credit.amount` : `max(0.00, ${name} - sum of credit.amount)`;
    const clause = grain === this.grain ? "" : ` per payee per ${grain}`;
    this.feat("helper balance");
    this.decls.push({ order: 6, text: `balance ${name}${clause}\n  starts at 0.00\n  becomes ${rule}` });
    const b = { name, grain, helper: true };
    this.balances.push(b);
    return b;
  }

  private expr(x: X, want: XTy, scope: Scope): R | undefined {
    const group = scope.ctx === "group";
    switch (x.k) {
      case "lit": return this.literal(x.ty, x.v);
      case "field": { const r = this.field(x.ty, x.i, x.input, scope); if (r) this.feat(`field use ${x.ty}`); return r; }
      case "credit":
        if (scope.ctx !== "credit") return undefined;
        this.feat(`credit.${x.prop}`);
        return x.prop === "amount" ? { t: "credit.amount", ty: T.money, scale: 2, atomic: true } : x.prop === "date" ? { t: "credit.date", ty: T.date, atomic: true } : { t: "credit.payee", ty: T.text, atomic: true };
      case "payee": return group ? { t: "payee", ty: T.text, atomic: true } : undefined;
      case "lookup": return this.lookupField(x.ty, x.i, scope) ?? (group ? this.expr({ k: "mref", ty: x.ty, i: x.i }, want, scope) : undefined);
      case "rowPresent": {
        // A table the context cannot look up gives way to one it can (every context but a payout's can look up reps).
        const table = [x.table, ...(["reps", "quotas", "targets", "splits", "book"] as const)].find((t) => this.lookupOfProbe(t, scope));
        if (!table) return undefined;
        const at = this.lookupOf(table, scope)!;
        this.feat(x.present ? "is present" : "is absent");
        return { t: `${at} is ${x.present ? "present" : "absent"}`, ty: T.bool, atomic: false };
      }
      case "mref": {
        if (scope.ctx !== "group" && scope.ctx !== "credit") return undefined;
        const list = this.measureCandidates(scope, x.ty);
        if (list.length === 0) return undefined;
        const m = list[x.i % list.length]!;
        this.refs?.push(...(m.balances ?? []));
        this.feat(scope.ctx === "credit" ? "per-credit measure used" : "measure uses measure");
        return { t: m.name, ty: m.ty, ...(m.scale !== undefined ? { scale: m.scale } : {}), atomic: true };
      }
      case "bref": {
        if (!group) return undefined;
        // In a balance's own rule (of its grain), `rel` asks for that balance or another one.
        const current = this.currentBalance && this.balances[this.currentBalance.index]!.grain === scope.grain ? this.currentBalance : undefined;
        const self = current && current.part === "next" && x.rel === "self" ? current.index : undefined;
        const closing = self === undefined && x.closing;
        const list = this.balancesOf(scope.grain!, closing);
        const others = current && x.rel === "other" ? list.filter((b) => b !== this.balances[current.index]) : list;
        const pick = self !== undefined ? this.balances[self]! : (others[x.i % Math.max(others.length, 1)] ?? this.helperBalance(scope.grain!));
        const index = this.balances.indexOf(pick);
        if (current) {
          if (index === current.index) this.feat(closing ? "balance uses its own closing" : "balance uses its own opening");
          else this.feat(closing ? "balance uses the closing of another" : "balance uses another balance");
        }
        this.refs?.push({ index, closing });
        this.feat(closing ? "closing balance" : "balance used");
        return { t: closing ? `closing ${pick.name}` : pick.name, ty: T.money, scale: 2, atomic: !closing };
      }
      case "viaMeasure": {
        // A measure that reads the balance's own opening, in the balance's `becomes` (declared when none does).
        const current = this.currentBalance;
        if (!group || !current || current.part !== "next") return undefined;
        const b = this.balances[current.index]!;
        if (b.grain !== scope.grain) return undefined;
        const own = (c: MeasureInfo) => (c.balances ?? []).some((r) => r.index === current.index && !r.closing) && (c.balances ?? []).every((r) => this.mayRead(r));
        let m = this.measures.find((c) => c.scope === b.grain && c.xty === "money" && fits(c.ty, "money") && own(c));
        if (!m) {
          const name = this.declName(this.helpers++);
          const clause = b.grain === this.grain ? "" : ` per payee per ${b.grain}`;
          this.decls.push({ order: 5, text: `measure ${name} = ${b.name} + sum of credit.amount${clause}` });
          m = { name, scope: b.grain, xty: "money", ty: T.money, scale: 2, balances: [{ index: current.index, closing: false }] };
          this.measures.push(m);
        }
        this.feat("balance opening through a measure");
        this.refs?.push(...(m.balances ?? []));
        return { t: m.name, ty: m.ty, ...(m.scale !== undefined ? { scale: m.scale } : {}), atomic: true };
      }
      case "agg": {
        if (!group) return undefined;
        const inner: Scope = { ctx: "credit", input: scope.input };
        const v = this.typed(x.value, guessTy(x.value), inner);
        if (!v || !isNumeric(v.ty)) return undefined;
        this.feat(`aggregate ${x.fn}`);
        const where = x.where ? this.where(x.where, inner) : "";
        return { t: `${x.fn} of ${paren(v)}${where}`, ty: v.ty.kind === "number" ? T.decimal : v.ty, ...(x.fn !== "average" && v.scale !== undefined ? { scale: v.scale } : {}), atomic: false };
      }
      case "count": {
        if (!group) return undefined;
        this.feat("aggregate count");
        return { t: `count${x.where ? this.where(x.where, { ctx: "credit", input: scope.input }) : ""}`, ty: T.count, scale: 0, atomic: false };
      }
      case "distinct": {
        if (!group) return undefined;
        const inner: Scope = { ctx: "credit", input: scope.input };
        const v = this.typed(x.value, "text", inner);
        let t = `count distinct ${paren(v)}`;
        if (x.having) { const h = this.typed(x.having, "bool", scope); t += ` having ${comparisonLevel(h, x.having)}`; this.feat("count distinct having"); }
        t += x.where ? this.where(x.where, inner) : "";
        this.feat("aggregate count distinct");
        return { t, ty: T.count, scale: 0, atomic: false };
      }
      case "first": {
        if (!group) return undefined;
        const inner: Scope = { ctx: "credit", input: scope.input };
        const v = this.typed(x.value, x.ty, inner);
        const keys = x.order.map((o) => this.typed(o, guessTy(o), inner));
        for (const key of keys) this.feat(`first by a ${key.ty.kind === "number" ? "count" : key.ty.kind} key`);
        if (x.byValue) this.feat("first by its own value");
        const order = [...(x.byValue ? [v] : []), ...keys].map(paren);
        this.feat("aggregate first");
        return { t: `first of ${paren(v)} by ${order.join(", ")}${x.where ? this.where(x.where, inner) : ""}`, ty: v.ty, ...(v.scale !== undefined ? { scale: v.scale } : {}), atomic: false };
      }
      case "bin": return this.binary(x, want, scope);
      case "neg": {
        const a = this.typed(x.a, guessTy(x.a), scope);
        if (!a || !isNumeric(a.ty)) return undefined;
        return { t: `-${paren(a)}`, ty: a.ty, ...(a.scale !== undefined ? { scale: a.scale } : {}), atomic: false };
      }
      case "cmp": {
        const a = this.typed(x.a, guessTy(x.a), scope);
        if (!a) return undefined;
        const b = this.typed(x.b, guessTy(x.b), scope);
        if (!b) return undefined;
        const ordered = x.op !== "=" && x.op !== "<>";
        if (!comparable(a.ty, b.ty, ordered) || a.ty.kind === "absent" || b.ty.kind === "absent") return undefined;
        this.feat(`compare ${x.op}`);
        return { t: `${paren(a)} ${x.op} ${paren(b)}`, ty: T.bool, atomic: false };
      }
      case "logic": {
        const a = this.typed(x.a, "bool", scope);
        const b = this.typed(x.b, "bool", scope);
        this.feat(x.op);
        return { t: `${paren(a)} ${x.op} ${paren(b)}`, ty: T.bool, atomic: false };
      }
      case "not": {
        this.feat("not");
        return { t: `not ${paren(this.typed(x.a, "bool", scope))}`, ty: T.bool, atomic: false };
      }
      case "inText": {
        const a = this.typed(x.a, "text", scope);
        this.feat(x.negated ? "not in" : "in");
        const items = [...new Set(x.items.map((i) => JSON.stringify(IN_TEXT[i % IN_TEXT.length])))];
        return { t: `${paren(a)} ${x.negated ? "not in" : "in"} (${items.join(", ")})`, ty: T.bool, atomic: false };
      }
      case "inCount": {
        const a = this.typed(x.a, "count", scope);
        this.feat(x.negated ? "not in" : "in");
        const items = [...new Set(x.items.map((i) => IN_COUNT[i % IN_COUNT.length]!))];
        return { t: `${paren(a)} ${x.negated ? "not in" : "in"} (${items.join(", ")})`, ty: T.bool, atomic: false };
      }
      case "enumTest": {
        // An enumeration the context cannot see gives way to the next one it can.
        const order = ["tier", "level", "role", "reason"] as const;
        // Outputs per exclusion are few: there an enumeration test is of the reason, so reasons are tested often enough.
        const start = order.indexOf(scope.ctx === "exclusion" && x.which !== "role" ? "reason" : x.which);
        for (let j = 0; j < order.length; j++) {
          const r = this.enumTest({ ...x, which: order[(start + j) % order.length]! }, scope);
          if (r) return r;
        }
        return undefined;
      }
      case "presence": {
        const a = this.typed(x.a, guessTy(x.a), scope);
        if (!a) return undefined;
        this.feat(x.present ? "is present" : "is absent");
        return { t: `${paren(a)} is ${x.present ? "present" : "absent"}`, ty: T.bool, atomic: false };
      }
      case "within": {
        const a = this.typed(x.a, "date", scope);
        const name = x.window ? this.window(x.window) : "plan";
        this.feat(x.window ? "within window" : "within plan");
        return { t: `${paren(a)} within ${name}`, ty: T.bool, atomic: false };
      }
      case "periodCmp": {
        const a = this.period(x.a, x.grain, scope);
        const b = this.period(x.b, x.grain, scope);
        if (!a || !b) return undefined;
        this.feat(`period ${x.grain}()`);
        return { t: `${a} ${x.op} ${b}`, ty: T.bool, atomic: false };
      }
      case "if": {
        const c = this.typed(x.c, "bool", scope);
        const t = this.typed(x.t, want, scope);
        const e = this.typed(x.e, want, scope);
        const ty = joinType(t.ty, e.ty);
        if (!ty) return undefined;
        this.feat("if then else");
        return { t: `if ${c.t} then ${t.t} else ${e.t}`, ty, ...(maxScale(t.scale, e.scale) !== undefined ? { scale: maxScale(t.scale, e.scale) } : {}), atomic: false };
      }
      case "absentIf": {
        const c = this.typed(x.c, "bool", scope);
        const t = this.typed(x.t, want, scope);
        this.feat("absent literal");
        return { t: `if ${c.t} then ${t.t} else absent`, ty: t.ty, atomic: false };
      }
      case "call": {
        const args = x.args.map((a) => this.typed(a, want, scope));
        let ty: Ty | undefined = args[0]!.ty;
        for (const a of args.slice(1)) ty = ty && joinType(ty, a.ty);
        if (!ty || !isNumeric(ty)) return undefined;
        this.feat(x.fn);
        const scale = maxScale(...args.map((a) => a.scale));
        return { t: `${x.fn}(${args.map(paren).join(", ")})`, ty, ...(scale !== undefined ? { scale } : {}), atomic: true };
      }
      case "abs": {
        const a = this.typed(x.a, guessTy(x.a), scope);
        if (!a || !isNumeric(a.ty)) return undefined;
        this.feat("abs");
        return { t: `abs(${a.t})`, ty: a.ty, ...(a.scale !== undefined ? { scale: a.scale } : {}), atomic: true };
      }
      case "days": {
        if (scope.ctx === "group" || scope.ctx === "payout") return undefined;
        const from = this.typed(x.from, "date", scope);
        const to = this.typed(x.to, "date", scope);
        this.feat("days from");
        return { t: `days from ${paren(from)} to ${paren(to)}`, ty: T.count, scale: 0, atomic: false };
      }
      case "shiftDate": {
        if (scope.ctx === "group" || scope.ctx === "payout") return undefined;
        const a = this.typed(x.a, "date", scope);
        this.feat(`date ${x.minus ? "-" : "+"} ${x.unit}s`);
        return { t: `${paren(a)} ${x.minus ? "-" : "+"} ${x.n} ${x.unit}${x.n === 1 ? "" : "s"}`, ty: T.date, atomic: false };
      }
      case "termsDate": {
        if (scope.ctx === "group" || scope.ctx === "payout") return undefined;
        const a = this.typed(x.a, "date", scope);
        const by = this.typed(x.by, "count", scope);
        if (by.scale !== 0) return undefined;
        this.feat("date + count × 1 day");
        return { t: `${paren(a)} + ${paren(by)} × 1 day`, ty: T.date, atomic: false };
      }
      case "edgeOf": {
        if (scope.ctx === "group" || scope.ctx === "payout") return undefined;
        const a = this.typed(x.a, "date", scope);
        this.feat(`${x.edge} of ${x.grain}`);
        return { t: `${x.edge} of ${x.grain}(${a.t})`, ty: T.date, atomic: false };
      }
      case "monthsFrom": {
        if (scope.ctx === "group" || scope.ctx === "payout") return undefined;
        const from = this.typed(x.from, "date", scope);
        const to = this.typed(x.to, "date", scope);
        this.feat("months from");
        return { t: `months from ${paren(from)} to ${paren(to)}`, ty: T.count, scale: 0, atomic: false };
      }
      case "dayOf": {
        if (scope.ctx === "group" || scope.ctx === "payout") return undefined;
        const a = this.typed(x.a, "date", scope);
        this.feat("day()");
        return { t: `day(${a.t})`, ty: T.count, scale: 0, atomic: true };
      }
      case "textJoin": {
        const a = this.typed(x.a, "text", scope);
        const b = this.typed(x.b, "text", scope);
        if (a.ty.kind === "absent" || b.ty.kind === "absent") return undefined;
        this.feat("text + text");
        return { t: `${paren(a)} + ${paren(b)}`, ty: T.text, atomic: false };
      }
      case "textOf": {
        const a = this.typed(x.a, guessTy(x.a), scope);
        if (a.ty.kind === "absent") return undefined;
        this.feat("text()");
        return { t: `text(${a.t})`, ty: T.text, atomic: true };
      }
      case "textFn": {
        const a = this.typed(x.a, "text", scope);
        if (a.ty.kind === "absent") return undefined;
        this.feat(`${x.fn}()`);
        return { t: `${x.fn}(${a.t})`, ty: T.text, atomic: true };
      }
      case "textTest": {
        const a = this.typed(x.a, "text", scope);
        if (a.ty.kind === "absent") return undefined;
        this.feat(x.op);
        return { t: `${paren(a)} ${x.op} ${this.literal("text", x.v).t}`, ty: T.bool, atomic: false };
      }
      case "round": {
        const a = this.typed(x.a, guessTy(x.a), scope);
        if (!a || !isNumeric(a.ty)) return undefined;
        const { text, places } = this.rounding(x.r, 4);
        this.feat(`rounded ${x.r.mode}`);
        this.feat(places === 0 ? "rounded to whole units" : places === 2 ? "rounded to cents" : `rounded to ${places} decimals`);
        return { t: `${paren(a)} ${text}`, ty: a.ty.kind === "number" ? T.decimal : a.ty, scale: places, atomic: false };
      }
      case "tier": return this.tier(x, scope);
      case "rate": return this.rate(x.spec, scope) ?? (x.spec.key !== "level" ? this.rate({ ...x.spec, key: "level" }, scope) : undefined);
      case "lookback": {
        if (!group) return undefined;
        const grain = scope.grain!;
        // A measure of a longer grain reads the period that holds this one (`goal this year`).
        const longer: Grain = x.longer && grain !== "year" ? (grain === "month" && x.i % 2 === 0 ? "quarter" : "year") : grain;
        const list = this.measureCandidates(scope, x.ty, longer);
        if (list.length === 0) return undefined;
        const m = list[x.i % list.length]!;
        const scale = m.scale !== undefined ? { scale: m.scale } : {};
        if (x.n === 0) {
          this.feat(longer === grain ? "this period" : "this period of a longer grain");
          return { t: `${m.name} this ${GRAIN_WORD[longer]}`, ty: m.ty, ...scale, atomic: false };
        }
        const months = x.n * MONTHS[longer];
        this.needHistory(months, longer);
        const unit = x.inMonths ? `${months} ${months === 1 ? "month" : "months"}` : `${x.n} ${GRAIN_WORD[longer]}${x.n > 1 ? "s" : ""}`;
        this.feat(longer === grain ? "look-back earlier" : "look-back of a longer grain");
        return { t: `${m.name} ${unit} earlier`, ty: m.ty, ...scale, atomic: false };
      }
      case "anyPrior": {
        if (!group) return undefined;
        const fine = this.finerGrain(scope.grain!, x.fine, x.i);
        const list = this.measureCandidates(scope, "bool", fine, x.range.form === "within");
        if (list.length === 0) return undefined;
        const m = list[x.i % list.length]!;
        const range = this.range(x.range, scope.grain!, fine);
        this.feat(`any over ${x.range.form}`);
        return { t: `any of ${m.name} over ${range}`, ty: T.bool, atomic: false };
      }
      case "rollup": {
        if (!group) return undefined;
        const fine = this.finerGrain(scope.grain!, x.fine, x.i);
        const list = this.measureCandidates(scope, x.ty, fine, x.range.form === "within").filter((m) => isNumeric(m.ty));
        if (list.length === 0) return undefined;
        const m = list[x.i % list.length]!;
        const range = this.range(x.range, scope.grain!, fine);
        this.feat(`${x.fn} over ${x.range.form}`);
        if (fine !== scope.grain) this.feat(`over ${fine}s of a ${scope.grain}`);
        return { t: `${x.fn} of ${m.name} over ${range}`, ty: m.ty, ...(x.fn !== "average" && m.scale !== undefined ? { scale: m.scale } : {}), atomic: false };
      }
      case "sharing": {
        if (scope.ctx !== "row") return undefined;
        const inName = this.inputNames[scope.input]!;
        const names = (list: number[]) => [...new Set(list.map((i) => SHARING_FIELDS[i % SHARING_FIELDS.length]!))];
        const keys = names(x.keys);
        const order = names(x.order);
        for (const f of [...keys, ...(x.fn === "rank" ? order : [])]) this.inputFields[scope.input]!.add(f);
        this.feat(`${x.fn} sharing`);
        const by = x.fn === "rank" ? ` by ${order.map((f) => `${inName}.${f}`).join(", ")}` : "";
        return { t: `${x.fn} sharing ${keys.map((f) => `${inName}.${f}`).join(", ")}${by}`, ty: T.count, scale: 0, atomic: false };
      }
      case "parentOf": {
        if (scope.ctx !== "row") return undefined;
        const of = this.typed(x.of, "text", scope);
        this.useTable("hierarchy");
        this.feat("parent of");
        return { t: `parent of ${paren(of)} in hierarchy`, ty: T.text, atomic: false };
      }
      case "exclusionProp":
        if (scope.ctx !== "exclusion") return undefined;
        this.feat(`exclusion.${x.prop}`);
        return x.prop === "line" ? { t: "exclusion.line", ty: T.count, scale: 0, atomic: true } : { t: `exclusion.${x.prop}`, ty: T.text, atomic: true };
      case "maybeAbsent": return this.maybeAbsent(x, scope);
      case "budgetRow": {
        if (!group || scope.grain !== this.budgetGrain) return undefined;
        this.useTable("budgets", "amount");
        this.feat("lookup budgets");
        const at = "budgets[period]";
        const forms = [`${at}.amount`, `${at}.amount - 1,000.00`, `min(${at}.amount, 10,000.00)`, `if ${at} is present then ${at}.amount else 2,000.00`];
        return { t: forms[x.form % forms.length]!, ty: T.money, scale: 2, atomic: x.form % forms.length === 0 };
      }
      case "payoutProp":
        if (scope.ctx !== "payout") return undefined;
        this.feat(`payout.${x.prop}`);
        return x.prop === "amount" || x.prop === "uncapped" ? { t: `payout.${x.prop}`, ty: T.money, scale: 2, atomic: true } : { t: `payout.${x.prop}`, ty: T.text, atomic: true };
    }
  }

  private where(x: X, inner: Scope): string {
    const r = this.typed(x, "bool", inner);
    this.feat("aggregate where");
    return ` where ${comparisonLevel(r, x)}`;
  }

  private literal(ty: XTy, v: number): R {
    switch (ty) {
      case "money": {
        const text = MONEY_LITS[v % MONEY_LITS.length]!;
        return { t: text, ty: T.money, scale: decimalsOf(text.replace(/,/g, "").replace("-", "")), atomic: !text.startsWith("-") };
      }
      case "percent": {
        const text = PERCENT_LITS[v % PERCENT_LITS.length]!;
        return { t: text, ty: T.percent, scale: decimalsOf(percentFraction(text.slice(0, -1))), atomic: true };
      }
      case "count": return { t: COUNT_LITS[v % COUNT_LITS.length]!, ty: T.number, scale: 0, atomic: true };
      case "decimal": { const text = DECIMAL_LITS[v % DECIMAL_LITS.length]!; return { t: text, ty: T.number, scale: decimalsOf(text), atomic: true }; }
      case "bool": return { t: v % 2 === 0 ? "true" : "false", ty: T.bool, atomic: true };
      case "text": return { t: JSON.stringify(TEXT_LITS[v % TEXT_LITS.length]), ty: T.text, atomic: true };
      case "date": this.feat("date literal"); return { t: this.dateLiteral(DATE_LITS[v % DATE_LITS.length]!), ty: T.date, atomic: true };
    }
  }

  private binary(x: Extract<X, { k: "bin" }>, want: XTy, scope: Scope): R | undefined {
    const [wa, wb] = operandTypes(x);
    const a = this.typed(x.a, wa, scope);
    const b = this.typed(x.b, wb, scope);
    if (!a || !b) return undefined;
    const ty = x.op === "+" || x.op === "-" ? addType(a.ty, b.ty) : x.op === "*" ? mulType(a.ty, b.ty) : divType(a.ty, b.ty);
    if (!ty || a.ty.kind === "absent" || b.ty.kind === "absent") return undefined;
    const scale = x.op === "+" || x.op === "-" ? maxScale(a.scale, b.scale) : x.op === "*" ? (a.scale === undefined || b.scale === undefined ? undefined : a.scale + b.scale) : undefined;
    const op = x.op === "*" ? "×" : x.op;
    this.feat(`arithmetic ${x.op}`);
    return { t: `${paren(a)} ${op} ${paren(b)}`, ty, ...(scale !== undefined ? { scale } : {}), atomic: false };
  }

  /** A comparison over a value that can be absent (an optional field, a lookup that can miss): undecidable for some rows. */
  private maybeAbsent(x: Extract<X, { k: "maybeAbsent" }>, scope: Scope): R | undefined {
    if (scope.ctx !== "row") return undefined;
    const inName = this.inputNames[scope.input]!;
    const f = (name: string) => { this.inputFields[scope.input]!.add(name); return `${inName}.${name}`; };
    const ordered = x.op;
    const equality = x.op === "<>" ? "<>" : "=";
    let t: string;
    switch (x.src % 8) {
      case 0: t = `${f("cost")} ${ordered} ${MONEY_LITS[[2, 1, 3, 0, 8, 5][x.v % 6]!]}`; break;
      case 1: t = `${f("rate")} ${ordered} ${["5%", "10%", "2.5%", "0%", "50%", "12.25%"][x.v % 6]}`; break;
      case 2: t = `${f("partner")} ${equality} ${JSON.stringify(TEXT_LITS[x.v % TEXT_LITS.length])}`; break;
      case 3: t = `${f("paid_date")} ${ordered} ${f("date")}`; break;
      case 4: t = `${this.lookupOf("reps", scope)!}.manager ${equality} ${JSON.stringify(TEXT_LITS[x.v % TEXT_LITS.length])}`; this.useTable("reps", "manager"); break;
      case 5: t = `${this.lookupOf("quotas", scope)!}.quota ${ordered} ${MONEY_LITS[[2, 1, 3, 0, 8, 6][x.v % 6]!]}`; this.useTable("quotas", "quota"); break;
      case 6: t = `${this.lookupOf("book", scope)!}.amount ${ordered} ${f("amount")}`; this.useTable("book", "amount"); break;
      default: t = `${this.lookupOf("splits", scope)!}.share ${ordered} 50%`; this.useTable("splits", "share"); break;
    }
    this.feat(x.src % 8 < 4 ? "condition over an optional field" : "condition over a lookup that can miss");
    this.undecidable = true;
    return { t, ty: T.bool, atomic: false };
  }

  private enumTest(x: Extract<X, { k: "enumTest" }>, scope: Scope): R | undefined {
    let lhs: string | undefined;
    let values: readonly string[];
    switch (x.which) {
      case "tier": {
        if (scope.ctx !== "row" && scope.ctx !== "credit" && scope.ctx !== "exclusion") return undefined;
        this.inputFields[scope.input]!.add("tier");
        lhs = `${this.inputNames[scope.input]}.tier`;
        values = TIERS;
        break;
      }
      case "level": {
        if (!this.lookupOfProbe("reps", scope)) return undefined;
        lhs = `${this.lookupOf("reps", scope)!}.level`;
        this.useTable("reps", "level");
        values = LEVELS;
        break;
      }
      case "role":
        if (scope.ctx !== "credit" || this.roles.length === 0) return undefined;
        lhs = "credit.role";
        values = this.roles;
        break;
      case "reason":
        if (scope.ctx !== "exclusion") return undefined;
        lhs = "exclusion.reason";
        values = [...this.reasons, ...ENGINE_REASONS];
        break;
    }
    this.feat(`enum ${x.which}`);
    const picked = [...new Set(x.items.map((i) => values[i % values.length]!))];
    if (x.form === "eq" || picked.length === 1) return { t: `${lhs} ${x.negated ? "<>" : "="} ${picked[0]}`, ty: T.bool, atomic: false };
    return { t: `${lhs} ${x.negated ? "not in" : "in"} (${picked.join(", ")})`, ty: T.bool, atomic: false };
  }

  private period(p: PeriodX, grain: Grain, scope: Scope): string | undefined {
    switch (p.k) {
      case "periodOf": return `${grain}(${this.typed(p.a, "date", scope).t})`;
      case "creditPeriod": return scope.ctx === "credit" ? `credit.${grain}` : this.period({ k: "periodOf", a: { k: "field", ty: "date", i: 0, input: 0 } }, grain, scope);
      case "booked":
        if (grain !== "month" || scope.ctx === "group" || scope.ctx === "payout") return this.period({ k: "periodOf", a: { k: "field", ty: "date", i: 0, input: 0 } }, grain, scope);
        this.inputFields[scope.input]!.add("booked");
        this.feat("field use month");
        return `${this.inputNames[scope.input]}.booked`;
      case "shiftPeriod": {
        const inner = this.period(p.a, grain, scope);
        if (!inner) return undefined;
        this.feat(`${grain} moved`);
        const n = Math.abs(p.n);
        return `(${inner} ${p.n < 0 ? "-" : "+"} ${n} ${grain}${n === 1 ? "" : "s"})`;
      }
      case "lookupPeriod": {
        const at = this.lookupOfProbe("reps", scope) ? this.lookupOf("reps", scope) : undefined;
        if (!at) return undefined;
        this.useTable("reps", "start_date");
        return `${grain}(${at}.start_date)`;
      }
    }
  }

  private window(w: WindowSpec): string {
    const name = this.declName(20);
    const from = this.dateLiteral(w.start);
    const decl = w.forDays ? `window ${name} from ${from} for ${w.length} days` : `window ${name} from ${from} to ${this.dateLiteral(w.start + w.length - 1)}`;
    if (w.forDays) this.feat("window for days");
    this.feat("window");
    this.decls.push({ order: 0, text: decl });
    return name;
  }

  private tier(x: Extract<X, { k: "tier" }>, scope: Scope): R | undefined {
    const arg = this.typed(x.arg, x.spec.unit === "money" ? "money" : x.spec.unit === "percent" ? "percent" : "count", scope);
    if (!arg || !isNumeric(arg.ty)) return undefined;
    const boundTy = x.spec.unit === "money" ? T.money : x.spec.unit === "percent" ? T.percent : T.number;
    if (!comparable(boundTy, arg.ty, true)) return undefined;
    const rateTy = x.spec.perUnit ? T.money : T.percent;
    const ty = x.use === "at" ? rateTy : mulType(rateTy, arg.ty);
    if (!ty || ty.kind === "error") return undefined;
    const name = this.tiersDecl(x.spec);
    this.feat(`tiers ${x.spec.mode}${x.spec.perUnit ? " per unit" : ""}`);
    this.feat(`tier ${x.use}`);
    if (x.spec.perUnit && x.use === "applied" && x.spec.unit === "count") this.feat("per unit applied to a count");
    const t = x.use === "at" ? `${name} at ${paren(arg)}` : `${name} applied to ${paren(arg)}`;
    return { t, ty, atomic: false };
  }

  private tiersDecl(s: TierSpec): string {
    const name = this.declName(3 + this.tierCount.n++);
    const unit = s.unit === "money" ? 2500000 : s.unit === "percent" ? 2500 : 500;
    const bound = (v: number) => {
      if (s.unit === "money") return v === 0 ? "0" : moneyText(v, true).replace(/\.00$/, "");
      if (s.unit === "percent") return percentText(v);
      return String(v / 100);
    };
    const bounds = [s.negativeStart ? -2 * unit : s.openBelow ? unit : 0];
    for (const step of s.steps) bounds.push(bounds[bounds.length - 1]! + step * unit);
    const rate = (j: number) => {
      const r = s.rates[j % s.rates.length]!;
      return s.perUnit ? `${moneyText(r, false)} per unit` : percentText(r);
    };
    const lines: string[] = [];
    let j = 0;
    if (s.openBelow) lines.push(`below ${bound(bounds[0]!)}: ${rate(j++)}`);
    for (let i = 0; i + 1 < bounds.length; i++) lines.push(`from ${bound(bounds[i]!)} to ${bound(bounds[i + 1]!)}: ${rate(j++)}`);
    lines.push(`from ${bound(bounds[bounds.length - 1]!)}: ${s.zeroTop ? (s.perUnit ? "0.00 per unit" : "0%") : rate(j++)}`);
    if (s.zeroTop) this.feat("tier top band earns nothing");
    if (s.negativeStart) this.feat("tier negative bound");
    if (s.openBelow) this.feat("tier below");
    this.decls.push({ order: 4, text: `tiers ${name} ${s.mode} {\n${lines.map((l) => `  ${l}`).join("\n")}\n}` });
    return name;
  }

  private rate(s: RatesSpec, scope: Scope): R | undefined {
    let key: string | undefined;
    let keyedBy: string;
    let values: readonly string[];
    if (s.key === "level") {
      if (!this.lookupOfProbe("reps", scope)) return undefined;
      key = `${this.lookupOf("reps", scope)!}.level`;
      this.useTable("reps", "level");
      keyedBy = "reps.level";
      values = LEVELS;
    } else {
      // Keyed by a field of the inputs (`tier`, an enumeration, or `category`, text): declared on the first input too.
      if (scope.ctx !== "row" && scope.ctx !== "credit" && scope.ctx !== "exclusion") return undefined;
      this.inputFields[scope.input]!.add(s.key);
      this.inputFields[0]!.add(s.key);
      key = `${this.inputNames[scope.input]}.${s.key}`;
      keyedBy = `${this.inputNames[0]}.${s.key}`;
      values = s.key === "tier" ? TIERS : CATEGORIES;
    }
    const name = this.declName(13 + this.tierCount.n++);
    const value = (r: number) => (s.money ? moneyText(r, false) : percentText(r));
    const entry = (v: string) => (s.key === "category" ? JSON.stringify(v) : v);
    const lines = s.entries.map((e) => `${entry(values[e.value % values.length]!)}: ${value(e.rate)}`);
    if (s.otherwise !== null) { lines.push(`otherwise: ${value(s.otherwise)}`); this.feat("rates otherwise"); }
    this.decls.push({ order: 4, text: `rates ${name} by ${keyedBy} {\n${lines.map((l) => `  ${l}`).join("\n")}\n}` });
    this.feat("rates");
    return { t: `${name}[${key}]`, ty: s.money ? T.money : T.percent, atomic: true };
  }
}

/** The type and scale of a field of a kind. */
function fieldTy(kind: FieldKind, values?: readonly string[]): { ty: Ty; scale?: number } {
  switch (kind) {
    case "text": return { ty: T.text };
    case "integer": return { ty: T.count, scale: 0 };
    case "decimal": return { ty: T.decimal };
    case "money": return { ty: T.money, scale: 2 };
    case "percent": return { ty: T.percent };
    case "boolean": return { ty: T.bool };
    case "date": return { ty: T.date };
    case "month": return { ty: { kind: "period", grain: "month" } };
    case "enum": return { ty: { kind: "enum", values: [...values!] } };
  }
}

/** The type an operand was drawn as, for nodes that carry it. */
function guessTy(x: X): XTy {
  switch (x.k) {
    case "lit": case "field": case "lookup": case "mref": case "lookback": case "first": case "rollup": return x.ty;
    case "credit": return x.prop === "amount" ? "money" : x.prop === "date" ? "date" : "text";
    case "payoutProp": return x.prop === "amount" || x.prop === "uncapped" ? "money" : "text";
    case "payee": case "parentOf": return "text";
    case "exclusionProp": return x.prop === "line" ? "count" : "text";
    case "count": case "distinct": case "sharing": case "days": case "monthsFrom": case "dayOf": return "count";
    case "shiftDate": case "termsDate": case "edgeOf": return "date";
    case "textJoin": case "textOf": case "textFn": return "text";
    case "textTest": return "bool";
    case "bref": case "budgetRow": case "viaMeasure": return "money";
    case "cmp": case "logic": case "not": case "inText": case "inCount": case "enumTest": case "presence": case "within": case "periodCmp": case "rowPresent": case "anyPrior": case "maybeAbsent": return "bool";
    case "agg": case "neg": case "abs": case "round": case "call": return guessTy(x.k === "call" ? x.args[0]! : x.k === "agg" ? x.value : x.a);
    case "if": case "absentIf": return guessTy(x.t);
    case "bin": return binaryTy(x.op, guessTy(x.a), guessTy(x.b));
    case "tier": return x.use === "at" ? (x.spec.perUnit ? "money" : "percent") : "money";
    case "rate": return x.spec.money ? "money" : "percent";
  }
}

/** The type of a binary node from its operands' types, as compiler/types.ts has it (plain numbers aside). */
function binaryTy(op: "+" | "-" | "*" | "/", a: XTy, b: XTy): XTy {
  if (op === "*") {
    if (a === "money" || b === "money") return "money";
    if (a === "percent") return b;
    if (b === "percent") return a;
    return a === "decimal" || b === "decimal" ? "decimal" : a;
  }
  if (op === "/") {
    if (a === "money") return b === "money" ? "percent" : "money";
    if (a === "count" && b === "count") return "percent";
    return a;
  }
  return a;
}

/** The types the operands of a binary node were drawn as. */
function operandTypes(x: Extract<X, { k: "bin" }>): [XTy, XTy] {
  return [guessTy(x.a), guessTy(x.b)];
}

export { percentText, moneyText };
