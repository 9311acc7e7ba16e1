/**
 * Cursor markers in test sources, after Langium's test helpers: write `‸` where the cursor goes;
 * `markers()` strips them and says where they were, as offsets and as LSP positions.
 */
import type { Position } from "vscode-languageserver-protocol";

/** The marker character. */
export const MARK = "‸";

/** A source with its markers removed, and their places in order. */
export interface Marked {
  text: string;
  offsets: number[];
  positions: Position[];
}

/** Strips every `‸` from a source and returns where each stood. */
export function markers(source: string): Marked {
  const offsets: number[] = [];
  let text = "";
  for (const ch of source) {
    if (ch === MARK) offsets.push(text.length);
    else text += ch;
  }
  return { text, offsets, positions: offsets.map((o) => positionAt(text, o)) };
}

/** The LSP position (0-based line, UTF-16 character) of an offset. */
export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split("\n").length - 1;
  return { line, character: offset - (before.lastIndexOf("\n") + 1) };
}
