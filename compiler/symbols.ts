/**
 * The plan's declarations by name, collected before anything is checked so that declarations
 * may refer to each other in any order. Also records which names were used, for warnings.
 */
import { diagnostic, type Diagnostic } from "../language/diagnostics.js";
import type { Decl, FieldDecl, Name, PlanFile } from "../language/syntax.js";
import type { FieldType } from "../runtime/schema.js";
import { percentForm } from "./input-format.js";
import { BOOLEAN, COUNT, DATE, DECIMAL, ERROR, MONEY, PERCENT, TEXT, type Ty } from "./types.js";

export type RecordDecl = Extract<Decl, { kind: "record" }>;
export type MeasureDecl = Extract<Decl, { kind: "measure" }>;
export type TiersDecl = Extract<Decl, { kind: "tiers" }>;
export type RatesDecl = Extract<Decl, { kind: "rates" }>;
export type PayDecl = Extract<Decl, { kind: "pay" }>;
export type WindowDecl = Extract<Decl, { kind: "window" }>;
export type BalanceDecl = Extract<Decl, { kind: "balance" }>;

/** A declared field with its value type and its reader type. */
export interface FieldInfo {
  decl: FieldDecl;
  ty: Ty;
  fieldType: FieldType;
}

/** A declared input or table. */
export interface RecordInfo {
  decl: RecordDecl;
  fields: Map<string, FieldInfo>;
}

/** Everything declared at the top level of a plan. */
export interface Symbols {
  records: Map<string, RecordInfo>;
  measures: Map<string, MeasureDecl>;
  constants: Map<string, Extract<Decl, { kind: "constant" }>>;
  tiers: Map<string, TiersDecl>;
  rates: Map<string, RatesDecl>;
  pays: Map<string, PayDecl>;
  windows: Map<string, WindowDecl>;
  balances: Map<string, BalanceDecl>;
  /** Reasons named by `exclude` statements. */
  reasons: string[];
  /** Reasons declared by `reasons a, b, c`, when the plan declares them. */
  declaredReasons?: Map<string, Name>;
  /** Roles named by `as` in credit rules. */
  roles: string[];
  /** Names used somewhere (`record`, `record.field`, `measure`...), for unused warnings. */
  used: Set<string>;
}

/** Collects declarations, reporting duplicates. */
export function collectSymbols(plan: PlanFile, diagnostics: Diagnostic[]): Symbols {
  const symbols: Symbols = {
    records: new Map(), measures: new Map(), constants: new Map(), tiers: new Map(), rates: new Map(), pays: new Map(), windows: new Map(), balances: new Map(),
    reasons: [], roles: [], used: new Set(),
  };
  const taken = new Map<string, Decl>();
  for (const decl of plan.decls) {
    if (decl.kind === "reasons") {
      symbols.declaredReasons ??= new Map();
      for (const n of decl.names) {
        if (symbols.declaredReasons.has(n.text)) diagnostics.push(diagnostic("A102", n.span, [n.text]));
        else symbols.declaredReasons.set(n.text, n);
      }
      continue;
    }
    if (decl.kind === "credit" || decl.kind === "output" || decl.kind === "participants" || decl.kind === "combined") continue;
    const name = decl.name;
    if (taken.has(name.text)) {
      const first = taken.get(name.text)!;
      diagnostics.push(diagnostic("A102", name.span, [name.text], { related: [{ message: "first declared here", span: (first as { name: { span: typeof name.span } }).name.span }] }));
      continue;
    }
    taken.set(name.text, decl);
    switch (decl.kind) {
      case "record": symbols.records.set(name.text, { decl, fields: collectFields(decl, diagnostics) }); break;
      case "measure": symbols.measures.set(name.text, decl); break;
      case "constant": symbols.constants.set(name.text, decl); break;
      case "tiers": symbols.tiers.set(name.text, decl); break;
      case "rates": symbols.rates.set(name.text, decl); break;
      case "pay": symbols.pays.set(name.text, decl); break;
      case "window": symbols.windows.set(name.text, decl); break;
      case "balance": symbols.balances.set(name.text, decl); break;
    }
  }
  const roles = new Set<string>();
  const reasons = new Set<string>();
  for (const decl of plan.decls) if (decl.kind === "credit") collectRoles(decl.body, roles, reasons);
  for (const r of roles) symbols.roles.push(r);
  for (const r of reasons) symbols.reasons.push(r);
  return symbols;
}

/** Roles and reasons in the order first written (a set keeps that order, and finds each in one step). */
function collectRoles(body: Extract<Decl, { kind: "credit" }>["body"], roles: Set<string>, reasons: Set<string>): void {
  for (const stmt of body ?? []) {
    if (!stmt) continue;
    if (stmt.kind === "share" && stmt.role) roles.add(stmt.role.text);
    if (stmt.kind === "exclude" && stmt.reason) reasons.add(stmt.reason.text);
    if (stmt.kind === "if") { collectRoles(stmt.then, roles, reasons); collectRoles(stmt.else ?? [], roles, reasons); }
  }
}

function collectFields(decl: RecordDecl, diagnostics: Diagnostic[]): Map<string, FieldInfo> {
  const fields = new Map<string, FieldInfo>();
  for (const field of decl.fields) {
    if (fields.has(field.name.text)) {
      diagnostics.push(diagnostic("A102", field.name.span, [`${decl.name.text}.${field.name.text}`]));
      continue;
    }
    const typed = fieldTypes(field, diagnostics);
    // A percent field checks its own `as`; on any other type it is an error.
    if (field.percentAs && field.type.kind !== "percent") percentForm(field, diagnostics);
    fields.set(field.name.text, { decl: field, ...typed });
  }
  return fields;
}

const TYPE_NAMES = ["text", "integer", "decimal", "money", "percent", "boolean", "date", "month", "quarter", "year"];

function fieldTypes(field: FieldDecl, diagnostics: Diagnostic[]): { ty: Ty; fieldType: FieldType } {
  const t = field.type;
  const format = field.format?.text;
  switch (t.kind) {
    case "text": return { ty: TEXT, fieldType: { kind: "text" } };
    case "integer": return { ty: COUNT, fieldType: { kind: "integer" } };
    case "decimal": return { ty: DECIMAL, fieldType: { kind: "decimal" } };
    case "money": return { ty: MONEY, fieldType: { kind: "money" } };
    case "percent": {
      const bare = percentForm(field, diagnostics);
      return { ty: PERCENT, fieldType: bare ? { kind: "percent", bare } : { kind: "percent" } };
    }
    case "boolean": return { ty: BOOLEAN, fieldType: { kind: "boolean" } };
    case "date": return { ty: DATE, fieldType: { kind: "date", format: format ?? "YYYY-MM-DD" } };
    case "period": return { ty: { kind: "period", grain: t.grain }, fieldType: { kind: "period", grain: t.grain, ...(format ? { format } : {}) } };
    case "enum": {
      const values = t.values.map((v) => v.text);
      return { ty: { kind: "enum", values }, fieldType: { kind: "enum", values } };
    }
    case "unknown": {
      const { hint } = suggestType(t.name.text);
      diagnostics.push(diagnostic("A107", t.span, [t.name.text, hint]));
      return { ty: ERROR, fieldType: { kind: "text" } };
    }
  }
}

/** Type names from spreadsheets and other languages that a designer may reach for. */
const TYPE_ALIASES = new Map<string, string>([
  ["string", "text"], ["varchar", "text"], ["int", "integer"], ["number", "decimal"], ["float", "decimal"], ["bool", "boolean"], ["currency", "money"], ["datetime", "date"],
]);

function suggestType(word: string): { hint: string } {
  const near = TYPE_ALIASES.get(word.toLowerCase()) ?? TYPE_NAMES.find((n) => n.startsWith(word.slice(0, 3)));
  return { hint: near ? `; did you mean \`${near}\`?` : `; types are ${TYPE_NAMES.join(", ")}, or \`one of a, b\`` };
}

/** The value type of a reader field type (used for tables built in tests and by hierarchy links). */
export function tyOfFieldType(t: FieldType): Ty {
  switch (t.kind) {
    case "integer": return COUNT;
    case "decimal": return DECIMAL;
    case "money": return MONEY;
    case "percent": return PERCENT;
    case "boolean": return BOOLEAN;
    case "date": return DATE;
    case "text": return TEXT;
    case "period": return { kind: "period", grain: t.grain };
    case "enum": return { kind: "enum", values: t.values };
  }
}
