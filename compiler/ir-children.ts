/** The expressions directly inside an IR expression, for rules that walk the IR (budgets, balance cycles). */
import type { IrExpr } from "./ir.js";

/** Every child expression of `x`, in source order. */
export function children(x: IrExpr): IrExpr[] {
  switch (x.k) {
    case "lookup": return x.keys;
    case "rate": return [x.key];
    case "tier": return [x.arg];
    case "arith": case "cmp": case "logic": return [x.a, x.b];
    case "neg": case "not": case "present": case "round": return [x.a];
    case "in": return [x.a, ...x.list];
    case "within": return [x.a, x.from, x.to];
    case "parentOf": return [x.of];
    case "if": return [x.c, x.t, x.e];
    case "call": return x.args;
    case "agg": return [x.value, x.distinct, x.having, x.where, ...(x.order ?? [])].filter((c): c is IrExpr => c !== undefined);
    default: return [];
  }
}
