/**
 * A plan's text with a line index, so spans (offsets) become line and column for messages,
 * and diagnostics print as `file:line:col: code: message` with the line underlined.
 */
import type { Diagnostic } from "./diagnostics.js";
import type { Span } from "./syntax.js";

/** A position for people: 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** Source text of one plan file, with its name as the user gave it. */
export class SourceFile {
  private readonly lineStarts: number[];

  constructor(readonly path: string, readonly text: string) {
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** Line and column (1-based) of an offset. */
  position(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }

  /** Offset of a 0-based line and character (as editors count). */
  offsetAt(line: number, character: number): number {
    const start = this.lineStarts[Math.min(line, this.lineStarts.length - 1)] ?? 0;
    return Math.min(start + character, this.text.length);
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    const next = this.lineStarts[line] ?? this.text.length + 1;
    return this.text.slice(start, next - 1).replace(/\r$/, "");
  }

  /** 1-based line of a span's start. */
  lineOf(span: Span): number {
    return this.position(span.start).line;
  }
}

/** `file:line:col: code: message`, the form the CLI and tests print. */
export function formatDiagnostic(source: SourceFile, d: Diagnostic): string {
  const p = source.position(d.span.start);
  const head = `${source.path}:${p.line}:${p.column}: ${d.severity} ${d.code}: ${d.message}`;
  const related = (d.related ?? []).map((r) => {
    const rp = source.position(r.span.start);
    return `\n  ${source.path}:${rp.line}:${rp.column}: note: ${r.message}`;
  });
  return head + related.join("");
}

/** The diagnostic with its source line and a caret underline, for people reading a terminal. */
export function renderDiagnostic(source: SourceFile, d: Diagnostic): string {
  const p = source.position(d.span.start);
  const end = source.position(Math.max(d.span.start, d.span.end - 1));
  const line = source.lineText(p.line);
  const width = end.line === p.line ? Math.max(1, end.column - p.column + 1) : Math.max(1, line.length - p.column + 1);
  const gutter = String(p.line);
  return [
    formatDiagnostic(source, d),
    `${gutter} | ${line}`,
    `${" ".repeat(gutter.length)} | ${" ".repeat(p.column - 1)}${"^".repeat(width)}`,
  ].join("\n");
}
