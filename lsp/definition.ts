/** Go to definition: from a use of a name (or the name itself) to where it is declared. */
import type { Location } from "vscode-languageserver";
import type { ParsedDocument } from "./documents.js";
import { rangeOf } from "./ranges.js";

/** Where the name at an offset is declared, if it is a declared name. */
export function definitionAt(parsed: ParsedDocument, offset: number): Location | null {
  const at = parsed.names.at(offset);
  if (!at?.declaration) return null;
  return { uri: parsed.uri, range: rangeOf(parsed.doc, at.declaration.span) };
}
