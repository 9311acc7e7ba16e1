/** Split rule: the shares written in one block of a credit rule add up to 100% (overlays aside). */
import { diagnostic, type Diagnostic } from "../../language/diagnostics.js";
import type { CreditStmt } from "../../language/syntax.js";
import * as N from "../../runtime/numeric.js";

/** Reports every block whose literal shares do not sum to exactly 100%. */
export function checkSplits(body: CreditStmt[], diagnostics: Diagnostic[]): void {
  const shares = body.filter((s): s is Extract<CreditStmt, { kind: "share" }> => s.kind === "share" && !s.overlay);
  const literal = shares.filter((s) => s.percent.kind === "percent");
  if (literal.length > 0 && literal.length === shares.length) {
    const total = literal.reduce((sum, s) => N.add(sum, N.num((s.percent as { text: string }).text)), N.ZERO);
    if (N.cmp(total, N.num(100)) !== 0) {
      const first = shares[0]!.span;
      const last = shares[shares.length - 1]!.span;
      const missing = N.sub(N.num(100), total);
      const fix = shares.length === 1 || N.isNegative(N.add(N.num((shares[shares.length - 1]!.percent as { text: string }).text), missing))
        ? undefined
        : {
            title: `Make the last share ${N.formatExact(N.add(N.num((shares[shares.length - 1]!.percent as { text: string }).text), missing))}% so the split adds up to 100%`,
            span: shares[shares.length - 1]!.percent.span,
            text: `${N.formatExact(N.add(N.num((shares[shares.length - 1]!.percent as { text: string }).text), missing))}%`,
          };
      diagnostics.push(diagnostic("A301", { start: first.start, end: last.end }, [`${N.formatExact(total)}%`], fix ? { fix } : {}));
    }
  }
  for (const s of body) {
    if (s.kind === "if") {
      checkSplits(s.then, diagnostics);
      checkSplits(s.else ?? [], diagnostics);
    }
  }
}
