/**
 * The order to check measures in: each after the measures it uses, so that checking one never
 * has to check another first. The checker used to recurse from a measure into the measures it
 * uses, so a chain of 3,000 measures declared last-first overflowed the stack; here the order is
 * found by a depth-first search with its own stack, and every cycle is found on the way (each
 * back edge of the search closes one), to be reported where it closes.
 */
import type { Expr, Span } from "../language/syntax.js";
import { walkExpr } from "../language/walk.js";
import type { MeasureDecl } from "./symbols.js";

/** A reference from one measure's value to another measure. */
interface Use {
  to: string;
  span: Span;
}

/** A cycle: the measures along it, and the reference that closes it. */
export interface MeasureCycle {
  path: string[];
  closing: Span;
}

/** Measures in an order that puts every measure after those it uses (cycles aside), and the cycles. */
export function measureOrder(measures: ReadonlyMap<string, MeasureDecl>): { order: string[]; cycles: MeasureCycle[] } {
  const uses = new Map<string, Use[]>();
  for (const [name, decl] of measures) uses.set(name, usesOf(decl.value, measures));
  /** A measure's place on the search's stack while it is open, then "done". */
  const state = new Map<string, number | "done">();
  const order: string[] = [];
  const cycles: MeasureCycle[] = [];
  for (const start of measures.keys()) {
    if (state.has(start)) continue;
    // The search's own stack: each measure with the index of the next use to follow.
    const stack: { name: string; next: number }[] = [{ name: start, next: 0 }];
    state.set(start, 0);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const use = uses.get(top.name)![top.next++];
      if (!use) {
        state.set(top.name, "done");
        order.push(top.name);
        stack.pop();
        continue;
      }
      const seen = state.get(use.to);
      if (seen === undefined) {
        state.set(use.to, stack.length);
        stack.push({ name: use.to, next: 0 });
      } else if (seen !== "done") {
        // The path is listed up to a bounded length: a message echoes a bounded text anyway.
        const path = stack.slice(seen, seen + 50).map((s) => s.name);
        cycles.push({ path: [...path, ...(stack.length - seen > 50 ? ["…"] : []), use.to], closing: use.span });
      }
    }
  }
  return { order, cycles };
}

/** Names that mean something else before they can mean a measure (see the expression checker). */
const NOT_MEASURES = new Set(["payee", "period", "credit", "exclusion", "payout"]);

/** The measures an expression uses by name, in another period (`m 1 year earlier`), or over periods (`sum of m over months`). */
function usesOf(value: Expr, measures: ReadonlyMap<string, MeasureDecl>): Use[] {
  const out: Use[] = [];
  walkExpr(value, (e) => {
    const name = e.kind === "name" ? e.name : e.kind === "atPeriod" ? e.measure : undefined;
    if (name && measures.has(name.text) && !NOT_MEASURES.has(name.text)) out.push({ to: name.text, span: name.span });
  });
  return out;
}
