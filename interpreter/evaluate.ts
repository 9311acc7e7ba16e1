/**
 * Expressions, evaluated straight from the IR: one case per node kind, nothing compiled or
 * remembered. Absent (null) flows through arithmetic; conditions have three values (true,
 * false, absent); `and` and `or` decide as soon as one side settles it.
 */
import type { Grain } from "../language/syntax.js";
import type { IrExpr, MeasureIr, PlanIr } from "../compiler/ir.js";
import { callFunction } from "./functions.js";
import { compareValues, shown, Day, Dec, isDec, isoDate, periodBefore, periodDays, periodOfDay, periodsFromTo, roundTo, exact, ZERO, type IValue } from "./values.js";

/** A credit: a share of a row's amount given to a payee in a role. */
export interface ICredit {
  seq: number;
  input: string;
  transaction: string;
  payee: string;
  role: string;
  amount: Dec;
  date: Day;
  line: number;
  row: Map<string, IValue>;
  file: string;
  sourceLine: number;
}

/** A payee in a period of a grain. */
export interface IGroup {
  grain: Grain;
  payee: string;
  period: string;
}

/** What an expression can see where it stands. */
export interface Scope {
  /** The input row being credited (row context), with the date its rule places it on. */
  row: { input: string; values: Map<string, IValue>; date: Day | null } | null;
  /** The table row of `each T.field where ...`. */
  table: Map<string, IValue> | null;
  credit: ICredit | null;
  group: IGroup | null;
  /** The credits an aggregate runs over: the group's, or a `count distinct ... having` subgroup's. */
  credits: ICredit[];
  exclusion: Map<string, IValue> | null;
  payout: Map<string, IValue> | null;
}

export const EMPTY_SCOPE: Scope = { row: null, table: null, credit: null, group: null, credits: [], exclusion: null, payout: null };

/** What the evaluator asks of the run. */
export interface World {
  plan: PlanIr;
  constant(index: number): IValue;
  measure(name: string): MeasureIr;
  /** The group's credits (history credits only in periods wholly before the plan). */
  creditsOf(group: IGroup): ICredit[];
  lookup(table: string, keys: IValue[]): Map<string, IValue> | null;
  balance(name: string, group: IGroup, closing: boolean): IValue;
  /** The distinct parents of a child whose links are valid on a day, in the table's order. */
  parentsOn(hierarchy: string, child: string, day: Day): string[];
  sharing(row: Scope["row"], index: number): IValue;
  isMember(grain: Grain, payee: string, period: string): boolean;
  /** Reports a problem that does not stop the run. */
  issue(message: string): void;
}

/** Thrown while a row is credited when an expression meets what rejects the row. */
export class RowRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Why a child with several parents on a day rejects its row. */
export function manyParents(hierarchy: string, child: string, day: Day, parents: string[]): string {
  return `in the hierarchy ${hierarchy}, ${child} has ${parents.length} parents on ${isoDate(day.n)} (${parents.join(", ")}): close the link that no longer holds`;
}

/** The value of a group measure for a group: evaluated afresh over the group's credits. */
export function groupMeasure(world: World, name: string, group: IGroup): IValue {
  return evaluate(world, world.measure(name).value, { ...EMPTY_SCOPE, group, credits: world.creditsOf(group) });
}

/** Evaluates an expression in a scope. */
export function evaluate(world: World, x: IrExpr, s: Scope): IValue {
  const ev = (y: IrExpr, scope: Scope = s) => evaluate(world, y, scope);
  switch (x.k) {
    // A plan with an error node has no IR (the checker's invariant): meeting one is a bug.
    case "error": throw new Error(`internal error: an error node at offset ${x.span.start} reached the interpreter`);
    case "const": return world.constant(x.index);
    case "field": return s.row && s.row.input === x.record ? (s.row.values.get(x.field) ?? null) : null;
    case "eachField": return s.table?.get(x.field) ?? null;
    case "credit": return creditProp(s, x.prop);
    case "payee": return s.group!.payee;
    case "period": return s.group!.period;
    case "measure": return groupMeasure(world, x.name, s.group!);
    case "rowMeasure": return ev(world.measure(x.name).value);
    case "lookup": {
      // A key with an absent part finds no row (not even one whose key cell is empty).
      const keys = x.keys.map((k) => ev(k));
      if (keys.includes(null)) return null;
      const row = world.lookup(x.table, keys);
      if (!row) return null;
      return x.field === undefined ? true : (row.get(x.field) ?? null);
    }
    case "rate": return rate(world, x.table, ev(x.key));
    case "tier": return tier(world, x.table, x.use, ev(x.arg));
    case "arith": return arith(x.op, ev(x.a), ev(x.b));
    case "neg": { const a = ev(x.a); return isDec(a) ? a.negated() : null; }
    case "cmp": return compare(x.op, ev(x.a), ev(x.b));
    case "logic": return logic(x.op, ev(x.a), () => ev(x.b));
    case "not": { const a = ev(x.a); return a === null ? null : a !== true; }
    case "in": {
      const a = ev(x.a);
      if (a === null) return null;
      return x.list.some((item) => compare("=", a, ev(item)) === true) !== x.negated;
    }
    case "present": return (ev(x.a) !== null) === x.present;
    case "within": {
      const [a, from, to] = [ev(x.a), ev(x.from), ev(x.to)];
      if (!(a instanceof Day && from instanceof Day && to instanceof Day)) return null;
      return a.n >= from.n && a.n <= to.n;
    }
    case "window": return windowValue(world, x, s.group!);
    case "balance": return world.balance(x.name, s.group!, x.closing);
    case "parentOf": {
      const child = ev(x.of);
      const day = s.row?.date;
      if (typeof child !== "string" || !day) return null;
      // Two parents on the row's date leave nothing to choose by: the row is rejected.
      const parents = world.parentsOn(x.hierarchy, child, day);
      if (parents.length > 1) throw new RowRejected(`${manyParents(x.hierarchy, child, day, parents)} (plan line ${x.line})`);
      return parents[0] ?? null;
    }
    case "sharing": return world.sharing(s.row, x.index);
    case "exclusion": return s.exclusion?.get(x.prop) ?? null;
    case "payout": return s.payout?.get(x.prop) ?? null;
    case "if": {
      const c = ev(x.c);
      return c === null ? null : c === true ? ev(x.t) : ev(x.e);
    }
    case "call": return callFunction(x.fn, x.args.map((a) => ev(a)));
    case "agg": return aggregate(world, x, s);
    case "round": { const a = ev(x.a); return isDec(a) ? roundTo(a, x.places, x.mode) : null; }
  }
}

function creditProp(s: Scope, prop: "amount" | "payee" | "role" | "date" | "month" | "quarter" | "year"): IValue {
  const c = s.credit;
  if (!c) return null;
  switch (prop) {
    case "amount": return c.amount;
    case "payee": return c.payee;
    case "role": return c.role;
    case "date": return c.date;
    default: return periodOfDay(c.date.n, prop);
  }
}

function arith(op: "+" | "-" | "*" | "/", a: IValue, b: IValue): IValue {
  if (!isDec(a) || !isDec(b)) return null;
  switch (op) {
    case "+": return a.plus(b);
    case "-": return a.minus(b);
    case "*": return a.times(b);
    case "/": return b.isZero() ? null : a.div(b);
  }
}

/** A comparison of two values of one kind; absent when either is absent. */
function compare(op: string, a: IValue, b: IValue): boolean | null {
  if (a === null || b === null) return null;
  if (isDec(a) !== isDec(b) || a instanceof Day !== b instanceof Day || typeof a !== typeof b) {
    throw new Error(`internal: the plan compares values of different kinds (${String(a)} and ${String(b)}); the checker should have refused it`);
  }
  const c = compareValues(a, b);
  switch (op) {
    case "=": return c === 0;
    case "<>": return c !== 0;
    case "<": return c < 0;
    case "<=": return c <= 0;
    case ">": return c > 0;
    default: return c >= 0;
  }
}

function logic(op: "and" | "or", a: IValue, b: () => IValue): boolean | null {
  const settles = op === "and" ? false : true;
  if (a === settles) return settles;
  const bv = b();
  if (bv === settles) return settles;
  return a === !settles && bv === !settles ? !settles : null;
}

/** The rate of a key, or the table's `otherwise`; an absent key has no rate. */
function rate(world: World, table: string, key: IValue): IValue {
  if (key === null) return null;
  const r = world.plan.rates.find((t) => t.name === table)!;
  const entry = r.entries.find((e) => e.key === key);
  const index = entry ? entry.rate : r.otherwise;
  return index === undefined ? null : world.constant(index);
}

/**
 * `T at x` is the rate of the band holding x (lower bounds included). `T applied to x`:
 * retroactive, the reached band's rate times x; marginal, the sum over bands of each band's
 * rate on the part of x inside it (nothing below zero when the first band is open below).
 */
function tier(world: World, table: string, use: "at" | "applied", x: IValue): IValue {
  if (!isDec(x)) return null;
  const t = world.plan.tiers.find((d) => d.name === table)!;
  const k = (i: number | undefined) => (i === undefined ? undefined : (world.constant(i) as Dec));
  const band = t.bands.find((b) => (b.lower === undefined || x.gte(k(b.lower)!)) && (b.upper === undefined || x.lt(k(b.upper)!)));
  const bandRate = band ? (k(band.rate) as Dec) : null;
  if (use === "at") return bandRate;
  if (t.mode === "retroactive") return bandRate === null ? null : bandRate.times(x);
  let total = ZERO;
  for (const b of t.bands) {
    const lower = k(b.lower);
    const upper = k(b.upper);
    const top = upper === undefined || x.lt(upper) ? x : upper;
    const bottom = lower ?? Dec.min(top, ZERO);
    const slice = top.minus(bottom);
    if (slice.gt(0)) total = total.plus(slice.times(k(b.rate)!));
  }
  return total;
}

/**
 * A measure of the group's payee in other periods. The periods are found by testing every
 * period of loaded history and the plan against the window's rules (one period's value is read
 * where it points); those in which the payee does not take part (declared participants, within
 * the plan) have no value. Aggregates: a period absent makes sum, minimum, maximum and average
 * absent; `any` is whether the measure was true in one of them.
 */
function windowValue(world: World, x: Extract<IrExpr, { k: "window" }>, g: IGroup): IValue {
  const w = x.window;
  const own = periodDays(g.period, g.grain);
  const overlapping = periodsFromTo(own.first, own.last, w.grain);
  const read = (p: string) => (takesPart(world, w.grain, g.payee, p) ? groupMeasure(world, x.measure, { grain: w.grain, payee: g.payee, period: p }) : null);
  if (x.fn === "value") return read(periodBefore(overlapping[0]!, w.grain, -(w.from ?? 0) * monthsOf(w.grain)));
  const month = (p: string) => monthIndex(periodDays(p, w.grain).first);
  const lowest = w.from === undefined ? -Infinity : month(overlapping[0]!) + w.from * monthsOf(w.grain);
  const highest = w.to === undefined ? Infinity : month(overlapping[overlapping.length - 1]!) + w.to * monthsOf(w.grain);
  const holder = w.within && periodOfDay(own.first, w.within);
  const periods = periodsFromTo(world.plan.historyDay, world.plan.lastDay, w.grain).filter((p) =>
    month(p) >= lowest && month(p) <= highest && (!holder || periodOfDay(periodDays(p, w.grain).first, w.within!) === holder) && takesPart(world, w.grain, g.payee, p));
  if (x.fn === "any") {
    for (const p of periods) if (read(p) === true) return true;
    return false;
  }
  // Every period is evaluated (each may report an issue of its own) before one absent makes the result absent.
  const values = periods.map(read);
  if (!values.every(isDec)) return null;
  const nums = values as Dec[];
  if (x.fn === "sum") return nums.reduce((a, b) => a.plus(b), ZERO);
  if (nums.length === 0) return null;
  if (x.fn === "average") return nums.reduce((a, b) => a.plus(b), ZERO).div(nums.length);
  return nums.reduce((a, b) => (x.fn === "minimum" ? (b.lessThan(a) ? b : a) : (b.greaterThan(a) ? b : a)));
}

/** A day's month counted from year 0. */
function monthIndex(day: number): number {
  const p = periodOfDay(day, "month");
  return Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)) - 1;
}

function monthsOf(grain: Grain): number {
  return grain === "month" ? 1 : grain === "quarter" ? 3 : 12;
}

/** Whether the payee takes part in a period: unless participants are declared for the grain and the period is the plan's, always. */
function takesPart(world: World, grain: Grain, payee: string, period: string): boolean {
  if (!world.plan.participants.some((p) => p.grain === grain)) return true;
  if (period < periodOfDay(world.plan.firstDay, grain) || period > periodOfDay(world.plan.lastDay, grain)) return true;
  return world.isMember(grain, payee, period);
}

/**
 * Aggregates over the credits in scope: sum, minimum, maximum, average, count (distinct,
 * having), first (by an order). An aggregate whose value reads fields of some inputs runs over
 * the credits of those inputs (on another input's credits the fields are absent by design);
 * among them, a value that is absent (a missing field or lookup of the credit's own row) makes
 * the aggregate absent, so no credit is left out of a sum unseen.
 */
function aggregate(world: World, x: Extract<IrExpr, { k: "agg" }>, s: Scope): IValue {
  const at = (c: ICredit): Scope => ({ ...s, credit: c, row: { input: c.input, values: c.row, date: null } });
  const ofInputs = x.inputs.length === 0 ? s.credits : s.credits.filter((c) => x.inputs.includes(c.input));
  const passing = ofInputs.filter((c) => !x.where || evaluate(world, x.where, at(c)) === true);
  switch (x.fn) {
    case "count": {
      if (!x.distinct) return new Dec(passing.length);
      const groups = new Map<string, ICredit[]>();
      for (const c of passing) {
        const key = evaluate(world, x.distinct, at(c));
        if (key === null) return null;
        const k = isDec(key) ? `n${exact(key)}` : key instanceof Day ? `d${key.n}` : `s${String(key)}`;
        groups.set(k, [...(groups.get(k) ?? []), c]);
      }
      let n = 0;
      for (const credits of groups.values()) if (!x.having || evaluate(world, x.having, { ...s, credits }) === true) n++;
      return new Dec(n);
    }
    case "first": {
      // The credits first in the order; if they tie on every key with different values, there
      // is nothing to choose by: absent, and reported.
      let best: { keys: IValue[]; values: IValue[] } | undefined;
      for (const c of passing) {
        const keys = (x.order ?? []).map((o) => evaluate(world, o, at(c)));
        if (!best || comesBefore(keys, best.keys)) best = { keys, values: [evaluate(world, x.value!, at(c))] };
        else if (!comesBefore(best.keys, keys)) {
          const v = evaluate(world, x.value!, at(c));
          if (!best.values.some((w) => sameValue(w, v))) best.values.push(v);
        }
      }
      if (!best) return null;
      if (best.values.length === 1) return best.values[0]!;
      const where = s.group ? ` for ${s.group.payee} in ${s.group.period}` : "";
      world.issue(`first of (plan line ${x.line})${where}: credits tie on every key of \`by\` (${best.keys.map(shown).join(", ")}) with different values (${best.values.map(shown).join(", ")}); the value is absent: add a key to \`by\` that tells them apart`);
      return null;
    }
    default: {
      const values: Dec[] = [];
      for (const c of passing) {
        const v = evaluate(world, x.value!, at(c));
        if (!isDec(v)) return null;
        values.push(v);
      }
      if (x.fn === "sum") return values.reduce((a, b) => a.plus(b), ZERO);
      if (values.length === 0) return null;
      if (x.fn === "average") return values.reduce((a, b) => a.plus(b), ZERO).div(values.length);
      return values.reduce((a, b) => (x.fn === "minimum" ? (b.lessThan(a) ? b : a) : (b.greaterThan(a) ? b : a)));
    }
  }
}

function sameValue(a: IValue, b: IValue): boolean {
  return a === null || b === null ? a === b : compareValues(a, b) === 0 && isDec(a) === isDec(b);
}

function comesBefore(a: IValue[], b: IValue[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c < 0;
  }
  return false;
}

