/** Format Document: the canonical layout of language/format.ts, as one edit; none when the plan has syntax errors. */
import type { TextEdit } from "vscode-languageserver";
import { formatPlan } from "../language/format.js";
import type { ParsedDocument } from "./documents.js";

/** The edits that format a plan (empty when it is formatted already or cannot be formatted). */
export function formatDocument(parsed: ParsedDocument): TextEdit[] {
  if (parsed.syntaxDiagnostics.length > 0) return [];
  const formatted = formatPlan(parsed.text);
  if (formatted === undefined || formatted === parsed.text) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: parsed.doc.positionAt(parsed.text.length) }, newText: formatted }];
}
