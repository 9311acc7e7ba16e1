/**
 * The canonical layout of plan files, for `accrue fmt` and the editor's Format Document.
 *
 * The printer walks the plan's tokens and comments in source order, so that every keyword,
 * literal and comment keeps its place, and takes every layout decision from the syntax tree:
 * which tokens start a line, and how deep. The layout it produces:
 * - two spaces per level of indentation, no trailing spaces, one final newline;
 * - one space between words and around operators; none inside `( )` and `[ ]`, before `,` and
 *   `:`, around `.`, after a unary `-`, or between a function and its `(`;
 * - multiplication is written `×` (a `*` becomes `×`), division `/` (`÷` becomes `/`), and
 *   comparisons `<>`, `<=`, `>=` (`!=`, `≠`, `≤`, `≥` are rewritten): one spelling each;
 * - each declaration starts a line, with one blank line before it, except that one-line
 *   declarations (measures, pays, windows, balances...: those without a block) written on
 *   consecutive lines stay together as the author grouped them;
 * - the header's `currency`, `periods` and `history`, and the members of every block (fields, `key`,
 *   credit statements, bands, rate entries, output columns) go one a line, one level in; `}`
 *   closes on its own line, with `} else {` and `} sorted by ...` kept together;
 * - a measure, pay or balance written over several lines has each clause (`when`, `cap`,
 *   `floor`, `budget`, `to`, `per ...`, `starts at`, `becomes`) on its own line, one level
 *   in; a one-line declaration stays on one line;
 * - any other line break is kept where the author put it (a long expression stays broken
 *   where it was broken), and the continued line is indented one level deeper;
 * - a comment that ended a line still ends it; a comment on its own line stays on its own line,
 *   indented like what follows it; at most one blank line is kept where the author left some.
 *
 * **Invariant:** formatting never changes a plan's tokens, only the space between them (and
 * the spelling of the operators above). The result is re-lexed and compared before it is
 * returned, so a layout bug can only mean "no edit", never a changed plan.
 * A plan with syntax errors is not formatted: `formatPlan` returns undefined.
 */
import type { IToken, TokenType } from "chevrotain";
import { lexPlan } from "./lexer.js";
import { parsePlan } from "./parse.js";
import { SourceFile } from "./source.js";
import type { CreditStmt, Decl, Expr, PlanFile } from "./syntax.js";
import * as T from "./tokens.js";
import { forEachExpr } from "./walk.js";

/** The one spelling of operators that have several. */
const CANONICAL = new Map<TokenType, string>([[T.Times, "×"], [T.Divide, "/"], [T.NotEqual, "<>"], [T.LessEqual, "<="], [T.GreaterEqual, ">="]]);

/** A token as the formatter writes it: operators in their canonical spelling, the rest as written. */
export function canonicalImage(token: IToken): string {
  return CANONICAL.get(token.tokenType) ?? token.image;
}

/** The plan in canonical layout, or undefined when it has syntax errors (then nothing is changed). */
export function formatPlan(text: string): string | undefined {
  const parsed = parsePlan(text);
  if (parsed.diagnostics.length > 0) return undefined;
  const lexed = lexPlan(text);
  const layout = planLayout(parsed.plan, lexed.tokens, text);
  const formatted = print(text, lexed.tokens, lexed.comments, layout);
  return sameTokens(text, formatted) ? formatted : undefined;
}

/** True when formatting would leave the plan as it is (false too when it cannot be formatted). */
export function isFormatted(text: string): boolean {
  return formatPlan(text) === text;
}

/** What the tree decides about the layout. */
interface Layout {
  /** Tokens that start a line, by offset, with their depth. */
  lineStarts: Map<number, number>;
  /** Offsets of the first token of each top-level unit (the header, each declaration). */
  unitFirst: Set<number>;
  /** Offsets of the last token of each unit that has a unit after it, with whether that next unit stays grouped (no blank line). */
  unitLast: Map<number, boolean>;
  /** Offsets of `-` tokens that negate (no space after them). */
  unaryMinus: Set<number>;
}

/** Kinds of declaration that are one line when written on one line (no block of members). */
const SIMPLE_DECLS = new Set<Decl["kind"]>(["measure", "pay", "window", "participants", "balance", "combined"]);

function planLayout(plan: PlanFile, tokens: IToken[], text: string): Layout {
  const lines = new SourceFile("", text);
  const indexAt = new Map(tokens.map((t, i) => [t.startOffset, i]));
  const closing = matchBraces(tokens);
  const lineStarts = new Map<number, number>();
  const force = (index: number | undefined, depth: number) => {
    if (index !== undefined && tokens[index]) lineStarts.set(tokens[index]!.startOffset, depth);
  };
  const index = (offset: number) => indexAt.get(offset);
  const braceFrom = (offset: number) => {
    const i = tokens.findIndex((t) => t.startOffset >= offset && t.tokenType === T.LBrace);
    return i < 0 ? undefined : i;
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
        break;
      case "record": {
        for (const field of decl.fields) force(index(field.span.start), 1);
        for (const key of decl.key) {
          const i = index(key.span.start);
          if (i !== undefined && tokens[i - 1]?.tokenType === T.Key) force(i - 1, 1);
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
        if (spread) {
          if (decl.grain) force(index(decl.grain.span.start), 1);
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
    const grouped = u.simple && next.simple && oneLine(u) && oneLine(next) && !BLANK_LINE.test(gap);
    unitLast.set(tokens[u.last]!.startOffset, grouped);
  });

  const unaryMinus = new Set<number>();
  forEachExpr(plan, (e) => {
    if (e.kind === "unary" && e.op === "-") unaryMinus.add(e.span.start);
  });
  return { lineStarts, unitFirst, unitLast, unaryMinus };
}

const BLANK_LINE = /\n[ \t\r]*\n/;

function span(token: IToken): { start: number; end: number } {
  return { start: token.startOffset, end: end(token) };
}

function end(token: IToken): number {
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

/** Tokens that never begin a continued line: they stay after what precedes them. */
const JOINS_PREVIOUS = new Set<TokenType>([T.LBrace, T.Comma, T.Colon, T.RParen, T.RBracket, T.Dot]);
/** No space after these. */
const OPENS = new Set<TokenType>([T.LParen, T.LBracket, T.Dot]);
/** No space before these. */
const CLOSES = new Set<TokenType>([T.RParen, T.RBracket, T.Comma, T.Colon, T.Dot, T.LBracket]);

/** Writes the tokens and comments out with the layout's line breaks and the spacing rules. */
function print(text: string, tokens: IToken[], comments: IToken[], layout: Layout): string {
  const items = [...tokens.map((token) => ({ token, comment: false })), ...comments.map((token) => ({ token, comment: true }))]
    .sort((a, b) => a.token.startOffset - b.token.startOffset);
  const out: string[] = [];
  let line = "";
  let started = false;
  let lineDepth = 0;
  let inTopGap = true;
  let blankOwed = false;
  let prev: { token: IToken; comment: boolean } | undefined;
  let prevToken: IToken | undefined;
  let nextTokenIndex = 0;

  const newLine = (depth: number, blank: boolean) => {
    if (started) {
      out.push(line.trimEnd());
      if (blank) out.push("");
    }
    started = true;
    line = "  ".repeat(depth);
  };

  for (const item of items) {
    const token = item.token;
    const gap = prev ? text.slice(end(prev.token), token.startOffset) : "";
    const brokenBefore = gap.includes("\n");
    const sourceBlank = BLANK_LINE.test(gap);
    const afterLineComment = prev?.comment === true && prev.token.tokenType !== T.BlockComment;
    const afterOpenBrace = prev?.comment === false && prev.token.tokenType === T.LBrace;
    if (!item.comment) nextTokenIndex++;
    const image = item.comment ? commentImage(token) : canonicalImage(token);

    if (item.comment) {
      if (started && !brokenBefore && !afterLineComment) {
        line += ` ${image}`;
      } else {
        const next = tokens[nextTokenIndex];
        let blank = sourceBlank && !afterOpenBrace;
        if (inTopGap) {
          blank = blankOwed || sourceBlank;
          blankOwed = false;
        }
        newLine(commentDepth(next, layout, inTopGap, lineDepth, prevToken), blank);
        line += image;
      }
    } else {
      const forced = layout.lineStarts.get(token.startOffset);
      const joins = JOINS_PREVIOUS.has(token.tokenType) || prevToken?.tokenType === T.RBrace;
      if (!started) {
        newLine(forced ?? 0, false);
        lineDepth = forced ?? 0;
        line += image;
      } else if (forced !== undefined) {
        let blank = sourceBlank && !afterOpenBrace && token.tokenType !== T.RBrace;
        if (inTopGap && layout.unitFirst.has(token.startOffset)) blank = blankOwed || sourceBlank;
        newLine(forced, blank);
        lineDepth = forced;
        line += image;
      } else if (afterLineComment) {
        newLine(joins ? lineDepth : lineDepth + 1, false);
        line += image;
      } else if (brokenBefore && !joins) {
        newLine(lineDepth + 1, false);
        line += image;
      } else {
        line += spaceBetween(prev!, item, layout) + image;
      }
      if (layout.unitFirst.has(token.startOffset)) {
        inTopGap = false;
        blankOwed = false;
      }
      const grouped = layout.unitLast.get(token.startOffset);
      if (grouped !== undefined) {
        inTopGap = true;
        blankOwed = !grouped;
      }
      prevToken = token;
    }
    prev = item;
  }
  if (!started) return "";
  out.push(line.trimEnd());
  return `${out.join("\n")}\n`;
}

/** How deep an own-line comment goes: like the token after it (inside a block that `}` closes). */
function commentDepth(next: IToken | undefined, layout: Layout, inTopGap: boolean, lineDepth: number, prevToken: IToken | undefined): number {
  if (!next || inTopGap) return 0;
  const forced = layout.lineStarts.get(next.startOffset);
  if (forced !== undefined) return next.tokenType === T.RBrace ? forced + 1 : forced;
  if (JOINS_PREVIOUS.has(next.tokenType) || prevToken?.tokenType === T.RBrace) return lineDepth;
  return lineDepth + 1;
}

function spaceBetween(prev: { token: IToken; comment: boolean }, item: { token: IToken; comment: boolean }, layout: Layout): string {
  if (prev.comment || item.comment) return " ";
  const a = prev.token;
  const b = item.token;
  if (OPENS.has(a.tokenType) || (a.tokenType === T.Minus && layout.unaryMinus.has(a.startOffset))) return "";
  if (CLOSES.has(b.tokenType)) return "";
  if (b.tokenType === T.LParen && a.tokenType === T.Identifier) return "";
  return " ";
}

function commentImage(token: IToken): string {
  return token.tokenType === T.BlockComment ? token.image.replace(/\r\n/g, "\n") : token.image.trimEnd();
}

/** True when two texts have the same tokens and comments, operators compared in their canonical spelling. */
function sameTokens(before: string, after: string): boolean {
  const a = lexPlan(before);
  const b = lexPlan(after);
  if (b.diagnostics.length > 0 || a.tokens.length !== b.tokens.length || a.comments.length !== b.comments.length) return false;
  if (a.tokens.some((t, i) => canonicalImage(t) !== canonicalImage(b.tokens[i]!))) return false;
  return a.comments.every((c, i) => commentImage(c) === commentImage(b.comments[i]!));
}
