/**
 * Quick fixes from diagnostics: the checker's own `fix` where it has one (did-you-mean names,
 * the last share of a split made to reach 100%), and for a value that produces fractions of a
 * cent (A204) or a column with no fixed number of decimals (A210), adding `rounded half up to
 * cents` (or `to 4 decimals`), in parentheses when the rounding would otherwise bind to part of
 * the value only.
 */
import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type Range } from "vscode-languageserver";
import type { Diagnostic } from "../language/diagnostics.js";
import type { Expr, Span } from "../language/syntax.js";
import { forEachExpr } from "../language/walk.js";
import { planDiagnostics } from "./diagnostics.js";
import type { CheckedDocument } from "./documents.js";
import { overlaps, rangeOf, spanOf } from "./ranges.js";

/** The rounding each code's fix adds. */
const ROUNDING: Record<string, string> = { A204: "rounded half up to cents", A210: "rounded half up to 4 decimals" };

/** The quick fixes for the diagnostics that touch a range. */
export function codeActions(entry: CheckedDocument, range: Range): CodeAction[] {
  const { doc, uri } = entry.parsed;
  const wanted = spanOf(doc, range);
  const published = planDiagnostics(entry);
  const actions: CodeAction[] = [];
  entry.checked.diagnostics.forEach((d, i) => {
    if (!overlaps(d.span, wanted)) return;
    const fix = d.fix ?? roundingFix(entry, d);
    if (!fix) return;
    actions.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [published[i] as LspDiagnostic],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: rangeOf(doc, fix.span), newText: fix.text }] } },
    });
  });
  return actions;
}

/** For A204 and A210: round the value (or the bare output column). */
function roundingFix(entry: CheckedDocument, d: Diagnostic): Diagnostic["fix"] | undefined {
  const rounding = ROUNDING[d.code];
  if (!rounding) return undefined;
  const { plan, text } = entry.parsed;
  const written = text.slice(d.span.start, d.span.end);
  const title = `Add \`${rounding}\``;
  for (const decl of plan.decls) {
    if (decl?.kind !== "output") continue;
    const bare = decl.columns.find((c) => !c.value && same(c.name.span, d.span));
    if (bare) return { title, span: d.span, text: `${written} = ${written} ${rounding}` };
  }
  let value: Expr | undefined;
  forEachExpr(plan, (e) => {
    if (!value && same(e.span, d.span)) value = e;
  });
  return { title, span: d.span, text: value && looserThanRounding(value) ? `(${written}) ${rounding}` : `${written} ${rounding}` };
}

/** Expressions that bind more loosely than `rounded` (which applies to a sum or product): they need parentheses. */
function looserThanRounding(e: Expr): boolean {
  switch (e.kind) {
    case "if": case "round": case "in": case "presence": case "within": return true;
    case "binary": return !["+", "-", "*", "/"].includes(e.op);
    case "unary": return e.op === "not";
    default: return false;
  }
}

function same(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}
