/**
 * Fuzzing the CSV reader: random files (delimiters, quoted cells with delimiters, quotes and
 * line breaks, CRLF/LF/CR mixed, blank lines, UTF-8 or UTF-16 with byte order marks, bytes that
 * do not decode, bad quotes, wrong cell counts, ambiguous numbers, repeated keys, an unclosed
 * quote at the end) are written alongside a model of what each record must become. The
 * property: every physical record is one entry, in order, at its own start line, valid or
 * rejected as the model says; and nothing is thrown but a DataError, only for the unclosed quote.
 */
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataError, readRecords, uniqueKeys, type SourceRow } from "../../runtime/readers/index.js";
import type { FieldSchema, RecordSchema } from "../../runtime/schema.js";
import { seeded } from "../seeded.js";

/** Stand-ins for bytes that do not decode, replaced when the text is encoded. */
const BAD = ["\u0001", "\u0002", "\u0003"];
const BAD_UTF8: Record<string, number[]> = { "\u0001": [0xff], "\u0002": [0xc3], "\u0003": [0xe2, 0x82] };

const ALPHABET = ["a", "Z", "7", " ", ",", "|", ";", "\t", '"', "\r", "\n", "é", "😀", "\uFEFF", "\r\n"];

type Kind = "good" | "badByte" | "badQuote" | "wrongCount" | "ambiguous" | "repeat";

interface Expected {
  line: number;
  kind: "row" | "rejected";
  id?: string;
}

interface Generated {
  text: string;
  encoding: "utf8" | "utf16le" | "utf16be";
  bom: boolean;
  expected: Expected[];
  unclosedAt?: number;
  schema: RecordSchema;
}

/** Line breaks in text as the reader counts them: CRLF, LF and CR each one. */
function breaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

function generate(seed: number): Generated {
  const random = seeded(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const chance = (p: number) => random() < p;
  const delimiter = pick([",", ";", "|", "\t"]);
  const columns = 3 + Math.floor(random() * 3);
  const eols = chance(0.5) ? [pick(["\n", "\r\n", "\r"])] : ["\n", "\r\n", "\r"];
  const eol = () => pick(eols);
  const encoding = pick(["utf8", "utf8", "utf16le", "utf16be"] as const);
  const bom = encoding !== "utf8" || chance(0.5);

  const content = (max: number, lineBreaks = true) => {
    let s = "";
    const n = Math.floor(random() * max);
    for (let i = 0; i < n; i++) {
      const c = pick(ALPHABET);
      if (!lineBreaks && /[\r\n]/.test(c)) continue;
      s += c;
    }
    return s;
  };
  // Quoted when it must be: holds the delimiter, a quote or a line break, or starts (after blanks) like a quoted cell.
  const cell = (value: string) => (value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  // Cells keep their text verbatim (line breaks too); values are trimmed.
  const trimmed = (value: string) => value.trim();

  const header = ["id", "amount", ...Array.from({ length: columns - 2 }, (_, i) => `c${i + 2}`)];
  let text = "";
  const expected: Expected[] = [];
  const accepted: string[] = [];
  const blankLines = () => { while (chance(0.15)) text += pick(["", "  ", " \t "].filter((b) => !b.includes(delimiter))) + eol(); };

  blankLines();
  text += header.join(delimiter);
  const records = Math.floor(random() * 12);
  for (let r = 0; r < records; r++) {
    text += eol();
    blankLines();
    const kind = pick<Kind>(["good", "good", "good", "badByte", "badQuote", "wrongCount", "ambiguous", "repeat"]);
    const id = kind === "repeat" && accepted.length > 0 ? pick(accepted) : `${content(4).replaceAll("#", "")}#${r}#`;
    const cells = [
      ` ${id} `.slice(chance(0.5) ? 1 : 0),
      kind === "ambiguous" ? "1.500" : pick(["12.34", " 5 ", "0.5", "-3.10", "1000"]),
      ...Array.from({ length: columns - 2 }, () => content(6)),
    ];
    let written = cells.map(cell);
    if (kind === "badByte") {
      const at = Math.floor(random() * columns);
      written[at] = cell(`${cells[at]}${pick(BAD)}`);
    }
    if (kind === "wrongCount") written = chance(0.5) ? written.slice(0, -1) : [...written, cell(content(3))];
    if (kind === "badQuote") {
      // The reader skips the rest of the physical line after the bad quote: later cells keep to it.
      const at = 1 + Math.floor(random() * (columns - 1));
      written[at] = `"${cells[at]!.replaceAll('"', '""')}"x${content(3, false).replaceAll(delimiter, "")}`;
      for (let k = at + 1; k < columns; k++) written[k] = cell(content(4, false));
    }
    expected.push({ line: breaks(text) + 1, kind: kind === "good" || (kind === "repeat" && !accepted.includes(id)) ? "row" : "rejected" });
    const last = expected[expected.length - 1]!;
    if (last.kind === "row") { last.id = trimmed(id); accepted.push(id); }
    text += written.join(delimiter);
  }
  let unclosedAt: number | undefined;
  if (chance(0.1)) {
    text += eol();
    unclosedAt = breaks(text) + 1;
    text += `"never closed${delimiter}${content(5).replaceAll('"', "")}`;
  } else if (chance(0.6)) {
    text += eol();
  }
  blankLines();
  const fields: FieldSchema[] = header.map((name, i) => ({ name, column: name, type: i === 1 ? { kind: "money" } : { kind: "text" }, optional: i > 1 }));
  return { text, encoding, bom, expected, ...(unclosedAt === undefined ? {} : { unclosedAt }), schema: { name: "t", kind: "input", fields, key: ["id"], line: 1 } };
}

/** The file's bytes: stand-ins become undecodable bytes (UTF-8) or unpaired surrogates (UTF-16). */
function encode(g: Generated): Buffer {
  if (g.encoding === "utf8") {
    const parts: Buffer[] = g.bom ? [Buffer.from([0xef, 0xbb, 0xbf])] : [];
    for (const piece of g.text.split(/([\u0001-\u0003])/)) parts.push(BAD_UTF8[piece] ? Buffer.from(BAD_UTF8[piece]!) : Buffer.from(piece, "utf8"));
    return Buffer.concat(parts);
  }
  const body = Buffer.from(g.text.replace(/[\u0001-\u0003]/g, "\uDC80"), "utf16le");
  if (g.encoding === "utf16be") body.swap16();
  return Buffer.concat([Buffer.from(g.encoding === "utf16le" ? [0xff, 0xfe] : [0xfe, 0xff]), body]);
}

describe("CSV reader fuzz (property)", () => {
  const dir = mkdtempSync(join(tmpdir(), "accrue-readers-fuzz-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("counts every physical row once, at its own line, and throws nothing but a DataError", async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
      const g = generate(seed);
      const path = join(dir, `f${n++}.csv`);
      writeFileSync(path, encode(g));
      const entries: SourceRow[] = [];
      let thrown: unknown;
      try {
        for await (const entry of uniqueKeys(readRecords(path, g.schema, {}, "f.csv"), g.schema)) entries.push(entry);
      } catch (err) {
        thrown = err;
      }
      if (g.unclosedAt !== undefined) {
        expect(thrown).toBeInstanceOf(DataError);
        expect((thrown as DataError).line).toBe(g.unclosedAt);
      } else {
        expect(thrown).toBeUndefined();
      }
      const got = entries.map((e): Expected => (e.kind === "row"
        ? { line: e.row.line, kind: "row", id: e.row.values.id as string }
        : { line: e.rejects[0]!.line, kind: "rejected" }));
      expect(got).toEqual(g.expected);
      for (const e of entries) if (e.kind === "rejected") expect(new Set(e.rejects.map((r) => r.line)).size).toBe(1);
    }), { numRuns: 400, seed: 20260101 });
  });
});
