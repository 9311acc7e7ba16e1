/**
 * Spans (character offsets, as the language layer counts) to LSP ranges and back. Offsets are
 * UTF-16 code units on both sides, so the conversion is only a matter of lines.
 */
import type { Position, Range } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Span } from "../language/syntax.js";

/** The LSP range of a span, clamped into the document. */
export function rangeOf(doc: TextDocument, span: Span): Range {
  const length = doc.getText().length;
  const start = Math.max(0, Math.min(span.start, length));
  const end = Math.max(start, Math.min(span.end, length));
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

/** The offset of an LSP position. */
export function offsetOf(doc: TextDocument, position: Position): number {
  return doc.offsetAt(position);
}

/** The span of an LSP range. */
export function spanOf(doc: TextDocument, range: Range): Span {
  return { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) };
}

/** True when an offset is inside a span or just after its end (a cursor at the end of a word is on it). */
export function touches(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** True when two spans share at least a position (an empty span at a boundary counts). */
export function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}
