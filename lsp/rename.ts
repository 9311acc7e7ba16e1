/**
 * Rename: a declared name, its declaration and every use, in one edit (a bare output column
 * that names a measure keeps its header: `net_sales` becomes `net_sales = rep_sales`). Labels
 * are renamed wherever they are given and compared (every `as rep` and every `credit.role = rep`);
 * an output's column with its `sorted by` (a bare column `payee` becomes `who = payee`). A rename
 * is refused (with a message the editor shows) when the new name is not an identifier, is a
 * keyword, or would clash: top-level names share one namespace, a field's name must be unique in
 * its record, a column's in its output, a role among roles, a reason among reasons (the engine's
 * included), a value in its field's list; a label and a top-level name may not share a spelling,
 * since a measure would be read where the label was meant; and `payee`, `period`, `credit` and
 * the functions are taken.
 */
import { LSPErrorCodes, ResponseError, type Range, type TextEdit, type WorkspaceEdit } from "vscode-languageserver";
import { lexPlan } from "../language/lexer.js";
import { Identifier, SoftKeyword } from "../language/tokens.js";
import type { ParsedDocument } from "./documents.js";
import { isEngineReason } from "./labels.js";
import type { Declaration, NameIndex } from "./name-index.js";
import { rangeOf } from "./ranges.js";

/** Names with a meaning of their own in expressions. */
const RESERVED = new Set(["payee", "period", "credit", "min", "max", "abs"]);

/** The range and current text of a renameable name at an offset, or a refusal. */
export function prepareRenameAt(parsed: ParsedDocument, offset: number): { range: Range; placeholder: string } | ResponseError<void> {
  const at = parsed.names.at(offset);
  if (!at?.declaration) {
    return refuse("Only declared names (inputs, tables, fields, measures, tiers, rates, pays, windows, balances, roles, exclusion reasons, enumeration values, output columns) can be renamed.");
  }
  return { range: rangeOf(parsed.doc, at.span), placeholder: at.declaration.name };
}

/** The edit renaming the name at an offset, or a refusal saying why not. */
export function renameAt(parsed: ParsedDocument, offset: number, newName: string): WorkspaceEdit | ResponseError<void> {
  const at = parsed.names.at(offset);
  const d = at?.declaration;
  if (!at || !d) return refuse("Only declared names can be renamed.");
  if (newName === d.name) return { changes: { [parsed.uri]: [] } };
  const problem = nameProblem(newName, d.kind === "field" || d.kind === "column");
  if (problem) return refuse(problem);
  const clash = clashOf(parsed.names, d, newName);
  if (clash) return refuse(`\`${newName}\` is already declared (${clash}); choose another name.`);
  // A bare output column keeps its name, which is the file's column header: `net_sales` becomes `net_sales = rep_sales`;
  // renaming the column itself gives it a header: `payee` becomes `who = payee`.
  const uses = [
    ...parsed.names.allDeclarations.filter((x) => x.key === at.key).map((x) => ({ span: x.span, newText: x.bare ? `${newName} = ${x.name}` : newName })),
    ...parsed.names.referencesTo(at.key).map((r) => ({ span: r.span, newText: r.column ? `${d.name} = ${newName}` : newName })),
  ];
  const edits: TextEdit[] = uses.sort((a, b) => a.span.start - b.span.start).map((u) => ({ range: rangeOf(parsed.doc, u.span), newText: u.newText }));
  return { changes: { [parsed.uri]: edits } };
}

/** What a new name would clash with, said for the editor, or undefined. */
function clashOf(names: NameIndex, d: Declaration, newName: string): string | undefined {
  const other = (x: Declaration) => x.name === newName && x.key !== d.key;
  let clash: Declaration | undefined;
  switch (d.kind) {
    case "field": clash = names.fieldsOf(d.record!).find(other); break;
    case "column": clash = names.allDeclarations.find((x) => x.kind === "column" && outputOf(x) === outputOf(d) && other(x)); break;
    case "role": case "reason": case "value":
      if (d.kind === "reason" && isEngineReason(newName)) return `an exclusion reason the engine gives`;
      clash = names.allDeclarations.find((x) => x.kind === d.kind && x.owner === d.owner && other(x)) ?? names.topLevel().find(other);
      break;
    default:
      clash = names.topLevel().find(other) ?? names.allDeclarations.find((x) => (x.kind === "role" || x.kind === "reason" || x.kind === "value") && other(x));
  }
  return clash && describe(clash);
}

/** The output of a column, as its key tells (`column:<offset of the output>:<name>`). */
function outputOf(column: Declaration): string | undefined {
  return column.key.split(":")[1];
}

/** A declaration as a clash message names it. */
function describe(x: Declaration): string {
  switch (x.kind) {
    case "field": return `a field of \`${x.record}\``;
    case "column": return `a column of the output "${x.owner}"`;
    case "role": return `the role \`${x.name}\``;
    case "reason": return `the exclusion reason \`${x.name}\``;
    case "value": return `a value of \`${x.owner}\``;
    default: return `the ${x.kind} \`${x.name}\``;
  }
}

/** Why a text cannot name a declaration (fields may also be soft keywords such as `date`), or undefined. */
export function nameProblem(name: string, field: boolean): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `\`${name}\` is not a name: use letters, digits and _, starting with a letter or _.`;
  const [token] = lexPlan(name).tokens;
  const soft = token?.tokenType.CATEGORIES?.includes(SoftKeyword) ?? false;
  if (token?.tokenType !== Identifier && !(soft && field)) return `\`${name}\` is a keyword of the plan language.`;
  if (!field && RESERVED.has(name)) return `\`${name}\` already means something in every plan.`;
  return undefined;
}

function refuse(message: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestFailed, message);
}
