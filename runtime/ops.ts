/**
 * The operations generated code calls. Absent values (null) propagate through arithmetic and
 * make comparisons false, so a missing table row never becomes a silent zero: the engine sees
 * a null payout and reports it.
 */
import { formatDate, periodOf } from "./calendar.js";
import type { Credit, Env } from "./env.js";
import { compositeKey } from "./keys.js";
import * as N from "./numeric.js";
import type { FieldType, Grain, Value } from "./schema.js";
import type { PeriodWindow, WindowFn } from "./windows.js";

type V = Value;

function isNum(v: V): v is N.Num {
  return v !== null && typeof v === "object";
}

/** a + b */
export function add(a: V, b: V): V { return isNum(a) && isNum(b) ? N.add(a, b) : null; }
/** a - b */
export function sub(a: V, b: V): V { return isNum(a) && isNum(b) ? N.sub(a, b) : null; }
/** a × b */
export function mul(a: V, b: V): V { return isNum(a) && isNum(b) ? N.mul(a, b) : null; }
/** a ÷ b; absent when b is zero. */
export function div(a: V, b: V): V { return isNum(a) && isNum(b) ? (N.div(a, b) ?? null) : null; }
/** -a */
export function neg(a: V): V { return isNum(a) ? N.neg(a) : null; }
/** Rounds with a declared mode. */
export function round(a: V, places: number, mode: N.RoundingMode): V { return isNum(a) ? N.round(a, places, mode) : null; }
/** The built-in functions (`sale.date + 10 days`, `starts with`, `min`): one call, by name. */
export { call } from "./functions.js";

/**
 * Conditions have three values: true, false, and absent (null) when they compare something
 * absent. An absent condition makes an `if` absent, so a missing table row surfaces as a
 * payout with no value instead of quietly taking the `else` branch.
 */
export type Truth = boolean | null;

/** Numeric comparison; absent when either side is. */
export function ncmp(a: V, b: V, op: string): Truth {
  if (!isNum(a) || !isNum(b)) return null;
  return test(N.cmp(a, b), op);
}

/** Comparison of text, dates, periods and yes/no values; absent when either side is. */
export function vcmp(a: V, b: V, op: string): Truth {
  if (a === null || b === null) return null;
  if (isNum(a) || isNum(b)) return false;
  return test(a < b ? -1 : a > b ? 1 : 0, op);
}

/** a and b: false if either is false, else absent if either is absent. */
export function and(a: V, b: () => V): Truth {
  if (a === false) return false;
  const bv = b();
  if (bv === false) return false;
  return a === true && bv === true ? true : null;
}

/** a or b: true if either is true, else absent if either is absent. */
export function or(a: V, b: () => V): Truth {
  if (a === true) return true;
  const bv = b();
  if (bv === true) return true;
  return a === false && bv === false ? false : null;
}

/** not a; absent stays absent. */
export function not(a: V): Truth {
  return a === null ? null : a !== true;
}

/** if c then t else e; an absent condition gives an absent value. */
export function choose(c: V, t: () => V, e: () => V): V {
  return c === null ? null : c === true ? t() : e();
}

function test(c: number, op: string): boolean {
  switch (op) {
    case "=": return c === 0;
    case "<>": return c !== 0;
    case "<": return c < 0;
    case "<=": return c <= 0;
    case ">": return c > 0;
    default: return c >= 0;
  }
}

/** `date within window`, both ends included; absent when the date is. */
export function within(a: V, from: V, to: V): Truth {
  if (typeof a !== "number" || typeof from !== "number" || typeof to !== "number") return null;
  return a >= from && a <= to;
}

/** `a in (x, y)`; absent when a is. */
export function isIn(a: V, list: V[], numeric: boolean, negated: boolean): Truth {
  if (a === null) return null;
  return list.some((x) => (numeric ? ncmp(a, x, "=") : vcmp(a, x, "="))) !== negated;
}

/** A field of the credit's source row, absent when the credit came from another input. */
export function field(e: Env, record: string, name: string): V {
  return e.input === record && e.r ? (e.r[name] ?? null) : null;
}

/** A credit's period of a grain. */
export function creditPeriod(c: Credit | null, grain: Grain): V {
  return c ? periodOf(c.date, grain) : null;
}

/**
 * A field of the table row with the given key, or the row itself (as a presence marker). A key
 * with an absent part finds nothing, even a row whose key cell is empty: absent is no value.
 */
export function lookup(e: Env, table: string, keys: V[], name: string | undefined): V {
  if (keys.includes(null)) return null;
  const row = e.run.lookup(table, keys);
  if (!row) return null;
  return name === undefined ? true : (row[name] ?? null);
}

/** The rate for a key in a rate table, or its `otherwise`, or absent (always absent for an absent key). */
export function rate(e: Env, table: number, key: V): V {
  const meta = e.run.ratesMeta(table);
  // An absent key is not "any other key": `otherwise` would pay a rate for a row nobody looked up.
  if (key === null) {
    e.trace?.push({ kind: "rate", name: meta.name, line: meta.line, detail: "absent key → absent" });
    return null;
  }
  const entry = meta.entries.find((x) => x.key === key);
  const index = entry ? entry.rate : meta.otherwise;
  const value = index === undefined ? null : e.run.constants[index]!;
  e.trace?.push({ kind: "rate", name: meta.name, line: meta.line, detail: `${String(key)} → ${show(value)}` });
  return value;
}

/**
 * Tier tables. `at` gives the rate of the band holding x (lower bounds inclusive); `applied`
 * gives the amount: for marginal tiers each band's rate on the slice of x inside it, for
 * retroactive tiers the reached band's rate on the whole of x.
 */
export function tier(e: Env, table: number, use: "at" | "applied", x: V): V {
  if (!isNum(x)) return null;
  const meta = e.run.tierMeta(table);
  const k = e.run.constants as N.Num[];
  const bandIndex = meta.bands.findIndex((b) => (b.lower === undefined || N.cmp(x, k[b.lower]!) >= 0) && (b.upper === undefined || N.cmp(x, k[b.upper]!) < 0));
  const band = bandIndex >= 0 ? meta.bands[bandIndex]! : undefined;
  const rateValue = band ? k[band.rate]! : null;
  if (use === "at" || meta.mode === "retroactive") {
    const result = use === "at" ? rateValue : rateValue && N.mul(rateValue, x);
    e.trace?.push({ kind: "tier", name: meta.name, line: band?.line ?? meta.line, detail: `${show(x)} falls in band ${bandIndex + 1} (${bandText(meta.bands[bandIndex], k)}), rate ${show(rateValue)}${use === "applied" ? ` → ${show(result)}` : ""}` });
    return result;
  }
  let total = N.ZERO;
  const slices: string[] = [];
  for (const b of meta.bands) {
    const lower = b.lower === undefined ? undefined : k[b.lower]!;
    const upper = b.upper === undefined ? undefined : k[b.upper]!;
    const top = upper === undefined ? x : N.min(x, upper);
    const bottom = lower ?? N.min(top, N.ZERO);
    const slice = N.sub(top, bottom);
    if (N.cmp(slice, N.ZERO) <= 0) continue;
    const part = N.mul(slice, k[b.rate]!);
    total = N.add(total, part);
    slices.push(`${show(slice)} × ${show(k[b.rate]!)} = ${show(part)} (line ${b.line})`);
  }
  e.trace?.push({ kind: "tier", name: meta.name, line: meta.line, detail: `${show(x)} across bands: ${slices.join("; ") || "nothing"} → ${show(total)}` });
  return total;
}

function bandText(band: { lower?: number; upper?: number } | undefined, k: N.Num[]): string {
  if (!band) return "no band";
  const lower = band.lower === undefined ? "below" : `from ${show(k[band.lower]!)}`;
  const upper = band.upper === undefined ? "" : ` to ${show(k[band.upper]!)}`;
  return band.lower === undefined ? `below ${show(k[band.upper!]!)}` : lower + upper;
}

/** How a value reads in an explanation: long fractions are cut to 10 decimals, marked with `…`. */
export function show(v: V): string {
  if (v === null) return "absent";
  if (isNum(v)) return N.decimalPlaces(v) > 10 ? `${N.formatExact(N.truncate(v, 10))}…` : N.formatExact(v);
  return String(v);
}

/** How a field's value reads in a transaction id or a message: dates as YYYY-MM-DD, the rest as `show` writes them. */
export function showField(v: V, type: FieldType | undefined): string {
  return type?.kind === "date" && typeof v === "number" ? formatDate(v) : show(v);
}

/**
 * One environment per aggregate, moved from credit to credit: aggregates run over every credit
 * of every group, and a fresh object per credit was most of the run's garbage. Generated
 * closures never keep an environment, so reusing it is safe.
 */
function cursor(e: Env): { at(c: Credit): Env } {
  const ce: Env = { ...e, c: null, r: null, input: null };
  return {
    at(c: Credit): Env {
      ce.c = c;
      ce.r = c.row;
      ce.input = c.input;
      return ce;
    },
  };
}

/**
 * The credits an aggregate runs over: those of the inputs its value reads (`inputs`), or all of
 * them when it reads none. On a credit of another input those fields are absent by design.
 */
function ofInputs(c: Credit, inputs: readonly string[] | undefined): boolean {
  return inputs === undefined || inputs.includes(c.input);
}

/**
 * sum, minimum, maximum and average over the credits in scope (of `inputs`) that pass `where`.
 * A value absent on one of them (a missing field or lookup of its row) makes the result absent:
 * a credit is never left out of a sum unseen.
 */
export function agg(e: Env, fn: "sum" | "minimum" | "maximum" | "average", value: (e: Env) => V, where?: (e: Env) => boolean, inputs?: readonly string[]): V {
  let acc: N.Num | null = null;
  let n = 0;
  const each = cursor(e);
  for (const c of e.credits) {
    if (!ofInputs(c, inputs)) continue;
    const ce = each.at(c);
    if (where && where(ce) !== true) continue;
    const v = value(ce);
    if (!isNum(v)) return null;
    n++;
    acc = acc === null ? v : fn === "minimum" ? N.min(acc, v) : fn === "maximum" ? N.max(acc, v) : N.add(acc, v);
  }
  if (fn === "sum") return acc ?? N.ZERO;
  if (fn === "average") return acc === null ? null : (N.div(acc, N.num(n)) ?? null);
  return acc;
}

/**
 * count of credits passing `where`, or of distinct values (each group of credits sharing one
 * passing `having`) over the credits of `inputs`; a distinct value absent on one of them makes
 * the count absent, as for `sum`.
 */
export function count(e: Env, distinct?: (e: Env) => V, having?: (e: Env) => boolean, where?: (e: Env) => boolean, inputs?: readonly string[]): V {
  const each = cursor(e);
  const credits = inputs ? e.credits.filter((c) => ofInputs(c, inputs)) : e.credits;
  const passing = where ? credits.filter((c) => where(each.at(c)) === true) : credits;
  if (!distinct) return N.num(passing.length);
  const groups = new Map<string, Credit[]>();
  for (const c of passing) {
    const key = distinct(each.at(c));
    if (key === null) return null;
    const k = compositeKey([key]);
    const list = groups.get(k);
    if (list) list.push(c);
    else groups.set(k, [c]);
  }
  let n = 0;
  for (const credits of groups.values()) if (!having || having({ ...e, credits }) === true) n++;
  return N.num(n);
}

/** A group measure (memoised per group by the engine). */
export function measure(e: Env, index: number): V {
  return e.run.measure(e, index);
}

/** A per-credit measure of the current credit. */
export function rowMeasure(e: Env, index: number): V {
  return e.run.rowMeasure(e, index);
}

/** `M 1 year earlier`, `goal this year`, `sum of M over months of this quarter`, `any of M over previous 3 months`. */
export function window(e: Env, fn: WindowFn, index: number, w: PeriodWindow): V {
  return e.run.window(e, fn, index, w);
}

/** A balance's opening (or closing) value in the group's period. */
export function balance(e: Env, index: number, closing: boolean): V {
  return e.run.balance(e, index, closing);
}

/** `parent of X in H` (`line`: its plan line, named when the row is rejected for a child with two parents). */
export function parentOf(e: Env, hierarchy: string, child: V, line: number): V {
  return e.run.parentOf(e, hierarchy, child, line);
}

/** `count sharing ...`, `rank sharing ... by ...`. */
export function sharing(e: Env, index: number): V {
  return e.run.sharing(e, index);
}

/** Orders values of one kind: numbers, dates, text; absent first. */
export function compareValues(a: V, b: V): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (isNum(a) && isNum(b)) return N.cmp(a, b);
  const x = isNum(a) ? N.formatExact(a) : a;
  const y = isNum(b) ? N.formatExact(b) : b;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The value of the first credit (in the given order, among those of `inputs`) that passes `where`. Credits that tie on
 * every key of the order with different values leave nothing to choose by: the value is absent
 * and the run reports it (`line` is the plan line of the `first of`). Ties with one value are
 * no ambiguity.
 */
export function first(e: Env, value: (e: Env) => V, order: ((e: Env) => V)[], where: ((e: Env) => V) | undefined, line: number, inputs?: readonly string[]): V {
  let best: { keys: V[]; values: V[] } | undefined;
  const each = cursor(e);
  for (const c of e.credits) {
    if (!ofInputs(c, inputs)) continue;
    const ce = each.at(c);
    if (where && where(ce) !== true) continue;
    const keys = order.map((o) => o(ce));
    if (!best || isBefore(keys, best.keys)) best = { keys, values: [value(ce)] };
    else if (!isBefore(best.keys, keys)) {
      const v = value(ce);
      if (!best.values.some((x) => sameValue(x, v))) best.values.push(v);
    }
  }
  if (!best) return null;
  if (best.values.length === 1) return best.values[0]!;
  const where_ = e.g ? ` for ${e.g.payee} in ${e.g.period}` : "";
  e.run.issue(`first of (plan line ${line})${where_}: credits tie on every key of \`by\` (${best.keys.map(shownKey).join(", ")}) with different values (${best.values.map(shownKey).join(", ")}); the value is absent: add a key to \`by\` that tells them apart`);
  return null;
}

/** A value as a message names it: a date (a day number here) as its date. */
function shownKey(v: V): string {
  return typeof v === "number" ? formatDate(v) : show(v);
}

function sameValue(a: V, b: V): boolean {
  return a === null || b === null ? a === b : compareValues(a, b) === 0 && isNum(a) === isNum(b);
}

function isBefore(a: V[], b: V[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c < 0;
  }
  return false;
}
