/**
 * Walking the syntax tree: the expressions of every declaration, depth first, in source order.
 * The formatter and the language server use it; the walk is defensive because a tree built
 * after a syntax error may have holes (a missing operand, a skipped credit target).
 */
import type { CreditStmt, Decl, Expr, PlanFile } from "./syntax.js";

/** True for a node the parser really built (recovery can leave `undefined` in its place). */
function present<T extends { span: unknown }>(node: T | undefined | null): node is T {
  return node != null && typeof node === "object" && node.span != null;
}

/** The direct sub-expressions of an expression, in source order. */
export function childExprs(e: Expr): Expr[] {
  let children: (Expr | undefined)[];
  switch (e.kind) {
    case "number": case "money": case "percent": case "date": case "string": case "boolean": case "name": case "error":
    case "absent": case "atPeriod": case "closing": case "remainder": case "duration":
      return [];
    case "member": children = [e.object]; break;
    case "index": children = [e.object, ...(e.keys ?? [])]; break;
    case "unary": children = [e.operand]; break;
    case "binary": children = [e.left, e.right]; break;
    case "in": children = [e.value, ...(e.list ?? [])]; break;
    case "presence": children = [e.value]; break;
    case "within": children = [e.value]; break;
    case "parentOf": children = [e.of]; break;
    case "sharing": children = [...(e.keys ?? []), ...(e.order ?? [])]; break;
    case "if": children = [e.cond, e.then, e.else]; break;
    case "call": children = [...(e.args ?? [])]; break;
    case "aggregate": children = [e.value, ...(e.order ?? []), e.distinct, e.having, e.where]; break;
    case "tier": children = [e.arg]; break;
    case "between": children = [e.from, e.to]; break;
    case "edge": children = [e.period]; break;
    case "textTest": children = [e.value, e.pattern]; break;
    case "round": children = [e.value]; break;
  }
  return children.filter(present);
}

/** Visits an expression and everything below it, parents before children, in source order (with its own stack, so no tree is too deep). */
export function walkExpr(e: Expr | undefined, visit: (e: Expr) => void): void {
  if (!present(e)) return;
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const next = stack.pop()!;
    visit(next);
    const children = childExprs(next);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** The statements of a credit block and of every block nested in it, in source order. */
export function creditStmts(body: readonly CreditStmt[] | undefined): CreditStmt[] {
  const out: CreditStmt[] = [];
  for (const stmt of body ?? []) {
    if (!present(stmt)) continue;
    out.push(stmt);
    // A loop, not a spread: a block may hold more statements than a call takes arguments.
    if (stmt.kind === "if") for (const inner of [...creditStmts(stmt.then), ...creditStmts(stmt.else)]) out.push(inner);
  }
  return out;
}

/** The top-level expressions written in a declaration (not their sub-expressions), in source order. */
export function declExprs(decl: Decl): Expr[] {
  let exprs: (Expr | undefined)[];
  switch (decl.kind) {
    case "window": exprs = [decl.from, decl.to]; break;
    case "record": exprs = []; break;
    case "credit": {
      exprs = [decl.amount, decl.date];
      for (const stmt of creditStmts(decl.body)) {
        if (stmt.kind === "exclude") exprs.push(stmt.cond);
        else if (stmt.kind === "if") exprs.push(stmt.cond);
        else {
          exprs.push(stmt.percent);
          const t = stmt.target;
          if (t?.kind === "payee") exprs.push(t.payee);
          else if (t?.kind === "each") exprs.push(t.where);
          else if (t?.kind === "ancestors") exprs.push(t.of);
        }
      }
      break;
    }
    case "measure": case "constant": exprs = [decl.value]; break;
    case "tiers": exprs = (decl.bands ?? []).filter(present).flatMap((b) => [b.lower, b.upper, b.rate]); break;
    case "rates": exprs = [decl.keyedBy, ...(decl.entries ?? []).map((e) => e.value), decl.otherwise]; break;
    case "pay": exprs = [decl.value, ...(decl.gates ?? []), ...(decl.caps ?? []).map((c) => c?.limit), ...(decl.floors ?? []), decl.budget, decl.payee]; break;
    case "balance": exprs = [decl.start, decl.next]; break;
    case "combined": exprs = [decl.limit]; break;
    case "output": exprs = [decl.where, ...(decl.columns ?? []).map((c) => c.value)]; break;
    case "participants": exprs = [decl.payee, decl.from, decl.period]; break;
    case "reasons": exprs = []; break;
  }
  return exprs.filter(present);
}

/** Visits every expression of a plan (header dates included), parents before children. */
export function forEachExpr(plan: PlanFile, visit: (e: Expr, decl: Decl | undefined) => void): void {
  const periods = plan.header?.periods;
  for (const e of [periods?.from, periods?.to, plan.header?.history]) walkExpr(e, (x) => visit(x, undefined));
  for (const decl of plan.decls) {
    if (!present(decl)) continue;
    for (const e of declExprs(decl)) walkExpr(e, (x) => visit(x, decl));
  }
}
