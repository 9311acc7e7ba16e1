/**
 * Checking the values of other periods, all lowered to one IR node (`window`, read by
 * `runtime/windows.ts`): `net 1 month earlier`, `current 1 year earlier` (same quarter last
 * year), `goal this year` (a yearly measure read from a month or a quarter), and aggregates of
 * a measure over periods: `sum of bonus over months of this quarter`, `sum of net over months
 * of this year to date`, `average of net over previous 3 months`, `any of purchased over
 * earlier months`. Each keeps the measure's type and unit, and says what it reads: a one-period
 * value reads a period as long as this one or longer; an aggregate reads periods of the
 * measure's own grain.
 */
import type { Expr, Grain, Name, PeriodRange } from "../language/syntax.js";
import type { PeriodWindow, WindowFn } from "../runtime/windows.js";
import type { Checking } from "./check-time-text.js";
import type { IrExpr } from "./ir.js";
import { MONTHS_IN, reachBeforeHistory } from "./periods.js";
import { BOOLEAN, describe, isNumeric, type Ty } from "./types.js";

interface WindowMeasure {
  ty: Ty;
  scale?: number;
  grain: Grain;
  /** The grain of the group the value is for. */
  at: Grain;
}

/** The measure a window reads: a per-period measure, in a measure, pay or output per payee per period. */
function windowMeasure(c: Checking, name: Name, what: string): WindowMeasure | undefined {
  const info = c.scope.measureType(name.text, name.span);
  c.scope.symbols.used.add(name.text);
  if (!info) {
    c.report("A101", name.span, [name.text, c.scope.suggest(name.text, () => c.scope.symbols.measures.keys())]);
    return undefined;
  }
  if (c.env.ctx !== "group" || info.scope === "credit" || !c.env.grain) {
    c.report("A106", name.span, [what, "it reads one payee's measures in other periods, in measures and payouts per payee per period"]);
    return undefined;
  }
  return { ty: info.ty, ...(info.scale !== undefined ? { scale: info.scale } : {}), grain: info.scope, at: c.env.grain };
}

function windowNode(c: Checking, fn: WindowFn, measure: Name, window: PeriodWindow, m: WindowMeasure, ty: Ty, span: Expr["span"], scale: number | undefined): IrExpr {
  const reach = reachBeforeHistory(c.scope.calendar, m.at, window);
  if (reach) return c.report("A309", span, [reach]);
  return c.node({ k: "window", fn, measure: measure.text, window }, ty, span, scale);
}

/** `M 2 quarters earlier`, `goal this year`: the measure in one other period, as long as this one or longer. */
export function atPeriod(c: Checking, e: Extract<Expr, { kind: "atPeriod" }>): IrExpr {
  const form = e.back === 0 ? `this ${e.unit}` : `${e.back} ${e.unit}(s) earlier`;
  const m = windowMeasure(c, e.measure, `\`${form}\``);
  if (!m) return c.error(e.span);
  if (MONTHS_IN[m.grain] < MONTHS_IN[m.at]) {
    return c.report("A206", e.span, [`\`${e.measure.text} ${form}\` reads a measure per ${m.grain} for a ${m.at}, which holds several ${m.grain}s: add them up with \`sum of ${e.measure.text} over ${m.grain}s\`; it`]);
  }
  if (e.back === 0) {
    if (e.unit !== m.grain) return c.report("A206", e.span, [`\`${e.measure.text}\` is per ${m.grain}: write \`${e.measure.text} this ${m.grain}\`; \`this ${e.unit}\``]);
    return windowNode(c, "value", e.measure, { grain: m.grain, from: 0, to: 0 }, m, m.ty, e.span, m.scale);
  }
  const months = e.back * MONTHS_IN[e.unit];
  if (!Number.isInteger(e.back) || months % MONTHS_IN[m.grain] !== 0) {
    return c.report("A304", e.span, [`a look-back of ${e.back} ${e.unit}(s) does not land on a whole ${m.grain}`]);
  }
  const n = -months / MONTHS_IN[m.grain];
  return windowNode(c, "value", e.measure, { grain: m.grain, from: n, to: n }, m, m.ty, e.span, m.scale);
}

/** The aggregates that run over periods. */
const OVER_PERIODS = new Set<string>(["sum", "minimum", "maximum", "average", "any"]);

/** `sum of M over months of this quarter`, `any of M over previous 3 months`: an aggregate of a measure over periods. */
export function overPeriods(c: Checking, e: Extract<Expr, { kind: "aggregate" }>, range: PeriodRange): IrExpr {
  if (!OVER_PERIODS.has(e.fn)) return c.report("A304", e.span, ["`over` periods adds up, compares or tests a measure: use `sum`, `minimum`, `maximum`, `average` or `any`"]);
  if (e.where) return c.report("A304", e.where.span, ["`where` chooses credits, and `over` reads a measure of whole periods: filter in the measure itself"]);
  if (e.value?.kind !== "name") {
    if (e.value?.kind === "error") return c.error(e.span);
    return c.report("A202", e.value?.span ?? e.span, [`the value of \`${e.fn} of ... over\``, "the name of a measure", "an expression: declare a measure that holds it"]);
  }
  const measure = e.value.name;
  const m = windowMeasure(c, measure, `\`${e.fn} of ... over\``);
  if (!m) return c.error(e.span);
  if (range.unit !== m.grain) return c.report("A206", e.value.span, [`\`${measure.text}\` is per ${m.grain}, not per ${range.unit}: write \`over ${m.grain}s\`; it`]);
  if (range.within && (MONTHS_IN[range.within] < MONTHS_IN[m.at] || MONTHS_IN[range.within] < MONTHS_IN[m.grain])) {
    return c.report("A304", range.span, [`\`of this ${range.within}\` must name a period that holds this ${m.at} and the ${m.grain}s read`]);
  }
  const window = windowOf(range);
  if (e.fn === "any") {
    if (m.ty.kind !== "boolean") return c.report("A202", e.value.span, [`\`${measure.text}\` in \`any of ... over\``, "a yes/no measure", describe(m.ty)]);
    return windowNode(c, "any", measure, window, m, BOOLEAN, e.span, undefined);
  }
  if (!isNumeric(m.ty)) return c.report("A202", e.value.span, [`the value of \`${e.fn} of\``, "a number", describe(m.ty)]);
  return windowNode(c, e.fn as WindowFn, measure, window, m, m.ty, e.span, e.fn === "average" ? undefined : m.scale);
}

/**
 * The window a range says: `previous N` is the N periods before this one; `earlier` every one
 * before it (from the start of history); otherwise the periods that overlap this one, or with
 * `of this Y` those of the year that holds it; `to date` ends at this one.
 */
function windowOf(range: PeriodRange): PeriodWindow {
  const w: PeriodWindow = { grain: range.unit };
  if (range.previous !== undefined) Object.assign(w, { from: -range.previous, to: -1 });
  else if (range.earlier) w.to = -1;
  else {
    if (!range.within && !range.toDate) w.from = 0;
    if (range.toDate || !range.within) w.to = 0;
  }
  if (range.within) w.within = range.within;
  return w;
}
