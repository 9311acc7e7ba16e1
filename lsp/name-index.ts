/**
 * The names of a plan: every declaration (with its span and doc comment) and every place a
 * declared name is used, built from the syntax tree alone so that it is ready as soon as the
 * plan is parsed, errors or not. Definition, references, rename, hover and semantic tokens all
 * read it.
 *
 * Keys: a top-level name is its own key (`net_sales`, `sale`); a field is `record.field`
 * (`sale.amount`); the built-in names of credits and groups are `credit.amount`, `payee`,
 * `period` (references without a declaration). Labels (`labels.ts`) are `role:rep`,
 * `reason:duplicate` and `value:partners.level:regional`; an output's column is
 * `column:<offset of the output>:deal_id`, used by its `sorted by`.
 */
import type { Decl, Expr, Name, PlanFile, Span } from "../language/syntax.js";
import { creditStmts, forEachExpr } from "../language/walk.js";
import { declareLabels, referLabels } from "./labels.js";
import { touches } from "./ranges.js";

/** What a declared name is. */
export type DeclKind = "input" | "table" | "field" | "measure" | "tiers" | "rates" | "pay" | "window" | "balance" | "constant" | "role" | "reason" | "value" | "column";

/** The kinds that share the plan's one namespace of top-level names. */
const TOP_LEVEL_KINDS: ReadonlySet<DeclKind> = new Set(["input", "table", "measure", "tiers", "rates", "pay", "window", "balance", "constant"]);

/** A declared name. */
export interface Declaration {
  key: string;
  name: string;
  kind: DeclKind;
  /** The name as written in the declaration. */
  span: Span;
  /** The whole declaration (or field). */
  declSpan: Span;
  /** The record of a field. */
  record?: string;
  /** What a value or a column belongs to: its enumeration field (`partners.level`) or its output's file. */
  owner?: string;
  /** A role or reason given by a statement (`as rep`, `exclude duplicate`): each of them defines it. */
  given?: boolean;
  /** A bare output column (`payee`): the name is also a use of what it names, which the cursor means first. */
  bare?: boolean;
  doc?: string;
}

/** A use of a name. */
export interface Reference {
  key: string;
  span: Span;
  /** A bare output column (`period`, `net_sales`): the name is also the column's, which a rename must keep. */
  column?: boolean;
}

/** The name under a cursor: a declaration's own name or a reference. */
export interface NameAt {
  key: string;
  span: Span;
  declaration?: Declaration;
  /** True when the cursor is on the declaration itself. */
  isDeclaration: boolean;
}

/** The built-in members of `credit` and names of a payee-period group. */
export const BUILTIN_NAMES = ["credit.amount", "credit.payee", "credit.role", "credit.date", "credit.month", "credit.quarter", "credit.year", "payee", "period"] as const;

/** Declarations and references of one plan. */
export class NameIndex {
  readonly declarations = new Map<string, Declaration>();
  /** Every declaration, duplicates included, in source order. */
  readonly allDeclarations: Declaration[] = [];
  readonly references: Reference[] = [];

  /** Records a declaration; the first of a key is the one definition leads to. */
  declare(d: Declaration): void {
    if (!d.span || !d.name) return;
    this.allDeclarations.push(d);
    if (!this.declarations.has(d.key)) this.declarations.set(d.key, d);
  }

  /** Records a use of a key. */
  refer(key: string, span: Span | undefined, column = false): void {
    if (span && key) this.references.push({ key, span, ...(column ? { column } : {}) });
  }

  /** The declaration or reference at an offset, if any (a bare column only when its name refers to nothing). */
  at(offset: number): NameAt | undefined {
    const declaredAt = (d: Declaration): NameAt => ({ key: d.key, span: d.span, declaration: this.declarations.get(d.key), isDeclaration: true });
    const bare = this.allDeclarations.find((d) => d.bare && touches(d.span, offset));
    for (const d of this.allDeclarations) {
      if (!d.bare && touches(d.span, offset)) return declaredAt(d);
    }
    let best: Reference | undefined;
    for (const r of this.references) {
      if (touches(r.span, offset) && (!best || r.span.end - r.span.start < best.span.end - best.span.start)) best = r;
    }
    if (!best) return bare && declaredAt(bare);
    return { key: best.key, span: best.span, declaration: this.declarations.get(best.key), isDeclaration: false };
  }

  /** Every use of a key, in source order. */
  referencesTo(key: string): Reference[] {
    return this.references.filter((r) => r.key === key);
  }

  /** The fields of a record, in declaration order. */
  fieldsOf(record: string): Declaration[] {
    return this.allDeclarations.filter((d) => d.kind === "field" && d.record === record);
  }

  /** Top-level declarations of some kinds (all of them when none is given), in source order. */
  topLevel(...kinds: DeclKind[]): Declaration[] {
    return this.allDeclarations.filter((d) => TOP_LEVEL_KINDS.has(d.kind) && (kinds.length === 0 || kinds.includes(d.kind)));
  }
}

/** Builds the name index of a parsed plan. */
export function buildNameIndex(plan: PlanFile): NameIndex {
  const index = new NameIndex();
  const declare = (d: Declaration) => index.declare(d);
  for (const decl of plan.decls) {
    if (!decl?.span) continue;
    const top = topLevelKind(decl);
    if (top && "name" in decl && decl.name) declare({ key: decl.name.text, name: decl.name.text, kind: top, span: decl.name.span, declSpan: decl.span, ...(decl.doc ? { doc: decl.doc } : {}) });
    if (decl.kind === "record" && decl.name) {
      for (const f of decl.fields ?? []) {
        if (!f?.name) continue;
        declare({ key: `${decl.name.text}.${f.name.text}`, name: f.name.text, kind: "field", span: f.name.span, declSpan: f.span, record: decl.name.text, ...(f.doc ? { doc: f.doc } : {}) });
      }
    }
  }
  declareLabels(plan, index);
  for (const decl of plan.decls) if (decl?.kind === "output" && decl.span) declareColumns(decl, index);
  const refer = (key: string, span: Span | undefined, column = false) => index.refer(key, span, column);
  const referName = (name: Name | undefined, column = false) => {
    if (name?.text && index.declarations.has(name.text) && index.declarations.get(name.text)!.kind !== "field") refer(name.text, name.span, column);
  };
  const isRecord = (text: string) => {
    const d = index.declarations.get(text);
    return d?.kind === "input" || d?.kind === "table";
  };
  const referField = (record: string, field: Name | undefined) => {
    if (field && isRecord(record)) refer(`${record}.${field.text}`, field.span);
  };

  forEachExpr(plan, (e: Expr) => {
    switch (e.kind) {
      case "name":
        if (e.name.text === "payee" || e.name.text === "period") refer(e.name.text, e.name.span);
        else referName(e.name);
        break;
      case "member": {
        const object = e.object;
        if (object?.kind === "name" && object.name.text === "credit") refer(`credit.${e.member.text}`, e.member.span);
        else if (object?.kind === "name") referField(object.name.text, e.member);
        else if (object?.kind === "index" && object.object?.kind === "name") referField(object.object.name.text, e.member);
        break;
      }
      case "tier": referName(e.table); break;
      case "within": referName(e.window); break;
      case "atPeriod": referName(e.measure); break;
      case "closing": referName(e.balance); break;
      case "parentOf": referName(e.hierarchy); break;
      default: break;
    }
  });

  for (const decl of plan.decls) {
    if (!decl?.span) continue;
    switch (decl.kind) {
      case "record":
        for (const k of decl.key ?? []) referField(decl.name.text, k);
        if (decl.links) for (const n of [decl.links.child, decl.links.parent, decl.links.validFrom, decl.links.validTo]) referField(decl.name.text, n);
        break;
      case "credit":
        referName(decl.input);
        for (const stmt of creditStmts(decl.body)) {
          if (stmt.kind !== "share" || !stmt.target) continue;
          if (stmt.target.kind === "each") {
            referName(stmt.target.table);
            referField(stmt.target.table.text, stmt.target.field);
          } else if (stmt.target.kind === "ancestors") referName(stmt.target.hierarchy);
        }
        break;
      case "output":
        for (const c of decl.columns ?? []) {
          if (!c?.name || c.value) continue;
          if (c.name.text === "payee" || c.name.text === "period") refer(c.name.text, c.name.span, true);
          else referName(c.name, true);
        }
        // `sorted by` names the output's columns, not measures.
        for (const s of decl.sortBy ?? []) if (s?.text && index.declarations.has(columnKey(decl, s.text))) refer(columnKey(decl, s.text), s.span);
        break;
      case "combined":
        for (const p of decl.pays ?? []) referName(p);
        break;
      default:
        break;
    }
  }
  referLabels(plan, index);
  index.allDeclarations.sort((a, b) => a.span.start - b.span.start);
  index.references.sort((a, b) => a.span.start - b.span.start);
  return index;
}

type OutputDecl = Extract<Decl, { kind: "output" }>;

/** The key of an output's column: outputs may share column names, so the output's offset tells them apart. */
function columnKey(output: OutputDecl, name: string): string {
  return `column:${output.span.start}:${name}`;
}

/** Declares the columns of an output, each named by its header. */
function declareColumns(output: OutputDecl, index: NameIndex): void {
  for (const c of output.columns ?? []) {
    if (!c?.name?.text) continue;
    const declSpan = { start: c.name.span.start, end: c.value?.span?.end ?? c.name.span.end };
    index.declare({ key: columnKey(output, c.name.text), name: c.name.text, kind: "column", span: c.name.span, declSpan, owner: output.file?.text ?? "", ...(c.value ? {} : { bare: true }) });
  }
}

function topLevelKind(decl: Decl): DeclKind | undefined {
  switch (decl.kind) {
    case "record": return decl.role;
    case "measure": case "tiers": case "rates": case "pay": case "window": case "balance": case "constant": return decl.kind;
    case "credit": case "output": case "participants": case "combined": case "reasons": return undefined;
  }
}
