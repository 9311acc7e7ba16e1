/**
 * The vocabulary of plan files. Keywords are words a comp designer reads aloud; most of them
 * are also allowed as field and column names (a table may well have a `date` or `key` column),
 * which is what the `NameLike` category is for.
 */
import { createToken, Lexer, type TokenType } from "chevrotain";

/** Any token that can stand as a name after `.` or in a field declaration. */
export const NameLike = createToken({ name: "NameLike", pattern: Lexer.NA });
/**
 * Keywords that may also name things (a measure called `units`, a field called `key`): they
 * never start an expression or a statement, so the parser can tell them apart by position.
 */
export const SoftKeyword = createToken({ name: "SoftKeyword", pattern: Lexer.NA, categories: [NameLike] });

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [NameLike] });

const keywordTokens: TokenType[] = [];

function keyword(word: string, soft = false): TokenType {
  const t = createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(`${word}\\b`),
    longer_alt: Identifier,
    categories: soft ? [SoftKeyword, NameLike] : [NameLike],
  });
  keywordTokens.push(t);
  return t;
}

// Declarations.
export const Plan = keyword("plan");
export const Version = keyword("version", true);
export const Currency = keyword("currency", true);
export const Periods = keyword("periods", true);
export const Window = keyword("window");
export const Input = keyword("input");
export const Table = keyword("table");
export const Credit = keyword("credit", true);
export const Payee = keyword("payee", true);
export const Measure = keyword("measure");
export const Constant = keyword("constant", true);
export const Tiers = keyword("tiers");
export const Rates = keyword("rates");
export const Pay = keyword("pay");
export const Output = keyword("output");
export const Participants = keyword("participants");
export const Balance = keyword("balance");
export const Combined = keyword("combined");
export const History = keyword("history", true);
export const Every = keyword("every");
export const Budget = keyword("budget", true);
export const Starts = keyword("starts");
export const Becomes = keyword("becomes");
export const Closing = keyword("closing");
export const Earlier = keyword("earlier", true);
export const Any = keyword("any");
export const Previous = keyword("previous", true);
export const This = keyword("this", true);
export const Parent = keyword("parent");
export const Sharing = keyword("sharing");
export const Rank = keyword("rank");
export const First = keyword("first");
export const Over = keyword("over");
export const For = keyword("for");
export const Reasons = keyword("reasons");
// Declaration parts.
export const Monthly = keyword("monthly", true);
export const Quarterly = keyword("quarterly", true);
export const Yearly = keyword("yearly", true);
export const From = keyword("from");
export const To = keyword("to");
export const Optional = keyword("optional", true);
export const Format = keyword("format", true);
export const Key = keyword("key", true);
export const Encoding = keyword("encoding", true);
export const Numbers = keyword("numbers", true);
export const Links = keyword("links", true);
export const Valid = keyword("valid", true);
export const One = keyword("one", true);
export const Of = keyword("of");
export const Each = keyword("each");
export const On = keyword("on");
export const As = keyword("as");
export const Exclude = keyword("exclude");
export const Overlay = keyword("overlay", true);
export const Remainder = keyword("remainder", true);
export const Ancestor = keyword("ancestor", true);
export const Per = keyword("per");
export const Marginal = keyword("marginal", true);
export const Retroactive = keyword("retroactive", true);
export const Below = keyword("below", true);
export const Unit = keyword("unit", true);
export const By = keyword("by");
export const Otherwise = keyword("otherwise");
export const When = keyword("when");
export const Cap = keyword("cap", true);
export const Floor = keyword("floor", true);
export const Sorted = keyword("sorted", true);
// Expressions.
export const If = keyword("if");
export const Then = keyword("then");
export const Else = keyword("else");
export const And = keyword("and");
export const Or = keyword("or");
export const Not = keyword("not");
export const In = keyword("in");
export const Is = keyword("is");
export const Present = keyword("present", true);
export const Absent = keyword("absent");
export const True = keyword("true");
export const False = keyword("false");
export const Sum = keyword("sum");
export const Count = keyword("count");
export const Distinct = keyword("distinct", true);
export const Minimum = keyword("minimum");
export const Maximum = keyword("maximum");
export const Average = keyword("average");
export const Where = keyword("where");
export const Within = keyword("within");
export const Having = keyword("having", true);
export const Days = keyword("days");
export const At = keyword("at");
export const Applied = keyword("applied");
export const Rounded = keyword("rounded");
export const Half = keyword("half", true);
export const Up = keyword("up", true);
export const Down = keyword("down", true);
export const Even = keyword("even", true);
export const Cents = keyword("cents", true);
export const Decimals = keyword("decimals", true);
export const Whole = keyword("whole", true);
export const Units = keyword("units", true);

/** `2026-03-15` */
export const DateLiteral = createToken({ name: "DateLiteral", pattern: /\d{4}-\d{2}-\d{2}(?![\d-])/ });
/** `4.5%` */
export const PercentLiteral = createToken({ name: "PercentLiteral", pattern: /\d+(?:\.\d+)?%/ });
/** Money is written with thousands separators (`15,000`) or with exactly two decimals (`15000.00`). */
export const MoneyLiteral = createToken({ name: "MoneyLiteral", pattern: /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{2}(?!\d)/ });
/** A plain number: a count, an integer, a decimal ratio. */
export const NumberLiteral = createToken({ name: "NumberLiteral", pattern: /\d+(?:\.\d+)?/ });
/**
 * A quoted text. An unclosed one runs to the end of its line (and the lexer reports it): were it
 * not a token, every later `"` on the line would start another failing scan, quadratic in the
 * line's length, each with its own error.
 */
export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\r\n]|\\.)*"?/ });
/** A quoted text that is closed on its line. */
export const CLOSED_STRING = /^"(?:[^"\\\r\n]|\\.)*"$/;

export const DocComment = createToken({ name: "DocComment", pattern: /\/\/\/[^\r\n]*/, group: "comments" });
// Comments are kept in their own group (the parser never sees them) so the formatter can keep them.
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\r\n]*/, group: "comments" });
// An unclosed block comment runs to the end of the file (reported by the lexer), for the same reason.
export const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*(?:[^*]|\*(?!\/))*(?:\*\/)?/, group: "comments", line_breaks: true });
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /\s+/, group: Lexer.SKIPPED, line_breaks: true });

export const LBrace = createToken({ name: "LBrace", pattern: "{" });
export const RBrace = createToken({ name: "RBrace", pattern: "}" });
export const LParen = createToken({ name: "LParen", pattern: "(" });
export const RParen = createToken({ name: "RParen", pattern: ")" });
export const LBracket = createToken({ name: "LBracket", pattern: "[" });
export const RBracket = createToken({ name: "RBracket", pattern: "]" });
export const Comma = createToken({ name: "Comma", pattern: "," });
export const Colon = createToken({ name: "Colon", pattern: ":" });
export const Dot = createToken({ name: "Dot", pattern: "." });
export const LessEqual = createToken({ name: "LessEqual", pattern: /<=|≤/ });
export const GreaterEqual = createToken({ name: "GreaterEqual", pattern: />=|≥/ });
export const NotEqual = createToken({ name: "NotEqual", pattern: /<>|!=|≠/ });
export const Less = createToken({ name: "Less", pattern: "<" });
export const Greater = createToken({ name: "Greater", pattern: ">" });
export const Equals = createToken({ name: "Equals", pattern: "=" });
export const Plus = createToken({ name: "Plus", pattern: "+" });
export const Minus = createToken({ name: "Minus", pattern: "-" });
export const Times = createToken({ name: "Times", pattern: /\*|×/ });
export const Divide = createToken({ name: "Divide", pattern: /\/|÷/ });

/** All tokens, in the order the lexer must try them. */
export const allTokens: TokenType[] = [
  WhiteSpace, DocComment, LineComment, BlockComment,
  DateLiteral, PercentLiteral, MoneyLiteral, NumberLiteral, StringLiteral,
  ...keywordTokens,
  Identifier, NameLike, SoftKeyword,
  LBrace, RBrace, LParen, RParen, LBracket, RBracket, Comma, Colon, Dot,
  LessEqual, GreaterEqual, NotEqual, Less, Greater, Equals, Plus, Minus, Times, Divide,
];

/** The keywords, for completion and highlighting. */
export const keywords: readonly string[] = keywordTokens.map((t) => String((t.PATTERN as RegExp).source.replace("\\b", "")));

/**
 * The keyword each word stands for. A keyword's pattern (`word\b`, longer alternative
 * Identifier) matches exactly where Identifier matches the whole word, so the lexer can match
 * every word as an Identifier and look its keyword up here (see lexer.ts): one pattern tried per
 * word instead of every keyword that starts with the same letter.
 */
export const keywordOfWord: ReadonlyMap<string, TokenType> = new Map(keywordTokens.map((t, i) => [keywords[i]!, t]));

/** What the lexer matches: the keywords come out of Identifier (keywordOfWord). */
export const lexedTokens: TokenType[] = allTokens.filter((t) => !keywordTokens.includes(t));
