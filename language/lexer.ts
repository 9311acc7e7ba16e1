/** Source text to tokens; lexing errors become diagnostics, never exceptions. */
import { Lexer, type IToken } from "chevrotain";
import { BlockComment, CLOSED_STRING, DocComment, Identifier, keywordOfWord, lexedTokens, StringLiteral } from "./tokens.js";
import { diagnostic, type Diagnostic } from "./diagnostics.js";

/**
 * Tokens with lines, columns and end offsets (for tools such as the formatter), or with start
 * offsets alone (Chevrotain's `onlyOffset`): all the parser needs (tokenEnd gives the end), in
 * about two thirds of the memory and half the time for a big plan.
 */
const lexers = {
  full: new Lexer(lexedTokens, { ensureOptimizations: false, positionTracking: "full" }),
  offsets: new Lexer(lexedTokens, { ensureOptimizations: false, positionTracking: "onlyOffset" }),
};

/** The tokens of a plan, its doc comments, and any lexing errors. */
export interface LexResult {
  tokens: IToken[];
  docComments: IToken[];
  /** Every comment (line, doc and block comments) in source order, for the formatter. */
  comments: IToken[];
  diagnostics: Diagnostic[];
}

/** Splits a plan's text into tokens; with `positions: "offsets"` they have start offsets alone (see tokenEnd). */
export function lexPlan(text: string, positions: keyof typeof lexers = "full"): LexResult {
  const result = lexers[positions].tokenize(text);
  markKeywords(result.tokens);
  // The characters are echoed as JSON (so a control character shows as `\u0000`), one line at most.
  const diagnostics = result.errors.map((e) =>
    diagnostic("A002", { start: e.offset, end: e.offset + Math.max(1, e.length) }, [JSON.stringify(text.slice(e.offset, e.offset + Math.min(40, Math.max(1, e.length))))]),
  );
  const comments = result.groups["comments"] ?? [];
  const docComments = comments.filter((t) => t.tokenType === DocComment);
  for (const t of result.tokens) {
    if (t.tokenType === StringLiteral && !CLOSED_STRING.test(t.image)) diagnostics.push(diagnostic("A008", { start: t.startOffset, end: t.startOffset + 1 }, []));
  }
  for (const c of comments) {
    if (c.tokenType === BlockComment && (c.image.length < 4 || !c.image.endsWith("*/"))) diagnostics.push(diagnostic("A009", { start: c.startOffset, end: c.startOffset + 2 }, []));
  }
  return { tokens: result.tokens, docComments, comments, diagnostics };
}

/** The offset of a token's last character, whether the lexer gave it one or not (then the token is its image). */
export function tokenEnd(token: IToken): number {
  return token.endOffset ?? token.startOffset + token.image.length - 1;
}

/** Gives each word that is a keyword its keyword's token type (the lexer matched it as an Identifier). */
function markKeywords(tokens: IToken[]): void {
  for (const t of tokens) {
    if (t.tokenType !== Identifier) continue;
    const keyword = keywordOfWord.get(t.image);
    if (keyword === undefined) continue;
    t.tokenType = keyword;
    t.tokenTypeIdx = keyword.tokenTypeIdx!;
  }
}
