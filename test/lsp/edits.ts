/** Ranges of words in a test text, and workspace edits applied to it as an editor would. */
import type { Position, Range, WorkspaceEdit } from "vscode-languageserver-protocol";
import { positionAt } from "./markers.js";

/** The range of the first occurrence of a word in a text, or of `word` inside the first occurrence of `within`. */
export function rangeOfWord(text: string, word: string, within = word): Range {
  const outer = text.indexOf(within);
  const inner = within.indexOf(word);
  if (outer < 0 || inner < 0) throw new Error(`\`${word}\` in \`${within}\` is not in the text`);
  const at = outer + inner;
  return { start: positionAt(text, at), end: positionAt(text, at + word.length) };
}

/** The range of `word` just after the first occurrence of `before`. */
export function rangeAfter(text: string, before: string, word: string): Range {
  const at = text.indexOf(before + word);
  if (at < 0) throw new Error(`\`${before}${word}\` is not in the text`);
  const start = at + before.length;
  return { start: positionAt(text, start), end: positionAt(text, start + word.length) };
}

/** Every whole-word occurrence of a name, as ranges in text order. */
export function rangesOfName(text: string, name: string): Range[] {
  return [...text.matchAll(new RegExp(`\\b${name}\\b`, "g"))].map((m) => ({ start: positionAt(text, m.index), end: positionAt(text, m.index + name.length) }));
}

/** Applies the edits of one document to its text. */
export function applyEdit(text: string, edit: WorkspaceEdit, uri: string): string {
  const offset = (p: Position) => text.split("\n").slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const edits = [...(edit.changes?.[uri] ?? [])].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
