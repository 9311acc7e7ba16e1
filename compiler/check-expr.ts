/**
 * Expression checking: resolves names, infers types and units, and builds typed IR.
 * One method per expression kind; every error is a diagnostic and yields an `error`-typed
 * node so checking goes on and reports the rest. The file is long because the methods share
 * the checker's state (scope, environment, reporting); period arithmetic lives in periods.ts.
 */
import { diagnostic, type Code, type Diagnostic } from "../language/diagnostics.js";
import type { Expr, Grain, Name, Span } from "../language/syntax.js";
import { dayNumber } from "../runtime/calendar.js";
import * as N from "../runtime/numeric.js";
import { atPeriod, overPeriods } from "./check-periods.js";
import { constantValue } from "./constant-value.js";
import { renameFix } from "./did-you-mean.js";
import { addOther, between, duration, edge, scaleDuration, textTest, type Checking } from "./check-time-text.js";
import { checkCall, functionNames } from "./functions.js";
import type { Constant, Context, IrExpr, IrNode, SharingIr } from "./ir.js";
import { inputsRead } from "./inputs-read.js";
import type { Symbols } from "./symbols.js";
import {
  ABSENT, addType, BOOLEAN, comparable, COUNT, DATE, describe, divType, ERROR, isNumeric, joinType, MONEY, mulType, NUMBER, PERCENT, TEXT, type Ty,
} from "./types.js";

/** Where an expression stands, which decides the names it can see. */
export interface Env {
  ctx: Context;
  /** The grain of the group, in group context. */
  grain?: Grain;
  /** The input being credited, in row context. */
  input?: string;
  /** The table iterated by `each T.field where ...`. */
  eachTable?: string;
  /** What is being checked, for messages ("pay `commission`"). */
  what: string;
}

/** Hooks the expression checker needs from the plan checker. */
export interface PlanScope {
  symbols: Symbols;
  diagnostics: Diagnostic[];
  constants: Constant[];
  /** Each constant's index by its key (constantKey), so that adding one is not a search of the table. */
  constantIndex: Map<string, number>;
  /** The inputs a per-credit measure reads fields of (directly or through other per-credit measures). */
  creditMeasureInputs(name: string): readonly string[];
  /** The type and scope of a measure, checking it first if need be (and detecting cycles). */
  measureType(name: string, from: Span): { ty: Ty; scale?: number; scope: "credit" | Grain } | undefined;
  /** The grain of a declared balance. */
  balanceGrain(name: string): Grain | undefined;
  /** The plan's span and loaded history, as day numbers. */
  calendar: { firstDay: number; lastDay: number; historyDay: number };
  /** Row counts and ranks over inputs, registered as they are met. */
  sharings: SharingIr[];
  /** The plan line of a span, for what the run reports. */
  lineOf(span: Span): number;
  /**
   * `; did you mean x?` for a misspelt name (with `list`, the candidates listed first). Once the
   * plan has more diagnostics than are shown, nothing: a plan with a problem on every line
   * would otherwise compare every unknown name with every declared one.
   */
  suggest(word: string, candidates: () => Iterable<string>, list?: boolean): string;
  /**
   * Where an error node was made without a diagnostic of its own: syntax-error holes (which the
   * parser reported) and anything else. If no error explains them, the plan checker reports them.
   */
  silentErrors: Span[];
  /** Each named constant's value once checked ("checking" while it is). */
  constantValues: Map<string, IrExpr | "checking">;
}

/** Checks one expression in an environment. */
export function checkExpr(scope: PlanScope, env: Env, e: Expr, expect?: Ty): IrExpr {
  const x = new ExprChecker(scope, env).check(e, expect);
  // A duration only moves dates and periods: as a value of its own it would print as a bare count.
  if (x.ty.kind === "duration") {
    scope.diagnostics.push(diagnostic("A212", x.span, [env.what]));
    return { k: "error", ty: ERROR, span: x.span };
  }
  return x;
}

/** Adds a constant (once: equal constants share an index, found by their key) and returns its node. */
export function constant(scope: PlanScope, c: Constant, ty: Ty, span: Span, scale?: number): IrExpr & { k: "const"; index: number } {
  const key = constantKey(c);
  let index = scope.constantIndex.get(key);
  if (index === undefined) {
    index = scope.constants.push(c) - 1;
    scope.constantIndex.set(key, index);
  }
  const node: IrExpr & { k: "const"; index: number } = { k: "const", index, ty, span };
  if (scale !== undefined) node.scale = scale;
  return node;
}

/**
 * The same text for equal constants, different texts for different ones, as their JSON text
 * would be, and cheaper (a plan can hold a constant per line): the first letter tells the kind.
 */
function constantKey(c: Constant): string {
  switch (c.kind) {
    case "num": return `n${c.text}`;
    case "text": return `t${c.value}`;
    case "date": return `d${JSON.stringify(c.day)}`;
    case "bool": return c.value ? "b1" : "b0";
    case "null": return "z";
  }
}

/** Decimals in a number's text. */
export function decimalsOf(text: string): number {
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** A percent literal's exact fraction: `4.5` → `0.045`. */
export function percentFraction(text: string): string {
  return N.formatExact(N.num(text).div(100));
}

// Maps, not object literals: a plan may write `credit.constructor`, which an object would answer from its prototype.
const CREDIT_PROPS = new Map<string, Ty>([["amount", MONEY], ["payee", TEXT], ["role", TEXT], ["date", DATE]]);
const EXCLUSION_PROPS = new Map<string, Ty>([["reason", TEXT], ["input", TEXT], ["transaction", TEXT], ["line", COUNT]]);
const PAYOUT_PROPS = new Map<string, Ty>([["payee", TEXT], ["period", TEXT], ["component", TEXT], ["amount", MONEY], ["uncapped", MONEY]]);
/** What a constant's expression may be made of: literals and operators (names must be constants). */
const CONSTANT_FORMS = new Set<Expr["kind"]>(["number", "money", "percent", "date", "string", "boolean", "unary", "binary", "call", "if", "round", "absent", "error"]);

/** A short name of an expression for a message: the name or field written, else its kind. */
function echoOf(e: Expr): string {
  if (e.kind === "name") return e.name.text;
  if (e.kind === "member" && e.object.kind === "name") return `${e.object.name.text}.${e.member.text}`;
  return e.kind;
}

/** The finer grains `sum of m over ...` adds up over, by the word written. */

/** Reasons the engine itself gives, besides the plan's `exclude` rules. */
export const ENGINE_REASONS = ["outside_plan_periods", "no_date", "no_credit_applies"];

class ExprChecker implements Checking {
  constructor(readonly scope: PlanScope, readonly env: Env) {}

  report<C extends Code>(code: C, span: Span, args: Parameters<typeof diagnostic<C>>[2], related?: Diagnostic["related"]): IrExpr {
    // Two operands can come from the same declaration (`net × net`): say it once.
    const notes = related?.filter((r, i) => related.findIndex((o) => o.span.start === r.span.start && o.message === r.message) === i);
    const d = diagnostic(code, span, args, notes ? { related: notes } : {});
    const fix = renameFix(d.message, span);
    this.scope.diagnostics.push(fix ? { ...d, fix } : d);
    return this.error(span);
  }

  /** An error node for a problem reported elsewhere (or nowhere: then the plan checker reports it). */
  private silentError(span: Span): IrExpr {
    this.scope.silentErrors.push(span);
    return this.error(span);
  }

  /**
   * The node with its type, span and scale. Every caller passes a fresh object, so it is
   * completed in place (a copy with spreads, of some thirty shapes, was the checker's slowest step).
   */
  node(n: IrNode, ty: Ty, span: Span, scale?: number): IrExpr {
    const node = n as IrExpr;
    node.ty = ty;
    node.span = span;
    if (scale !== undefined) node.scale = scale;
    return node;
  }

  check(e: Expr, expect?: Ty): IrExpr {
    // A hole left by syntax error recovery: the parser has already reported it.
    if (!e || !e.span) return this.silentError({ start: 0, end: 0 });
    if (this.env.ctx === "constant" && !CONSTANT_FORMS.has(e.kind) && !(e.kind === "name" && this.scope.symbols.constants.has(e.name.text))) {
      return this.report("A319", e.span, [`${this.env.what} reads \`${echoOf(e)}\`: a constant is computed from literals and other constants only`]);
    }
    switch (e.kind) {
      case "number": return constant(this.scope, { kind: "num", text: e.text }, NUMBER, e.span, decimalsOf(e.text));
      case "money": return constant(this.scope, { kind: "num", text: e.text }, MONEY, e.span, decimalsOf(e.text));
      case "percent": {
        const text = percentFraction(e.text);
        return constant(this.scope, { kind: "num", text }, PERCENT, e.span, decimalsOf(text));
      }
      case "date": return this.dateLiteral(e.text, e.span);
      case "string": return constant(this.scope, { kind: "text", value: e.value }, TEXT, e.span);
      case "boolean": return constant(this.scope, { kind: "bool", value: e.value }, BOOLEAN, e.span);
      case "name": return this.name(e.name, expect);
      case "member": return this.member(e);
      case "index": return this.index(e);
      case "unary": return this.unary(e);
      case "binary": return this.binary(e);
      case "in": return this.inList(e);
      case "presence": {
        const a = this.check(e.value);
        return this.node({ k: "present", a, present: e.present }, BOOLEAN, e.span);
      }
      case "within": return this.within(e);
      case "absent": return constant(this.scope, { kind: "null" }, ABSENT, e.span);
      case "atPeriod": return atPeriod(this, e);
      case "closing": return this.balanceRef(e.balance, true);
      case "parentOf": return this.parentOf(e);
      case "sharing": return this.sharing(e);
      case "if": return this.ifExpr(e);
      case "call": return this.call(e);
      case "aggregate": return this.aggregate(e);
      case "tier": return this.tier(e);
      case "between": return between(this, e);
      case "duration": return duration(this, e);
      case "edge": return edge(this, e);
      case "textTest": return textTest(this, e);
      case "round": {
        const a = this.check(e.value);
        if (!isNumeric(a.ty) && a.ty.kind !== "error") return this.report("A202", e.value.span, ["a rounded value", "a number", describe(a.ty)]);
        return this.node({ k: "round", a, places: e.places, mode: e.mode }, a.ty.kind === "number" ? { kind: "decimal" } : a.ty, e.span, e.places);
      }
      case "remainder": return this.report("A304", e.span, ["`remainder` is a split share, as in `remainder to sale.partner as partner`"]);
      case "error": return this.silentError(e.span);
    }
  }

  private dateLiteral(text: string, span: Span): IrExpr {
    const [y, m, d] = text.split("-").map(Number) as [number, number, number];
    const day = dayNumber(y, m, d);
    if (day === undefined) return this.report("A202", span, ["a date", "a real calendar date", `\`${text}\``]);
    return constant(this.scope, { kind: "date", day }, DATE, span);
  }

  expectType(a: IrExpr, want: Ty, what: string): IrExpr {
    if (a.ty.kind === "error" || a.ty.kind === want.kind) return a;
    this.report("A202", a.span, [what, describe(want), describe(a.ty)]);
    return { ...a, ty: ERROR };
  }

  private name(name: Name, expect?: Ty): IrExpr {
    const { symbols } = this.scope;
    const text = name.text;
    if (text === "payee") {
      if (this.env.ctx === "group") return this.node({ k: "payee" }, TEXT, name.span);
      if (this.env.ctx === "credit") return this.node({ k: "credit", prop: "payee" }, TEXT, name.span);
      return this.report("A106", name.span, ["`payee`", "the credit rule is what decides who the payee is"]);
    }
    if (text === "period") {
      if (this.env.ctx === "group" && this.env.grain) return this.node({ k: "period" }, { kind: "period", grain: this.env.grain }, name.span);
      return this.report("A106", name.span, ["`period`", "only payouts and measures per payee per period have one"]);
    }
    if (symbols.measures.has(text)) return this.measureRef(name);
    if (symbols.constants.has(text)) return this.constantRef(name);
    if (symbols.balances.has(text)) return this.balanceRef(name, false);
    if (expect?.kind === "enum" && expect.values.includes(text)) return constant(this.scope, { kind: "text", value: text }, expect, name.span);
    if (expect?.kind === "enum" && expect.of && !symbols.records.has(text)) {
      return this.report("A310", name.span, [expect.of === "role" ? "no credit statement gives the role" : "no rule produces the exclusion reason", text, this.scope.suggest(text, () => expect.values, true)]);
    }
    if (symbols.tiers.has(text) || symbols.rates.has(text)) {
      symbols.used.add(text);
      return this.report("A207", name.span, [text]);
    }
    if (symbols.pays.has(text)) return this.report("A108", name.span, [text]);
    if (symbols.records.has(text) || text === "credit") return this.report("A202", name.span, [`\`${text}\``, "followed by a field, as in `" + text + ".field`", "a record"]);
    const candidates = () => [...symbols.measures.keys(), ...symbols.records.keys(), "payee", "period", ...(expect?.kind === "enum" ? expect.values : [])];
    return this.report("A101", name.span, [text, this.scope.suggest(text, candidates)]);
  }

  /**
   * A named constant: its value, computed once from literals and other constants, stands where
   * the name is written (a constant node, so the run sees a literal and the checker its value).
   */
  private constantRef(name: Name): IrExpr {
    const { symbols } = this.scope;
    symbols.used.add(name.text);
    const known = this.scope.constantValues.get(name.text);
    if (known === "checking") return this.report("A319", name.span, [`\`${name.text}\` is computed from itself`]);
    if (known) return { ...known, span: name.span };
    const decl = symbols.constants.get(name.text)!;
    this.scope.constantValues.set(name.text, "checking");
    const value = this.literalOf(new ExprChecker(this.scope, { ctx: "constant", what: `constant \`${name.text}\`` }).check(decl.value), decl.value.span);
    this.scope.constantValues.set(name.text, value);
    return { ...value, span: name.span };
  }

  /** What a constant's expression comes to, as one constant node; an error when it reads anything but literals and constants. */
  private literalOf(x: IrExpr, span: Span): IrExpr {
    if (x.ty.kind === "error") return x;
    if (x.k === "const") return x;
    const n = isNumeric(x.ty) ? constantValue(x, this.scope.constants) : undefined;
    if (n === undefined) return this.report("A319", span, ["a constant is computed from literals and other constants only (numbers, amounts, percents, dates, text, yes/no)"]);
    const text = N.formatExact(n);
    return constant(this.scope, { kind: "num", text }, x.ty, span, x.scale ?? decimalsOf(text));
  }

  private measureRef(name: Name): IrExpr {
    const info = this.scope.measureType(name.text, name.span);
    this.scope.symbols.used.add(name.text);
    // Undefined only for a measure in a cycle, reported where the cycle closes.
    if (!info) return this.error(name.span);
    if (info.scope === "credit") {
      if (this.env.ctx !== "credit") return this.report("A106", name.span, [`the per-credit measure \`${name.text}\``, `it has one value per credit: add it up with \`sum of ${name.text}\``]);
      return this.node({ k: "rowMeasure", name: name.text }, info.ty, name.span, info.scale);
    }
    if (this.env.ctx !== "group") return this.report("A106", name.span, [`the measure \`${name.text}\``, `it has one value per payee per ${info.scope}, not one for each row or credit`]);
    if (this.env.grain && info.scope !== this.env.grain) {
      return this.report("A206", name.span, [`${this.env.what} (per ${this.env.grain}) uses \`${name.text}\`, which is per ${info.scope}: it`]);
    }
    return this.node({ k: "measure", name: name.text }, info.ty, name.span, info.scale);
  }

  private member(e: Extract<Expr, { kind: "member" }>): IrExpr {
    const { symbols } = this.scope;
    const field = e.member.text;
    if (e.object.kind === "name") {
      const base = e.object.name.text;
      if (base === "credit") return this.creditMember(e);
      if (base === "exclusion" || base === "payout") {
        if (this.env.ctx === base) return this.contextMember(e, base, base === "exclusion" ? EXCLUSION_PROPS : PAYOUT_PROPS);
        if (!this.scope.symbols.records.has(base)) return this.report("A106", e.object.span, [`\`${base}\``, `only an output \`per ${base}\` lists ${base}s`]);
      }
      if (base === this.env.eachTable) {
        const fieldTy = this.fieldType(base, e.member);
        return fieldTy ? this.node({ k: "eachField", field }, fieldTy.ty, e.span, fieldTy.scale) : this.error(e.span);
      }
      const record = symbols.records.get(base);
      if (record) {
        symbols.used.add(base);
        if (record.decl.role === "table") {
          return this.report("A202", e.span, [`the table \`${base}\``, `looked up by its key, as in \`${base}[...]\`.${field}`, "a field without a key"]);
        }
        if (this.env.ctx === "group" || this.env.ctx === "payout") return this.report("A106", e.span, [`\`${base}.${field}\``, `it is a field of one ${base} row: aggregate the rows, as in \`sum of ${base}.${field}\``]);
        if (this.env.ctx === "row" && this.env.input !== base) return this.report("A106", e.span, [`\`${base}.${field}\``, `the credit rule of \`${this.env.input}\` sees only the fields of \`${this.env.input}\``]);
        const fieldTy = this.fieldType(base, e.member);
        return fieldTy ? this.node({ k: "field", record: base, field }, fieldTy.ty, e.span, fieldTy.scale) : this.error(e.span);
      }
    }
    const object = this.check(e.object);
    if (object.ty.kind === "row" && object.k === "lookup") {
      const fieldTy = this.fieldType(object.ty.table, e.member);
      if (!fieldTy) return this.error(e.span);
      return this.node({ ...object, field }, fieldTy.ty, e.span, fieldTy.scale);
    }
    if (object.ty.kind === "error") return this.error(e.span);
    return this.report("A202", e.span, ["the value before `.`", "a record or a looked-up row", describe(object.ty)]);
  }

  /** An error node, after the problem has been reported. */
  error(span: Span): IrExpr {
    return { k: "error", ty: ERROR, span };
  }

  private fieldType(record: string, member: Name): { ty: Ty; scale?: number } | undefined {
    const info = this.scope.symbols.records.get(record);
    const field = info?.fields.get(member.text);
    if (!info || !field) {
      this.report("A103", member.span, [record, member.text, this.scope.suggest(member.text, () => info?.fields.keys() ?? [])]);
      return undefined;
    }
    this.scope.symbols.used.add(`${record}.${member.text}`);
    const scale = field.ty.kind === "money" ? 2 : field.ty.kind === "count" ? 0 : undefined;
    return { ty: field.ty, ...(scale !== undefined ? { scale } : {}) };
  }

  /** `exclusion.reason` in outputs per exclusion, `payout.amount` in outputs per payout. */
  private contextMember(e: Extract<Expr, { kind: "member" }>, base: "exclusion" | "payout", props: ReadonlyMap<string, Ty>): IrExpr {
    const prop = e.member.text;
    const ty = prop === "reason" ? { kind: "enum" as const, values: this.scope.symbols.reasons.concat(ENGINE_REASONS), of: "reason" as const } : props.get(prop);
    if (!ty) return this.report("A103", e.member.span, [base, prop, this.scope.suggest(prop, () => props.keys())]);
    const scale = ty.kind === "money" ? 2 : ty.kind === "count" ? 0 : undefined;
    return this.node({ k: base, prop } as IrNode, ty, e.span, scale);
  }

  private creditMember(e: Extract<Expr, { kind: "member" }>): IrExpr {
    const prop = e.member.text;
    if (this.env.ctx !== "credit") return this.report("A106", e.span, [`\`credit.${prop}\``, "a credit is seen only inside `sum of`, `count` and other aggregates, and in measures `per credit`"]);
    if (prop === "month" || prop === "quarter" || prop === "year") return this.node({ k: "credit", prop }, { kind: "period", grain: prop }, e.span);
    const ty = prop === "role" ? { kind: "enum" as const, values: this.scope.symbols.roles, of: "role" as const } : CREDIT_PROPS.get(prop);
    if (!ty) return this.report("A103", e.member.span, ["credit", prop, this.scope.suggest(prop, () => ["amount", "payee", "role", "date", "month", "quarter", "year"])]);
    return this.node({ k: "credit", prop: prop as "amount" }, ty, e.span, prop === "amount" ? 2 : undefined);
  }

  private index(e: Extract<Expr, { kind: "index" }>): IrExpr {
    const { symbols } = this.scope;
    if (e.object.kind !== "name") return this.report("A202", e.object.span, ["what is looked up", "a table or a rate table", "an expression"]);
    const name = e.object.name.text;
    const rates = symbols.rates.get(name);
    if (rates) {
      symbols.used.add(name);
      if (e.keys.length !== 1) return this.report("A205", e.span, [name, "1 key", String(e.keys.length)]);
      const key = this.check(e.keys[0]!);
      const rateTy = this.ratesValueType(name);
      const scale = maxOf([...rates.entries.map((x) => x.value), ...(rates.otherwise ? [rates.otherwise] : [])].map(literalScale));
      return this.node({ k: "rate", table: name, key }, rateTy, e.span, scale);
    }
    const record = symbols.records.get(name);
    if (!record || record.decl.role !== "table") {
      const tables = () => [...symbols.records.values()].filter((r) => r.decl.role === "table").map((r) => r.decl.name.text);
      return this.report("A101", e.object.span, [name, this.scope.suggest(name, () => [...tables(), ...symbols.rates.keys()])]);
    }
    symbols.used.add(name);
    const keyFields = record.decl.key;
    if (keyFields.length === 0) {
      return this.report("A304", e.span, [`the table \`${name}\` has no key: declare one with \`key field\` to look rows up`]);
    }
    if (keyFields.length !== e.keys.length) {
      // Reported, then checked on, so that the field read after `]` is still resolved (and used).
      const names = keyFields.map((k) => `\`${k.text}\``).join(", ");
      this.report("A205", e.span, [name, `${keyFields.length} key${keyFields.length === 1 ? "" : "s"} (${names})`, String(e.keys.length)]);
    }
    const keys = e.keys.map((k, i) => {
      const keyField = keyFields[i];
      const field = keyField && record.fields.get(keyField.text);
      const key = this.check(k, field?.ty);
      if (keyField && field && !comparable(field.ty, key.ty, false)) {
        this.report("A202", k.span, [`key \`${keyField.text}\` of \`${name}\``, describe(field.ty), describe(key.ty)]);
      }
      return key;
    });
    return this.node({ k: "lookup", table: name, keys }, { kind: "row", table: name }, e.span);
  }

  /** The type of a rate table's values: percent, or money per unit. */
  ratesValueType(name: string): Ty {
    const decl = this.scope.symbols.rates.get(name)!;
    const first = decl.entries[0]?.value ?? decl.otherwise;
    return first?.kind === "money" ? MONEY : PERCENT;
  }

  private unary(e: Extract<Expr, { kind: "unary" }>): IrExpr {
    const a = this.check(e.operand);
    if (e.op === "not") return this.node({ k: "not", a: this.expectType(a, BOOLEAN, "the operand of `not`") }, BOOLEAN, e.span);
    if (!isNumeric(a.ty) && a.ty.kind !== "error" && a.ty.kind !== "duration") return this.report("A202", e.operand.span, ["the operand of `-`", "a number", describe(a.ty)]);
    return this.node({ k: "neg", a }, a.ty, e.span, a.scale);
  }

  private binary(e: Extract<Expr, { kind: "binary" }>): IrExpr {
    if (e.op === "and" || e.op === "or") {
      const a = this.expectType(this.check(e.left), BOOLEAN, `the left side of \`${e.op}\``);
      const b = this.expectType(this.check(e.right), BOOLEAN, `the right side of \`${e.op}\``);
      return this.node({ k: "logic", op: e.op, a, b }, BOOLEAN, e.span);
    }
    const a = this.check(e.left);
    const b = this.check(e.right, a.ty);
    switch (e.op) {
      case "+": case "-": return addOther(this, e.op, a, b, e.span) ?? this.arith(e.op, a, b, addType(a.ty, b.ty), e.span, maxScale(a, b), e.op === "+" ? "add" : "subtract");
      case "*": return scaleDuration(this, a, b, e.span) ?? this.arith("*", a, b, mulType(a.ty, b.ty), e.span, sumScale(a, b), "multiply");
      case "/": return this.arith("/", a, b, divType(a.ty, b.ty), e.span, undefined, "divide");
      default: {
        const ordered = e.op !== "=" && e.op !== "<>";
        if (!comparable(a.ty, b.ty, ordered)) return this.report("A203", e.span, [describe(a.ty), describe(b.ty)], [
          this.origin(a), this.origin(b),
        ]);
        return this.node({ k: "cmp", op: e.op, a: a, b, numeric: isNumeric(a.ty) }, BOOLEAN, e.span);
      }
    }
  }

  /**
   * Where an operand's type comes from, for the notes of a unit error: the declaration of a
   * measure or field (so the designer sees why `net` is money), else the operand itself.
   */
  private origin(x: IrExpr): { message: string; span: Span } {
    const { symbols } = this.scope;
    if (x.k === "measure" || x.k === "rowMeasure") {
      const decl = symbols.measures.get(x.name);
      if (decl) return { message: `\`${x.name}\` is ${describe(x.ty)}: the measure declared here`, span: decl.name.span };
    }
    if (x.k === "field") {
      const field = symbols.records.get(x.record)?.fields.get(x.field);
      if (field) return { message: `\`${x.record}.${x.field}\` is ${describe(x.ty)}: the field declared here`, span: field.decl.span };
    }
    if (x.k === "lookup" && x.field) {
      const field = symbols.records.get(x.table)?.fields.get(x.field);
      if (field) return { message: `\`${x.table}.${x.field}\` is ${describe(x.ty)}: the field declared here`, span: field.decl.span };
    }
    return { message: `this is ${describe(x.ty)}`, span: x.span };
  }

  private arith(op: "+" | "-" | "*" | "/", a: IrExpr, b: IrExpr, ty: Ty | undefined, span: Span, scale: number | undefined, verb: string): IrExpr {
    if (!ty) {
      return this.report("A201", span, [verb, describe(a.ty), describe(b.ty)], [
        this.origin(a), this.origin(b),
      ]);
    }
    return this.node({ k: "arith", op, a, b }, ty, span, scale);
  }

  private inList(e: Extract<Expr, { kind: "in" }>): IrExpr {
    const a = this.check(e.value);
    const list = e.list.map((item) => {
      const x = this.check(item, a.ty);
      if (!comparable(a.ty, x.ty, false)) this.report("A203", item.span, [describe(a.ty), describe(x.ty)]);
      return x;
    });
    return this.node({ k: "in", a, list, negated: e.negated, numeric: isNumeric(a.ty) }, BOOLEAN, e.span);
  }

  /** `date within window`: both ends of the window included. */
  private within(e: Extract<Expr, { kind: "within" }>): IrExpr {
    const a = this.expectType(this.check(e.value), DATE, "the value before `within`");
    if (e.window.text === "plan") {
      const { firstDay, lastDay } = this.scope.calendar;
      const from = constant(this.scope, { kind: "date", day: firstDay }, DATE, e.window.span);
      const to = constant(this.scope, { kind: "date", day: lastDay }, DATE, e.window.span);
      return this.node({ k: "within", a, from, to }, BOOLEAN, e.span);
    }
    const w = this.scope.symbols.windows.get(e.window.text);
    if (!w) return this.report("A105", e.window.span, [e.window.text, this.scope.suggest(e.window.text, () => this.scope.symbols.windows.keys())]);
    this.scope.symbols.used.add(e.window.text);
    return this.node({ k: "within", a, from: this.check(w.from), to: this.check(w.to) }, BOOLEAN, e.span);
  }

  /** A balance: its opening value in the period, or with `closing`, its value at the end. */
  private balanceRef(name: Name, closing: boolean): IrExpr {
    const grain = this.scope.balanceGrain(name.text);
    if (!grain) return this.report("A101", name.span, [name.text, this.scope.suggest(name.text, () => this.scope.symbols.balances.keys())]);
    this.scope.symbols.used.add(name.text);
    if (this.env.ctx !== "group") return this.report("A106", name.span, [`the balance \`${name.text}\``, `a balance has one value per payee per ${grain}`]);
    if (this.env.grain && this.env.grain !== grain) return this.report("A206", name.span, [`${this.env.what} (per ${this.env.grain}) uses \`${name.text}\`, which is per ${grain}: it`]);
    return this.node({ k: "balance", name: name.text, closing }, MONEY, name.span, 2);
  }

  /** `parent of X in H`: X's parent in a hierarchy on the row's date. */
  private parentOf(e: Extract<Expr, { kind: "parentOf" }>): IrExpr {
    if (this.env.ctx !== "row") return this.report("A106", e.span, ["`parent of`", "a parent is found on a row's date, in a credit rule"]);
    const of = this.check(e.of);
    const h = this.scope.symbols.records.get(e.hierarchy.text);
    if (!h?.decl.links) return this.report("A304", e.hierarchy.span, [`\`${e.hierarchy.text}\` is not a hierarchy: declare it as \`table ${e.hierarchy.text} links child to parent { ... }\``]);
    this.scope.symbols.used.add(e.hierarchy.text);
    return this.node({ k: "parentOf", of, hierarchy: e.hierarchy.text, line: this.scope.lineOf(e.span) }, TEXT, e.span);
  }

  /** `count sharing k...` and `rank sharing k... by o...` over the rows of the input being credited. */
  private sharing(e: Extract<Expr, { kind: "sharing" }>): IrExpr {
    if (this.env.ctx !== "row" || !this.env.input) return this.report("A106", e.span, [`\`${e.fn} sharing\``, "it compares a row with the other rows of its input, in a credit rule"]);
    const keys = e.keys.map((k) => this.check(k));
    const order = e.order.map((o) => this.check(o));
    if (e.fn === "rank" && order.length === 0) return this.report("A304", e.span, ["`rank sharing` needs an order: add `by field, ...`"]);
    const index = this.scope.sharings.push({ input: this.env.input, fn: e.fn, keys, order }) - 1;
    return this.node({ k: "sharing", index }, COUNT, e.span, 0);
  }

  private ifExpr(e: Extract<Expr, { kind: "if" }>): IrExpr {
    const c = this.expectType(this.check(e.cond), BOOLEAN, "the condition of `if`");
    const t = this.check(e.then);
    const f = this.check(e.else, t.ty);
    const ty = joinType(t.ty, f.ty);
    if (!ty) return this.report("A203", e.span, [describe(t.ty), describe(f.ty)]);
    return this.node({ k: "if", c, t, e: f }, ty, e.span, maxScale(t, f));
  }

  private call(e: Extract<Expr, { kind: "call" }>): IrExpr {
    const name = e.fn.text;
    const args = e.args.map((a) => this.check(a));
    const found = checkCall(name, args);
    if (found.ok) return this.node({ k: "call", fn: found.fn, args }, found.result.ty, e.span, found.result.scale);
    if (found.problem === "unknown") return this.report("A101", e.fn.span, [name, this.scope.suggest(name, functionNames)]);
    return this.report("A202", e.span, [`the arguments of \`${name}\``, found.takes, found.found]);
  }

  private aggregate(e: Extract<Expr, { kind: "aggregate" }>): IrExpr {
    if (e.over) return overPeriods(this, e, e.over);
    if (this.env.ctx !== "group") return this.report("A106", e.span, [`\`${e.fn}\` over credits`, "aggregates belong to measures, payouts and outputs per payee per period"]);
    const inner = new ExprChecker(this.scope, { ...this.env, ctx: "credit" });
    const where = e.where && inner.expectType(inner.check(e.where), BOOLEAN, "the condition after `where`");
    if (e.fn === "count") {
      const distinct = e.distinct && inner.check(e.distinct);
      const having = e.having && this.expectType(this.check(e.having), BOOLEAN, "the condition after `having`");
      return this.node({ k: "agg", fn: "count", distinct, having, where, inputs: this.inputsOf(distinct) }, COUNT, e.span, 0);
    }
    const value = inner.check(e.value!);
    const inputs = this.inputsOf(value);
    if (e.fn === "first") {
      const order = (e.order ?? []).map((o) => inner.check(o));
      return this.node({ k: "agg", fn: "first", value, where, order, inputs, line: this.scope.lineOf(e.span) }, value.ty, e.span, value.scale);
    }
    // `any of` always has `over` (the parser makes sure): here only to narrow the type.
    if (e.fn === "any") return this.error(e.span);
    if (!isNumeric(value.ty) && value.ty.kind !== "error") return this.report("A202", e.value!.span, [`the value of \`${e.fn} of\``, "a number", describe(value.ty)]);
    const ty = value.ty.kind === "number" ? { kind: "decimal" as const } : value.ty;
    return this.node({ k: "agg", fn: e.fn, value, where, inputs }, ty, e.span, e.fn === "average" ? undefined : value.scale);
  }

  /** The inputs an aggregate's value reads, whose credits it runs over (none: every credit). */
  private inputsOf(value: IrExpr | undefined): string[] {
    return value ? inputsRead(value, (name) => this.scope.creditMeasureInputs(name)) : [];
  }

  private tier(e: Extract<Expr, { kind: "tier" }>): IrExpr {
    const { symbols } = this.scope;
    const decl = symbols.tiers.get(e.table.text);
    if (!decl) return this.report("A101", e.table.span, [e.table.text, this.scope.suggest(e.table.text, () => symbols.tiers.keys())]);
    symbols.used.add(e.table.text);
    const arg = this.check(e.arg);
    const boundTy = bandBoundType(this.scope, decl);
    if (boundTy && arg.ty.kind !== "error" && !comparable(boundTy, arg.ty, true)) {
      this.report("A202", e.arg.span, [`the value looked up in \`${e.table.text}\``, describe(boundTy), describe(arg.ty)], );
    }
    const perUnit = decl.bands.some((b) => b.perUnit);
    const rateTy: Ty = perUnit ? MONEY : PERCENT;
    // Decimals, from the literals: a rate has its own; an amount applied has the rate's plus the
    // slice's (marginal: x or a bound, whichever has more) or x's (retroactive: rate × x).
    const rateScale = maxOf(decl.bands.map((b) => literalScale(b.rate)));
    if (e.use === "at") return this.node({ k: "tier", table: e.table.text, use: "at", arg }, rateTy, e.span, rateScale);
    const applied = perUnit ? mulType(MONEY, arg.ty) : mulType(PERCENT, arg.ty);
    if (!applied) return this.report("A201", e.span, ["apply the rates of", `\`${e.table.text}\``, describe(arg.ty)]);
    const sliceScale = decl.mode === "marginal" ? maxOf([arg.scale, ...decl.bands.flatMap((b) => [b.lower, b.upper].filter((x) => x).map(literalScale))]) : arg.scale;
    const scale = sliceScale === undefined || rateScale === undefined ? undefined : sliceScale + rateScale;
    return this.node({ k: "tier", table: e.table.text, use: "applied", arg }, applied, e.span, scale);
  }
}

/** The type of a tier table's bounds, from the first bound written. */
export function bandBoundType(scope: PlanScope, decl: Extract<import("../language/syntax.js").Decl, { kind: "tiers" }>): Ty | undefined {
  let found: Ty | undefined;
  for (const bound of decl.bands.flatMap((b) => [b.lower, b.upper])) {
    if (!bound) continue;
    const lit = bound.kind === "unary" ? bound.operand : bound;
    if (lit.kind === "money") return MONEY;
    if (lit.kind === "percent") return PERCENT;
    if (lit.kind === "number") found = NUMBER;
  }
  return found;
}

/** Decimals of a literal as the run holds it (a percent as its fraction: 2.5% has 3); undefined for anything else. */
function literalScale(e: Expr | undefined): number | undefined {
  const lit = e?.kind === "unary" ? e.operand : e;
  switch (lit?.kind) {
    case "percent": return decimalsOf(percentFraction(lit.text));
    case "money": case "number": return decimalsOf(lit.text);
    default: return undefined;
  }
}

/** The largest of some scales, or undefined if any is unknown (or there are none). */
function maxOf(scales: (number | undefined)[]): number | undefined {
  if (scales.length === 0 || scales.some((s) => s === undefined)) return undefined;
  return Math.max(...(scales as number[]));
}

function maxScale(a: IrExpr, b: IrExpr): number | undefined {
  return a.scale === undefined || b.scale === undefined ? undefined : Math.max(a.scale, b.scale);
}

function sumScale(a: IrExpr, b: IrExpr): number | undefined {
  return a.scale === undefined || b.scale === undefined ? undefined : a.scale + b.scale;
}
