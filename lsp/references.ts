/** Find references: every use of the name at the cursor, with its declaration when asked. */
import type { Location } from "vscode-languageserver";
import type { ParsedDocument } from "./documents.js";
import { rangeOf } from "./ranges.js";

/** The uses of the name at an offset (and its declarations when `includeDeclaration`), in source order. */
export function referencesAt(parsed: ParsedDocument, offset: number, includeDeclaration: boolean): Location[] {
  const at = parsed.names.at(offset);
  if (!at) return [];
  const spans = [
    ...(includeDeclaration ? parsed.names.allDeclarations.filter((d) => d.key === at.key).map((d) => d.span) : []),
    ...parsed.names.referencesTo(at.key).map((r) => r.span),
  ].sort((a, b) => a.start - b.start);
  return spans.map((span) => ({ uri: parsed.uri, range: rangeOf(parsed.doc, span) }));
}
