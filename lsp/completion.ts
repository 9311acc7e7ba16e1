/**
 * Completion. Which words may come next is asked of the grammar itself (Chevrotain's content
 * assist over the tokens of the declaration being written), so the keywords offered are exactly
 * those valid at the cursor. Where the grammar expects a name, the tokens just before the cursor
 * say which names: the fields of a record after `record.`, the members of `credit.`, grains after
 * `per payee per`, windows after `within`, inputs after `of each`, types after `field:`, enum
 * values after `level =`, and in expressions the plan's measures, tables, tier and rate tables,
 * the functions `min`, `max`, `abs`, and `credit`, `payee`, `period`.
 * (One file, a little over 300 lines: both questions read the same tokens before the cursor.)
 */
import type { IToken, TokenType } from "chevrotain";
import { CompletionItemKind, type CompletionItem } from "vscode-languageserver";
import { planParser } from "../language/parser.js";
import type { Decl, Expr, FieldDecl, Name } from "../language/syntax.js";
import { keywords } from "../language/tokens.js";
import { creditStmts } from "../language/walk.js";
import type { ParsedDocument } from "./documents.js";
import type { Declaration } from "./name-index.js";
import { fieldTypeLabel, typeLabel, type PlanTypes } from "./plan-types.js";
import { TEXT_ENCODINGS } from "../runtime/schema.js";

const KEYWORDS = new Set(keywords);
const DECLARATION_WORDS = new Set(["plan", "window", "input", "table", "credit", "measure", "tiers", "rates", "pay", "output", "participants", "balance", "combined", "reasons"]);
/** Tokens that only start an operand: when the grammar expects one of them, names of values fit too. */
const EXPRESSION_STARTS = new Set(["If", "Sum", "Count", "Minimum", "Maximum", "Average", "Days", "LParen"]);
/** Keywords that are only ever written with the next word. */
const PHRASES = new Map<string, string[]>([["half", ["half up", "half even", "half down"]], ["whole", ["whole units"]]]);
const NAME_TOKENS = new Set(["Identifier", "NameLike", "SoftKeyword"]);
const GRAINS = ["month", "quarter", "year"];
const TYPES = ["text", "integer", "decimal", "money", "percent", "boolean", "date", "month", "quarter", "year"];
const CREDIT_MEMBERS: [string, string][] = [
  ["amount", "money: the credited amount"], ["payee", "text: who is credited"], ["role", "text: the role named by `as`"], ["date", "date: the date after `on`"],
  ["month", "the month of the credit's date"], ["quarter", "the quarter of the credit's date"], ["year", "the year of the credit's date"],
];
const FUNCTIONS: [string, string][] = [["min", "min(a, b, ...): the smallest value"], ["max", "max(a, b, ...): the largest value"], ["abs", "abs(x): the value without its sign"]];

/**
 * The plan's names as completion sees them: the current parse, helped by the last parse
 * without syntax errors, since the current one may have lost the declaration being typed.
 */
class KnownNames {
  constructor(private readonly current: ParsedDocument, private readonly clean?: ParsedDocument) {}

  /** Top-level declarations of some kinds, current ones first, each name once. */
  topLevel(...kinds: Declaration["kind"][]): Declaration[] {
    const seen = new Set<string>();
    return [...this.current.names.topLevel(...kinds), ...(this.clean?.names.topLevel(...kinds) ?? [])].filter((d) => !seen.has(d.name) && seen.add(d.name));
  }

  /** An input or table as declared. */
  record(name: string): RecordDecl | undefined {
    return recordDecl(this.current, name) ?? (this.clean && recordDecl(this.clean, name));
  }

  /** The fields of a record, as declared, or as typed so far in the record being written. */
  fields(record: string, declTokens: IToken[] = []): { name: string; field?: FieldDecl; doc?: string }[] {
    const decl = this.record(record);
    if (decl?.fields.length) return decl.fields.filter((f) => f?.name).map((f) => ({ name: f.name.text, field: f, ...(f.doc ? { doc: f.doc } : {}) }));
    const typed = declTokens.filter((_, i) => declTokens[i + 1]?.image === ":" && i > 2).map((t) => t.image);
    return [...new Set(typed)].map((name) => ({ name }));
  }
}

type RecordDecl = Extract<Decl, { kind: "record" }>;

/** The completion items at an offset; `clean` is the last version of the document without syntax errors. */
export function completionsAt(parsed: ParsedDocument, offset: number, types?: PlanTypes, clean?: ParsedDocument): CompletionItem[] {
  const known = new KnownNames(parsed, clean);
  const text = parsed.text;
  if (insideCommentOrString(parsed, offset)) return [];
  let wordStart = offset;
  while (wordStart > 0 && /[A-Za-z0-9_]/.test(text[wordStart - 1]!)) wordStart--;
  const before = tokensBefore(parsed.tokens, wordStart);
  const prev = before[before.length - 1];
  const currency = types?.currency ?? parsed.plan.header?.currency?.text ?? "USD";

  if (prev?.image === "." && prev.startOffset + 1 === wordStart) return memberItems(known, before, currency);

  const declStart = currentDeclarationStart(before, text);
  const expected = expectedTokens(before.slice(declStart));
  const items = new Map<string, CompletionItem>();
  const add = (item: CompletionItem) => {
    if (!items.has(item.label)) items.set(item.label, item);
  };
  let expectsName = false;
  let expectsExpression = false;
  for (const type of expected) {
    const name = type.name;
    if (NAME_TOKENS.has(name)) expectsName = true;
    if (EXPRESSION_STARTS.has(name)) expectsExpression = true;
    const word = name.toLowerCase();
    if (!KEYWORDS.has(word) || !/^[A-Z][a-z]+$/.test(name)) continue;
    for (const phrase of PHRASES.get(word) ?? [word]) add(keyword(phrase));
  }
  if (expected.size === 0 && /(^|\n)$/.test(text.slice(0, wordStart))) {
    for (const w of DECLARATION_WORDS) if (w !== "plan" || !parsed.plan.header) add(keyword(w));
  }
  if (expectsName || expectsExpression) {
    for (const item of nameItems(parsed, known, before, before.slice(declStart), expectsExpression, currency, types)) add(item);
  }
  return ranked([...items.values()]);
}

/**
 * Items in their groups (sortText's first character: 0 what fits best here, 1 the plan's names,
 * 2 built-ins, 3 keywords), in the order they were found within a group; sortText is rewritten
 * so that editors show that same order.
 */
function ranked(items: CompletionItem[]): CompletionItem[] {
  const group = (i: CompletionItem) => i.sortText?.[0] ?? "9";
  return items
    .map((item, n) => ({ item, n }))
    .sort((a, b) => group(a.item).localeCompare(group(b.item)) || a.n - b.n)
    .map(({ item }, n) => ({ ...item, sortText: `${group(item)}${String(n).padStart(4, "0")}` }));
}

function keyword(word: string): CompletionItem {
  return { label: word, kind: CompletionItemKind.Keyword, sortText: `3${word}` };
}

function insideCommentOrString(parsed: ParsedDocument, offset: number): boolean {
  const inside = (t: IToken) => t.startOffset < offset && offset < t.startOffset + t.image.length + (t.image.startsWith("//") ? 1 : 0);
  return parsed.comments.some(inside) || parsed.tokens.some((t) => t.tokenType.name === "StringLiteral" && inside(t));
}

/** The tokens that end before an offset. */
function tokensBefore(tokens: IToken[], offset: number): IToken[] {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.startOffset + tokens[mid]!.image.length <= offset) lo = mid + 1;
    else hi = mid;
  }
  return tokens.slice(0, lo);
}

/**
 * Where the declaration being written starts: its keyword, first on its line (a field named
 * `credit:` or `credit.amount` at the start of a continued line is not one); 0 in the header.
 */
function currentDeclarationStart(before: IToken[], text: string): number {
  for (let i = before.length - 1; i >= 0; i--) {
    const t = before[i]!;
    const next = before[i + 1]?.image;
    if (DECLARATION_WORDS.has(t.image) && firstOnLine(t, text) && next !== "." && next !== ":" && next !== "=") return i;
  }
  return 0;
}

/**
 * The token types the grammar accepts after the tokens of the declaration being written.
 * Content assist replays only that declaration, so its cost does not grow with the plan.
 */
function expectedTokens(declTokens: IToken[]): Set<TokenType> {
  // Content assist explores every grammar path through the tokens, which grows faster than the
  // nesting (80 parentheses take a fifth of a second, 5,000 exhaust the memory): past what the
  // parser accepts, or past a very long declaration, no keyword is offered.
  if (declTokens.length > MAX_ASSIST_TOKENS || bracketDepth(declTokens) > MAX_ASSIST_DEPTH) return new Set();
  try {
    return new Set(planParser.computeContentAssist("planFile", declTokens).map((p) => p.nextTokenType));
  } catch {
    return new Set();
  }
}

/** Declarations longer than this many tokens get no keyword completion. */
const MAX_ASSIST_TOKENS = 4000;
/** Nor do declarations nested deeper than this (the parser stops at about 27 levels). */
const MAX_ASSIST_DEPTH = 40;

/** The deepest nesting of brackets in a run of tokens. */
function bracketDepth(tokens: IToken[]): number {
  let depth = 0;
  let deepest = 0;
  for (const t of tokens) {
    if (t.image === "(" || t.image === "[" || t.image === "{") deepest = Math.max(deepest, ++depth);
    else if (t.image === ")" || t.image === "]" || t.image === "}") depth = Math.max(0, depth - 1);
  }
  return deepest;
}

function firstOnLine(t: IToken, text: string): boolean {
  const lineStart = text.lastIndexOf("\n", t.startOffset - 1) + 1;
  return text.slice(lineStart, t.startOffset).trim() === "";
}

/** After `x.`: the fields of record x, of a looked-up table row `t[...]`, or the members of `credit`. */
function memberItems(known: KnownNames, before: IToken[], currency: string): CompletionItem[] {
  const object = before[before.length - 2];
  if (!object) return [];
  if (object.image === "credit") {
    return CREDIT_MEMBERS.map(([label, detail], i) => ({ label, kind: CompletionItemKind.Property, detail, sortText: `0${i}` }));
  }
  let record = object.image;
  if (object.image === "]") {
    let depth = 0;
    for (let i = before.length - 2; i >= 0; i--) {
      const img = before[i]!.image;
      if (img === "]") depth++;
      else if (img === "[" && --depth === 0) {
        record = before[i - 1]?.image ?? "";
        break;
      }
    }
  }
  return known.fields(record).map((f) => fieldItem(f, currency));
}

function fieldItem(f: { name: string; field?: FieldDecl; doc?: string }, currency: string): CompletionItem {
  return {
    label: f.name, kind: CompletionItemKind.Field, sortText: `0${f.name}`,
    ...(f.field ? { detail: fieldTypeLabel(f.field, currency) } : {}),
    ...(f.doc ? { documentation: f.doc } : {}),
  };
}

function recordDecl(parsed: ParsedDocument, name: string): RecordDecl | undefined {
  return parsed.plan.decls.find((d): d is RecordDecl => d?.kind === "record" && d.name?.text === name);
}

/** The names that fit where the grammar expects a name, judged by the tokens before the cursor. */
function nameItems(parsed: ParsedDocument, known: KnownNames, before: IToken[], declTokens: IToken[], expression: boolean, currency: string, types?: PlanTypes): CompletionItem[] {
  const [p3, p2, p1] = [before[before.length - 3]?.image, before[before.length - 2]?.image, before[before.length - 1]?.image];
  const kind = declTokens[0]?.image;
  const offset = declTokens[0]?.startOffset ?? 0;
  const decl = parsed.plan.decls.find((d) => d?.span?.start === offset);
  const top = (kinds: Declaration["kind"][], kind: CompletionItemKind) => known.topLevel(...kinds).map((d) => ({ label: d.name, kind, detail: d.kind, sortText: `1${d.name}`, ...(d.doc ? { documentation: d.doc } : {}) }));
  const plain = (labels: string[], kind: CompletionItemKind, detail?: string) => labels.map((label, i) => ({ label, kind, sortText: `0${String(i).padStart(2, "0")}`, ...(detail ? { detail } : {}) }));

  if (p1 === "per") {
    if (p2 === "payee") return plain(GRAINS, CompletionItemKind.EnumMember, "period grain");
    return plain([...GRAINS, ...(kind === "output" ? ["exclusion", "payout"] : [])], CompletionItemKind.EnumMember, "period");
  }
  if (p1 === "within") return [...top(["window"], CompletionItemKind.Event), ...plain(["plan"], CompletionItemKind.Keyword, "the plan's whole span")];
  if (p1 === "each" && p2 === "of") return top(["input"], CompletionItemKind.Struct);
  if (p1 === "each") return top(["table"], CompletionItemKind.Struct);
  if (p1 === "in" && (p3 === "of" || before.slice(-5).some((t) => t.image === "ancestor" || t.image === "parent"))) {
    return known.topLevel("table").filter((d) => known.record(d.name)?.links).map((d) => ({ label: d.name, kind: CompletionItemKind.Struct, detail: "hierarchy" }));
  }
  const record = kind === "input" || kind === "table" ? declTokens[1]?.image : undefined;
  if (record && (p1 === ":" || p1 === "optional")) return plain(TYPES, CompletionItemKind.TypeParameter, "type");
  if (record && (p1 === "key" || p1 === "," || p1 === "links" || p1 === "to" || p1 === "from")) {
    return known.fields(record, declTokens).map((f) => fieldItem(f, currency));
  }
  if (record && p1 === "encoding") return plain([...TEXT_ENCODINGS], CompletionItemKind.EnumMember, "encoding");
  if (record && p1 === "as") return plain(["fraction", "number"], CompletionItemKind.EnumMember, "what a bare percent means");
  if (p1 === "as") return plain(roles(parsed), CompletionItemKind.EnumMember, "role");
  if (p1 === "closing") return top(["balance"], CompletionItemKind.Variable);
  if (kind === "combined" && (p1 === "on" || p1 === ",")) return top(["pay"], CompletionItemKind.Function);
  if (decl?.kind === "output" && (p1 === "by" || (p1 === "," && before.some((t) => t.image === "sorted" && t.startOffset > decl.span.start)))) {
    return plain(decl.columns.map((c) => c.name.text), CompletionItemKind.Field, "column");
  }
  if (kind === "rates" && p1 === "by") return top(["table", "input"], CompletionItemKind.Struct);
  if (decl?.kind === "rates" && (p1 === "{" || before[before.length - 1]?.tokenType.name.endsWith("Literal"))) {
    const values = enumValuesOf(parsed, known, decl.keyedBy, types);
    const used = new Set(decl.entries.map((e) => e.key.text));
    return plain(values.filter((v) => !used.has(v)), CompletionItemKind.EnumMember, "key");
  }
  if (!expression) return [];

  const items: CompletionItem[] = [];
  const operand = comparedOperand(before);
  if (operand) items.push(...plain(enumValuesOf(parsed, known, operand, types), CompletionItemKind.EnumMember, "value"));
  const measureDetail = (d: Declaration) => {
    const t = types?.names.get(d.name);
    return t ? `${d.kind}: ${typeLabel(t.ty, currency)}` : d.kind;
  };
  for (const d of known.topLevel("measure", "balance")) items.push({ label: d.name, kind: CompletionItemKind.Variable, detail: measureDetail(d), sortText: `1${d.name}`, ...(d.doc ? { documentation: d.doc } : {}) });
  items.push(...top(["input", "table"], CompletionItemKind.Struct));
  items.push(...top(["tiers", "rates"], CompletionItemKind.Function));
  for (const [label, detail] of FUNCTIONS) items.push({ label, kind: CompletionItemKind.Function, detail, sortText: `2${label}` });
  for (const label of ["credit", "payee", "period"]) items.push({ label, kind: CompletionItemKind.Variable, detail: "built in", sortText: `2${label}` });
  return items;
}

/** The roles named so far by `as` in credit rules. */
function roles(parsed: ParsedDocument): string[] {
  const out = new Set<string>();
  for (const d of parsed.plan.decls) {
    if (d?.kind !== "credit") continue;
    for (const s of creditStmts(d.body)) if (s.kind === "share" && s.role?.text) out.add(s.role.text);
  }
  return [...out];
}

/**
 * The left side of a comparison being written (`credit.role = `, `level in (north, `), read off
 * the tokens before the operator: a name, `record.field`, `table[...].field` or `credit.member`.
 */
function comparedOperand(before: IToken[]): Expr | undefined {
  let i = before.length - 1;
  if (before[i]?.image === "(" || before[i]?.image === ",") {
    let j = i;
    while (j >= 0 && before[j]!.image !== "(") j--;
    if (j < 1 || before[j - 1]!.image !== "in") return undefined;
    i = j - 1;
  }
  if (!["=", "<>", "!=", "≠", "in"].includes(before[i]?.image ?? "")) return undefined;
  const last = before[i - 1];
  if (!last || !/^[A-Za-z_]/.test(last.image)) return undefined;
  if (before[i - 2]?.image !== ".") return { kind: "name", name: nameOf(last), span: nameOf(last).span };
  const object = before[i - 3];
  if (!object) return undefined;
  const member = nameOf(last);
  if (object.image === "]") {
    let depth = 0;
    for (let k = i - 3; k >= 1; k--) {
      const img = before[k]!.image;
      if (img === "]") depth++;
      else if (img === "[" && --depth === 0) {
        const table = nameOf(before[k - 1]!);
        const lookup: Expr = { kind: "index", object: { kind: "name", name: table, span: table.span }, keys: [], span: table.span };
        return { kind: "member", object: lookup, member, span: member.span };
      }
    }
    return undefined;
  }
  const o = nameOf(object);
  return { kind: "member", object: { kind: "name", name: o, span: o.span }, member, span: { start: o.span.start, end: member.span.end } };
}

function nameOf(t: IToken): Name {
  return { text: t.image, span: { start: t.startOffset, end: t.startOffset + t.image.length } };
}

/** The values an expression of enumeration type can take: roles for `credit.role`, an enum field's values, an enum measure's. */
function enumValuesOf(parsed: ParsedDocument, known: KnownNames, e: Expr, types?: PlanTypes, depth = 0): string[] {
  if (depth > 8) return [];
  if (e.kind === "member") {
    const object = e.object;
    if (object.kind === "name" && object.name.text === "credit") return e.member.text === "role" ? roles(parsed) : [];
    const record = object.kind === "name" ? object.name.text : object.kind === "index" && object.object.kind === "name" ? object.object.name.text : undefined;
    const field = record ? known.record(record)?.fields.find((f) => f.name.text === e.member.text) : undefined;
    return field?.type.kind === "enum" ? field.type.values.map((v) => v.text) : [];
  }
  if (e.kind === "name") {
    const t = types?.names.get(e.name.text);
    if (t?.ty.kind === "enum") return t.ty.values;
    const measure = parsed.plan.decls.find((d) => d?.kind === "measure" && d.name.text === e.name.text);
    if (measure?.kind === "measure" && measure.value) return enumValuesOf(parsed, known, measure.value, types, depth + 1);
  }
  return [];
}
