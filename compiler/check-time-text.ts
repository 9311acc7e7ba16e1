/**
 * Checking the operators that read as words, over dates, periods and text: `sale.date + 10
 * days`, `month(d) + 1 month`, `start of P`, `days from a to b`, `"R-" + sale.reseller`,
 * `a starts with b`. Each lowers to a call of a built-in function (`runtime/functions.ts`),
 * so no IR kind or runtime operation stands behind any of them. A duration is a type of the
 * checker only: inside a call it is a count of days or months.
 */
import type { Code, Diagnostic, diagnostic } from "../language/diagnostics.js";
import type { DurationUnit, Expr, Grain, Span } from "../language/syntax.js";
import type { FunctionName } from "../runtime/functions.js";
import * as N from "../runtime/numeric.js";
import { constant, type Env, type PlanScope } from "./check-expr.js";
import { constantValue } from "./constant-value.js";
import type { IrExpr, IrNode } from "./ir.js";
import { MONTHS_IN } from "./periods.js";
import { BOOLEAN, COUNT, DATE, describe, TEXT, type Ty } from "./types.js";

/** What these checks need of the expression checker. */
export interface Checking {
  readonly scope: PlanScope;
  readonly env: Env;
  check(e: Expr, expect?: Ty): IrExpr;
  report<C extends Code>(code: C, span: Span, args: Parameters<typeof diagnostic<C>>[2], related?: Diagnostic["related"]): IrExpr;
  node(n: IrNode, ty: Ty, span: Span, scale?: number): IrExpr;
  expectType(a: IrExpr, want: Ty, what: string): IrExpr;
  error(span: Span): IrExpr;
}

/** Each unit of a duration as days or months. */
const DURATION_IN: Record<DurationUnit, ["day" | "month", number]> = { day: ["day", 1], week: ["day", 7], month: ["month", 1], quarter: ["month", 3], year: ["month", 12] };

/** A built-in function's node, for the operators that read as words (`+ 10 days`, `starts with`). */
function builtin(c: Checking, fn: FunctionName, args: IrExpr[], ty: Ty, span: Span, scale?: number): IrExpr {
  return c.node({ k: "call", fn, args }, ty, span, scale);
}

/** `10 days`, `2 weeks`, `1 month`: a count of days or months, known when the plan is checked. */
export function duration(c: Checking, e: Extract<Expr, { kind: "duration" }>): IrExpr {
  if (!/^\d+$/.test(e.count)) return c.report("A211", e.span, [`${e.count} ${e.unit}s`, e.unit]);
  const [unit, times] = DURATION_IN[e.unit];
  const count = N.formatExact(N.mul(N.num(e.count), N.num(times)));
  return constant(c.scope, { kind: "num", text: count }, { kind: "duration", unit }, e.span, 0);
}

/** `days from a to b`, `months from a to b`. */
export function between(c: Checking, e: Extract<Expr, { kind: "between" }>): IrExpr {
  const from = c.expectType(c.check(e.from), DATE, `the start of \`${e.unit} from ... to ...\``);
  const to = c.expectType(c.check(e.to), DATE, `the end of \`${e.unit} from ... to ...\``);
  return builtin(c, e.unit === "days" ? "days_between" : "months_between", [from, to], COUNT, e.span, 0);
}

/** `start of P`, `end of P`: the first or last day of a period. */
export function edge(c: Checking, e: Extract<Expr, { kind: "edge" }>): IrExpr {
  const p = c.check(e.period);
  if (p.ty.kind !== "period" && p.ty.kind !== "error") return c.report("A202", e.period.span, [`what comes after \`${e.edge} of\``, "a period (`month(sale.date)`, `period`)", describe(p.ty)]);
  return builtin(c, e.edge === "start" ? "period_start" : "period_end", [p], DATE, e.span);
}

/** `a contains b`, `a starts with b`, `a ends with b`: tests of text. */
export function textTest(c: Checking, e: Extract<Expr, { kind: "textTest" }>): IrExpr {
  const value = c.check(e.value);
  const pattern = c.check(e.pattern);
  for (const [x, side] of [[value, "left"], [pattern, "right"]] as const) {
    if (x.ty.kind !== "text" && x.ty.kind !== "enum" && x.ty.kind !== "error") return c.report("A202", x.span, [`the ${side} side of \`${e.op}\``, "text", describe(x.ty)]);
  }
  const fn = e.op === "contains" ? "contains" : e.op === "starts with" ? "starts_with" : "ends_with";
  return builtin(c, fn, [value, pattern], BOOLEAN, e.span);
}

/**
 * `+` and `-` on what is not a number: text joined, a date or a period moved by a duration, a
 * duration added to one of its unit; undefined when neither side is such a value.
 */
export function addOther(c: Checking, op: "+" | "-", a: IrExpr, b: IrExpr, span: Span): IrExpr | undefined {
  const [x, y] = [a.ty, b.ty];
  if (x.kind === "error" || y.kind === "error") return undefined;
  const textual = (t: Ty) => t.kind === "text" || t.kind === "enum";
  if (textual(x) && textual(y) && op === "+") return builtin(c, "concat", [a, b], TEXT, span);
  if (x.kind === "date" && y.kind === "date" && op === "-") return c.report("A214", span, []);
  if (x.kind === "duration" && y.kind === "duration") {
    if (x.unit !== y.unit) return c.report("A201", span, [op === "+" ? "add" : "subtract", describe(x), describe(y)]);
    return c.node({ k: "arith", op, a, b }, x, span, 0);
  }
  const [moved, by] = y.kind === "duration" ? [a, b] : x.kind === "duration" && op === "+" ? [b, a] : [undefined, undefined];
  if (!moved || !by || by.ty.kind !== "duration") return undefined;
  const step = op === "-" ? c.node({ k: "neg", a: by }, by.ty, by.span, 0) : by;
  if (moved.ty.kind === "date") return builtin(c, by.ty.unit === "day" ? "add_days" : "add_months", [moved, step], DATE, span);
  if (moved.ty.kind === "period") return movePeriod(c, moved, step, moved.ty.grain, span);
  return undefined;
}

/** A period moved by a duration in months: by whole periods of its grain. */
function movePeriod(c: Checking, p: IrExpr, by: IrExpr, grain: Grain, span: Span): IrExpr {
  if (by.ty.kind !== "duration" || by.ty.unit === "day") return c.report("A213", span, [`a ${grain} moves by whole ${grain}s: days do not make one; move its dates instead (\`start of period + 10 days\`)`]);
  const months = MONTHS_IN[grain];
  if (months === 1) return builtin(c, "add_periods", [p, by], p.ty, span);
  const known = constantValue(by, c.scope.constants);
  if (known && !N.isInteger(N.div(known, N.num(months))!)) {
    return c.report("A213", span, [`a ${grain} moves by whole ${grain}s: ${N.formatExact(known)} months is not a whole number of ${grain}s`]);
  }
  const per = constant(c.scope, { kind: "num", text: String(months) }, COUNT, by.span, 0);
  const periods = c.node({ k: "arith", op: "/", a: by, b: per }, COUNT, by.span);
  return builtin(c, "add_periods", [p, periods], p.ty, span);
}

/** `sale.terms × 1 day`: a duration scaled by a whole count. */
export function scaleDuration(c: Checking, a: IrExpr, b: IrExpr, span: Span): IrExpr | undefined {
  const [d, n] = a.ty.kind === "duration" ? [a, b] : b.ty.kind === "duration" ? [b, a] : [undefined, undefined];
  if (!d || !n) return undefined;
  if (n.ty.kind === "error") return c.error(span);
  const whole = (n.ty.kind === "count" || n.ty.kind === "number") && n.scale === 0;
  if (!whole) return c.report("A202", n.span, ["what a duration is multiplied by", "a whole count", describe(n.ty)]);
  return c.node({ k: "arith", op: "*", a, b }, d.ty, span, 0);
}
