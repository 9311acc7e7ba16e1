/**
 * Labels: names that are values, not declarations. A role is given by `as rep` in credit
 * statements, an exclusion reason by `exclude duplicate` (and declared by `reasons`), an
 * enumeration value by its field's `one of` list. The parser reads a label compared in an
 * expression (`credit.role = rep`) as a plain name, so the context decides: the name is a label
 * when the other side of `=`, `<>` or `in (...)` is `credit.role`, `exclusion.reason` or an
 * enumeration field (directly or through the measure that reads it, as `level = regional` in
 * the channel example), and no declared name of that spelling comes first, as in the checker.
 * The keys of a rate table keyed by such a value are labels too.
 */
import { ENGINE_REASONS } from "../compiler/check-expr.js";
import type { Expr, Name, PlanFile } from "../language/syntax.js";
import { creditStmts, forEachExpr } from "../language/walk.js";
import type { NameIndex } from "./name-index.js";

/** What a label belongs to: the roles, the exclusion reasons, or the values of one enumeration field (`value:partners.level`). */
type LabelSet = "role" | "reason" | `value:${string}`;

/** The index key of a label. */
function labelKey(set: LabelSet, name: string): string {
  return `${set}:${name}`;
}

/** True for the reasons the engine gives by itself (`outside_plan_periods`...): labels without a declaration. */
export function isEngineReason(name: string): boolean {
  return ENGINE_REASONS.includes(name);
}

/** Declares every role, exclusion reason and enumeration value of a plan. */
export function declareLabels(plan: PlanFile, index: NameIndex): void {
  // A `reasons` list is where its reasons are defined, wherever it stands, so it is declared first.
  for (const decl of plan.decls) {
    if (decl?.kind !== "reasons") continue;
    for (const n of decl.names ?? []) {
      if (n?.text) index.declare({ key: labelKey("reason", n.text), name: n.text, kind: "reason", span: n.span, declSpan: decl.span, ...(decl.doc ? { doc: decl.doc } : {}) });
    }
  }
  for (const decl of plan.decls) {
    if (decl?.kind === "record" && decl.name) {
      for (const f of decl.fields ?? []) {
        if (f?.type?.kind !== "enum" || !f.name) continue;
        const owner = `${decl.name.text}.${f.name.text}`;
        for (const v of f.type.values ?? []) {
          if (v?.text) index.declare({ key: labelKey(`value:${owner}`, v.text), name: v.text, kind: "value", span: v.span, declSpan: f.span, owner });
        }
      }
    } else if (decl?.kind === "credit") {
      for (const stmt of creditStmts(decl.body)) {
        const given = stmt.kind === "share" ? { label: stmt.role, kind: "role" as const } : stmt.kind === "exclude" ? { label: stmt.reason, kind: "reason" as const } : undefined;
        if (!given?.label?.text) continue;
        index.declare({ key: labelKey(given.kind, given.label.text), name: given.label.text, kind: given.kind, span: given.label.span, declSpan: stmt.span, given: true });
      }
    }
  }
}

/** Records every label compared in an expression or written as a rate table's key; call after the plan's names are declared. */
export function referLabels(plan: PlanFile, index: NameIndex): void {
  const context = new LabelContext(plan);
  const referTo = (set: LabelSet | undefined, e: Expr | undefined) => {
    if (!set || e?.kind !== "name" || !e.name?.text) return;
    const text = e.name.text;
    // A measure (or any declared name) spelled the same is what the checker reads, not the label.
    if (text === "payee" || text === "period" || index.declarations.has(text)) return;
    referName(set, e.name);
  };
  const referName = (set: LabelSet, name: Name) => {
    const key = labelKey(set, name.text);
    if (index.declarations.has(key) || (set === "reason" && isEngineReason(name.text))) index.refer(key, name.span);
  };
  forEachExpr(plan, (e) => {
    if (e.kind === "binary" && (e.op === "=" || e.op === "<>")) {
      referTo(context.setOf(e.left), e.right);
      referTo(context.setOf(e.right), e.left);
    } else if (e.kind === "in") {
      const set = context.setOf(e.value);
      for (const item of e.list ?? []) referTo(set, item);
    }
  });
  for (const decl of plan.decls) {
    if (decl?.kind !== "rates") continue;
    const set = context.setOf(decl.keyedBy);
    if (!set) continue;
    for (const entry of decl.entries ?? []) if (entry?.key?.text) referName(set, entry.key);
  }
}

/** What an expression's labels are, read from the syntax tree alone. */
class LabelContext {
  private readonly enumFields = new Set<string>();
  private readonly measures = new Map<string, Expr>();

  constructor(plan: PlanFile) {
    for (const decl of plan.decls) {
      if (decl?.kind === "record" && decl.name) {
        for (const f of decl.fields ?? []) if (f?.name && f.type?.kind === "enum") this.enumFields.add(`${decl.name.text}.${f.name.text}`);
      } else if (decl?.kind === "measure" && decl.name?.text && decl.value && !this.measures.has(decl.name.text)) {
        this.measures.set(decl.name.text, decl.value);
      }
    }
  }

  /** The labels an expression takes: `credit.role`, `exclusion.reason`, an enumeration field, or a measure that is one of these. */
  setOf(e: Expr | undefined, depth = 0): LabelSet | undefined {
    if (!e || depth > 8) return undefined;
    if (e.kind === "name") return this.setOf(this.measures.get(e.name?.text ?? ""), depth + 1);
    if (e.kind !== "member" || !e.member?.text) return undefined;
    const object = e.object;
    const base = object?.kind === "name" ? object.name?.text : object?.kind === "index" && object.object?.kind === "name" ? object.object.name?.text : undefined;
    if (object?.kind === "name" && base === "credit") return e.member.text === "role" ? "role" : undefined;
    if (object?.kind === "name" && base === "exclusion") return e.member.text === "reason" ? "reason" : undefined;
    const field = `${base}.${e.member.text}`;
    return base && this.enumFields.has(field) ? `value:${field}` : undefined;
  }
}
