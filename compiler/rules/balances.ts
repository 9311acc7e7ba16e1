/**
 * Balance rule: a payee's first period opens with `starts at`, and every period closes with
 * `becomes`, evaluated with that period's opening. So `starts at` cannot need the balance
 * itself, and a closing cannot need itself, directly or through measures and other balances'
 * closings of the same period: the run would have nothing to start from. (Look-backs reach
 * other periods and so never close such a loop.)
 */
import { diagnostic, type Diagnostic } from "../../language/diagnostics.js";
import { children } from "../ir-children.js";
import type { BalanceIr, IrExpr } from "../ir.js";

/** Reports balances whose opening or closing needs itself. */
export function checkBalanceCycles(balances: BalanceIr[], measures: ReadonlyMap<string, IrExpr>, diagnostics: Diagnostic[]): void {
  for (const b of balances) {
    const self = balanceRefs(b.start, measures).find((r) => r.name === b.name);
    if (self) diagnostics.push(diagnostic("A315", b.start.span, [`the opening of \`${b.name}\` needs \`${self.closing ? `closing ${b.name}` : b.name}\` itself${self.via ? ` (through the measure \`${self.via}\`)` : ""}: start it from values it does not define`]));
  }
  // First openings → the balances they read: balances that start together cannot open with each other.
  const opens = new Map(balances.map((b) => [b.name, [...new Set(balanceRefs(b.start, measures).map((r) => r.name))]]));
  const reportedOpenings = new Set<string>();
  for (const b of balances) {
    const loop = loopFrom(b.name, opens);
    if (!loop || loop.length < 2 || loop.some((n) => reportedOpenings.has(n))) continue;
    loop.forEach((n) => reportedOpenings.add(n));
    diagnostics.push(diagnostic("A315", b.start.span, [`the openings of ${loop.map((n) => `\`${n}\``).join(" and ")} need each other: ${[...loop, b.name].join(" → ")}`]));
  }
  // Closing → closings it needs in the same period; a loop among them has no first step.
  const needs = new Map(balances.map((b) => [b.name, [...new Set(balanceRefs(b.next, measures).filter((r) => r.closing).map((r) => r.name))]]));
  const reported = new Set<string>();
  for (const b of balances) {
    const loop = loopFrom(b.name, needs);
    if (!loop || loop.some((n) => reported.has(n))) continue;
    loop.forEach((n) => reported.add(n));
    diagnostics.push(diagnostic("A315", b.next.span, [`the closing of \`${b.name}\` needs itself: ${loop.map((n) => `closing ${n}`).join(" → ")} → closing ${b.name}; use the opening value (\`${b.name}\`) in its rule`]));
  }
}

/** The balances an expression reads in its own period, directly or through measures (with the first measure on the way). */
function balanceRefs(x: IrExpr, measures: ReadonlyMap<string, IrExpr>): { name: string; closing: boolean; via?: string }[] {
  const out: { name: string; closing: boolean; via?: string }[] = [];
  const seen = new Set<string>();
  const stack: { x: IrExpr; via?: string }[] = [{ x }];
  while (stack.length > 0) {
    const { x: node, via } = stack.pop()!;
    if (node.k === "balance") out.push({ name: node.name, closing: node.closing, ...(via ? { via } : {}) });
    if (node.k === "measure" || node.k === "rowMeasure") {
      const value = measures.get(node.name);
      if (value && !seen.has(node.name)) {
        seen.add(node.name);
        stack.push({ x: value, via: via ?? node.name });
      }
    }
    for (const child of children(node)) stack.push({ x: child, ...(via ? { via } : {}) });
  }
  return out;
}

/** The path of closings from `start` back to itself, if its needs loop (without the final repeat). */
function loopFrom(start: string, needs: ReadonlyMap<string, string[]>): string[] | undefined {
  const path: string[] = [];
  const onPath = new Set<string>();
  const done = new Set<string>();
  const visit = (name: string): string[] | undefined => {
    if (name === start && path.length > 0) return [...path];
    if (onPath.has(name) || done.has(name)) return undefined;
    path.push(name);
    onPath.add(name);
    for (const next of needs.get(name) ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    path.pop();
    onPath.delete(name);
    done.add(name);
    return undefined;
  };
  return visit(start);
}
