/**
 * Budget rule: a budget is shared by every payee of a period, so it is computed once per period
 * and cannot depend on whose group it is computed in (the payee, their measures, balances or
 * credits): the run would take the value of whichever payee it met first.
 */
import { diagnostic, type Diagnostic } from "../../language/diagnostics.js";
import { children } from "../ir-children.js";
import type { IrExpr } from "../ir.js";

/** Reports a budget that reads something of one payee. */
export function checkBudgetScope(budget: IrExpr, diagnostics: Diagnostic[]): void {
  const found = payeeDependent(budget);
  if (found) diagnostics.push(diagnostic("A314", found.span, [describeNode(found)]));
}

/** The first part of an expression that differs from payee to payee, if any. */
function payeeDependent(x: IrExpr): IrExpr | undefined {
  switch (x.k) {
    case "payee": case "measure": case "rowMeasure": case "balance": case "window": case "agg":
      return x;
    default:
      for (const child of children(x)) {
        const found = payeeDependent(child);
        if (found) return found;
      }
      return undefined;
  }
}

function describeNode(x: IrExpr): string {
  switch (x.k) {
    case "payee": return "`payee`";
    case "measure": case "rowMeasure": return `the measure \`${x.name}\``;
    case "window": return `the measure \`${x.measure}\``;
    case "balance": return `the balance \`${x.name}\``;
    default: return "the payee's credits";
  }
}
