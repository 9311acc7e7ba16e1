/**
 * The canonical layout of plan files, for `accrue fmt` and the editor's Format Document.
 *
 * The printer walks the plan's tokens and comments in source order, so that every keyword,
 * literal and comment keeps its place, and takes every layout decision from the syntax tree
 * (format-layout.ts): which tokens start a line, and how deep. The layout it produces:
 * - two spaces per level of indentation, no trailing spaces, one final newline;
 * - one space between words and around operators; none inside `( )` and `[ ]`, before `,` and
 *   `:`, around `.`, after a unary `-`, or between a function and its `(`;
 * - multiplication is written `×` (a `*` becomes `×`), division `/` (`÷` becomes `/`), and
 *   comparisons `<>`, `<=`, `>=` (`!=`, `≠`, `≤`, `≥` are rewritten): one spelling each;
 * - each declaration starts a line, with one blank line before it, except that declarations
 *   without a block (measures, pays, windows, balances, participants, combined caps) written
 *   one right under the other stay together, as the author grouped them;
 * - the header's `currency`, `periods` and `history`, and the members of every block (fields, `key`,
 *   credit statements, bands, rate entries, output columns) go one a line, one level in; `}`
 *   closes on its own line, with `} else {` and `} sorted by ...` kept together;
 * - a measure, pay or balance written over several lines has each clause (`when`, `cap`,
 *   `floor`, `budget`, `to`, `per ...`; `starts at`, `becomes`) on its own line, one level
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
import { BLANK_LINE, end, planLayout, type Layout } from "./format-layout.js";
import { lexPlan, type LexResult } from "./lexer.js";
import { parsePlan } from "./parse.js";
import * as T from "./tokens.js";

/** The one spelling of operators that have several. */
const CANONICAL = new Map<TokenType, string>([[T.Times, "×"], [T.Divide, "/"], [T.NotEqual, "<>"], [T.LessEqual, "<="], [T.GreaterEqual, ">="]]);

/** A token as the formatter writes it: operators in their canonical spelling, the rest as written. */
export function canonicalImage(token: IToken): string {
  return CANONICAL.get(token.tokenType) ?? token.image;
}

/** The plan in canonical layout, or undefined when it has syntax errors (then nothing is changed). */
export function formatPlan(text: string): string | undefined {
  // One lexing for the parser and the printer: start offsets and images are all they read.
  const lexed = lexPlan(text, "offsets");
  const parsed = parsePlan(text, lexed);
  // A tree that lost tokens to error recovery cannot lay them out; one with problems of meaning can.
  if (parsed.recovered) return undefined;
  const layout = planLayout(parsed.plan, lexed.tokens, text);
  const formatted = print(text, lexed.tokens, lexed.comments, layout);
  return sameTokens(lexed, formatted) ? formatted : undefined;
}

/** True when formatting would leave the plan as it is (false too when it cannot be formatted). */
export function isFormatted(text: string): boolean {
  return formatPlan(text) === text;
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
  /** Depth of the line the current declaration, member or clause started; a continued line goes one deeper. */
  let lineDepth = 0;
  /** Between two top-level declarations (or before the first): comments there sit at depth 0. */
  let inTopGap = true;
  /** The blank line the next declaration is owed, given at the first own-line item of the gap. */
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

/** True when a text has the tokens and comments lexed from another, operators compared in their canonical spelling. */
function sameTokens(a: LexResult, after: string): boolean {
  const b = lexPlan(after, "offsets");
  if (b.diagnostics.length > 0 || a.tokens.length !== b.tokens.length || a.comments.length !== b.comments.length) return false;
  if (a.tokens.some((t, i) => canonicalImage(t) !== canonicalImage(b.tokens[i]!))) return false;
  return a.comments.every((c, i) => commentImage(c) === commentImage(b.comments[i]!));
}
