/**
 * Hover: what a name is. Its kind, type and unit (money in the plan's currency, per payee per
 * month...), how exact it is, its doc comment, and for a tier table a summary of its bands; for
 * a field its column and format; for `credit.amount` and the other built-in names, what they hold;
 * for a label (a role, an exclusion reason, an enumeration value) what it is and where it is given;
 * for an output's column (under the cursor in `sorted by`) what the column holds.
 */
import { MarkupKind, type Hover } from "vscode-languageserver";
import type { Band, Decl, Expr } from "../language/syntax.js";
import type { CheckedDocument } from "./documents.js";
import type { Declaration, NameIndex } from "./name-index.js";
import { exactnessLabel, fieldTypeLabel, scopeLabel, typeLabel } from "./plan-types.js";
import { rangeOf } from "./ranges.js";

/** What the built-in names hold (a Map: a name under the cursor may be `constructor`). */
const BUILTINS = new Map<string, { type: string; doc: string }>(Object.entries({
  "credit.amount": { type: "money", doc: "The amount of this credit: the credited row's amount times its share, allocated in cents." },
  "credit.payee": { type: "text", doc: "Who this credit goes to." },
  "credit.role": { type: "text", doc: "The role named by `as` in the credit rule (`as rep`)." },
  "credit.date": { type: "date", doc: "The date after `on` in the credit rule: it places the credit in a period." },
  "credit.month": { type: "month", doc: "The month of the credit's date." },
  "credit.quarter": { type: "quarter", doc: "The quarter of the credit's date." },
  "credit.year": { type: "year", doc: "The year of the credit's date." },
  payee: { type: "text", doc: "The payee of the group being computed (or of the credit, inside an aggregate)." },
  period: { type: "period", doc: "The period of the group being computed, at the grain of the measure or pay." },
}));

/** Why the engine excludes a row by itself, by reason. */
const ENGINE_REASON_DOCS = new Map<string, string>([
  ["outside_plan_periods", "the row's date is outside the plan's periods (and its history)"],
  ["no_date", "the row has no date to place it in a period"],
  ["no_credit_applies", "no share of the credit rule applies to the row"],
]);

/** The hover for an offset, if it is on a name. */
export function hoverAt(entry: CheckedDocument, offset: number): Hover | null {
  const { parsed } = entry;
  const at = parsed.names.at(offset);
  if (!at) return null;
  const range = rangeOf(parsed.doc, at.span);
  if (!at.declaration) {
    const reason = at.key.startsWith("reason:") ? ENGINE_REASON_DOCS.get(at.key.slice("reason:".length)) : undefined;
    if (reason) return markdown([`exclusion reason \`${at.key.slice("reason:".length)}\`, given by the engine: ${reason}`], range);
    const builtin = BUILTINS.get(at.key);
    if (!builtin) return null;
    const currency = entry.types?.currency ?? parsed.plan.header?.currency?.text ?? "USD";
    const type = builtin.type === "money" ? `money (${currency})` : builtin.type;
    return markdown([code(`${at.key}: ${type}`), builtin.doc], range);
  }
  return markdown(describeDeclaration(entry, at.declaration), range);
}

function describeDeclaration(entry: CheckedDocument, d: Declaration): string[] {
  const { plan } = entry.parsed;
  const currency = entry.types?.currency ?? plan.header?.currency?.text ?? "USD";
  const decl = plan.decls.find((x) => x?.span && x.span.start === d.declSpan.start && x.span.end === d.declSpan.end);
  const parts: string[] = [];
  switch (d.kind) {
    case "field": {
      const record = plan.decls.find((x): x is Extract<Decl, { kind: "record" }> => x?.kind === "record" && x.name.text === d.record);
      const field = record?.fields.find((f) => f.span.start === d.declSpan.start);
      parts.push(code(`${d.record}.${d.name}: ${field ? fieldTypeLabel(field, currency) : "unknown"}`));
      const source = [field?.column ? `read from column \`${field.column.text}\`` : "", field?.format ? `format \`${field.format.text}\`` : ""].filter(Boolean).join(", ");
      if (source) parts.push(source);
      if (record?.key.some((k) => k.text === d.name)) parts.push(`part of the key of \`${d.record}\``);
      break;
    }
    case "input":
    case "table": {
      const record = decl?.kind === "record" ? decl : undefined;
      parts.push(code(`${d.kind} ${d.name}`));
      if (record) {
        const fields = record.fields.map((f) => `\`${f.name.text}\` ${fieldTypeLabel(f, currency)}`);
        parts.push(`${fields.length} field${fields.length === 1 ? "" : "s"}: ${fields.join(", ")}`);
        if (record.key.length) parts.push(`key: ${record.key.map((k) => `\`${k.text}\``).join(", ")}`);
        if (record.links) parts.push(`hierarchy: \`${record.links.child.text}\` → \`${record.links.parent.text}\``);
      }
      break;
    }
    case "measure":
    case "pay":
    case "balance": {
      const t = entry.types?.names.get(d.name);
      parts.push(code(t ? `${d.kind} ${d.name}: ${typeLabel(t.ty, currency)} ${scopeLabel(t.scope)}`.trim() : `${d.kind} ${d.name}`));
      if (t) parts.push(exactnessLabel(t) + (entry.typesFromEarlierVersion ? " _(as of the last version without errors)_" : ""));
      else parts.push("_Its type is known once the plan checks without errors._");
      break;
    }
    case "tiers": {
      const tiers = decl?.kind === "tiers" ? decl : undefined;
      parts.push(code(`tiers ${d.name} ${tiers?.mode ?? ""}`.trim()));
      if (tiers) parts.push(...bandSummary(entry.parsed.text, tiers.mode, tiers.bands));
      break;
    }
    case "rates": {
      const rates = decl?.kind === "rates" ? decl : undefined;
      parts.push(code(`rates ${d.name}`));
      if (rates) {
        const text = entry.parsed.text;
        const rows = rates.entries.map((e) => `| ${e.key.text} | ${slice(text, e.value?.span)} |`);
        if (rates.otherwise) rows.push(`| *otherwise* | ${slice(text, rates.otherwise.span)} |`);
        parts.push(["| key | rate |", "|---|---|", ...rows].join("\n"));
      }
      break;
    }
    case "window": {
      const w = decl?.kind === "window" ? decl : undefined;
      parts.push(code(`window ${d.name}`));
      // `for 14 days` has no end date written: the parser worked it out.
      const date = (e: Expr | undefined) => (e?.kind === "date" ? e.text : slice(entry.parsed.text, e?.span));
      if (w) parts.push(`from ${date(w.from)} to ${date(w.to)}, both days included${w.days ? ` (${w.days} days)` : ""}`);
      break;
    }
    case "role":
      parts.push(`role \`${d.name}\`, given by ${atLines(entry, givenAt(entry.parsed.names, d), "credit statement")}`);
      break;
    case "reason": {
      const declared = entry.parsed.names.allDeclarations.filter((x) => x.key === d.key && !x.given);
      const given = givenAt(entry.parsed.names, d);
      const where = [declared.length ? `declared at line ${lineOf(entry, declared[0]!.span)}` : "", `given by ${given.length ? atLines(entry, given, "exclude rule") : "no rule"}`];
      parts.push(`exclusion reason \`${d.name}\`, ${where.filter(Boolean).join(", ")}`);
      break;
    }
    case "value": {
      const values = [...new Set(entry.parsed.names.allDeclarations.filter((x) => x.kind === "value" && x.owner === d.owner).map((x) => x.name))];
      parts.push(`value of \`${d.owner}\`: one of ${values.join(", ")}`);
      break;
    }
    case "column":
      parts.push(code(slice(entry.parsed.text, d.declSpan)), `column \`${d.name}\` of the output "${d.owner}"`);
      break;
  }
  if (d.doc) parts.push(d.doc);
  return parts;
}

/** A tier table's bands as a small table, with how the rates apply. */
export function bandSummary(text: string, mode: "marginal" | "retroactive", bands: readonly Band[]): string[] {
  const rows = bands.filter((b) => b?.span).map((b) => {
    const lower = b.lower ? slice(text, b.lower.span) : "";
    const upper = b.upper ? slice(text, b.upper.span) : "";
    const range = lower && upper ? `${lower} to ${upper}` : upper ? `below ${upper}` : `from ${lower}`;
    return `| ${range} | ${slice(text, b.rate?.span)}${b.perUnit ? " per unit" : ""} |`;
  });
  const how = mode === "marginal"
    ? "Marginal: each band's rate applies to the slice of the value inside it."
    : "Retroactive: the band the value reaches sets one rate for the whole value.";
  return [`${bands.length} band${bands.length === 1 ? "" : "s"}. ${how}`, ["| band | rate |", "|---|---|", ...rows].join("\n")];
}

/** The spans of the statements that give a role or reason. */
function givenAt(names: NameIndex, d: Declaration): { start: number }[] {
  return names.allDeclarations.filter((x) => x.key === d.key && x.given).map((x) => x.span);
}

/** `the credit statement at line 24`, or `the credit statements at lines 24, 28`. */
function atLines(entry: CheckedDocument, spans: { start: number }[], what: string): string {
  const lines = [...new Set(spans.map((s) => lineOf(entry, s)))];
  return lines.length === 1 ? `the ${what} at line ${lines[0]}` : `the ${what}s at lines ${lines.join(", ")}`;
}

/** The 1-based line of an offset, as an editor shows it. */
function lineOf(entry: CheckedDocument, span: { start: number }): number {
  return entry.parsed.doc.positionAt(span.start).line + 1;
}

function slice(text: string, span: { start: number; end: number } | undefined): string {
  return span ? text.slice(span.start, span.end) : "?";
}

function code(line: string): string {
  return ["```accrue", line, "```"].join("\n");
}

function markdown(parts: string[], range: Hover["range"]): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: parts.join("\n\n") }, ...(range ? { range } : {}) };
}
