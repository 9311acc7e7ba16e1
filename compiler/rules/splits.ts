/**
 * Split rule: the split shares written in one block of a credit rule add up to exactly 100%
 * (overlays aside), as the run will add them. Every share whose value the checker can compute
 * (a constant expression: `60%`, `100% / 7`) is computed with the runtime's numbers, so a split
 * the run would reject on every row (seven shares of `100% / 7` add up to 99.99…%) is an error
 * here. A `remainder` share takes what the others leave, so with one the others must stay
 * within 100%. Shares read from data are left to the run, which rejects such a row.
 */
import { diagnostic, type Diagnostic } from "../../language/diagnostics.js";
import type { CreditStmt, Span } from "../../language/syntax.js";
import * as N from "../../runtime/numeric.js";
import { percentText } from "../../runtime/shares.js";
import { constantValue } from "../constant-value.js";
import type { Constant, CreditStmtIr, IrExpr } from "../ir.js";

type ShareStmt = Extract<CreditStmt, { kind: "share" }>;

const HUNDRED = N.num(100);

/** Checks the split of one block: its statements as written and as checked (the same order). */
export function checkSplit(written: readonly CreditStmt[], checked: readonly CreditStmtIr[], constants: readonly Constant[], text: string, diagnostics: Diagnostic[]): void {
  const shares: { s: ShareStmt; percent: IrExpr | "remainder" }[] = [];
  written.forEach((s, i) => {
    const ir = checked[i];
    if (s.kind === "share" && !s.overlay && ir?.k === "share") shares.push({ s, percent: ir.remainder ? "remainder" : ir.percent });
  });
  if (shares.length === 0) return;
  const explicit = shares.filter((x) => x.percent !== "remainder");
  const values = explicit.map((x) => constantValue(x.percent as IrExpr, constants));
  if (!values.every((v): v is N.Num => v !== undefined)) return;
  const total = values.reduce((sum, v) => N.add(sum, v), N.ZERO);
  const span = { start: shares[0]!.s.span.start, end: shares[shares.length - 1]!.s.span.end };
  const withRemainder = explicit.length < shares.length;
  if (withRemainder) {
    if (N.cmp(total, N.ONE) > 0) diagnostics.push(diagnostic("A301", span, [percentText(total), "more than 100% before the remainder"]));
    return;
  }
  if (N.cmp(total, N.ONE) === 0) return;
  const plainLiterals = shares.every((x) => x.s.percent.kind === "percent");
  const fix = plainLiterals ? lastShareFix(shares.map((x) => x.s), total) : remainderFix(shares.map((x) => x.s), values, text);
  const expected = plainLiterals ? "not 100%" : "not exactly 100%: write `remainder` for the share that takes what the others leave (for every share, in an equal split)";
  diagnostics.push(diagnostic("A301", span, [percentText(total), expected], fix ? { fix } : {}));
}

/** Literal shares: make the last one whatever brings the split to 100%, if that is a share at all. */
function lastShareFix(shares: ShareStmt[], total: N.Num): Diagnostic["fix"] {
  const last = shares[shares.length - 1]!;
  const lastText = (last.percent as { text: string }).text;
  const wanted = N.add(N.num(lastText), N.sub(HUNDRED, N.mul(total, HUNDRED)));
  if (shares.length === 1 || N.isNegative(wanted)) return undefined;
  const text = `${N.formatExact(wanted)}%`;
  return { title: `Make the last share ${text} so the split adds up to 100%`, span: last.percent.span, text };
}

/** Computed shares: the last share becomes `remainder`, if the others leave it something. */
function remainderFix(shares: ShareStmt[], values: N.Num[], text: string): Diagnostic["fix"] {
  const others = values.slice(0, -1).reduce((sum, v) => N.add(sum, v), N.ZERO);
  if (shares.length === 1 || N.cmp(others, N.ONE) > 0) return undefined;
  return { title: "Let the last share take the remainder, so the split adds up to exactly 100%", span: writtenPercent(shares[shares.length - 1]!, text), text: "remainder" };
}

/** Where a share's percentage is written, with the parentheses around it (`(100% / 7)`): they are not in its span. */
function writtenPercent(s: ShareStmt, text: string): Span {
  const opening = (text.slice(s.span.start, s.percent.span.start).match(/\(/g) ?? []).length;
  let end = s.percent.span.end;
  for (let closed = 0; closed < opening && end < text.length; end++) {
    if (text[end] === ")") closed++;
    else if (!/\s/.test(text[end]!)) break;
  }
  return { start: opening > 0 ? s.span.start : s.percent.span.start, end };
}
