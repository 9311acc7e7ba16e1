/** Folding: declarations and blocks that span lines, block comments, and runs of own-line comments. */
import { FoldingRangeKind, type FoldingRange } from "vscode-languageserver";
import type { CreditStmt } from "../language/syntax.js";
import type { ParsedDocument } from "./documents.js";

/** The folding ranges of a plan. */
export function foldingRanges(parsed: ParsedDocument): FoldingRange[] {
  const { doc, plan, comments } = parsed;
  const line = (offset: number) => doc.positionAt(offset).line;
  const out: FoldingRange[] = [];
  const fold = (start: number, end: number, kind?: FoldingRangeKind) => {
    const a = line(start);
    const b = line(Math.max(start, end - 1));
    if (b > a) out.push({ startLine: a, endLine: b, ...(kind ? { kind } : {}) });
  };
  if (plan.header?.span) fold(plan.header.span.start, plan.header.span.end);
  const blocks = (body: readonly CreditStmt[] | undefined) => {
    for (const stmt of body ?? []) {
      if (stmt?.kind !== "if" || !stmt.span) continue;
      fold(stmt.span.start, stmt.span.end);
      blocks(stmt.then);
      blocks(stmt.else);
    }
  };
  for (const decl of plan.decls) {
    if (!decl?.span) continue;
    fold(decl.span.start, decl.span.end);
    if (decl.kind === "credit") blocks(decl.body);
  }
  // Comments: a block comment over several lines, or consecutive line comments.
  let run: { start: number; end: number; lastLine: number } | undefined;
  for (const c of comments) {
    const end = c.startOffset + c.image.length;
    if (c.image.startsWith("/*")) {
      fold(c.startOffset, end, FoldingRangeKind.Comment);
      continue;
    }
    const l = line(c.startOffset);
    const ownLine = doc.getText({ start: { line: l, character: 0 }, end: doc.positionAt(c.startOffset) }).trim() === "";
    if (!ownLine) continue;
    if (run && l === run.lastLine + 1) {
      run.end = end;
      run.lastLine = l;
    } else {
      if (run) fold(run.start, run.end, FoldingRangeKind.Comment);
      run = { start: c.startOffset, end, lastLine: l };
    }
  }
  if (run) fold(run.start, run.end, FoldingRangeKind.Comment);
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
