/**
 * The NDJSON tokenizer: one JSON object per line, read line by line so files of any size
 * stream. Blank lines are skipped; a line that is not a JSON object is reported, not thrown.
 */
import { createInterface } from "node:readline";
import { fileError, openFileStream } from "./file-source.js";

/** One non-blank NDJSON line: the parsed object, or why it is not one. */
export type NdjsonLine =
  | { line: number; object: Record<string, unknown> }
  | { line: number; reason: string };

/** Streams the non-blank lines of an NDJSON file with their 1-based line numbers. */
export async function* readNdjsonLines(path: string, file: string): AsyncGenerator<NdjsonLine> {
  const stream = await openFileStream(path, file, "utf8");
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      const t = (line === 1 ? text.replace(/^\uFEFF/, "") : text).trim();
      if (t !== "") yield parseObjectLine(t, line);
    }
  } catch (err) {
    throw fileError(err, file);
  } finally {
    lines.close();
    stream.destroy();
  }
}

function parseObjectLine(text: string, line: number): NdjsonLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { line, reason: "not valid JSON" };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { line, reason: `expected a JSON object, found ${describeJson(value)}` };
  }
  return { line, object: value as Record<string, unknown> };
}

function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}
