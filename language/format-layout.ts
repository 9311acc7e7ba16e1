/**
 * What the syntax tree decides about a plan's layout, for the formatter (format.ts): which
 * tokens start a line and how deep, where a blank line is owed between declarations, and
 * which `-` are signs. The rules themselves are listed at the top of format.ts.
 */
import type { IToken, TokenType } from "chevrotain";
import { SourceFile } from "./source.js";
import type { CreditStmt, Decl, Expr, PlanFile } from "./syntax.js";
import * as T from "./tokens.js";
import { forEachExpr } from "./walk.js";

/** What the tree decides about the layout. */
export interface Layout {
  /** Tokens that start a line, by offset, with their depth. */
  lineStarts: Map<number, number>;
  /** Offsets of the first token of each top-level unit (the header, each declaration). */
  unitFirst: Set<number>;
  /** Offsets of the last token of each unit that has a unit after it, with whether that next unit stays grouped (no blank line). */
  unitLast: Map<number, boolean>;
  /** Offsets of `-` tokens that negate (no space after them). */
  unaryMinus: Set<number>;
}

/** Kinds of declaration without a block of members: written one under the other, they stay grouped. */
const SIMPLE_DECLS = new Set<Decl["kind"]>(["measure", "constant", "pay", "window", "participants", "balance", "combined", "reasons"]);

/** The layout decisions for a plan parsed without errors, from its tree and its tokens. */
export function planLayout(plan: PlanFile, tokens: IToken[], text: string): Layout {
  const lines = new SourceFile("", text);
  const indexAt = new Map(tokens.map((t, i) => [t.startOffset, i]));
  const closing = matchBraces(tokens);
  const lineStarts = new Map<number, number>();
  const force = (index: number | undefined, depth: number) => {
    if (index !== undefined && tokens[index]) lineStarts.set(tokens[index]!.startOffset, depth);
  };
  const index = (offset: number) => indexAt.get(offset);
  /** The first `{` at or after an offset. */
  const braceFrom = (offset: number) => {
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tokens[mid]!.startOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < tokens.length; i++) if (tokens[i]!.tokenType === T.LBrace) return i;
    return undefined;
  };
  /** The first token of something whose span starts at `offset`, its opening parentheses included. */
  const withParens = (offset: number) => {
    let i = index(offset);
    while (i !== undefined && i > 0 && tokens[i - 1]!.tokenType === T.LParen) i--;
    return i;
  };
  /** The clause keyword (`when`, `cap`, `floor`) written before an expression. */
  const keywordBefore = (e: Expr, type: TokenType) => {
    const i = withParens(e.span.start);
    return i !== undefined && i > 0 && tokens[i - 1]!.tokenType === type ? i - 1 : undefined;
  };
  /** Forces the `}` that closes the block opened at `open`. */
  const forceClose = (open: number | undefined, depth: number) => force(open === undefined ? undefined : closing.get(open), depth);

  const creditBlock = (body: readonly CreditStmt[], depth: number) => {
    for (const stmt of body) if (stmt?.span) creditStmt(stmt, depth, true);
  };
  const creditStmt = (stmt: CreditStmt, depth: number, ownLine: boolean) => {
    if (ownLine) force(stmt.kind === "share" && !stmt.overlay ? withParens(stmt.span.start) : index(stmt.span.start), depth);
    if (stmt.kind !== "if") return;
    const open = braceFrom(stmt.cond.span.end);
    creditBlock(stmt.then, depth + 1);
    forceClose(open, depth);
    if (!stmt.else || open === undefined) return;
    const elseAt = (closing.get(open) ?? -2) + 1;
    if (tokens[elseAt + 1]?.tokenType === T.LBrace) {
      creditBlock(stmt.else, depth + 1);
      forceClose(elseAt + 1, depth);
    } else if (stmt.else[0]) {
      creditStmt(stmt.else[0], depth, false);
    }
  };

  // Top-level units: the header and each declaration, with their first and last tokens.
  const units: { first: number; last: number; simple: boolean }[] = [];
  const starts = [...(plan.header ? [{ start: plan.header.span.start, simple: false }] : []), ...plan.decls.map((d) => ({ start: d.span.start, simple: SIMPLE_DECLS.has(d.kind) }))];
  starts.forEach((s, n) => {
    const first = index(s.start) ?? 0;
    const next = starts[n + 1];
    const last = next ? (index(next.start) ?? tokens.length) - 1 : tokens.length - 1;
    units.push({ first, last, simple: s.simple });
  });
  const oneLine = (u: { first: number; last: number }) => lines.lineOf(span(tokens[u.first]!)) === lines.lineOf(span(tokens[u.last]!));

  const header = plan.header;
  if (header) {
    force(index(header.span.start), 0);
    if (header.currency) force((index(header.currency.span.start) ?? 0) - 1, 1);
    if (header.periods) force(index(header.periods.span.start), 1);
    if (header.history) {
      const from = keywordBefore(header.history, T.From);
      if (from !== undefined && tokens[from - 1]?.tokenType === T.History) force(from - 1, 1);
    }
  }
  plan.decls.forEach((decl, n) => {
    const unit = units[n + (header ? 1 : 0)]!;
    force(unit.first, 0);
    const spread = !oneLine(unit);
    switch (decl.kind) {
      case "window":
      case "participants":
      case "reasons":
      case "constant":
        break;
      case "record": {
        for (const field of decl.fields) force(index(field.span.start), 1);
        for (const key of decl.key) {
          const i = index(key.span.start);
          if (i !== undefined && tokens[i - 1]?.tokenType === T.Key) force(i - 1, 1);
        }
        // `encoding latin1` and `numbers "1.234,56"` are members of their own, one a line.
        for (const [clause, keyword] of [[decl.encoding, T.Encoding], [decl.numbers, T.Numbers]] as const) {
          const i = clause ? index(clause.span.start) : undefined;
          if (i !== undefined && tokens[i - 1]?.tokenType === keyword) force(i - 1, 1);
        }
        forceClose(braceFrom(decl.span.start), 0);
        break;
      }
      case "credit": {
        const open = braceFrom(decl.date.span.end);
        creditBlock(decl.body, 1);
        forceClose(open, 0);
        break;
      }
      case "measure":
      case "combined":
        if (spread && decl.grain) force(index(decl.grain.span.start), 1);
        break;
      case "balance":
        // `balance missed per payee per month` keeps its grain with its name.
        if (spread) {
          const at = keywordBefore(decl.start, T.At);
          if (at !== undefined && tokens[at - 1]?.tokenType === T.Starts) force(at - 1, 1);
          force(keywordBefore(decl.next, T.Becomes), 1);
        }
        break;
      case "pay":
        if (spread) {
          for (const g of decl.gates) force(keywordBefore(g, T.When), 1);
          for (const c of decl.caps) force(keywordBefore(c.limit, T.Cap), 1);
          for (const f of decl.floors) force(keywordBefore(f, T.Floor), 1);
          if (decl.budget) force(keywordBefore(decl.budget, T.Budget), 1);
          if (decl.payee) force(keywordBefore(decl.payee, T.To), 1);
          if (decl.grain) force(index(decl.grain.span.start), 1);
        }
        break;
      case "tiers":
        for (const band of decl.bands) force(index(band.span.start), 1);
        forceClose(braceFrom(decl.span.start), 0);
        break;
      case "rates": {
        const open = braceFrom(decl.span.start);
        for (const entry of decl.entries) force(index(entry.key.span.start), 1);
        if (open !== undefined) {
          for (let i = open + 1; i < (closing.get(open) ?? open); i++) if (tokens[i]!.tokenType === T.Otherwise) force(i, 1);
        }
        forceClose(open, 0);
        break;
      }
      case "output": {
        for (const column of decl.columns) force(index(column.name.span.start), 1);
        forceClose(braceFrom(decl.file.span.end), 0);
        break;
      }
    }
  });

  const unitFirst = new Set(units.map((u) => tokens[u.first]!.startOffset));
  const unitLast = new Map<number, boolean>();
  units.forEach((u, n) => {
    const next = units[n + 1];
    if (!next) return;
    const gap = text.slice(end(tokens[u.last]!), tokens[next.first]!.startOffset);
    const grouped = u.simple && next.simple && !BLANK_LINE.test(gap);
    unitLast.set(tokens[u.last]!.startOffset, grouped);
  });

  const unaryMinus = new Set<number>();
  forEachExpr(plan, (e) => {
    if (e.kind === "unary" && e.op === "-") unaryMinus.add(e.span.start);
  });
  return { lineStarts, unitFirst, unitLast, unaryMinus };
}

/** A line with nothing but spaces between two line breaks. */
export const BLANK_LINE = /\n[ \t\r]*\n/;

function span(token: IToken): { start: number; end: number } {
  return { start: token.startOffset, end: end(token) };
}

/** The offset just after a token. */
export function end(token: IToken): number {
  return token.startOffset + token.image.length;
}

/** Index of each `{` token to the index of its `}`. */
function matchBraces(tokens: IToken[]): Map<number, number> {
  const pairs = new Map<number, number>();
  const open: number[] = [];
  tokens.forEach((t, i) => {
    if (t.tokenType === T.LBrace) open.push(i);
    else if (t.tokenType === T.RBrace && open.length > 0) pairs.set(open.pop()!, i);
  });
  return pairs;
}

