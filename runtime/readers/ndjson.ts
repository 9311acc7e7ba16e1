/**
 * The NDJSON tokenizer: one JSON object per line, read line by line so files of any size
 * stream. Blank lines are skipped; a line that is not a JSON object is reported, not thrown.
 *
 * Numbers keep their digits: JSON.parse would turn 9007199254740993 into ...992 and a 20-digit
 * id into a float shared by its neighbours, so each top-level number is re-read from the line's
 * text as a NumberText. No library: JSON.parse still checks the syntax (natively, at any
 * depth); a short scan over the already valid text only finds where each top-level value is.
 */
import { NumberText } from "./field-values.js";

/** One non-blank line of text with its 1-based line number. */
export interface TextLine {
  line: number;
  text: string;
}

/** Streams the non-blank lines of a text (CRLF, LF or CR end a line) in batches, in one pass over each chunk. */
export async function* readNdjsonLines(chunks: AsyncIterable<string>): AsyncGenerator<TextLine[]> {
  let line = 1;
  let parts: string[] = [];
  let afterCR = false;
  for await (const chunk of chunks) {
    const out: TextLine[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c !== 10 && c !== 13) { afterCR = false; continue; }
      if (c === 10 && afterCR) { afterCR = false; start = i + 1; continue; }
      afterCR = c === 13;
      parts.push(chunk.slice(start, i));
      const text = parts.join("").trim();
      parts = [];
      if (text !== "") out.push({ line, text });
      line++;
      start = i + 1;
    }
    if (start < chunk.length) parts.push(chunk.slice(start));
    if (out.length > 0) yield out;
  }
  const text = parts.join("").trim();
  if (text !== "") yield [{ line, text }];
}

/** A line's object (its numbers as NumberText), or why it is not one. */
export function parseObjectLine(text: string): { object: Record<string, unknown> } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { reason: "not valid JSON" };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { reason: `expected a JSON object, found ${describeJson(value)}` };
  }
  return { object: withExactNumbers(text, value as Record<string, unknown>) };
}

function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

const NUMBER_AT = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The parsed object with each top-level number replaced by its text. `text` is known to be a
 * valid JSON object, so the scan only has to step over strings and nested values.
 */
function withExactNumbers(text: string, parsed: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(parsed)) out[key] = parsed[key];
  let i = text.indexOf("{") + 1;
  let depth = 0;
  let key = "";
  let expect: "key" | "value" | "none" = "key";
  while (i < text.length) {
    const c = text[i]!;
    if (depth === 0 && expect === "value" && c !== " " && c !== "\t") {
      expect = "none";
      if (c === "-" || (c >= "0" && c <= "9")) {
        NUMBER_AT.lastIndex = i;
        const m = NUMBER_AT.exec(text)!;
        out[key] = new NumberText(m[0]);
        i += m[0].length;
        continue;
      }
      // Any other value is JSON.parse's (a key written twice keeps its last value, as there).
      out[key] = parsed[key];
    }
    if (c === '"') {
      const end = stringEnd(text, i);
      if (depth === 0 && expect === "key") { key = JSON.parse(text.slice(i, end)) as string; expect = "none"; }
      i = end;
      continue;
    }
    if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
    else if (depth === 0 && c === ":") expect = "value";
    else if (depth === 0 && c === ",") expect = "key";
    i++;
  }
  return out;
}

/** The index just after the string literal that starts at i. */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 92) j += 2;
    else if (c === 34) return j + 1;
    else j++;
  }
  return j;
}
