/**
 * The types and units of a plan's names, for hover and inlay hints: fields from their declared
 * types (always known), measures, pays and balances from the checked IR. A plan with errors has
 * no IR, so the store keeps the types of the last version that checked (they are shown as such).
 */
import type { PlanIr } from "../compiler/ir.js";
import type { Ty } from "../compiler/types.js";
import type { FieldDecl, Grain, TypeRef } from "../language/syntax.js";

/** What the checker knows of a name's value. */
export interface NameType {
  ty: Ty;
  /** Decimals the value can have, when bounded. */
  scale?: number;
  /** Where it is computed: per credit, or per payee and period. */
  scope?: "credit" | Grain;
}

/** The types of a checked plan's measures, pays and balances, and its currency. */
export interface PlanTypes {
  currency: string;
  names: Map<string, NameType>;
}

/** Types read off a checked plan's IR. */
export function typesOfIr(ir: PlanIr): PlanTypes {
  const names = new Map<string, NameType>();
  for (const m of ir.measures) names.set(m.name, { ty: m.value.ty, ...(m.value.scale !== undefined ? { scale: m.value.scale } : {}), scope: m.scope });
  for (const p of ir.pays) names.set(p.name, { ty: p.value.ty, ...(p.value.scale !== undefined ? { scale: p.value.scale } : {}), scope: p.grain });
  for (const b of ir.balances ?? []) names.set(b.name, { ty: b.start.ty, scale: 2, scope: b.grain });
  return { currency: ir.currency, names };
}

/** A type in a designer's words, with the currency for money: `money (USD)`, `percent`, `one of a, b`. */
export function typeLabel(ty: Ty, currency: string): string {
  switch (ty.kind) {
    case "money": return `money (${currency})`;
    case "percent": return "percent";
    case "count": return "count";
    case "decimal": return "decimal";
    case "number": return "number";
    case "date": return "date";
    case "text": return "text";
    case "boolean": return "yes/no";
    case "period": return ty.grain;
    case "duration": return `${ty.unit}s`;
    case "enum": return `one of ${ty.values.join(", ")}`;
    case "row": return `row of ${ty.table}`;
    case "absent": return "absent";
    case "error": return "unknown (see the errors)";
  }
}

/** `per payee per month` or `per credit`. */
export function scopeLabel(scope: "credit" | Grain | undefined): string {
  if (!scope) return "";
  return scope === "credit" ? "per credit" : `per payee per ${scope}`;
}

/** How exact a value is, for people: `whole cents`, `exact to 4 decimals`, `unrounded`. */
export function exactnessLabel(t: NameType): string {
  if (t.ty.kind === "money") return t.scale !== undefined && t.scale <= 2 ? "whole cents" : "fractions of a cent (round it before paying)";
  if (t.scale === undefined) return "exact, unrounded";
  return t.scale === 0 ? "whole numbers" : `exact to ${t.scale} decimal${t.scale === 1 ? "" : "s"}`;
}

/** A field's declared type as written, with the currency for money: `money (USD)`, `optional date`. */
export function fieldTypeLabel(field: FieldDecl, currency: string): string {
  const base = typeRefLabel(field.type, currency);
  return field.optional ? `optional ${base}` : base;
}

function typeRefLabel(t: TypeRef | undefined, currency: string): string {
  if (!t) return "unknown";
  switch (t.kind) {
    case "money": return `money (${currency})`;
    case "period": return t.grain;
    case "enum": return `one of ${t.values.map((v) => v.text).join(", ")}`;
    case "unknown": return `unknown type \`${t.name.text}\``;
    default: return t.kind;
  }
}
