/**
 * fast-check arbitraries for plan specs (plan-spec.ts). Expressions are drawn by type and
 * context, so an arbitrary only ever builds what the checker accepts at that place; depth is
 * bounded so plans stay readable and nesting modest. Weights favour the plain forms (a sum of
 * credit amounts, a money field) so most rows are credited and most plans pay something.
 */
import fc from "fast-check";
import type { Grain } from "../language/syntax.js";
import type {
  CreditSpec, Ctx, GrainChoice, InputSpec, LimitSpec, MeasureSpec, OutputSpec, OverlaySpec, ParticipantsSpec, PaySpec, PeriodX, PlanSpec, RangeSpec, RatesSpec, RoundSpec,
  ShareSpec, SplitSpec, TargetSpec, TierSpec, WindowSpec, X, XTy, BalanceSpec, CmpOp,
} from "./plan-spec.js";
import { COLUMN_NAMES, DECL_NAMES, INPUT_FIELDS, NUMBER_SAMPLES, OUTPUT_FILES, REASONS, ROLES } from "./universe.js";

type Arb<T> = fc.Arbitrary<T>;
const w = <T>(weight: number, arbitrary: Arb<T>): fc.WeightedArbitrary<T> => ({ weight, arbitrary });
const k = <K extends string>(kind: K) => fc.constant(kind);
/** `a` in `percent` of draws, else null (which is what it shrinks to). */
const maybe = <T>(a: Arb<T>, percent = 50): Arb<T | null> => fc.oneof({ withCrossShrink: true }, w(100 - percent, fc.constant(null)), w(percent, a));

/** How many literals of each type the renderer knows (plan-render.ts LITERALS). */
export const LITERAL_COUNTS: Record<XTy, number> = { money: 11, percent: 9, count: 6, decimal: 4, bool: 2, text: 6, date: 6 };

const lit = (ty: XTy): Arb<X> => fc.record({ k: k("lit"), ty: fc.constant(ty), v: fc.nat(LITERAL_COUNTS[ty] - 1) });
/** A field of a type: mostly the first of its type (`amount`, `qty`, `rep`, `date`), the one every row fills. */
const field = (ty: XTy): Arb<X> => fc.record({ k: k("field"), ty: fc.constant(ty), i: fc.oneof(w(3, fc.constant(0)), w(2, fc.nat(3))), input: fc.nat(3) });
const lookup = (ty: XTy): Arb<X> => fc.record({ k: k("lookup"), ty: fc.constant(ty), i: fc.nat(3) });
const mref = (ty: XTy): Arb<X> => fc.record({ k: k("mref"), ty: fc.constant(ty), i: fc.nat(7) });
const lookback = (ty: XTy): Arb<X> =>
  fc.record({ k: k("lookback"), ty: fc.constant(ty), i: fc.nat(7), n: fc.oneof(w(4, fc.integer({ min: 1, max: 2 })), w(1, fc.constant(0))), inMonths: fc.boolean(), longer: fc.oneof(w(3, fc.constant(false)), w(1, fc.constant(true))) });
const rangeSpec: Arb<RangeSpec> = fc.record({
  form: fc.oneof(w(3, fc.constant("overlap" as const)), w(2, fc.constant("previous" as const)), w(2, fc.constant("earlier" as const)), w(2, fc.constant("within" as const)), w(2, fc.constant("toDate" as const))),
  n: fc.integer({ min: 1, max: 3 }),
  within: fc.boolean(),
});
const rollup = (ty: XTy): Arb<X> =>
  fc.record({ k: k("rollup"), fn: fc.constantFrom("sum" as const, "sum" as const, "minimum" as const, "maximum" as const, "average" as const), ty: fc.constant(ty), i: fc.nat(7), range: rangeSpec, fine: fc.oneof(w(3, fc.constant(true)), w(1, fc.constant(false))) });
const SUM_AMOUNT: X = { k: "agg", fn: "sum", value: { k: "credit", prop: "amount" }, where: null };

export const roundSpec: Arb<RoundSpec> = fc.record({
  mode: fc.constantFrom("half up" as const, "half even" as const, "half down" as const, "up" as const, "down" as const),
  places: fc.oneof(w(6, fc.constant("cents" as const)), w(1, fc.constant("whole units" as const)), w(2, fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const, 4 as const))),
});

const tierSpec = (unit: TierSpec["unit"], perUnit: boolean): Arb<TierSpec> =>
  fc.record({
    mode: fc.constantFrom("marginal" as const, "retroactive" as const),
    unit: fc.constant(unit),
    perUnit: fc.constant(perUnit),
    openBelow: fc.boolean(),
    negativeStart: fc.oneof(w(6, fc.constant(false)), w(1, fc.constant(true))),
    zeroTop: fc.oneof(w(4, fc.constant(false)), w(1, fc.constant(true))),
    steps: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
    rates: fc.array(fc.integer({ min: 0, max: 1200 }), { minLength: 4, maxLength: 4 }),
  });

const ratesSpec = (money: boolean): Arb<RatesSpec> =>
  fc.record({
    key: fc.constantFrom("tier" as const, "level" as const, "category" as const),
    entries: fc.uniqueArray(fc.record({ value: fc.nat(2), rate: fc.integer({ min: 0, max: 800 }) }), { minLength: 1, maxLength: 3, selector: (e) => e.value }),
    otherwise: maybe(fc.integer({ min: 0, max: 300 }), 60),
    money: fc.constant(money),
  });

const windowSpec: Arb<WindowSpec> = fc.record({ start: fc.integer({ min: -20, max: 200 }), length: fc.integer({ min: 1, max: 60 }), forDays: fc.boolean() });

/** Leaves of a type in a context: what may stand there with no sub-expression. */
function leaves(ty: XTy, ctx: Ctx): fc.WeightedArbitrary<X>[] {
  const rowLike = ctx === "row" || ctx === "credit" || ctx === "exclusion";
  const out: fc.WeightedArbitrary<X>[] = [w(2, lit(ty))];
  switch (ty) {
    case "money":
      if (rowLike) out.push(w(6, field("money")), w(1, lookup("money")));
      if (ctx === "credit") out.push(w(8, fc.constant<X>({ k: "credit", prop: "amount" })), w(2, mref("money")));
      if (ctx === "group") out.push(w(14, fc.constant(SUM_AMOUNT)), w(6, mref("money")), w(1, lookup("money")), w(1, fc.record({ k: k("bref"), i: fc.nat(3), closing: fc.oneof(w(4, fc.constant(false)), w(1, fc.constant(true))), rel: fc.constant("any" as const) })), w(1, lookback("money")), w(3, rollup("money")));
      if (ctx === "payout") out.push(w(4, fc.record({ k: k("payoutProp"), prop: fc.constantFrom("amount" as const, "uncapped" as const) })));
      break;
    case "percent":
      if (rowLike) out.push(w(2, field("percent")), w(1, lookup("percent")));
      if (ctx === "credit") out.push(w(1, mref("percent")));
      if (ctx === "group") out.push(w(3, mref("percent")), w(1, lookup("percent")), w(1, lookback("percent")), w(3, lit("percent")));
      break;
    case "count":
      if (rowLike) out.push(w(3, field("count")), w(1, lookup("count")));
      if (ctx === "row") {
        out.push(w(1, fc.record({ k: k("sharing"), fn: fc.constantFrom("count" as const, "rank" as const), keys: fc.array(fc.nat(5), { minLength: 1, maxLength: 2 }), order: fc.array(fc.nat(5), { minLength: 1, maxLength: 2 }) })));
      }
      if (ctx === "credit") out.push(w(1, mref("count")));
      if (ctx === "group") out.push(w(4, fc.constant<X>({ k: "count", where: null })), w(3, mref("count")), w(1, lookup("count")), w(1, lookback("count")), w(1, rollup("count")));
      if (ctx === "exclusion") out.push(w(1, fc.constant<X>({ k: "exclusionProp", prop: "line" })));
      break;
    case "decimal":
      if (rowLike) out.push(w(3, field("decimal")));
      if (ctx === "group") out.push(w(2, mref("decimal")));
      break;
    case "bool":
      if (rowLike) out.push(w(2, field("bool")));
      if (ctx !== "payout") out.push(w(1, fc.record({ k: k("rowPresent"), table: fc.constantFrom("reps" as const, "quotas" as const, "targets" as const, "splits" as const, "book" as const), present: fc.boolean() })));
      if (ctx === "group") out.push(w(4, mref("bool")), w(1, lookback("bool")), w(2, fc.record({ k: k("anyPrior"), i: fc.nat(7), range: rangeSpec, fine: fc.oneof(w(1, fc.constant(true)), w(3, fc.constant(false))) })));
      break;
    case "text":
      if (rowLike) out.push(w(6, field("text")), w(2, lookup("text")));
      if (ctx === "credit") out.push(w(3, fc.constant<X>({ k: "credit", prop: "payee" })));
      if (ctx === "group") out.push(w(4, fc.constant<X>({ k: "payee" })), w(2, lookup("text")), w(2, mref("text")));
      if (ctx === "exclusion") out.push(w(3, fc.record({ k: k("exclusionProp"), prop: fc.constantFrom("transaction" as const, "input" as const) })));
      if (ctx === "payout") out.push(w(6, fc.record({ k: k("payoutProp"), prop: fc.constantFrom("payee" as const, "period" as const, "component" as const) })));
      break;
    case "date":
      if (rowLike) out.push(w(5, field("date")), w(1, lookup("date")));
      if (ctx === "credit") out.push(w(4, fc.constant<X>({ k: "credit", prop: "date" })));
      if (ctx === "group") out.push(w(1, mref("date")));
      break;
  }
  return out;
}

const memo = new Map<string, Arb<X>>();

/** An expression of a type in a context, at most `depth` levels of operators deep. */
export function xArb(ty: XTy, ctx: Ctx, depth: number): Arb<X> {
  const key = `${ty}|${ctx}|${depth}`;
  let arb = memo.get(key);
  if (!arb) {
    const options = depth <= 0 ? leaves(ty, ctx) : [w(5, xArb(ty, ctx, 0)), ...compounds(ty, ctx, depth - 1)];
    arb = fc.oneof(...options);
    memo.set(key, arb);
  }
  return arb;
}

/** A period-valued expression in a context (row and credit contexts have dates to take periods of). */
function periodArb(ctx: Ctx, depth: number): Arb<PeriodX> {
  const options: fc.WeightedArbitrary<PeriodX>[] = [w(3, fc.record({ k: k("periodOf"), a: xArb("date", ctx, Math.min(depth, 0)) }))];
  if (ctx === "credit") options.push(w(2, fc.constant<PeriodX>({ k: "creditPeriod" })));
  if (depth >= 0) options.push(w(2, fc.record({ k: k("shiftPeriod"), a: periodArb(ctx, depth - 1), n: fc.integer({ min: -3, max: 3 }) })));
  if (ctx === "row" || ctx === "credit" || ctx === "exclusion") options.push(w(1, fc.constant<PeriodX>({ k: "booked" })), w(1, fc.constant<PeriodX>({ k: "lookupPeriod" })));
  return fc.oneof(...options);
}

const cmpOp: Arb<CmpOp> = fc.constantFrom("=" as const, "<>" as const, "<" as const, "<=" as const, ">" as const, ">=" as const);
const orderedOp: Arb<CmpOp> = fc.constantFrom("<" as const, "<=" as const, ">" as const, ">=" as const, ">" as const);

/**
 * `first of` a value by keys of every comparable kind: small pools make credits tie on them, with
 * equal or with different values (`credit.payee` ties every credit of a group).
 */
function firstArb(ty: XTy, d: number): Arb<X> {
  const key = fc.oneof(w(1, fc.constant<X>({ k: "credit", prop: "payee" })), w(3, xArb("date", "credit", 0)), w(2, xArb("text", "credit", 0)), w(2, xArb("count", "credit", 0)), w(1, xArb("money", "credit", 0)));
  return fc.record({
    k: k("first"), ty: fc.constant(ty), value: xArb(ty, "credit", d), order: fc.array(key, { minLength: 1, maxLength: 2 }),
    byValue: fc.oneof(w(3, fc.constant(false)), w(1, fc.constant(true))), where: maybe(xArb("bool", "credit", d)),
  });
}

/** Operators over sub-expressions `d` deep. */
function compounds(ty: XTy, ctx: Ctx, d: number): fc.WeightedArbitrary<X>[] {
  const x = (t: XTy, c: Ctx = ctx) => xArb(t, c, d);
  const bin = (op: "+" | "-" | "*" | "/", a: Arb<X>, b: Arb<X>) => fc.record({ k: k("bin"), op: fc.constant(op), a, b });
  const ifx = fc.record({ k: k("if"), c: x("bool"), t: x(ty), e: x(ty) });
  const numericCommon: fc.WeightedArbitrary<X>[] = [
    w(2, ifx),
    w(1, fc.record({ k: k("call"), fn: fc.constantFrom("min" as const, "max" as const), args: fc.array(x(ty), { minLength: 2, maxLength: 3 }) })),
    w(1, fc.record({ k: k("round"), a: x(ty), r: roundSpec })),
  ];
  const group = ctx === "group";
  const firstOf = (valueTy: XTy) => firstArb(valueTy, d);
  const aggOf = (valueTy: XTy) =>
    fc.record({
      k: k("agg"),
      fn: fc.constantFrom("sum" as const, "sum" as const, "sum" as const, "minimum" as const, "maximum" as const, "average" as const),
      value: xArb(valueTy, "credit", d),
      where: maybe(xArb("bool", "credit", d)),
    });
  switch (ty) {
    case "money": {
      const out: fc.WeightedArbitrary<X>[] = [
        w(3, bin("+", x("money"), x("money"))), w(3, bin("-", x("money"), x("money"))),
        w(4, bin("*", x("money"), x("percent"))), w(1, bin("*", x("percent"), x("money"))), w(2, bin("*", x("money"), x("count"))),
        w(1, bin("*", x("money"), x("decimal"))), w(1, bin("/", x("money"), x("count"))),
        w(1, fc.record({ k: k("neg"), a: x("money") })), w(1, fc.record({ k: k("abs"), a: x("money") })), ...numericCommon,
        w(2, fc.record({ k: k("tier"), use: fc.constant("applied" as const), spec: tierSpec("money", false), arg: x("money") })),
        w(1, fc.record({ k: k("tier"), use: fc.constantFrom("applied" as const, "at" as const), spec: tierSpec("count", true), arg: x("count") })),
        w(1, fc.record({ k: k("rate"), spec: ratesSpec(true) })),
      ];
      if (group) out.push(w(6, aggOf("money")), w(1, fc.record({ k: k("absentIf"), c: x("bool"), t: x("money") })), w(1, firstOf("money")));
      return out;
    }
    case "percent": {
      const out: fc.WeightedArbitrary<X>[] = [
        w(4, bin("/", x("money"), x("money"))), w(1, bin("/", x("count"), x("count"))), w(2, bin("+", x("percent"), x("percent"))), w(1, bin("-", x("percent"), x("percent"))),
        w(1, bin("*", x("percent"), x("percent"))), ...numericCommon,
        w(2, fc.record({ k: k("tier"), use: fc.constant("at" as const), spec: tierSpec("percent", false), arg: x("percent") })),
        w(2, fc.record({ k: k("tier"), use: fc.constant("at" as const), spec: tierSpec("money", false), arg: x("money") })),
        w(2, fc.record({ k: k("rate"), spec: ratesSpec(false) })),
      ];
      if (group) out.push(w(1, fc.record({ k: k("absentIf"), c: x("bool"), t: x("percent") })));
      return out;
    }
    case "count": {
      const out: fc.WeightedArbitrary<X>[] = [
        w(3, bin("+", x("count"), x("count"))), w(2, bin("-", x("count"), x("count"))), w(1, bin("*", x("count"), x("count"))),
        w(1, fc.record({ k: k("abs"), a: x("count") })), ...numericCommon,
      ];
      if (ctx !== "group" && ctx !== "payout") {
        out.push(
          w(2, fc.record({ k: k("days"), from: x("date"), to: x("date") })),
          w(1, fc.record({ k: k("monthsFrom"), from: x("date"), to: x("date") })),
          w(1, fc.record({ k: k("dayOf"), a: x("date") })),
        );
      }
      if (group) {
        out.push(
          w(3, fc.record({ k: k("count"), where: xArb("bool", "credit", d) })),
          w(3, fc.record({ k: k("distinct"), value: xArb("text", "credit", d), having: maybe(x("bool")), where: maybe(xArb("bool", "credit", d)) })),
          w(1, aggOf("count")),
          w(1, firstOf("count")),
        );
      }
      return out;
    }
    case "decimal":
      return <fc.WeightedArbitrary<X>[]>[w(2, bin("*", x("decimal"), x("count"))), w(1, bin("+", x("decimal"), x("decimal"))), w(1, fc.record({ k: k("round"), a: x("decimal"), r: roundSpec })), w(1, ifx)];
    case "bool": {
      const cmp = (t: XTy, op: Arb<CmpOp> = cmpOp) => fc.record({ k: k("cmp"), op, a: x(t), b: x(t) });
      const out: fc.WeightedArbitrary<X>[] = [
        w(8, cmp("money", orderedOp)), w(2, cmp("money")), w(2, cmp("percent")), w(3, cmp("count")), w(1, cmp("decimal")),
        w(1, fc.record({ k: k("cmp"), op: fc.constantFrom("=" as const, "<>" as const), a: x("text"), b: x("text") })),
        w(2, fc.record({ k: k("logic"), op: fc.constantFrom("and" as const, "or" as const), a: x("bool"), b: x("bool") })),
        w(2, fc.record({ k: k("not"), a: x("bool") })),
        w(2, fc.record({ k: k("inText"), a: x("text"), items: fc.array(fc.nat(5), { minLength: 1, maxLength: 3 }), negated: fc.boolean() })),
        w(1, fc.record({ k: k("inCount"), a: x("count"), items: fc.array(fc.nat(5), { minLength: 1, maxLength: 3 }), negated: fc.boolean() })),
        w(2, fc.record({ k: k("enumTest"), which: fc.constantFrom("tier" as const, "level" as const, "role" as const, "reason" as const), items: fc.array(fc.nat(6), { minLength: 1, maxLength: 2 }), negated: fc.boolean(), form: fc.constantFrom("eq" as const, "in" as const) })),
        w(2, fc.record({ k: k("presence"), a: fc.oneof(xArb("money", ctx, 0), xArb("text", ctx, 0), xArb("date", ctx, 0), xArb("percent", ctx, 0)), present: fc.boolean() })),
      ];
      out.push(w(1, fc.record({ k: k("textTest"), op: fc.constantFrom("contains" as const, "starts with" as const, "ends with" as const), a: x("text"), v: fc.nat(5) })));
      if (ctx !== "group" && ctx !== "payout") {
        out.push(w(2, cmp("date", orderedOp)), w(2, fc.record({ k: k("within"), a: x("date"), window: maybe(windowSpec, 70) })));
        out.push(w(2, fc.record({ k: k("periodCmp"), grain: fc.constantFrom<Grain>("month", "quarter", "year"), op: cmpOp, a: periodArb(ctx, d), b: periodArb(ctx, d) })));
      }
      return out;
    }
    case "text": {
      const textual: fc.WeightedArbitrary<X>[] = [
        w(1, fc.record({ k: k("textJoin"), a: x("text"), b: x("text") })),
        w(1, fc.record({ k: k("textOf"), a: fc.oneof(x("count"), x("date")) })),
        w(1, fc.record({ k: k("textFn"), fn: fc.constantFrom("upper" as const, "lower" as const, "trim" as const), a: x("text") })),
      ];
      return group
        ? <fc.WeightedArbitrary<X>[]>[w(2, ifx), w(4, firstOf("text")), ...textual]
        : ctx === "row"
          ? <fc.WeightedArbitrary<X>[]>[w(1, ifx), w(2, fc.record({ k: k("parentOf"), of: x("text") })), ...textual]
          : [w(1, ifx), ...textual];
    }
    case "date":
      return group
        ? <fc.WeightedArbitrary<X>[]>[w(2, firstOf("date"))]
        : [
          w(1, ifx),
          w(3, fc.record({ k: k("shiftDate"), a: x("date"), n: fc.nat(40), unit: fc.constantFrom("day" as const, "week" as const, "month" as const, "year" as const), minus: fc.boolean() })),
          w(1, fc.record({ k: k("termsDate"), a: x("date"), by: x("count") })),
          w(2, fc.record({ k: k("edgeOf"), edge: fc.constantFrom("start" as const, "end" as const), grain: fc.constantFrom<Grain>("month", "quarter", "year"), a: x("date") })),
        ];
  }
}

// Months are the finer grain of quarterly and yearly plans (`sum of M over months`): drawn a little more.
const grainChoice: Arb<GrainChoice> = fc.oneof(w(12, fc.constant("plan" as const)), w(3, fc.constant("month" as const)), w(2, fc.constant("quarter" as const)), w(1, fc.constant("year" as const)));

/** Who receives a share: mostly a field of the row. */
const payeeField: Arb<X> = fc.oneof(
  w(20, fc.constant<X>({ k: "field", ty: "text", i: 0, input: 0 })),
  w(2, fc.constant<X>({ k: "field", ty: "text", i: 1, input: 0 })),
  w(1, xArb("text", "row", 0)),
  w(1, fc.record({ k: k("parentOf"), of: fc.constant<X>({ k: "field", ty: "text", i: 0, input: 0 }) })),
  // A payee id built from text and a key: `"P-" + sale.rep`.
  w(2, fc.record({ k: k("textJoin"), a: fc.record({ k: k("lit"), ty: fc.constant("text" as const), v: fc.nat(5) }), b: fc.constant<X>({ k: "field", ty: "text", i: 0, input: 0 }) })),
);
const targetSpec = (overlay: boolean): Arb<TargetSpec> =>
  fc.oneof(
    w(overlay ? 10 : 40, fc.record({ k: k("payee"), x: payeeField })),
    w(overlay ? 3 : 1, fc.record({ k: k("each"), where: maybe(xArb("text", "row", 0), 65) })),
    w(overlay ? 3 : 1, fc.record({ k: k("ancestors"), of: payeeField })),
  );

/** A credit rule's condition that can be absent, alone or within `and`, `or`, `not`. */
const maybeAbsentArb: Arb<X> = fc.record({ k: k("maybeAbsent"), src: fc.nat(7), op: cmpOp, v: fc.nat(5) });
const undecidableCond: Arb<X> = fc.oneof(
  w(4, maybeAbsentArb),
  w(1, fc.record({ k: k("logic"), op: fc.constantFrom("and" as const, "or" as const), a: maybeAbsentArb, b: xArb("bool", "row", 1) })),
  w(1, fc.record({ k: k("not"), a: maybeAbsentArb })),
);

/** Exclusion conditions: mostly ones that hold for some rows only. */
const excludeCond: Arb<X> = fc.oneof(
  w(3, undecidableCond),
  // amount < 0.00, amount > 50,000.00, amount <= -500.00, amount < 0.01 (the money literals' indices in plan-render.ts).
  w(3, fc.constantFrom<[CmpOp, number]>(["<", 0], [">", 6], ["<=", 7], ["<", 5]).map(([op, v]): X => ({ k: "cmp", op, a: { k: "field", ty: "money", i: 0, input: 0 }, b: { k: "lit", ty: "money", v } }))),
  w(2, fc.record({ k: k("presence"), a: fc.oneof(fc.constant<X>({ k: "field", ty: "text", i: 1, input: 0 }), fc.constant<X>({ k: "field", ty: "date", i: 1, input: 0 }), lookup("text")), present: fc.constant(false) })),
  w(1, fc.record({ k: k("rowPresent"), table: fc.constantFrom("reps" as const, "book" as const, "splits" as const), present: fc.constant(false) })),
  w(1, fc.record({ k: k("cmp"), op: fc.constant(">" as const), a: fc.record({ k: k("sharing"), fn: fc.constant("rank" as const), keys: fc.array(fc.nat(5), { minLength: 1, maxLength: 2 }), order: fc.array(fc.nat(5), { minLength: 1, maxLength: 2 }) }), b: fc.constant<X>({ k: "lit", ty: "count", v: 1 }) })),
  w(1, fc.record({ k: k("not"), a: fc.record({ k: k("within"), a: fc.constant<X>({ k: "field", ty: "date", i: 0, input: 0 }), window: maybe(windowSpec, 70) }) })),
  w(1, fc.record({ k: k("inText"), a: fc.constant<X>({ k: "field", ty: "text", i: 2, input: 0 }), items: fc.array(fc.nat(2), { minLength: 1, maxLength: 1 }), negated: fc.constant(false) })),
  w(1, xArb("bool", "row", 2)),
  // Terms: `sale.date + 30 days < sale.paid`, on the row's dates (the second may be absent).
  w(1, fc.record({
    k: k("cmp"), op: orderedOp,
    a: fc.record({ k: k("shiftDate"), a: fc.constant<X>({ k: "field", ty: "date", i: 0, input: 0 }), n: fc.nat(40), unit: fc.constantFrom("day" as const, "week" as const, "month" as const, "year" as const), minus: fc.boolean() }),
    b: fc.constant<X>({ k: "field", ty: "date", i: 1, input: 0 }),
  })),
);

/** How a share is written: mostly a literal, now and then a constant expression of the same value. */
const shareForm: Arb<ShareSpec["form"]> = fc.oneof(w(6, fc.constant("literal" as const)), w(1, fc.constant("divided" as const)), w(1, fc.constant("difference" as const)));
const taker = (overlay: boolean) => fc.record({ target: targetSpec(overlay), role: fc.nat(ROLES.length - 1) });

/** Literal shares in hundredths of a percent, each above 0 and all adding up to 100%. */
const literalShares: Arb<ShareSpec[]> = fc
  .tuple(
    fc.uniqueArray(fc.oneof(fc.constantFrom(2500, 4000, 5000, 6000, 7500, 3333, 6667), fc.integer({ min: 1, max: 9999 })), { maxLength: 2 }),
    fc.array(fc.record({ target: targetSpec(false), role: fc.nat(ROLES.length - 1), form: shareForm }), { minLength: 3, maxLength: 3 }),
  )
  .map(([cuts, targets]) => {
    const points = [0, ...[...cuts].sort((a, b) => a - b), 10000];
    return points.slice(1).map((p, i) => ({ pct: p - points[i]!, ...targets[i]! }));
  });

/** Who takes a remainder: a payee, every matching specialist (an equal split among them), or every ancestor. */
const remainderTaker = fc.record({
  target: fc.oneof(
    w(7, fc.record({ k: k("payee"), x: payeeField })),
    w(2, fc.record({ k: k("each"), where: maybe(xArb("text", "row", 0), 80) })),
    w(1, fc.record({ k: k("ancestors"), of: payeeField })),
  ),
  role: fc.nat(ROLES.length - 1),
});

/** Written shares of at most 50% each (two at most, so they stay within 100%), and the remainders that take the rest. */
const remainderSplit: Arb<SplitSpec> = fc.record({
  k: k("remainder"),
  shares: fc.array(fc.record({ pct: fc.oneof(fc.constantFrom(2500, 4000, 5000, 1000), fc.integer({ min: 1, max: 5000 })), target: targetSpec(false), role: fc.nat(ROLES.length - 1), form: shareForm }), { maxLength: 2 }),
  lookedUp: fc.oneof(w(4, fc.constant(false)), w(1, fc.constant(true))),
  rest: fc.oneof(w(4, fc.array(remainderTaker, { minLength: 1, maxLength: 1 })), w(1, fc.array(remainderTaker, { minLength: 2, maxLength: 3 }))),
});

const splitArb: Arb<SplitSpec> = fc.letrec<{ split: SplitSpec }>((tie) => ({
  split: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    w(7, fc.record({ k: k("shares"), shares: literalShares })),
    w(1, fc.record({ k: k("lookedUp"), first: targetSpec(false), second: targetSpec(false), roles: fc.tuple(fc.nat(ROLES.length - 1), fc.nat(ROLES.length - 1)) })),
    w(3, remainderSplit),
    w(1, fc.record({ k: k("equal"), n: fc.constantFrom(2 as const, 4 as const, 5 as const, 8 as const), takers: fc.array(taker(false), { minLength: 1, maxLength: 3 }) })),
    w(2, fc.record({ k: k("if"), cond: fc.oneof(w(3, xArb("bool", "row", 1)), w(1, undecidableCond)), then: tie("split"), else: maybe(tie("split"), 70) })),
  ),
})).split;

const overlayArb: Arb<OverlaySpec> = fc.record({
  pct: fc.oneof(w(3, fc.constant(10000)), w(2, fc.integer({ min: 1, max: 9999 })), w(1, fc.constantFrom(250, 500, 1000)), w(1, fc.constantFrom(12500, 15000, 20000))),
  lookedUp: fc.oneof(w(6, fc.constant(false)), w(1, fc.constant(true))),
  target: targetSpec(true),
  role: fc.nat(ROLES.length - 1),
  round: maybe(roundSpec, 30),
  when: maybe(fc.oneof(w(3, xArb("bool", "row", 1)), w(1, undecidableCond)), 30),
});

const creditAmount: Arb<X> = fc.oneof(
  w(14, fc.constant<X>({ k: "field", ty: "money", i: 0, input: 0 })),
  w(2, fc.record({ k: k("neg"), a: xArb("money", "row", 0) })),
  w(2, xArb("money", "row", 2)),
);

const creditSpec: Arb<CreditSpec> = fc.record({
  amount: creditAmount,
  round: roundSpec,
  dateField: fc.oneof(w(8, fc.constant(0 as const)), w(1, fc.constant(1 as const))),
  excludes: fc.oneof(
    w(5, fc.constant<CreditSpec["excludes"]>([])),
    w(4, fc.array(fc.record({ reason: fc.nat(REASONS.length - 1), cond: excludeCond }), { minLength: 1, maxLength: 1 })),
    w(1, fc.array(fc.record({ reason: fc.nat(REASONS.length - 1), cond: excludeCond }), { minLength: 2, maxLength: 3 })),
  ),
  split: splitArb,
  overlays: fc.array(overlayArb, { maxLength: 2 }),
});

/** Fields that may be made optional without emptying most credits: not the id, date, rep or amount. */
const OPTIONAL_CANDIDATES = INPUT_FIELDS.map((f, i) => ({ f, i })).filter(({ f }) => !["id", "date", "rep", "amount"].includes(f.name)).map(({ i }) => i);

const inputSpec = (credit: Arb<CreditSpec | null>): Arb<InputSpec> =>
  fc.record({
    name: fc.nat(3),
    extra: fc.uniqueArray(fc.nat(INPUT_FIELDS.length - 1), { maxLength: 4 }),
    optional: fc.oneof(w(12, fc.uniqueArray(fc.constantFrom(...OPTIONAL_CANDIDATES), { maxLength: 2 })), w(1, fc.uniqueArray(fc.nat(INPUT_FIELDS.length - 1), { maxLength: 2 }))),
    requiredNullable: fc.oneof(w(19, fc.constant(false)), w(1, fc.constant(true))),
    key: fc.constantFrom("none" as const, "id" as const, "id" as const, "id+line" as const),
    dateColumn: fc.oneof(w(5, fc.constant("plain" as const)), w(1, fc.constant("renamed" as const)), w(1, fc.constant("formatted" as const))),
    encoding: fc.oneof(w(6, fc.constant("none" as const)), w(1, fc.constantFrom("utf8" as const, "latin1" as const, "windows1252" as const, "utf16le" as const, "utf16be" as const))),
    numbers: maybe(fc.nat(NUMBER_SAMPLES.length - 1), 25),
    percentAs: fc.oneof(w(3, fc.constant("none" as const)), w(1, fc.constant("fraction" as const)), w(1, fc.constant("number" as const))),
    credit,
  });

/** Measure types and how often each is drawn. */
const MEASURE_TYPES: [XTy, number][] = [["money", 40], ["bool", 15], ["count", 15], ["percent", 15], ["decimal", 5], ["text", 10], ["date", 5]];

// One alternative per type (rather than a chain from the type), so fast-check shrinks within it.
const measureArb: Arb<MeasureSpec> = fc.oneof(
  ...MEASURE_TYPES.map(([ty, weight]) =>
    w(weight, fc.record({ name: fc.nat(DECL_NAMES.length - 1), scope: grainChoice, ty: fc.constant(ty), x: xArb(ty, "group", 2), round: maybe(roundSpec, 20) }))),
  ...(["money", "percent", "bool"] as XTy[]).map((ty) =>
    w(7, fc.record({ name: fc.nat(DECL_NAMES.length - 1), scope: fc.constant("credit" as const), ty: fc.constant(ty), x: xArb(ty, "credit", 1), round: maybe(roundSpec, 50) }))),
);

const moneyAmount = fc.oneof(fc.constantFrom(0, 10000, 50000, 100000, 500000, 2500000), fc.integer({ min: 0, max: 5000000 }));

const balanceRef = (rel: "self" | "other", closing: Arb<boolean>): Arb<X> => fc.record({ k: k("bref"), i: fc.nat(3), closing, rel: fc.constant(rel) });
const plusOrMinus = fc.constantFrom("+" as const, "-" as const);
/** What a balance becomes: any amount, or one built on its own opening, on another balance (opening or closing), or on a measure that uses its opening. */
const balanceNext: Arb<X> = fc.oneof(
  w(3, xArb("money", "group", 2)),
  w(2, fc.record({ k: k("bin"), op: plusOrMinus, a: balanceRef("self", fc.constant(false)), b: xArb("money", "group", 1) })),
  w(2, fc.record({ k: k("bin"), op: plusOrMinus, a: balanceRef("other", fc.boolean()), b: xArb("money", "group", 1) })),
  w(1, fc.constant<X>({ k: "viaMeasure" })),
  w(1, fc.record({ k: k("call"), fn: fc.constant("max" as const), args: fc.tuple(lit("money"), fc.record({ k: k("bin"), op: fc.constant("-" as const), a: fc.constant<X>({ k: "viaMeasure" }), b: xArb("money", "group", 1) })).map(([a, b]) => [a, b]) })),
);

const balanceArb: Arb<BalanceSpec> = fc.record({
  name: fc.nat(DECL_NAMES.length - 1),
  grain: grainChoice,
  start: fc.oneof(w(4, lit("money")), w(1, xArb("money", "group", 1)), w(1, balanceRef("other", fc.constant(false)))),
  next: balanceNext,
  round: roundSpec,
});

/** A commission's rate: any percent literal but `0%` (index 0), which would pay nothing. */
const COMMISSION_RATE: Arb<X> = fc.record({ k: k("lit"), ty: fc.constant("percent" as const), v: fc.integer({ min: 1, max: LITERAL_COUNTS.percent - 1 }) });

/**
 * A limit computed at run time, never a constant (a negative constant limit is an error, A313):
 * a table amount (a quota, which data may leave absent or make negative), one less a literal, a
 * measure, or a share of one.
 */
const limitX: Arb<X> = fc.oneof(
  w(3, lookup("money")),
  w(2, fc.record({ k: k("bin"), op: fc.constant("-" as const), a: lookup("money"), b: lit("money") })),
  w(1, mref("money")),
  w(1, fc.record({ k: k("bin"), op: fc.constant("*" as const), a: mref("money"), b: COMMISSION_RATE })),
);
const limitArb = (literal: Arb<number>, computed: number): Arb<LimitSpec> => fc.oneof(w(100 - computed, literal), w(computed, limitX));
const budgetArb: Arb<LimitSpec> = fc.oneof(w(3, moneyAmount), w(2, fc.record({ k: k("budgetRow"), form: fc.nat(3) })));

/** A commission on the period's credits: the plain case, so most plans pay something. */
const COMMISSION: Arb<X> = fc.record({ k: k("bin"), op: fc.constant("*" as const), a: fc.oneof(fc.constant(SUM_AMOUNT), mref("money")), b: COMMISSION_RATE });

const payWith = (value: Arb<X>): Arb<PaySpec> => fc.record({
  name: fc.nat(DECL_NAMES.length - 1),
  grain: grainChoice,
  value,
  round: roundSpec,
  gates: fc.oneof(w(7, fc.constant<X[]>([])), w(4, fc.array(xArb("bool", "group", 1), { minLength: 1, maxLength: 1 })), w(1, fc.array(xArb("bool", "group", 1), { minLength: 2, maxLength: 2 }))),
  caps: maybe(limitArb(moneyAmount, 30), 35).map((c) => (c === null ? [] : [c])),
  floors: maybe(limitArb(fc.integer({ min: -100000, max: 100000 }), 30), 25).map((f) => (f === null ? [] : [f])),
  runningCap: maybe(fc.record({ limit: limitArb(moneyAmount, 30), over: fc.constantFrom("quarter" as const, "year" as const) }), 15),
  budget: maybe(budgetArb, 15),
  to: maybe(xArb("text", "group", 1), 15),
  sign: fc.oneof(w(8, fc.constant("plain" as const)), w(1, fc.constant("negated" as const)), w(1, fc.constant("recovery" as const))),
  multiline: fc.boolean(),
});

/** A plan's first pay is mostly a commission (with any clauses), so most runs pay something to compare. */
const firstPayArb: Arb<PaySpec> = payWith(fc.oneof(w(3, COMMISSION), w(1, xArb("money", "group", 2))));

const payArb: Arb<PaySpec> = payWith(
  fc.oneof(
    w(8, COMMISSION),
    w(3, fc.record({ k: k("bin"), op: fc.constant("*" as const), a: xArb("money", "group", 1), b: xArb("percent", "group", 1) })),
    w(4, xArb("money", "group", 2)),
    // The first credit's amount: credits that tie on the keys with different amounts leave it absent (reported).
    w(1, fc.record({ k: k("bin"), op: fc.constant("*" as const), a: firstArb("money", 0), b: COMMISSION_RATE })),
  ),
);

const participantsArb: Arb<ParticipantsSpec> = fc.oneof(
  fc.record({ k: k("tablePeriod"), table: fc.constantFrom("quotas" as const, "targets" as const) }),
  fc.record({ k: k("tableFrom"), grain: grainChoice }),
  fc.record({ k: k("table"), table: fc.constantFrom("reps" as const, "hierarchy" as const), grain: grainChoice }),
  fc.record({ k: k("every"), grain: grainChoice }),
);

const COLUMN_TYPES: XTy[] = ["money", "money", "text", "count", "percent", "bool", "date", "decimal"];

function outputOf(ctx: Ctx, scope: Arb<OutputSpec["scope"]>): Arb<OutputSpec> {
  const group = ctx === "group";
  const column = fc.oneof(...COLUMN_TYPES.map((ty) => fc.record({ name: fc.nat(COLUMN_NAMES.length - 1), ty: fc.constant(ty), x: xArb(ty, ctx, 1), round: roundSpec })));
  return fc.record({
    file: fc.nat(OUTPUT_FILES.length - 1),
    scope,
    // Exclusions are listed by reason more often than not.
    where: ctx === "exclusion"
      ? maybe(fc.oneof(w(2, fc.record({ k: k("enumTest"), which: fc.constant("reason" as const), items: fc.array(fc.nat(6), { minLength: 1, maxLength: 2 }), negated: fc.boolean(), form: fc.constantFrom("eq" as const, "in" as const) })), w(3, xArb("bool", ctx, 1))), 50)
      : maybe(xArb("bool", ctx, 1), 40),
    bare: group ? fc.subarray(["payee", "period"] as ("payee" | "period")[]) : fc.constant([]),
    columns: fc.array(column, { minLength: 1, maxLength: 3 }),
    sorted: fc.uniqueArray(fc.nat(4), { maxLength: 2 }),
    closing: group ? maybe(fc.nat(3), 40) : fc.constant(null),
  });
}

const outputArb: Arb<OutputSpec> = fc.oneof(
  w(4, outputOf("group", grainChoice.map((grain) => ({ k: "group" as const, grain })))),
  w(2, outputOf("credit", fc.constant({ k: "credit" as const }))),
  w(2, outputOf("exclusion", fc.constant({ k: "exclusion" as const }))),
  w(2, outputOf("payout", fc.constant({ k: "payout" as const }))),
);

/** A whole plan's structure. */
export const planSpecArb: Arb<PlanSpec> = fc.record({
  header: fc.record({
    grain: fc.constantFrom<Grain>("month", "month", "quarter", "quarter", "year"),
    year: fc.constantFrom(2025 as const, 2026 as const),
    start: fc.nat(11),
    periods: fc.integer({ min: 1, max: 4 }),
    historyMonths: fc.oneof(w(3, fc.constant(0)), w(2, fc.constantFrom(3, 6, 12, 15))),
    version: fc.constantFrom("number" as const, "text" as const, "none" as const),
  }),
  inputs: fc.tuple(inputSpec(creditSpec), maybe(inputSpec(maybe(creditSpec, 80)), 35)).map(([a, b]) => (b ? [a, b] : [a])),
  quotaGrain: grainChoice,
  hierarchyValidity: fc.oneof(w(4, fc.constant(true)), w(1, fc.constant(false))),
  participants: fc.array(participantsArb, { maxLength: 2 }),
  measures: fc.array(measureArb, { maxLength: 6 }),
  balances: fc.array(balanceArb, { maxLength: 2 }),
  pays: fc.tuple(firstPayArb, fc.array(payArb, { maxLength: 3 })).map(([first, rest]) => [first, ...rest]),
  combined: maybe(fc.record({ limit: limitArb(moneyAmount, 30), pays: fc.uniqueArray(fc.nat(3), { minLength: 1, maxLength: 3 }), explicitGrain: fc.boolean() }), 20),
  outputs: fc.array(outputArb, { maxLength: 3 }),
  reasons: fc.constantFrom("none" as const, "none" as const, "exact" as const, "extra" as const),
  reversed: fc.oneof(w(5, fc.constant(false)), w(1, fc.constant(true))),
});
