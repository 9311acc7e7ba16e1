/**
 * The Chevrotain parser: tokens to syntax tree, with error recovery so that one mistake does
 * not hide the rest. One parser instance is reused (`parser.input = tokens`), as Chevrotain
 * recommends. Rules build the tree directly; every node-building step runs inside ACTION so
 * that Chevrotain's grammar recording phase never touches real values.
 *
 * The file is long because Chevrotain wants the whole grammar as properties of one class; it
 * reads top-down: plan header, declarations, credit statements, then expressions from the
 * loosest binding to the tightest. Helpers that build nodes sit at the bottom.
 */
import { createTokenInstance, EmbeddedActionsParser, EOF, tokenMatcher, type IOrAlt, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import { diagnostic, type Diagnostic } from "./diagnostics.js";
import { tokenEnd } from "./lexer.js";
import { IndexedLookahead } from "./lookahead.js";
import * as T from "./tokens.js";
import type {
  DurationUnit,
  AggregateFn, Band, PeriodRange, BinaryOp, CreditStmt, CreditTarget, Decl, Expr, FieldDecl, Grain, GrainClause, Name,
  PlanFile, PlanHeader, RoundingMode, Span, TypeRef,
} from "./syntax.js";

function spanOf(first: IToken, last: IToken): Span {
  return { start: first.startOffset, end: tokenEnd(last) + 1 };
}

function join(a: { span: Span }, b: { span: Span }): Span {
  return { start: a.span.start, end: b.span.end };
}

function nameOf(tok: IToken): Name {
  return { text: tok.image, span: spanOf(tok, tok) };
}

/**
 * A string literal's value. Never throws: a token made up by error recovery has an empty image,
 * and an escape JSON does not know (`\q`) keeps its backslash.
 */
function unquote(image: string): string {
  if (image.length < 2) return "";
  // A closed text without escapes is its letters (JSON.parse gives the same, or fails on a control character and the fallback gives the same).
  if (image.charCodeAt(image.length - 1) === 34 && !image.includes("\\")) return image.slice(1, -1);
  try {
    return JSON.parse(image) as string;
  } catch {
    return image.slice(1, -1).replace(/\\(["\\/bfnrt]|u[0-9a-fA-F]{4})/g, (escape) => JSON.parse(`"${escape}"`) as string);
  }
}

// Maps, not object literals, for every lookup by a token's text: `constructor` must not be found on a prototype.
const GRAIN_OF_ADVERB = new Map<string, Grain>([["monthly", "month"], ["quarterly", "quarter"], ["yearly", "year"]]);
const COMPARISON = new Map<string, BinaryOp>([["=", "="], ["<>", "<>"], ["!=", "<>"], ["≠", "<>"], ["<", "<"], ["<=", "<="], ["≤", "<="], [">", ">"], [">=", ">="], ["≥", ">="]]);

/**
 * How deep the parser may call its rules before it gives up on a nested form with a located
 * error (A005) instead of overflowing the stack: about 27 levels of parentheses (each runs
 * through the 11 rules from `expression` to `primary`), 300 prefixes (`- - x`, `not not x`), or
 * 150 nested `if` blocks. Overflow came at about 1,400 rules on Node's default stack; the margin
 * leaves room for callers (the language server, the test runner) deeper in the stack.
 */
export const MAX_RULE_DEPTH = 300;

/** Chevrotain's own recovery steps (not in its typings), which the parser below refines. */
const CHEVROTAIN = EmbeddedActionsParser.prototype as unknown as {
  tryInRepetitionRecovery(this: unknown, rule: (...args: unknown[]) => void, args: unknown[], lookahead: () => boolean, expected: TokenType): void;
  findReSyncTokenType(this: unknown): TokenType;
};

const OPENERS = new Set<TokenType>([T.LParen, T.LBracket, T.LBrace]);
const CLOSERS = new Set<TokenType>([T.RParen, T.RBracket, T.RBrace]);

/** The grammar of plan files. */
class PlanParser extends EmbeddedActionsParser {
  /**
   * The token types that start a top-level declaration, read from the `declaration` rule itself
   * so that a new declaration keyword ends a block with a missing `}` without being listed twice.
   */
  private declarationStarts = new Set<TokenType>();

  /**
   * Problems in what the grammar accepts but no plan can mean (`net 2 weeks earlier`): located
   * errors found while building the tree, reported by parsePlan with the syntax errors.
   */
  problems: Diagnostic[] = [];
  /** The text being parsed (set by parsePlan), for the one rule that looks at line breaks. */
  text = "";

  /** Whether the declaration being parsed has reported a form nested too deeply. */
  private deepReported = false;

  constructor() {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, lookaheadStrategy: new IndexedLookahead({ maxLookahead: 3 }), skipValidations: process.env.ACCRUE_VALIDATE_GRAMMAR !== "1" });
    this.performSelfAnalysis();
    this.declarationStarts = new Set(this.computeContentAssist("declaration", []).map((path) => path.nextTokenType));
  }

  /** The token types that start a declaration (for tests that must cover every one). */
  declarationTokenTypes(): TokenType[] {
    return [...this.declarationStarts];
  }

  /** Setting `input` resets the parser (Chevrotain's own reset); the problems go with it. */
  override reset(): void {
    super.reset();
    this.problems = [];
    this.deepReported = false;
    this.resync = undefined;
  }

  /**
   * Chevrotain's recovery inside a repetition (skipping stray tokens between declarations,
   * fields, statements) re-enters the repetition by recursion, once per stray region: 20,000
   * stray `)` between declarations overflowed the stack. Here a re-entry of the repetition being
   * recovered is deferred to the recovery already running, which repeats it in a loop: the same
   * steps, in the same order, on a flat stack.
   */
  private readonly recoveries: { rule: (...args: unknown[]) => void; args: unknown[]; depth: number; again: boolean }[] = [];

  tryInRepetitionRecovery(grammarRule: (...args: unknown[]) => void, args: unknown[], lookahead: () => boolean, expected: TokenType): void {
    const depth = (this as unknown as { RULE_STACK_IDX: number }).RULE_STACK_IDX;
    const top = this.recoveries[this.recoveries.length - 1];
    const deferred = () => { this.recoveries[this.recoveries.length - 1]!.again = true; };
    if (top && top.rule === grammarRule && top.depth === depth && top.args.length === args.length && top.args.every((a, i) => a === args[i])) {
      CHEVROTAIN.tryInRepetitionRecovery.call(this, deferred, args, lookahead, expected);
      return;
    }
    const frame = { rule: grammarRule, args, depth, again: false };
    this.recoveries.push(frame);
    try {
      CHEVROTAIN.tryInRepetitionRecovery.call(this, deferred, args, lookahead, expected);
      while (frame.again) {
        frame.again = false;
        grammarRule.apply(this, args);
      }
    } finally {
      this.recoveries.pop();
    }
  }

  /**
   * The next token recovery can resynchronise on. Chevrotain scans the input for one in the
   * follow set; when that set holds only the end of the input (between declarations), the scan
   * went to the end of the input at every stray token, quadratic in the plan's length. The
   * answer is known without the scan.
   */
  findReSyncTokenType(): TokenType {
    const follows = (this as unknown as { flattenFollowSet(): TokenType[] }).flattenFollowSet();
    if (follows.length === 1) return follows[0]!;
    // The same scan from every error of a long stray region went to its end each time
    // (quadratic): no token before the one found matches, so from anywhere up to it the answer is
    // the same, for the same follow set.
    const here = (this as unknown as { currIdx: number }).currIdx;
    const key = follows.map((t) => t.tokenTypeIdx).join(",");
    const cached = this.resync;
    if (cached && cached.key === key && cached.from <= here && here <= cached.at) return cached.type;
    for (let k = 1; ; k++) {
      const token = this.LA(k);
      const found = follows.find((t) => tokenMatcher(token, t));
      if (found) {
        this.resync = { key, from: here, at: here + k - 1, type: found };
        return found;
      }
    }
  }

  /** The last resynchronisation point found: for a follow set, from which token, at which token (indexes as Chevrotain counts them). */
  private resync: { key: string; from: number; at: number; type: TokenType } | undefined;

  /** True (outside Chevrotain's recording phase) when the rules are nested past MAX_RULE_DEPTH. */
  private tooDeep(): boolean {
    return this.ACTION(this.pastDepthLimit) === true;
  }

  private readonly pastDepthLimit = (): boolean => (this as unknown as { RULE_STACK_IDX: number }).RULE_STACK_IDX > MAX_RULE_DEPTH;

  /**
   * The alternatives of the ORs met at every operand of every expression, built once instead of
   * at each call (as Chevrotain advises for hot ORs): they capture nothing but the parser. Filled
   * on first use, which is Chevrotain's recording of the grammar.
   */
  private readonly alts: { expression?: IOrAlt<Expr>[]; notExpr?: IOrAlt<Expr>[]; unary?: IOrAlt<Expr>[]; primary?: IOrAlt<Expr>[]; name?: IOrAlt<IToken>[]; literal?: IOrAlt<Expr>[] } = {};

  /**
   * Skips a form nested past MAX_RULE_DEPTH, reporting it once (A005), so that the deep part is
   * never parsed: the tokens up to the bracket that closes the enclosing one, or to the next
   * declaration (in an expression, to the `{` of a block). Returns the skipped span (empty when
   * nothing could be skipped).
   */
  private skipNested(inExpression: boolean): Span {
    const first = this.LA(1);
    let balance = 0;
    let last: IToken | undefined;
    for (let t = first; t.tokenType !== EOF; t = this.LA(1)) {
      // No expression holds a block: the `{` after one opens the block of its `if`.
      if (inExpression && balance === 0 && t.tokenType === T.LBrace) break;
      if (OPENERS.has(t.tokenType)) balance++;
      else if (CLOSERS.has(t.tokenType) && balance-- === 0) break;
      else if (balance === 0 && this.declarationStarts.has(t.tokenType)) break;
      last = t;
      this.SKIP_TOKEN();
    }
    const span = last ? spanOf(first, last) : this.recoverySpan(first);
    // Once per declaration: the levels around the first deep form are deep too.
    if (!this.deepReported) this.problem(diagnostic("A005", last ? span : { start: span.start, end: span.start }, ["this is nested too deeply"]));
    this.deepReported = true;
    return span;
  }

  /** The error node a too-deep expression leaves in the tree. */
  private skipNestedExpr(): Expr {
    return { kind: "error", span: this.skipNested(true) };
  }

  /** Records a problem found while building the tree. */
  /**
   * Whether the next words test text (`contains x`, `starts with x`, `ends with x`): true or
   * false when the next word could start one, undefined otherwise. `starts` also opens a
   * balance's `starts at`, and any word may name the next output column (`contains = ...`).
   */
  private textTestAhead(): boolean | undefined {
    const [a, b] = [this.LA(1), this.LA(2)];
    if (a.tokenType === T.Starts) return b.image === "with";
    if (a.tokenType !== T.Identifier) return undefined;
    if (a.image === "contains") return b.tokenType !== T.Equals && b.tokenType !== T.Colon;
    if (a.image === "ends") return b.image === "with";
    return false;
  }

  private problem(d: Diagnostic): void {
    this.problems.push(d);
  }

  /**
   * What an expression rule returns when recovery skipped it: an `error` node at the offending
   * token (or at the end of the input), so that callers never see `undefined`.
   */
  private readonly recoverExpr = {
    recoveryValueFunc: (e: IRecognitionException): Expr => ({ kind: "error", span: this.recoverySpan(e.token) }),
  };

  /**
   * The token single-token insertion makes up (a missing `}` or `:`): zero wide, just after the
   * last real token, so every span stays inside the text. Chevrotain's default has no position.
   */
  override getTokenToInsert(tokType: TokenType): IToken {
    const previous = this.LA(0);
    const known = Number.isFinite(tokenEnd(previous));
    const at = known ? tokenEnd(previous) + 1 : 0;
    const line = known ? previous.endLine ?? NaN : 1;
    const column = known ? (previous.endColumn ?? NaN) + 1 : 1;
    const token = createTokenInstance(tokType, tokType === T.StringLiteral ? '""' : "", at, at - 1, line, line, column, column - 1);
    token.isInsertedInRecovery = true;
    return token;
  }

  /**
   * True when the next token starts a declaration rather than naming a field or column: a
   * declaration keyword not followed by `separator` (`credit: money` is a field named credit).
   */
  private startsDeclaration(separator: TokenType): boolean {
    return this.declarationStarts.has(this.LA(1).tokenType) && this.LA(2).tokenType !== separator;
  }

  private recoverySpan(tok: IToken | undefined): Span {
    if (tok && Number.isFinite(tok.startOffset) && tok.tokenType?.name !== "EOF") return spanOf(tok, tok);
    const last = this.input[this.input.length - 1];
    const end = last ? tokenEnd(last) + 1 : 0;
    return { start: end, end };
  }

  public planFile = this.RULE("planFile", (): PlanFile => {
    const first = this.LA(1);
    let header: PlanHeader | undefined;
    this.OPTION(() => { header = this.SUBRULE(this.planHeader); });
    const decls: Decl[] = [];
    this.MANY(() => { decls.push(this.SUBRULE(this.declaration)); });
    return this.ACTION(() => ({ header, decls: decls.filter(Boolean), span: { start: first.startOffset || 0, end: tokenEnd(this.LA(0)) ? tokenEnd(this.LA(0)) + 1 : 0 } }));
  });

  private planHeader = this.RULE("planHeader", (): PlanHeader => {
    const kw = this.CONSUME(T.Plan);
    const name = this.CONSUME(T.StringLiteral);
    let version: string | undefined;
    let currency: Name | undefined;
    let periods: PlanHeader["periods"];
    let history: Expr | undefined;
    let last: IToken = name;
    this.OPTION(() => {
      this.CONSUME(T.Version);
      last = this.OR([{ ALT: () => this.CONSUME(T.NumberLiteral) }, { ALT: () => this.CONSUME2(T.StringLiteral) }]);
      version = this.ACTION(() => (last.image.startsWith('"') ? unquote(last.image) : last.image));
    });
    this.MANY(() => {
      this.OR2([
        { ALT: () => { this.CONSUME(T.Currency); last = this.CONSUME(T.Identifier); currency = this.ACTION(() => nameOf(last)); } },
        {
          ALT: () => {
            const p = this.CONSUME(T.Periods);
            const adverb = this.OR3([{ ALT: () => this.CONSUME(T.Monthly) }, { ALT: () => this.CONSUME(T.Quarterly) }, { ALT: () => this.CONSUME(T.Yearly) }]);
            this.CONSUME(T.From);
            const from = this.SUBRULE(this.dateLiteral);
            this.CONSUME(T.To);
            const to = this.SUBRULE2(this.dateLiteral);
            last = this.LA(0);
            periods = this.ACTION(() => ({ grain: GRAIN_OF_ADVERB.get(adverb.image)!, from, to, span: { start: p.startOffset, end: to.span.end } }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.History);
            this.CONSUME2(T.From);
            history = this.SUBRULE3(this.dateLiteral);
            last = this.LA(0);
          },
        },
      ]);
    });
    return this.ACTION(() => ({ name: unquote(name.image), nameSpan: spanOf(name, name), version, currency, periods, history, span: spanOf(kw, last) }));
  });

  private dateLiteral = this.RULE("dateLiteral", (): Expr => {
    const t = this.CONSUME(T.DateLiteral);
    return this.ACTION(() => ({ kind: "date", text: t.image, span: spanOf(t, t) }));
  }, this.recoverExpr);

  private declaration = this.RULE("declaration", (): Decl => {
    this.ACTION(() => { this.deepReported = false; });
    return this.OR([
      { ALT: () => this.SUBRULE(this.windowDecl) },
      { ALT: () => this.SUBRULE(this.recordDecl) },
      { ALT: () => this.SUBRULE(this.creditDecl) },
      { ALT: () => this.SUBRULE(this.measureDecl) },
      { ALT: () => this.SUBRULE(this.constantDecl) },
      { ALT: () => this.SUBRULE(this.tiersDecl) },
      { ALT: () => this.SUBRULE(this.ratesDecl) },
      { ALT: () => this.SUBRULE(this.payDecl) },
      { ALT: () => this.SUBRULE(this.outputDecl) },
      { ALT: () => this.SUBRULE(this.participantsDecl) },
      { ALT: () => this.SUBRULE(this.balanceDecl) },
      { ALT: () => this.SUBRULE(this.combinedDecl) },
      { ALT: () => this.SUBRULE(this.reasonsDecl) },
    ]);
  });

  /** A declared name: an identifier, or a soft keyword such as `units`. */
  private declName = this.RULE("declName", (): IToken => {
    return this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.SoftKeyword) }]);
  }, { recoveryValueFunc: (): IToken => this.getTokenToInsert(T.Identifier) });

  private windowDecl = this.RULE("windowDecl", (): Decl => {
    const kw = this.CONSUME(T.Window);
    const name = this.SUBRULE(this.declName);
    this.CONSUME(T.From);
    const from = this.SUBRULE(this.dateLiteral);
    // `to 2026-03-15`, or `for 15 days` (both ends included, so the last day is from + 14).
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.To);
          const to = this.SUBRULE2(this.dateLiteral);
          return this.ACTION(() => ({ kind: "window" as const, name: nameOf(name), from, to, span: { start: kw.startOffset, end: to.span.end } }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.For);
          const n = this.CONSUME(T.NumberLiteral);
          const unit = this.CONSUME(T.Days);
          return this.ACTION(() => windowForDays(name, from, n, unit, kw, (d) => this.problem(d)));
        },
      },
    ]);
  });

  private recordDecl = this.RULE("recordDecl", (): Decl => {
    const kw = this.OR([{ ALT: () => this.CONSUME(T.Input) }, { ALT: () => this.CONSUME(T.Table) }]);
    const name = this.SUBRULE(this.declName);
    let links: Extract<Decl, { kind: "record" }>["links"];
    this.OPTION(() => {
      this.CONSUME(T.Links);
      const child = this.CONSUME(T.NameLike);
      this.CONSUME(T.To);
      const parent = this.CONSUME2(T.NameLike);
      let validFrom: IToken | undefined;
      let validTo: IToken | undefined;
      this.OPTION2(() => {
        this.CONSUME(T.Valid);
        this.CONSUME(T.From);
        validFrom = this.CONSUME3(T.NameLike);
        this.CONSUME2(T.To);
        validTo = this.CONSUME4(T.NameLike);
      });
      links = this.ACTION(() => ({ child: nameOf(child), parent: nameOf(parent), validFrom: validFrom && nameOf(validFrom), validTo: validTo && nameOf(validTo) }));
    });
    this.CONSUME(T.LBrace);
    const fields: FieldDecl[] = [];
    const key: Name[] = [];
    let encoding: Name | undefined;
    let numbers: { text: string; span: Span } | undefined;
    // Members are chosen on their first token only, so that `rep text` (a missing `:`) is still
    // a field, recovered by inserting the `:`; and a declaration keyword that does not name a
    // field (`credit sale.amount ...`) ends the record, so a missing `}` loses nothing.
    this.MANY({
      GATE: () => !this.startsDeclaration(T.Colon),
      DEF: () => {
        this.OR2({
          MAX_LOOKAHEAD: 1,
          IGNORE_AMBIGUITIES: true,
          DEF: [
            {
              // `key: text` is a field named key; `key txn_id` lists the key fields.
              GATE: () => this.LA(2).tokenType !== T.Colon,
              ALT: () => {
                this.CONSUME(T.Key);
                this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => { const k = this.CONSUME5(T.NameLike); this.ACTION(() => key.push(nameOf(k))); } });
              },
            },
            {
              // `encoding latin1` declares how the files are decoded; `encoding: text` is a field.
              GATE: () => this.LA(2).tokenType !== T.Colon,
              ALT: () => {
                this.CONSUME(T.Encoding);
                const e = this.CONSUME6(T.NameLike);
                this.ACTION(() => { encoding = nameOf(e); });
              },
            },
            {
              // `numbers "1.234,56"` declares how text cells write numbers.
              GATE: () => this.LA(2).tokenType !== T.Colon,
              ALT: () => {
                this.CONSUME(T.Numbers);
                const s = this.CONSUME(T.StringLiteral);
                this.ACTION(() => { numbers = { text: unquote(s.image), span: spanOf(s, s) }; });
              },
            },
            { ALT: () => { fields.push(this.SUBRULE(this.fieldDecl)); } },
          ],
        });
      },
    });
    const close = this.CONSUME(T.RBrace);
    return this.ACTION(() => ({
      kind: "record", role: kw.image === "input" ? "input" : "table", name: nameOf(name), fields: fields.filter(Boolean), key, links,
      ...(encoding ? { encoding } : {}), ...(numbers ? { numbers } : {}), span: spanOf(kw, close),
    }));
  });

  private fieldDecl = this.RULE("fieldDecl", (): FieldDecl => {
    const name = this.CONSUME(T.NameLike);
    this.CONSUME(T.Colon);
    let optional = false;
    this.OPTION(() => { this.CONSUME(T.Optional); optional = true; });
    const type = this.SUBRULE(this.typeRef);
    let column: FieldDecl["column"];
    let format: FieldDecl["format"];
    let percentAs: Name | undefined;
    this.MANY(() => {
      this.OR([
        { ALT: () => { this.CONSUME(T.From); const s = this.CONSUME(T.StringLiteral); column = this.ACTION(() => ({ text: unquote(s.image), span: spanOf(s, s) })); } },
        { ALT: () => { this.CONSUME(T.Format); const s = this.CONSUME2(T.StringLiteral); format = this.ACTION(() => ({ text: unquote(s.image), span: spanOf(s, s) })); } },
        { ALT: () => { this.CONSUME(T.As); const f = this.CONSUME2(T.NameLike); percentAs = this.ACTION(() => nameOf(f)); } },
      ]);
    });
    const last = this.LA(0);
    return this.ACTION(() => ({ name: nameOf(name), type, optional, column, format, ...(percentAs ? { percentAs } : {}), span: spanOf(name, last) }));
  });

  private typeRef = this.RULE("typeRef", (): TypeRef => {
    return this.OR([
      {
        ALT: () => {
          const one = this.CONSUME(T.One);
          this.CONSUME(T.Of);
          const values: Name[] = [];
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => { const v = this.CONSUME(T.NameLike); this.ACTION(() => values.push(nameOf(v))); } });
          const last = this.LA(0);
          return this.ACTION(() => ({ kind: "enum" as const, values, span: spanOf(one, last) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME2(T.NameLike);
          return this.ACTION(() => typeRefOf(t));
        },
      },
    ]);
  });

  private creditDecl = this.RULE("creditDecl", (): Decl => {
    const kw = this.CONSUME(T.Credit);
    const amount = this.SUBRULE(this.expression);
    this.CONSUME(T.Of);
    this.CONSUME(T.Each);
    const input = this.CONSUME(T.Identifier);
    this.CONSUME(T.On);
    const date = this.SUBRULE2(this.expression);
    const body = this.SUBRULE(this.creditBlock);
    const last = this.LA(0);
    return this.ACTION(() => ({ kind: "credit", amount, input: nameOf(input), date, body, span: spanOf(kw, last) }));
  });

  private creditBlock = this.RULE("creditBlock", (): CreditStmt[] => {
    this.CONSUME(T.LBrace);
    const body: CreditStmt[] = [];
    // `credit` may start a statement (`credit.x ...`) or, after a missing `}`, the next rule.
    this.MANY({ GATE: () => !this.startsDeclaration(T.Dot), DEF: () => { body.push(this.SUBRULE(this.creditStmt)); } });
    this.CONSUME(T.RBrace);
    return body.filter(Boolean);
  }, { recoveryValueFunc: (): CreditStmt[] => [] });

  private creditStmt = this.RULE("creditStmt", (): CreditStmt => {
    // A statement skipped for being too deep leaves nothing: creditBlock drops the hole.
    if (this.tooDeep()) return this.ACTION(() => { this.skipNested(false); return undefined as unknown as CreditStmt; });
    return this.OR([
      {
        ALT: () => {
          const kw = this.CONSUME(T.Exclude);
          const reason = this.CONSUME(T.Identifier);
          this.CONSUME(T.When);
          const cond = this.SUBRULE(this.expression);
          return this.ACTION(() => ({ kind: "exclude" as const, reason: nameOf(reason), cond, span: { start: kw.startOffset, end: cond.span.end } }));
        },
      },
      {
        ALT: () => {
          const kw = this.CONSUME(T.If);
          const cond = this.SUBRULE2(this.expression);
          const then = this.SUBRULE(this.creditBlock);
          let otherwise: CreditStmt[] | undefined;
          this.OPTION(() => {
            this.CONSUME(T.Else);
            otherwise = this.OR2([
              { ALT: () => [this.SUBRULE(this.creditStmt)] },
              { ALT: () => this.SUBRULE2(this.creditBlock) },
            ]);
          });
          const last = this.LA(0);
          return this.ACTION(() => ({ kind: "if" as const, cond, then, else: otherwise, span: spanOf(kw, last) }));
        },
      },
      { ALT: () => this.SUBRULE(this.shareStmt) },
    ]);
  });

  private shareStmt = this.RULE("shareStmt", (): CreditStmt => {
    const first = this.LA(1);
    let overlayTok: IToken | undefined;
    this.OPTION(() => { overlayTok = this.CONSUME(T.Overlay); });
    // A literal percentage, one looked up (`overlay_share[sale.tier]`), or `remainder` (what the
    // other shares leave). `remainder` stays a name elsewhere: it is the share only before `to`.
    const pct = this.OR([
      {
        GATE: () => this.LA(2).tokenType === T.To,
        IGNORE_AMBIGUITIES: true,
        ALT: () => { const r = this.CONSUME(T.Remainder); return this.ACTION(() => ({ kind: "remainder" as const, span: spanOf(r, r) })); },
      },
      { ALT: () => this.SUBRULE(this.postfix) },
    ]);
    this.CONSUME(T.To);
    const target = this.SUBRULE(this.creditTarget);
    this.CONSUME(T.As);
    const role = this.CONSUME(T.NameLike);
    // An overlay of part of the amount names its rounding: `overlay 2.5% to x as y rounded half up to cents`.
    let rounding: { mode: RoundingMode; places: number } | undefined;
    this.OPTION2(() => {
      this.CONSUME(T.Rounded);
      const mode = this.SUBRULE(this.roundingMode);
      this.CONSUME2(T.To);
      const places = this.SUBRULE(this.precision);
      rounding = this.ACTION(() => ({ mode, places }));
    });
    const last = this.LA(0);
    return this.ACTION(() => ({
      kind: "share" as const, percent: pct, target, role: nameOf(role), overlay: overlayTok !== undefined, ...(rounding ? { rounding } : {}),
      span: { start: Number.isFinite(first.startOffset) ? first.startOffset : pct.span.start, end: tokenEnd(last) + 1 },
    }));
  });

  private creditTarget = this.RULE("creditTarget", (): CreditTarget => {
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Each);
          return this.OR2([
            {
              ALT: () => {
                this.CONSUME(T.Ancestor);
                this.CONSUME(T.Of);
                const of = this.SUBRULE(this.additive);
                this.CONSUME(T.In);
                const h = this.CONSUME(T.Identifier);
                return this.ACTION(() => ({ kind: "ancestors" as const, of, hierarchy: nameOf(h) }));
              },
            },
            {
              ALT: () => {
                const table = this.CONSUME2(T.Identifier);
                this.CONSUME(T.Dot);
                const field = this.CONSUME(T.NameLike);
                let where: Expr | undefined;
                this.OPTION(() => { this.CONSUME(T.Where); where = this.SUBRULE(this.expression); });
                return this.ACTION(() => ({ kind: "each" as const, table: nameOf(table), field: nameOf(field), where }));
              },
            },
          ]);
        },
      },
      { ALT: () => { const payee = this.SUBRULE2(this.additive); return this.ACTION(() => ({ kind: "payee" as const, payee })); } },
    ]);
  });

  private grainClause = this.RULE("grainClause", (): GrainClause => {
    const per = this.CONSUME(T.Per);
    return this.OR([
      { ALT: () => { const c = this.CONSUME(T.Credit); return this.ACTION(() => ({ kind: "credit" as const, span: spanOf(per, c) })); } },
      {
        ALT: () => {
          this.CONSUME(T.Payee);
          this.CONSUME2(T.Per);
          const g = this.CONSUME(T.NameLike);
          return this.ACTION(() => ({ kind: "group" as const, grain: g.image as Grain, span: spanOf(per, g) }));
        },
      },
      {
        // `per exclusion` and `per payout` (outputs); the checker says where each is allowed.
        ALT: () => {
          const w = this.CONSUME(T.Identifier);
          return this.ACTION(() => {
            const span = spanOf(per, w);
            return w.image === "exclusion" || w.image === "payout" ? { kind: w.image, span } : { kind: "unknown" as const, word: w.image, span };
          });
        },
      },
    ]);
  });

  private measureDecl = this.RULE("measureDecl", (): Decl => {
    const kw = this.CONSUME(T.Measure);
    const name = this.SUBRULE(this.declName);
    this.CONSUME(T.Equals);
    const value = this.SUBRULE(this.expression);
    let grain: GrainClause | undefined;
    this.OPTION(() => { grain = this.SUBRULE(this.grainClause); });
    const last = this.LA(0);
    return this.ACTION(() => ({ kind: "measure", name: nameOf(name), value, grain, span: spanOf(kw, last) }));
  });

  private constantDecl = this.RULE("constantDecl", (): Decl => {
    const kw = this.CONSUME(T.Constant);
    const name = this.SUBRULE(this.declName);
    this.CONSUME(T.Equals);
    const value = this.SUBRULE(this.expression);
    const last = this.LA(0);
    return this.ACTION(() => ({ kind: "constant", name: nameOf(name), value, span: spanOf(kw, last) }));
  });

  private tiersDecl = this.RULE("tiersDecl", (): Decl => {
    const kw = this.CONSUME(T.Tiers);
    const name = this.SUBRULE(this.declName);
    const mode = this.OR([{ ALT: () => this.CONSUME(T.Marginal) }, { ALT: () => this.CONSUME(T.Retroactive) }]);
    this.CONSUME(T.LBrace);
    const bands: Band[] = [];
    this.MANY(() => { bands.push(this.SUBRULE(this.band)); });
    const close = this.CONSUME(T.RBrace);
    return this.ACTION(() => ({ kind: "tiers", name: nameOf(name), mode: mode.image as "marginal" | "retroactive", bands: bands.filter(Boolean), span: spanOf(kw, close) }));
  });

  private band = this.RULE("band", (): Band => {
    const first = this.LA(1);
    let lower: Expr | undefined;
    let upper: Expr | undefined;
    this.OR([
      { ALT: () => { this.CONSUME(T.Below); upper = this.SUBRULE(this.signedLiteral); } },
      {
        ALT: () => {
          this.CONSUME(T.From);
          lower = this.SUBRULE2(this.signedLiteral);
          this.OPTION(() => { this.CONSUME(T.To); upper = this.SUBRULE3(this.signedLiteral); });
        },
      },
    ]);
    this.CONSUME(T.Colon);
    const rate = this.SUBRULE4(this.signedLiteral);
    let perUnit = false;
    this.OPTION2(() => { this.CONSUME(T.Per); this.CONSUME(T.Unit); perUnit = true; });
    const last = this.LA(0);
    return this.ACTION(() => ({ lower, upper, rate, perUnit, span: spanOf(first, last) }));
  });

  private signedLiteral = this.RULE("signedLiteral", (): Expr => {
    let minus: IToken | undefined;
    this.OPTION(() => { minus = this.CONSUME(T.Minus); });
    const lit = this.SUBRULE(this.literal);
    return this.ACTION(() => (minus ? { kind: "unary" as const, op: "-" as const, operand: lit, span: { start: minus.startOffset, end: lit.span.end } } : lit));
  }, this.recoverExpr);

  private ratesDecl = this.RULE("ratesDecl", (): Decl => {
    const kw = this.CONSUME(T.Rates);
    const name = this.SUBRULE(this.declName);
    this.CONSUME(T.By);
    const keyedBy = this.SUBRULE(this.postfix);
    this.CONSUME(T.LBrace);
    const entries: { key: Name; value: Expr }[] = [];
    let otherwise: Expr | undefined;
    this.MANY(() => {
      this.OR([
        { ALT: () => { this.CONSUME(T.Otherwise); this.CONSUME(T.Colon); otherwise = this.SUBRULE(this.signedLiteral); } },
        {
          ALT: () => {
            // Keys are enum values or, for free text such as "Value Added Reseller", quoted.
            const key = this.OR2([{ ALT: () => this.CONSUME2(T.Identifier) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
            this.CONSUME2(T.Colon);
            const value = this.SUBRULE2(this.signedLiteral);
            this.ACTION(() => entries.push({ key: key.tokenType === T.StringLiteral ? { text: unquote(key.image), span: spanOf(key, key) } : nameOf(key), value }));
          },
        },
      ]);
    });
    const close = this.CONSUME(T.RBrace);
    return this.ACTION(() => ({ kind: "rates", name: nameOf(name), keyedBy, entries, otherwise, span: spanOf(kw, close) }));
  });

  private payDecl = this.RULE("payDecl", (): Decl => {
    const kw = this.CONSUME(T.Pay);
    const name = this.SUBRULE(this.declName);
    this.CONSUME(T.Equals);
    const value = this.SUBRULE(this.expression);
    const gates: Expr[] = [];
    const caps: { limit: Expr; over?: Name }[] = [];
    const floors: Expr[] = [];
    let budget: Expr | undefined;
    let payee: Expr | undefined;
    let grain: GrainClause | undefined;
    this.MANY(() => {
      this.OR([
        { ALT: () => { this.CONSUME(T.When); gates.push(this.SUBRULE2(this.expression)); } },
        {
          ALT: () => {
            this.CONSUME(T.Cap);
            const limit = this.SUBRULE3(this.expression);
            let over: IToken | undefined;
            // `cap 5,000.00 per year` is a running cap; `per payee per month` is the pay's grain.
            this.OPTION({ GATE: () => this.LA(2).tokenType === T.Identifier, DEF: () => { this.CONSUME(T.Per); over = this.CONSUME(T.Identifier); } });
            this.ACTION(() => caps.push({ limit, ...(over ? { over: nameOf(over) } : {}) }));
          },
        },
        { ALT: () => { this.CONSUME(T.Floor); floors.push(this.SUBRULE4(this.expression)); } },
        { ALT: () => { this.CONSUME(T.Budget); budget = this.SUBRULE5(this.expression); } },
        { ALT: () => { this.CONSUME(T.To); payee = this.SUBRULE6(this.expression); } },
        { ALT: () => { grain = this.SUBRULE(this.grainClause); } },
      ]);
    });
    const last = this.LA(0);
    return this.ACTION(() => ({ kind: "pay", name: nameOf(name), value, gates, caps, floors, budget, payee, grain, span: spanOf(kw, last) }));
  });

  private outputDecl = this.RULE("outputDecl", (): Decl => {
    const kw = this.CONSUME(T.Output);
    const file = this.CONSUME(T.StringLiteral);
    const scope = this.SUBRULE(this.grainClause);
    let where: Expr | undefined;
    this.OPTION3(() => { this.CONSUME(T.Where); where = this.SUBRULE2(this.expression); });
    this.CONSUME(T.LBrace);
    const columns: { name: Name; value?: Expr }[] = [];
    this.MANY({
      // A declaration keyword not followed by `=` is the next declaration: the `}` is missing.
      GATE: () => !this.startsDeclaration(T.Equals),
      DEF: () => {
        const col = this.CONSUME(T.NameLike);
        let value: Expr | undefined;
        this.OPTION(() => { this.CONSUME(T.Equals); value = this.SUBRULE(this.expression); });
        this.ACTION(() => columns.push({ name: nameOf(col), value }));
      },
    });
    this.CONSUME(T.RBrace);
    const sortBy: Name[] = [];
    this.OPTION2(() => {
      this.CONSUME(T.Sorted);
      this.CONSUME(T.By);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => { const s = this.CONSUME2(T.NameLike); this.ACTION(() => sortBy.push(nameOf(s))); } });
    });
    const last = this.LA(0);
    return this.ACTION(() => ({ kind: "output", file: { text: unquote(file.image), span: spanOf(file, file) }, scope, where, columns, sortBy, span: spanOf(kw, last) }));
  });

  private participantsDecl = this.RULE("participantsDecl", (): Decl => {
    const kw = this.CONSUME(T.Participants);
    let payee: Expr | undefined;
    let from: Expr | undefined;
    this.OR([
      { ALT: () => { this.CONSUME(T.Every); this.CONSUME(T.Payee); } },
      { ALT: () => { payee = this.SUBRULE(this.postfix); } },
    ]);
    this.OPTION(() => { this.CONSUME(T.From); from = this.SUBRULE3(this.postfix); });
    this.CONSUME(T.Per);
    const period = this.SUBRULE2(this.postfix);
    return this.ACTION(() => ({ kind: "participants", payee, from, period, span: { start: kw.startOffset, end: period.span.end } }));
  });

  private balanceDecl = this.RULE("balanceDecl", (): Decl => {
    const kw = this.CONSUME(T.Balance);
    const name = this.SUBRULE(this.declName);
    let grain: GrainClause | undefined;
    this.OPTION(() => { grain = this.SUBRULE(this.grainClause); });
    this.CONSUME(T.Starts);
    this.CONSUME(T.At);
    const start = this.SUBRULE(this.expression);
    this.CONSUME(T.Becomes);
    const next = this.SUBRULE2(this.expression);
    return this.ACTION(() => ({ kind: "balance", name: nameOf(name), start, next, grain, span: { start: kw.startOffset, end: next.span.end } }));
  });

  private reasonsDecl = this.RULE("reasonsDecl", (): Decl => {
    const kw = this.CONSUME(T.Reasons);
    const names: Name[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => { const n = this.SUBRULE(this.declName); this.ACTION(() => names.push(nameOf(n))); } });
    const last = this.LA(0);
    return this.ACTION(() => ({ kind: "reasons", names, span: spanOf(kw, last) }));
  });

  private combinedDecl = this.RULE("combinedDecl", (): Decl => {
    const kw = this.CONSUME(T.Combined);
    this.CONSUME(T.Cap);
    const limit = this.SUBRULE(this.expression);
    this.CONSUME(T.On);
    const pays: Name[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => { const p = this.SUBRULE(this.declName); this.ACTION(() => pays.push(nameOf(p))); } });
    let grain: GrainClause | undefined;
    this.OPTION(() => { grain = this.SUBRULE(this.grainClause); });
    const last = this.LA(0);
    return this.ACTION(() => ({ kind: "combined", limit, pays, grain, span: spanOf(kw, last) }));
  });

  // ---- Expressions, loosest binding first.

  public expression = this.RULE("expression", (): Expr => {
    if (this.tooDeep()) return this.ACTION(() => this.skipNestedExpr());
    return this.OR(this.alts.expression ??= [
      {
        ALT: () => {
          const kw = this.CONSUME(T.If);
          const cond = this.SUBRULE(this.expression);
          this.CONSUME(T.Then);
          const then = this.SUBRULE2(this.expression);
          this.CONSUME(T.Else);
          const otherwise = this.SUBRULE3(this.expression);
          return this.ACTION(() => ({ kind: "if" as const, cond, then, else: otherwise, span: { start: kw.startOffset, end: otherwise.span.end } }));
        },
      },
      { ALT: () => this.SUBRULE(this.orExpr) },
    ]);
  }, this.recoverExpr);

  private orExpr = this.RULE("orExpr", (): Expr => {
    let left = this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.Or);
      const right = this.SUBRULE2(this.andExpr);
      left = this.ACTION(() => ({ kind: "binary" as const, op: "or" as const, left, right, span: join(left, right) }));
    });
    return left;
  }, this.recoverExpr);

  private andExpr = this.RULE("andExpr", (): Expr => {
    let left = this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(T.And);
      const right = this.SUBRULE2(this.notExpr);
      left = this.ACTION(() => ({ kind: "binary" as const, op: "and" as const, left, right, span: join(left, right) }));
    });
    return left;
  }, this.recoverExpr);

  private notExpr = this.RULE("notExpr", (): Expr => {
    if (this.tooDeep()) return this.ACTION(() => this.skipNestedExpr());
    return this.OR(this.alts.notExpr ??= [
      {
        ALT: () => {
          const kw = this.CONSUME(T.Not);
          const operand = this.SUBRULE(this.notExpr);
          return this.ACTION(() => ({ kind: "unary" as const, op: "not" as const, operand, span: { start: kw.startOffset, end: operand.span.end } }));
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  }, this.recoverExpr);

  private comparison = this.RULE("comparison", (): Expr => {
    let left = this.SUBRULE(this.rounding);
    this.OPTION({ GATE: () => this.textTestAhead() !== false, DEF: () => {
      left = this.OR([
        {
          ALT: () => {
            const op = this.OR2([
              { ALT: () => this.CONSUME(T.Equals) }, { ALT: () => this.CONSUME(T.NotEqual) }, { ALT: () => this.CONSUME(T.LessEqual) },
              { ALT: () => this.CONSUME(T.GreaterEqual) }, { ALT: () => this.CONSUME(T.Less) }, { ALT: () => this.CONSUME(T.Greater) },
            ]);
            const right = this.SUBRULE2(this.rounding);
            return this.ACTION(() => ({ kind: "binary" as const, op: COMPARISON.get(op.image)!, left, right, span: join(left, right) }));
          },
        },
        {
          ALT: () => {
            let negated = false;
            this.OPTION2(() => { this.CONSUME(T.Not); negated = true; });
            this.CONSUME(T.In);
            this.CONSUME(T.LParen);
            const list: Expr[] = [];
            this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => { list.push(this.SUBRULE3(this.rounding)); } });
            const close = this.CONSUME(T.RParen);
            return this.ACTION(() => ({ kind: "in" as const, value: left, list, negated, span: { start: left.span.start, end: tokenEnd(close) + 1 } }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Within);
            // `within plan` is the plan's own span.
            const w = this.OR4([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.Plan) }]);
            return this.ACTION(() => ({ kind: "within" as const, value: left, window: nameOf(w), span: { start: left.span.start, end: tokenEnd(w) + 1 } }));
          },
        },
        {
          // `purchased in any of previous 3 months`, `purchased in any earlier month`: the old
          // spellings of `any of purchased over previous 3 months`, told what to write now.
          ALT: () => {
            const first = this.CONSUME2(T.In);
            this.CONSUME(T.Any);
            let count: string | undefined;
            this.OR5([
              { ALT: () => { this.CONSUME(T.Of); this.CONSUME(T.Previous); const n = this.CONSUME(T.NumberLiteral); count = n.image; } },
              { ALT: () => { this.CONSUME(T.Earlier); } },
            ]);
            const unit = this.CONSUME2(T.Identifier);
            return this.ACTION(() => oldAnyPrior(left, first, count, unit, (d) => this.problem(d)));
          },
        },
        {
          // `sale.sku starts with "BK-"`, `reseller.name contains "Bike"`, `code ends with "-X"`.
          ALT: () => {
            const op = this.OR6([
              { ALT: () => { this.CONSUME(T.Starts); this.CONSUME3(T.Identifier); return "starts with" as const; } },
              { GATE: () => this.LA(1).image === "contains", ALT: () => { this.CONSUME4(T.Identifier); return "contains" as const; } },
              { ALT: () => { this.CONSUME5(T.Identifier); this.CONSUME6(T.Identifier); return "ends with" as const; } },
            ]);
            const pattern = this.SUBRULE4(this.rounding);
            return this.ACTION(() => ({ kind: "textTest" as const, op, value: left, pattern, span: join(left, pattern) }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Is);
            const word = this.OR3([{ ALT: () => this.CONSUME(T.Present) }, { ALT: () => this.CONSUME(T.Absent) }]);
            return this.ACTION(() => ({ kind: "presence" as const, value: left, present: word.image === "present", span: { start: left.span.start, end: tokenEnd(word) + 1 } }));
          },
        },
      ]);
    } });
    return left;
  }, this.recoverExpr);

  private rounding = this.RULE("rounding", (): Expr => {
    let value = this.SUBRULE(this.additive);
    this.OPTION(() => {
      this.CONSUME(T.Rounded);
      const mode = this.SUBRULE(this.roundingMode);
      this.CONSUME(T.To);
      const places = this.SUBRULE(this.precision);
      const last = this.LA(0);
      value = this.ACTION(() => ({ kind: "round" as const, value, mode, places, span: { start: value.span.start, end: tokenEnd(last) + 1 } }));
    });
    return value;
  }, this.recoverExpr);

  private roundingMode = this.RULE("roundingMode", (): RoundingMode => {
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Half);
          const w = this.OR2([{ ALT: () => this.CONSUME(T.Up) }, { ALT: () => this.CONSUME(T.Down) }, { ALT: () => this.CONSUME(T.Even) }]);
          return this.ACTION(() => `half ${w.image}` as RoundingMode);
        },
      },
      { ALT: () => { this.CONSUME2(T.Up); return "up" as const; } },
      { ALT: () => { this.CONSUME2(T.Down); return "down" as const; } },
    ]);
  });

  private precision = this.RULE("precision", (): number => {
    return this.OR([
      { ALT: () => { this.CONSUME(T.Cents); return 2; } },
      { ALT: () => { this.CONSUME(T.Whole); this.CONSUME(T.Units); return 0; } },
      { ALT: () => { const n = this.CONSUME(T.NumberLiteral); this.CONSUME(T.Decimals); return this.ACTION(() => Number(n.image)); } },
    ]);
  });

  public additive = this.RULE("additive", (): Expr => {
    let left = this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      const right = this.SUBRULE2(this.multiplicative);
      left = this.ACTION(() => ({ kind: "binary" as const, op: op.image as BinaryOp, left, right, span: join(left, right) }));
    });
    return left;
  }, this.recoverExpr);

  private multiplicative = this.RULE("multiplicative", (): Expr => {
    let left = this.SUBRULE(this.unary);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(T.Times) }, { ALT: () => this.CONSUME(T.Divide) }]);
      const right = this.SUBRULE2(this.unary);
      left = this.ACTION(() => ({ kind: "binary" as const, op: op.tokenType === T.Times ? ("*" as const) : ("/" as const), left, right, span: join(left, right) }));
    });
    return left;
  }, this.recoverExpr);

  private unary = this.RULE("unary", (): Expr => {
    if (this.tooDeep()) return this.ACTION(() => this.skipNestedExpr());
    return this.OR(this.alts.unary ??= [
      {
        ALT: () => {
          const minus = this.CONSUME(T.Minus);
          const operand = this.SUBRULE(this.unary);
          return this.ACTION(() => ({ kind: "unary" as const, op: "-" as const, operand, span: { start: minus.startOffset, end: operand.span.end } }));
        },
      },
      { ALT: () => this.SUBRULE(this.postfix) },
    ]);
  }, this.recoverExpr);

  private postfix = this.RULE("postfix", (): Expr => {
    let value = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            const member = this.CONSUME(T.NameLike);
            value = this.ACTION(() => ({ kind: "member" as const, object: value, member: nameOf(member), span: { start: value.span.start, end: tokenEnd(member) + 1 } }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            const keys: Expr[] = [];
            this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => { keys.push(this.SUBRULE(this.expression)); } });
            const close = this.CONSUME(T.RBracket);
            value = this.ACTION(() => ({ kind: "index" as const, object: value, keys, span: { start: value.span.start, end: tokenEnd(close) + 1 } }));
          },
        },
        {
          ALT: () => {
            const use = this.OR2([
              { ALT: () => { this.CONSUME(T.At); return "at" as const; } },
              { ALT: () => { this.CONSUME(T.Applied); this.CONSUME(T.To); return "applied" as const; } },
            ]);
            const arg = this.SUBRULE(this.unary);
            value = this.ACTION(() => tierUse(value, use, arg, (d) => this.problem(d)));
          },
        },
        {
          // `volume 1 year earlier`: a measure of the same payee some periods back.
          ALT: () => {
            const n = this.CONSUME(T.NumberLiteral);
            const unit = this.CONSUME(T.Identifier);
            const kw = this.CONSUME(T.Earlier);
            value = this.ACTION(() => atPeriod(value, Number(n.image), unit, kw, (d) => this.problem(d)));
          },
        },
        {
          // `goal this year`: a measure of a longer period, in the one that holds this period.
          ALT: () => {
            this.CONSUME(T.This);
            const unit = this.CONSUME2(T.Identifier);
            value = this.ACTION(() => atPeriod(value, 0, unit, unit, (d) => this.problem(d)));
          },
        },
      ]);
    });
    return value;
  }, this.recoverExpr);

  /**
   * `previous 3 months`, `earlier months [of this year]`, `months [of this quarter] [to date]`.
   * An unknown word for the periods is reported on it, and the range is left out.
   */
  private periodRange = this.RULE("periodRange", (): PeriodRange | undefined => {
    let previous: IToken | undefined;
    let earlier: IToken | undefined;
    let within: IToken | undefined;
    let toDate: IToken | undefined;
    this.OPTION(() => {
      this.OR([
        { ALT: () => { this.CONSUME(T.Previous); previous = this.CONSUME(T.NumberLiteral); } },
        { ALT: () => { earlier = this.CONSUME(T.Earlier); } },
      ]);
    });
    const unit = this.CONSUME(T.Identifier);
    this.OPTION2(() => { this.CONSUME(T.Of); this.CONSUME(T.This); within = this.CONSUME2(T.Identifier); });
    // `to date`, but not `to date_field` or `to x.date`: the payee a pay goes to follows `to` as well.
    this.OPTION3({
      GATE: () => this.LA(2).image === "date" && this.LA(3).tokenType !== T.Dot,
      DEF: () => { this.CONSUME(T.To); toDate = this.CONSUME3(T.Identifier); },
    });
    return this.ACTION(() => periodRangeOf({ previous, earlier, unit, within, toDate }, (d) => this.problem(d)));
  });

  private primary = this.RULE("primary", (): Expr => {
    return this.OR(this.alts.primary ??= [
      { ALT: () => this.SUBRULE(this.literal) },
      { ALT: () => { const t = this.CONSUME(T.Absent); return this.ACTION(() => ({ kind: "absent" as const, span: spanOf(t, t) })); } },
      {
        ALT: () => {
          const kw = this.CONSUME(T.Closing);
          const b = this.SUBRULE(this.declName);
          return this.ACTION(() => ({ kind: "closing" as const, balance: nameOf(b), span: spanOf(kw, b) }));
        },
      },
      {
        ALT: () => {
          const kw = this.CONSUME(T.Parent);
          this.CONSUME(T.Of);
          const of = this.SUBRULE3(this.additive);
          this.CONSUME(T.In);
          const h = this.CONSUME3(T.Identifier);
          return this.ACTION(() => ({ kind: "parentOf" as const, of, hierarchy: nameOf(h), span: spanOf(kw, h) }));
        },
      },
      {
        // `count sharing claim.outlet`, `rank sharing claim.outlet by claim.claim_date, claim.claim_id`
        GATE: () => this.LA(2).tokenType === T.Sharing,
        ALT: () => {
          const kw = this.OR3([{ ALT: () => this.CONSUME(T.Count) }, { ALT: () => this.CONSUME(T.Rank) }]);
          this.CONSUME(T.Sharing);
          const keys: Expr[] = [];
          const order: Expr[] = [];
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => { keys.push(this.SUBRULE4(this.additive)); } });
          this.OPTION(() => { this.CONSUME(T.By); this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => { order.push(this.SUBRULE5(this.additive)); } }); });
          const last = this.LA(0);
          return this.ACTION(() => ({ kind: "sharing" as const, fn: kw.image === "rank" ? ("rank" as const) : ("count" as const), keys, order, span: spanOf(kw, last) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          const inner = this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
          return inner;
        },
      },
      { ALT: () => this.SUBRULE(this.aggregate) },
      {
        // `days from a to b`, `months from a to b`.
        GATE: () => this.LA(1).tokenType === T.Days || (this.LA(1).image === "months" && this.LA(2).tokenType === T.From),
        ALT: () => {
          const kw = this.OR6([{ ALT: () => this.CONSUME(T.Days) }, { ALT: () => this.CONSUME4(T.Identifier) }]);
          this.CONSUME(T.From);
          const from = this.SUBRULE(this.additive);
          this.CONSUME(T.To);
          const to = this.SUBRULE2(this.additive);
          const unit = kw.tokenType === T.Days ? ("days" as const) : ("months" as const);
          return this.ACTION(() => ({ kind: "between" as const, unit, from, to, span: { start: kw.startOffset, end: to.span.end } }));
        },
      },
      {
        // `start of month(sale.invoice_date)`, `end of period`.
        GATE: () => (this.LA(1).image === "start" || this.LA(1).image === "end") && this.LA(2).tokenType === T.Of,
        ALT: () => {
          const kw = this.CONSUME5(T.Identifier);
          this.CONSUME2(T.Of);
          const period = this.SUBRULE(this.postfix);
          return this.ACTION(() => ({ kind: "edge" as const, edge: kw.image === "start" ? ("start" as const) : ("end" as const), period, span: { start: kw.startOffset, end: period.span.end } }));
        },
      },
      {
        // A call's `(` stands on its name's line: `when sale.tier = lead` followed by a line
        // opening with `(100% / 4) to ...` is a comparison, then a share, never a call of `lead`.
        GATE: () => this.LA(2).tokenType === T.LParen && !/[\r\n\u2028\u2029]/.test(this.text.slice(tokenEnd(this.LA(1)), this.LA(2).startOffset)),
        ALT: () => {
          const fn = this.CONSUME(T.Identifier);
          this.CONSUME2(T.LParen);
          const args: Expr[] = [];
          this.MANY_SEP({ SEP: T.Comma, DEF: () => { args.push(this.SUBRULE2(this.expression)); } });
          const close = this.CONSUME2(T.RParen);
          return this.ACTION(() => ({ kind: "call" as const, fn: nameOf(fn), args, span: spanOf(fn, close) }));
        },
      },
      {
        ALT: () => {
          const t = this.OR2(this.alts.name ??= [{ ALT: () => this.CONSUME2(T.Identifier) }, { ALT: () => this.CONSUME(T.SoftKeyword) }]);
          return this.ACTION(() => ({ kind: "name" as const, name: nameOf(t), span: spanOf(t, t) }));
        },
      },
    ]);
  }, this.recoverExpr);

  private aggregate = this.RULE("aggregate", (): Expr => {
    const first = this.LA(1);
    let fn: AggregateFn = "sum";
    let value: Expr | undefined;
    let distinct: Expr | undefined;
    let having: Expr | undefined;
    let where: Expr | undefined;
    let over: PeriodRange | undefined;
    // A range with a wrong word has been reported: the aggregate stands as an error node.
    let badOver = false;
    const order: Expr[] = [];
    this.OR([
      {
        ALT: () => {
          const f = this.OR2([
            { ALT: () => this.CONSUME(T.Sum) }, { ALT: () => this.CONSUME(T.Minimum) }, { ALT: () => this.CONSUME(T.Maximum) }, { ALT: () => this.CONSUME(T.Average) },
          ]);
          this.CONSUME(T.Of);
          value = this.SUBRULE(this.additive);
          fn = this.ACTION(() => f.image as AggregateFn);
          // `sum of monthly_bonus over months of this quarter`: a measure over periods.
          this.OPTION4(() => { this.CONSUME(T.Over); over = this.SUBRULE(this.periodRange); badOver = over === undefined; });
        },
      },
      {
        // `any of purchased over previous 3 months`: whether a yes/no measure held in any of them.
        ALT: () => {
          this.CONSUME(T.Any);
          this.CONSUME3(T.Of);
          value = this.SUBRULE5(this.additive);
          fn = "any";
          this.CONSUME2(T.Over);
          over = this.SUBRULE2(this.periodRange);
          badOver = over === undefined;
        },
      },
      {
        // `first of purchase.distributor by credit.date, purchase.invoice_id where credit.amount > 0`
        ALT: () => {
          this.CONSUME(T.First);
          this.CONSUME2(T.Of);
          value = this.SUBRULE3(this.additive);
          fn = "first";
          this.CONSUME(T.By);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => { order.push(this.SUBRULE4(this.additive)); } });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Count);
          fn = "count";
          this.OPTION(() => {
            this.CONSUME(T.Distinct);
            distinct = this.SUBRULE2(this.additive);
            this.OPTION2(() => { this.CONSUME(T.Having); having = this.SUBRULE(this.comparison); });
          });
        },
      },
    ]);
    this.OPTION3(() => {
      this.CONSUME(T.Where);
      let cond = this.SUBRULE2(this.comparison);
      // `where a and b` reads naturally; allow conjunctions of comparisons after where (and only
      // there: an `and` straight after `count distinct x having c` belongs to the outer expression).
      this.MANY(() => {
        this.CONSUME(T.And);
        const more = this.SUBRULE3(this.comparison);
        cond = this.ACTION(() => ({ kind: "binary" as const, op: "and" as const, left: cond, right: more, span: join(cond, more) }));
      });
      where = cond;
    });
    const last = this.LA(0);
    if (badOver) return { kind: "error", span: spanOf(first, last) };
    return this.ACTION(() => ({ kind: "aggregate" as const, fn, value, distinct, having, where, order, over, span: spanOf(first, last) }));
  }, this.recoverExpr);

  private literal = this.RULE("literal", (): Expr => {
    return this.OR(this.alts.literal ??= [
      {
        ALT: () => {
          const t = this.CONSUME(T.NumberLiteral);
          // `10 days`, `2 weeks`, `1 month`: a number followed by a unit of time is a duration.
          let unit: IToken | undefined;
          this.OPTION({
            GATE: () => DURATION_UNITS.has(this.LA(1).image),
            DEF: () => { unit = this.OR2([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.Days) }]); },
          });
          return this.ACTION(() => unit
            ? { kind: "duration" as const, count: t.image, unit: DURATION_UNITS.get(unit.image)!, span: spanOf(t, unit) }
            : { kind: "number" as const, text: t.image, span: spanOf(t, t) });
        },
      },
      { ALT: () => { const t = this.CONSUME(T.MoneyLiteral); return this.ACTION(() => ({ kind: "money" as const, text: t.image.replace(/,/g, ""), span: spanOf(t, t) })); } },
      { ALT: () => { const t = this.CONSUME(T.PercentLiteral); return this.ACTION(() => ({ kind: "percent" as const, text: t.image.slice(0, -1), span: spanOf(t, t) })); } },
      { ALT: () => this.SUBRULE(this.dateLiteral) },
      { ALT: () => { const t = this.CONSUME(T.StringLiteral); return this.ACTION(() => ({ kind: "string" as const, value: unquote(t.image), span: spanOf(t, t) })); } },
      { ALT: () => { const t = this.CONSUME(T.True); return this.ACTION(() => ({ kind: "boolean" as const, value: true, span: spanOf(t, t) })); } },
      { ALT: () => { const t = this.CONSUME(T.False); return this.ACTION(() => ({ kind: "boolean" as const, value: false, span: spanOf(t, t) })); } },
    ]);
  }, this.recoverExpr);
}

/** Where the tree builders below report a problem. */
type Report = (d: Diagnostic) => void;

/** The last year a date can have: dates are written YYYY-MM-DD. */
const LAST_YEAR = 9999;

/** A window written `from D for N days`: its last day is D + N − 1, as a date node spanning `N days`. */
function windowForDays(name: IToken, from: Expr, n: IToken, unit: IToken, kw: IToken, report: Report): Decl {
  const days = Number(n.image);
  const span = spanOf(n, unit);
  let to: Expr = { kind: "error", span };
  if (from.kind === "date" && !n.isInsertedInRecovery) {
    const [y, m, d] = from.text.split("-").map(Number) as [number, number, number];
    const last = new Date(Date.UTC(y, m - 1, d + days - 1));
    if (!Number.isInteger(days) || days < 1) report(diagnostic("A304", span, [`a window lasts a whole number of days, at least 1: \`for ${n.image} days\` is not one`]));
    else if (Number.isNaN(last.getTime()) || last.getUTCFullYear() > LAST_YEAR) report(diagnostic("A304", span, [`a window must end by the year ${LAST_YEAR}: \`for ${n.image} days\` goes past it`]));
    else to = { kind: "date", text: last.toISOString().slice(0, 10), span };
  }
  return { kind: "window", name: nameOf(name), from, to, days, span: { start: kw.startOffset, end: span.end } };
}

/** The words a duration may be counted in (`1 day`, `10 days`, `2 weeks`). */
const DURATION_UNITS = new Map<string, DurationUnit>([
  ["day", "day"], ["days", "day"], ["week", "week"], ["weeks", "week"], ["month", "month"], ["months", "month"],
  ["quarter", "quarter"], ["quarters", "quarter"], ["year", "year"], ["years", "year"],
]);

const GRAIN_UNITS = new Map<string, Grain>([["month", "month"], ["months", "month"], ["quarter", "quarter"], ["quarters", "quarter"], ["year", "year"], ["years", "year"]]);

/** The grain periods are counted in (`months`, `quarter`...), or an error reported on the word. */
function grainUnit(unit: IToken, report: Report): Grain | undefined {
  const grain = GRAIN_UNITS.get(unit.image);
  if (!grain && !unit.isInsertedInRecovery) report(diagnostic("A105", spanOf(unit, unit), [unit.image, "; count periods in months, quarters or years"]));
  return grain;
}

/** A value of another period is a measure's, by name: anything else before it is reported. */
function measureNamed(value: Expr, form: string, report: Report): Name | undefined {
  if (value.kind === "name") return value.name;
  if (value.kind !== "error") report(diagnostic("A202", value.span, [`what comes before \`${form}\``, "the name of a measure", "an expression: declare a measure that holds it"]));
  return undefined;
}

/** `M 1 year earlier`, `M this year`; anything but a measure name before it, or an unknown unit, is an error node. */
function atPeriod(value: Expr, back: number, unit: IToken, last: IToken, report: Report): Expr {
  const span = { start: value.span.start, end: tokenEnd(last) + 1 };
  const measure = measureNamed(value, back === 0 ? `this ${unit.image}` : `${back} ${unit.image} earlier`, report);
  const grain = grainUnit(unit, report);
  if (!measure || !grain) return { kind: "error", span };
  return { kind: "atPeriod", measure, back, unit: grain, span };
}

/** The words of a period range, checked into one (or undefined, reported, when a word is wrong). */
function periodRangeOf(words: { previous?: IToken; earlier?: IToken; unit: IToken; within?: IToken; toDate?: IToken }, report: Report): PeriodRange | undefined {
  const unit = grainUnit(words.unit, report);
  const within = words.within && grainUnit(words.within, report);
  if (!unit || (words.within && !within)) return undefined;
  const start = words.previous ?? words.earlier ?? words.unit;
  const end = words.toDate ?? words.within ?? words.unit;
  const span = spanOf(start, end);
  const range: PeriodRange = { unit, span };
  if (words.previous) {
    const n = Number(words.previous.image);
    if (!Number.isInteger(n) || n < 1) {
      report(diagnostic("A304", span, [`\`previous ${words.previous.image} ${words.unit.image}\` counts a whole number of periods, at least 1`]));
      return undefined;
    }
    range.previous = n;
  }
  if (words.earlier) range.earlier = true;
  if (within) range.within = within;
  if (words.toDate) range.toDate = true;
  return range;
}

/** The old `M in any of previous 3 months` / `M in any earlier month`: an error saying what to write now. */
function oldAnyPrior(value: Expr, first: IToken, count: string | undefined, unit: IToken, report: Report): Expr {
  const span = { start: value.span.start, end: tokenEnd(unit) + 1 };
  const measure = value.kind === "name" ? value.name.text : "measure";
  const old = count === undefined ? `in any earlier ${unit.image}` : `in any of previous ${count} ${unit.image}`;
  const plural = unit.image.endsWith("s") ? unit.image : `${unit.image}s`;
  const now = count === undefined ? `any of ${measure} over earlier ${plural}` : `any of ${measure} over previous ${count} ${plural}`;
  if (!unit.isInsertedInRecovery) report(diagnostic("A010", spanOf(first, unit), [old, now]));
  return { kind: "error", span };
}

/** `T at x`, `T applied to x`: T names a tier table; anything else before it is reported. */
function tierUse(value: Expr, use: "at" | "applied", arg: Expr, report: Report): Expr {
  const span = join(value, arg);
  if (value.kind === "name") return { kind: "tier", table: value.name, use, arg, span };
  if (value.kind !== "error") report(diagnostic("A202", value.span, [`what comes before \`${use === "at" ? "at" : "applied to"}\``, "the name of a tier table", "an expression"]));
  return { kind: "error", span };
}

const SIMPLE_TYPES = new Set(["text", "integer", "decimal", "money", "percent", "boolean", "date"]);
const PERIOD_TYPES = new Set(["month", "quarter", "year"]);

function typeRefOf(t: IToken): TypeRef {
  const span = spanOf(t, t);
  if (SIMPLE_TYPES.has(t.image)) return { kind: t.image as "text", span };
  if (PERIOD_TYPES.has(t.image)) return { kind: "period", grain: t.image as Grain, span };
  return { kind: "unknown", name: nameOf(t), span };
}

/** The one parser instance: Chevrotain parsers are built once and reset per input. */
export const planParser = new PlanParser();

/** Token types by name, for messages that speak of what was expected. */
export type { TokenType };
