/**
 * The language front end: text to a syntax tree plus diagnostics. Parsing never fails: it
 * returns a tree (with `error` nodes where it recovered) and the list of problems.
 */
import type { IRecognitionException, IToken } from "chevrotain";
import { diagnostic, type Diagnostic } from "./diagnostics.js";
import { lexPlan, tokenEnd, type LexResult } from "./lexer.js";
import { planParser } from "./parser.js";
import type { Decl, Expr, PlanFile } from "./syntax.js";
import { childExprs, declExprs } from "./walk.js";

/** A parsed plan and what went wrong while parsing it. */
export interface ParseResult {
  plan: PlanFile;
  diagnostics: Diagnostic[];
  /**
   * True when there are syntax errors (codes A0xx): the tree may lack some of the text, which
   * the parser skipped or made up in recovery. Problems found in well-formed text (`net 2 weeks
   * earlier`) are diagnostics too, but the tree still holds every token.
   */
  recovered: boolean;
}

/** Parses a plan's text (given its tokens, when the caller keeps them too: they need start offsets only). */
export function parsePlan(text: string, lexed: LexResult = lexPlan(text, "offsets")): ParseResult {
  planParser.text = text;
  planParser.input = lexed.tokens;
  const plan = planParser.planFile() ?? { decls: [], span: { start: 0, end: 0 } };
  const diagnostics = [...lexed.diagnostics, ...planParser.errors.map((e) => syntaxDiagnostic(e, text)), ...planParser.problems];
  // The parser would hold the tokens (about 150 bytes each) until the next parse, through the
  // checking of this plan: every garbage collection meanwhile would walk them again.
  planParser.input = [];
  planParser.text = "";
  // An empty plan (comments alone) parses: the formatter keeps it; the checker rejects it (A003).
  if (!plan.header && lexed.tokens.length > 0 && diagnostics.length === 0) {
    diagnostics.push(diagnostic("A003", { start: 0, end: Math.min(text.length, 1) }, []));
  }
  limitExpressionDepth(plan, diagnostics);
  attachDocComments(plan, lexed.docComments, lexed.tokens);
  return { plan: { ...plan, span: { start: 0, end: text.length } }, diagnostics, recovered: diagnostics.some((d) => d.code.startsWith("A0")) };
}

function syntaxDiagnostic(e: IRecognitionException, text: string): Diagnostic {
  const tok = e.token;
  const atEnd = tok.tokenType?.name === "EOF" || Number.isNaN(tok.startOffset);
  const start = atEnd ? text.length : tok.startOffset;
  const end = atEnd ? text.length : tokenEnd(tok) + 1;
  const found = atEnd ? "end of file" : `\`${tok.image}\``;
  return diagnostic("A001", { start, end }, [found, expectedFrom(e)]);
}

/**
 * How deep an expression's tree may go. The parser bounds nesting (parentheses, prefixes), but a
 * chain such as `a + b + c + ...` is built by a loop and deepens the tree one level per term, and
 * every stage after the parser (checker, code generator, formatter, language server) walks trees
 * by recursion. Bounding the tree bounds them all.
 */
export const MAX_EXPRESSION_DEPTH = 200;

/**
 * Cuts every expression deeper than MAX_EXPRESSION_DEPTH, reporting it (A005) and leaving an
 * `error` node in its place, so that no later stage meets a tree deeper than the limit. Walks
 * with its own stack, in one pass over the tree.
 */
function limitExpressionDepth(plan: PlanFile, diagnostics: Diagnostic[]): void {
  const roots: Expr[] = [];
  const periods = plan.header?.periods;
  for (const e of [periods?.from, periods?.to, plan.header?.history]) if (e?.span) roots.push(e);
  for (const decl of plan.decls) if (decl?.span) for (const e of declExprs(decl)) roots.push(e);
  // The parser may have reported this expression already (a prefix chain it stopped following).
  // Roots and reports are both in source order, so one pass over each finds them (no search per root).
  const tooDeep = diagnostics.filter((d) => d.code === "A005").map((d) => d.span.start).sort((a, b) => a - b);
  let next = 0;
  for (const root of roots) {
    while (next < tooDeep.length && tooDeep[next]! < root.span.start) next++;
    // Two stacks in step (a node, its depth) rather than one of pairs: no object per node.
    const stack: Expr[] = [root];
    const depths: number[] = [1];
    let reported = next < tooDeep.length && tooDeep[next]! <= root.span.end;
    while (stack.length > 0) {
      const e = stack.pop()!;
      const depth = depths.pop()!;
      for (const child of childExprs(e)) {
        if (depth < MAX_EXPRESSION_DEPTH) {
          stack.push(child);
          depths.push(depth + 1);
          continue;
        }
        if (!reported) diagnostics.push(diagnostic("A005", child.span, [`this expression has more than ${MAX_EXPRESSION_DEPTH} levels of operations`]));
        reported = true;
        replaceChild(e, child, { kind: "error", span: child.span });
      }
    }
  }
}

/** Puts `replacement` where `child` stands in `parent` (a property or an element of a list). */
function replaceChild(parent: Expr, child: Expr, replacement: Expr): void {
  const slots = parent as unknown as Record<string, unknown>;
  for (const key of Object.keys(slots)) {
    const value = slots[key];
    if (value === child) slots[key] = replacement;
    else if (Array.isArray(value)) value.forEach((item, i) => { if (item === child) value[i] = replacement; });
  }
}

/** Chevrotain's messages list token names; turn them into words a designer knows. */
function expectedFrom(e: IRecognitionException): string {
  // Only the expected part: the found token's image (`'Security'`) must not read as a token name.
  const expecting = e.message.split("but found")[0]!;
  const tokens = new Set<string>();
  for (const m of expecting.matchAll(/<?\[?([A-Z][A-Za-z]+)\]?>?/g)) if (m[1] !== "Expecting" && m[1] !== "Redundant") tokens.add(m[1]!);
  // Where any value may stand, Chevrotain lists every way an expression can start: say "a value".
  const value = tokens.has("NumberLiteral") && tokens.has("Identifier");
  const names = new Set<string>(value ? ["a value"] : []);
  for (const t of tokens) {
    if (value && EXPRESSION_START.has(t)) continue;
    const word = TOKEN_WORDS.get(t) ?? (KEYWORDISH.test(t) ? `\`${t.toLowerCase()}\`` : undefined);
    if (word) names.add(word);
  }
  const list = [...names];
  if (list.length === 0) return "something else";
  if (list.length > 6) return `${list.slice(0, 6).join(", ")} or another`;
  return list.length === 1 ? list[0]! : `${list.slice(0, -1).join(", ")} or ${list[list.length - 1]}`;
}

/** The tokens that can start an expression, read from the grammar so new forms join by themselves. */
const EXPRESSION_START = new Set(planParser.computeContentAssist("expression", []).map((path) => path.nextTokenType.name));
const KEYWORDISH = /^[A-Z][a-z]+$/;
const TOKEN_WORDS = new Map(Object.entries({
  Identifier: "a name", NameLike: "a name", SoftKeyword: "a name", StringLiteral: "a quoted text", NumberLiteral: "a number",
  MoneyLiteral: "an amount", PercentLiteral: "a percentage", DateLiteral: "a date (YYYY-MM-DD)",
  LBrace: "`{`", RBrace: "`}`", LParen: "`(`", RParen: "`)`", LBracket: "`[`", RBracket: "`]`", Comma: "`,`", Colon: "`:`", Dot: "`.`",
  Equals: "`=`", Plus: "`+`", Minus: "`-`", Times: "`×`", Divide: "`/`", Less: "`<`", Greater: "`>`", LessEqual: "`<=`", GreaterEqual: "`>=`", NotEqual: "`<>`",
  EOF: "end of file", Token: "",
}));

/**
 * A doc comment belongs to the declaration or field that starts right after it, plain comments
 * aside: a run of `///` lines is attached to the first token that follows it, if a declaration,
 * a field or the header starts there, and is dropped otherwise (inside a credit block, say).
 */
function attachDocComments(plan: PlanFile, docs: IToken[], tokens: IToken[]): void {
  if (docs.length === 0) return;
  const linesBefore = new Map<number, string[]>();
  let next = 0;
  for (const doc of docs) {
    while (next < tokens.length && tokens[next]!.startOffset < doc.startOffset) next++;
    const token = tokens[next];
    if (!token) break;
    const lines = linesBefore.get(token.startOffset) ?? [];
    lines.push(doc.image.slice(3).trim());
    linesBefore.set(token.startOffset, lines);
  }
  const targets: { span: { start: number }; doc?: string }[] = [];
  if (plan.header) targets.push(plan.header);
  for (const decl of plan.decls as Decl[]) {
    targets.push(decl);
    if (decl.kind === "record") for (const f of decl.fields) targets.push(f);
  }
  for (const target of targets) {
    const lines = linesBefore.get(target.span.start);
    if (lines) target.doc = lines.join("\n");
  }
}
