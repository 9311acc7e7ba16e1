/** Source text to tokens; lexing errors become diagnostics, never exceptions. */
import { Lexer, type IToken } from "chevrotain";
import { allTokens, DocComment } from "./tokens.js";
import { diagnostic, type Diagnostic } from "./diagnostics.js";

const lexer = new Lexer(allTokens, { ensureOptimizations: false, positionTracking: "full" });

/** The tokens of a plan, its doc comments, and any lexing errors. */
export interface LexResult {
  tokens: IToken[];
  docComments: IToken[];
  /** Every comment (line, doc and block comments) in source order, for the formatter. */
  comments: IToken[];
  diagnostics: Diagnostic[];
}

/** Splits a plan's text into tokens. */
export function lexPlan(text: string): LexResult {
  const result = lexer.tokenize(text);
  const diagnostics = result.errors.map((e) =>
    diagnostic("A002", { start: e.offset, end: e.offset + Math.max(1, e.length) }, [JSON.stringify(text.slice(e.offset, e.offset + Math.max(1, e.length)))]),
  );
  const comments = result.groups["comments"] ?? [];
  const docComments = comments.filter((t) => t.tokenType === DocComment);
  return { tokens: result.tokens, docComments, comments, diagnostics };
}
