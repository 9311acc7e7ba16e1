/**
 * Rename: a declared name, its declaration and every use, in one edit (a bare output column
 * that names a measure keeps its header: `net_sales` becomes `net_sales = rep_sales`). A rename is refused (with
 * a message the editor shows) when the new name is not an identifier, is a keyword, or would
 * clash with a name already declared: top-level names share one namespace, a field's name must
 * be unique in its record, and `payee`, `period`, `credit` and the functions are taken.
 */
import { LSPErrorCodes, ResponseError, type Range, type TextEdit, type WorkspaceEdit } from "vscode-languageserver";
import { lexPlan } from "../language/lexer.js";
import { Identifier, SoftKeyword } from "../language/tokens.js";
import type { ParsedDocument } from "./documents.js";
import { rangeOf } from "./ranges.js";

/** Names with a meaning of their own in expressions. */
const RESERVED = new Set(["payee", "period", "credit", "min", "max", "abs"]);

/** The range and current text of a renameable name at an offset, or a refusal. */
export function prepareRenameAt(parsed: ParsedDocument, offset: number): { range: Range; placeholder: string } | ResponseError<void> {
  const at = parsed.names.at(offset);
  if (!at?.declaration) return refuse("Only declared names (inputs, tables, fields, measures, tiers, rates, pays, windows, balances) can be renamed.");
  return { range: rangeOf(parsed.doc, at.span), placeholder: at.declaration.name };
}

/** The edit renaming the name at an offset, or a refusal saying why not. */
export function renameAt(parsed: ParsedDocument, offset: number, newName: string): WorkspaceEdit | ResponseError<void> {
  const at = parsed.names.at(offset);
  const d = at?.declaration;
  if (!at || !d) return refuse("Only declared names can be renamed.");
  if (newName === d.name) return { changes: { [parsed.uri]: [] } };
  const problem = nameProblem(newName, d.kind === "field");
  if (problem) return refuse(problem);
  const clash = d.kind === "field"
    ? parsed.names.fieldsOf(d.record!).find((f) => f.name === newName)
    : parsed.names.topLevel().find((x) => x.name === newName);
  if (clash) return refuse(`\`${newName}\` is already declared (${clash.kind === "field" ? `a field of \`${clash.record}\`` : `the ${clash.kind} \`${clash.name}\``}); choose another name.`);
  // A bare output column keeps its name, which is the file's column header: `net_sales` becomes `net_sales = rep_sales`.
  const uses = [
    ...parsed.names.allDeclarations.filter((x) => x.key === at.key).map((x) => ({ span: x.span, newText: newName })),
    ...parsed.names.referencesTo(at.key).map((r) => ({ span: r.span, newText: r.column ? `${d.name} = ${newName}` : newName })),
  ];
  const edits: TextEdit[] = uses.sort((a, b) => a.span.start - b.span.start).map((u) => ({ range: rangeOf(parsed.doc, u.span), newText: u.newText }));
  return { changes: { [parsed.uri]: edits } };
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
