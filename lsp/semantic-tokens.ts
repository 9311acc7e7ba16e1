/**
 * Semantic tokens: colours that follow meaning, not just spelling. A soft keyword used as a
 * name (a field called `date`, a measure called `units`) is coloured as the name it is; field
 * types, enumeration values, tier and rate tables, built-in names (`credit.amount`, `payee`)
 * and doc comments each get their own kind. The TextMate grammar colours the rest before the
 * server answers.
 */
import type { IToken } from "chevrotain";
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from "vscode-languageserver";
import { Identifier } from "../language/tokens.js";
import type { Span } from "../language/syntax.js";
import { creditStmts, forEachExpr } from "../language/walk.js";
import type { ParsedDocument } from "./documents.js";
import type { DeclKind } from "./name-index.js";

const TYPES = ["keyword", "comment", "string", "number", "operator", "type", "struct", "property", "variable", "function", "enumMember"] as const;
const MODIFIERS = ["declaration", "documentation", "readonly", "defaultLibrary"] as const;
type TokenKind = (typeof TYPES)[number];
type Modifier = (typeof MODIFIERS)[number];

/** The legend the server announces: token kinds and modifiers, by index. */
export const semanticTokensLegend: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

const KIND_OF_DECL: Record<DeclKind, TokenKind> = {
  input: "struct", table: "struct", field: "property", measure: "variable", balance: "variable", constant: "variable",
  tiers: "function", rates: "function", pay: "function", window: "variable",
  role: "enumMember", reason: "enumMember", value: "enumMember", column: "property",
};

const OPERATORS = new Set(["Plus", "Minus", "Times", "Divide", "Equals", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual"]);
const NUMBERS = new Set(["NumberLiteral", "MoneyLiteral", "PercentLiteral", "DateLiteral"]);

/** The semantic tokens of a whole plan. */
export function semanticTokens(parsed: ParsedDocument): SemanticTokens {
  const { plan, names, doc } = parsed;
  const key = (s: Span) => `${s.start}:${s.end}`;
  const special = new Map<string, { kind: TokenKind; modifiers: Modifier[] }>();
  for (const decl of plan.decls) {
    if (decl?.kind !== "record") continue;
    for (const f of decl.fields ?? []) {
      if (!f?.type) continue;
      if (f.type.kind === "enum") for (const v of f.type.values) special.set(key(v.span), { kind: "enumMember", modifiers: ["declaration"] });
      else special.set(key(f.type.span), { kind: "type", modifiers: [] });
    }
  }
  for (const decl of plan.decls) {
    // Roles (`as rep`), exclusion reasons and rate keys are labels: enumeration members.
    if (decl?.kind === "credit") {
      for (const stmt of creditStmts(decl.body)) {
        if (stmt.kind === "share" && stmt.role) special.set(key(stmt.role.span), { kind: "enumMember", modifiers: [] });
        if (stmt.kind === "exclude" && stmt.reason) special.set(key(stmt.reason.span), { kind: "enumMember", modifiers: [] });
      }
    }
    if (decl?.kind === "rates") for (const entry of decl.entries ?? []) if (entry?.key) special.set(key(entry.key.span), { kind: "enumMember", modifiers: [] });
  }
  forEachExpr(plan, (e) => {
    if (e.kind === "call") special.set(key(e.fn.span), { kind: "function", modifiers: ["defaultLibrary"] });
  });
  for (const d of names.allDeclarations) {
    // A bare column is coloured as the name it uses; a role or reason given by a statement is a label, not a declaration.
    if (d.bare) continue;
    const modifiers: Modifier[] = d.given ? [] : ["declaration", ...(d.kind === "window" ? (["readonly"] as Modifier[]) : [])];
    special.set(key(d.span), { kind: KIND_OF_DECL[d.kind], modifiers });
  }
  for (const r of names.references) {
    const d = names.declarations.get(r.key);
    if (d) special.set(key(r.span), { kind: KIND_OF_DECL[d.kind], modifiers: d.kind === "window" ? ["readonly"] : [] });
    else special.set(key(r.span), { kind: r.key.startsWith("credit.") ? "property" : r.key.startsWith("reason:") ? "enumMember" : "variable", modifiers: ["defaultLibrary"] });
  }

  const items = [...parsed.tokens.map((t) => ({ t, comment: false })), ...parsed.comments.map((t) => ({ t, comment: true }))].sort((a, b) => a.t.startOffset - b.t.startOffset);
  const builder = new SemanticTokensBuilder();
  const push = (start: number, length: number, kind: TokenKind, modifiers: Modifier[]) => {
    // One entry per line: a token may not span lines (block comments do).
    let offset = start;
    for (const piece of parsed.text.slice(start, start + length).split("\n")) {
      if (piece.length > 0) {
        const p = doc.positionAt(offset);
        builder.push(p.line, p.character, piece.replace(/\r$/, "").length, TYPES.indexOf(kind), modifiers.reduce((bits, m) => bits | (1 << MODIFIERS.indexOf(m)), 0));
      }
      offset += piece.length + 1;
    }
  };
  items.forEach(({ t, comment }, i) => {
    const length = t.image.length;
    if (comment) return push(t.startOffset, length, "comment", t.image.startsWith("///") ? ["documentation"] : []);
    const s = special.get(key({ start: t.startOffset, end: t.startOffset + length }));
    if (s) return push(t.startOffset, length, s.kind, s.modifiers);
    const type = t.tokenType.name;
    if (type === "StringLiteral") return push(t.startOffset, length, "string", []);
    if (NUMBERS.has(type)) return push(t.startOffset, length, "number", []);
    if (OPERATORS.has(type)) return push(t.startOffset, length, "operator", []);
    if (type === "Credit" && nextIsDot(items, i)) return push(t.startOffset, length, "variable", ["defaultLibrary"]);
    if (t.tokenType === Identifier) return push(t.startOffset, length, "variable", []);
    if (/^[a-z]+$/.test(t.image)) return push(t.startOffset, length, "keyword", []);
  });
  return builder.build();
}

function nextIsDot(items: { t: IToken; comment: boolean }[], i: number): boolean {
  for (let j = i + 1; j < items.length; j++) if (!items[j]!.comment) return items[j]!.t.image === ".";
  return false;
}
