/**
 * The readers under what an input declares (encoding, number format, percent forms) and at the
 * edges where a loader loses data silently: bytes it cannot decode, numbers past a float's
 * digits or the arithmetic's precision, and inputs large enough to show superlinear reading.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatExact, isNum } from "../../runtime/numeric.js";
import { DataError, parseFieldValue, readRecords, validateObjects, type SourceRow } from "../../runtime/readers/index.js";
import type { FieldSchema, FieldType, NumberFormat, RecordSchema, Reject, Row, TextEncoding } from "../../runtime/schema.js";
import { collect } from "./source-rows.js";

const dir = mkdtempSync(join(tmpdir(), "accrue-declared-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function field(name: string, type: FieldType, optional = false): FieldSchema {
  return { name, column: name, type, optional };
}

function schemaOf(fields: FieldSchema[], declared: { encoding?: TextEncoding; numbers?: NumberFormat } = {}): RecordSchema {
  return { name: "t", kind: "input", fields, key: [], line: 1, ...declared };
}

/** A source's rows, its rejects as `file:line: column: reason` and its entry count. */
async function collectShown(entries: AsyncIterable<SourceRow>): Promise<{ rows: Row[]; rejects: string[]; entries: number }> {
  const got = await collect(entries);
  return { ...got, rejects: got.rejects.map((r: Reject) => `${r.file}:${r.line}: ${r.column}: ${r.reason}`) };
}

let files = 0;
function write(content: string | Buffer, ext = "csv"): string {
  const path = join(dir, `f${files++}.${ext}`);
  writeFileSync(path, content);
  return path;
}

function read(content: string | Buffer, schema: RecordSchema, ext = "csv") {
  return collectShown(readRecords(write(content, ext), schema, {}, `in.${ext}`));
}

const values = (rows: Row[], name: string) => rows.map((r) => { const v = r.values[name]; return isNum(v) ? formatExact(v) : v; });

describe("encodings", () => {
  const schema = (encoding?: TextEncoding) => schemaOf([field("id", { kind: "text" }), field("name", { kind: "text" })], encoding ? { encoding } : {});

  it("decodes a declared Latin-1 or Windows-1252 file", async () => {
    const latin1 = await read(Buffer.from([...Buffer.from("id,name\n1,Caf"), 0xe9, 10]), schema("latin1"));
    expect(values(latin1.rows, "name")).toEqual(["Café"]);
    const cp1252 = await read(Buffer.from([...Buffer.from("id,name\n1,"), 0x80, 0x93, 0x94, 10]), schema("windows1252"));
    expect(values(cp1252.rows, "name")).toEqual(["€\u201c\u201d"]);
  });

  it("rejects, located, a byte the declared encoding has no character for", async () => {
    const latin1 = await read(Buffer.from([...Buffer.from("id,name\n1,a"), 0x85, ...Buffer.from("\n2,b\n")]), schema("latin1"));
    expect(latin1.rejects).toEqual(["in.csv:2: name: the cell has bytes that are not valid Latin-1 (0x85)"]);
    expect(latin1.entries).toBe(2);
    const cp1252 = await read(Buffer.from([...Buffer.from("id,name\n1,a"), 0x81, 10]), schema("windows1252"));
    expect(cp1252.rejects).toEqual(["in.csv:2: name: the cell has bytes that are not valid Windows-1252 (0x81)"]);
  });

  it("tells a real U+FFFD in UTF-8 from a byte that was not UTF-8", async () => {
    const r = await read(Buffer.from("id,name\n1,\uFFFD\n"), schema());
    expect(values(r.rows, "name")).toEqual(["\uFFFD"]);
  });

  it("decodes UTF-8 split anywhere between chunks", async () => {
    const text = `id,name\n${Array.from({ length: 30_000 }, (_, i) => `${i},é€😀`).join("\n")}\n`;
    const r = await read(Buffer.from(text), schema());
    expect(r.rejects).toEqual([]);
    expect(r.rows.length).toBe(30_000);
    expect(new Set(values(r.rows, "name"))).toEqual(new Set(["é€😀"]));
  });

  it("refuses a byte order mark that contradicts the declaration, UTF-16 without a mark, and UTF-32", async () => {
    const bom16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("id,name\n", "utf16le")]);
    await expect(read(bom16, schema("latin1"))).rejects.toThrow("in.csv:1: the file starts with a UTF-16LE byte order mark, but the input declares `encoding latin1`");
    await expect(read(Buffer.from("id,name\n1,a\n", "utf16le"), schema())).rejects.toThrow("declare `encoding utf16le` on the input");
    const declared = await read(Buffer.from("id,name\n1,a\n", "utf16le"), schema("utf16le"));
    expect(values(declared.rows, "name")).toEqual(["a"]);
    await expect(read(Buffer.from([0xff, 0xfe, 0, 0, 0x69, 0, 0, 0]), schema())).rejects.toBeInstanceOf(DataError);
  });

  it("rejects the row an odd trailing byte of UTF-16 ends", async () => {
    const body = Buffer.from("id,name\n1,a\n2,b", "utf16le");
    const r = await read(Buffer.concat([Buffer.from([0xff, 0xfe]), body, Buffer.from([0x41])]), schema());
    expect(r.rejects).toEqual(["in.csv:3: name: the cell has bytes that are not valid UTF-16LE (0xDC41 (an unpaired surrogate))"]);
    expect(r.entries).toBe(2);
  });

  it("refuses a header it cannot decode", async () => {
    await expect(read(Buffer.from([...Buffer.from("id,n"), 0xe9, ...Buffer.from("\n1,a\n")]), schema())).rejects.toThrow("in.csv:1: the header has bytes that are not valid UTF-8 (0xE9)");
  });

  it("reads NDJSON with a BOM or in UTF-16, and rejects a line with bad bytes", async () => {
    const lines = '{"id": "1", "name": "é"}\n{"id": "2", "name": "b"}\n';
    const utf16 = await read(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines, "utf16le")]), schema(), "ndjson");
    expect(values(utf16.rows, "name")).toEqual(["é", "b"]);
    const bad = await read(Buffer.from([...Buffer.from('{"id": "1", "name": "'), 0xe9, ...Buffer.from('"}\n{"id": "2", "name": "b"}\n')]), schema(), "ndjson");
    expect(bad.rejects).toEqual([
      "in.ndjson:1: *: the line has bytes that are not valid UTF-8 (0xE9): declare the input's encoding (for example `encoding latin1`) if the file is not UTF-8",
    ]);
    expect(bad.entries).toBe(2);
  });
});

describe("number formats", () => {
  const amount = (numbers?: NumberFormat) => schemaOf([field("id", { kind: "text" }), field("amount", { kind: "money" })], numbers ? { numbers } : {});
  const european: NumberFormat = { decimal: ",", thousands: "." };

  it("reads 1.500 as fifteen hundred under a declared decimal comma, and refuses it undeclared", async () => {
    const text = "id;amount\na;1.500\nb;1.234.567,89\nc;0,5\nd;1500\n";
    const declared = await read(text, amount(european));
    expect(declared.rejects).toEqual([]);
    expect(values(declared.rows, "amount")).toEqual(["1500", "1234567.89", "0.5", "1500"]);
    const undeclared = await read(text, amount());
    expect(undeclared.rejects.map((r) => r.split(": ").slice(0, 3).join(": "))).toEqual([
      'in.csv:2: amount: "1.500" is ambiguous',
      'in.csv:3: amount: "1.234.567,89" is not an amount (like 1234.56)',
      'in.csv:4: amount: "0,5" has a comma',
    ]);
  });

  const cases: [NumberFormat | undefined, FieldType, string, string][] = [
    [undefined, { kind: "decimal" }, "0.125", "0.125"],
    [undefined, { kind: "decimal" }, "12.345", 'reason: "12.345" is ambiguous: a decimal point or a thousands separator? Declare the input\'s number format (`numbers "1234.56"` or `numbers "1.234,56"`)'],
    [{ decimal: "." }, { kind: "decimal" }, "12.345", "12.345"],
    [{ decimal: "." }, { kind: "decimal" }, "1,234", 'reason: "1,234" is not a number written as the input declares (1234.56)'],
    [{ decimal: ".", thousands: "," }, { kind: "money" }, "1,234,567.50", "1234567.5"],
    [{ decimal: ".", thousands: "," }, { kind: "money" }, "1,23", 'reason: "1,23" is not a number written as the input declares (1,234.56)'],
    [{ decimal: ",", thousands: " " }, { kind: "money" }, "1\u202F234,50", "1234.5"],
    [{ decimal: ",", thousands: "'" }, { kind: "integer" }, "1'234", "1234"],
    [{ decimal: "," }, { kind: "integer" }, "4,0", 'reason: "4,0" is not a whole number'],
    [european, { kind: "integer" }, "1.500", "1500"],
    [european, { kind: "percent" }, "4,5%", "0.045"],
    [european, { kind: "percent", bare: "number" }, "4,5", "0.045"],
    [european, { kind: "decimal" }, "-,5", "-0.5"],
  ];
  for (const [numbers, type, text, want] of cases) {
    it(`${numbers ? `"${numbers.thousands ?? ""}${numbers.decimal}"` : "undeclared"} ${type.kind} ${JSON.stringify(text)}`, () => {
      const result = parseFieldValue(text, field("f", type), numbers);
      expect("reason" in result ? `reason: ${result.reason}` : formatExact(result.value as never)).toBe(want);
    });
  }
});

describe("numbers keep their digits", () => {
  const schema = schemaOf([field("id", { kind: "text" }), field("amount", { kind: "money" }), field("units", { kind: "integer" }, true), field("rate", { kind: "percent", bare: "fraction" }, true)]);

  it("reads NDJSON numbers from their text, for every field type", async () => {
    const r = await read([
      '{"id": 12345678901234567890, "amount": 9007199254740993}',
      '{"id": 12345678901234567891, "amount": 0.1, "units": 4.0, "rate": 0.045}',
      '{"id": "x", "amount": 1' + "0".repeat(61) + "}",
      '{"id": "y", "amount": 1.5e2, "units": 2.5}',
      '{"id": "z", "amount": 1, "amount": "2.00", "nested": {"amount": 7}}',
    ].join("\n"), schema, "ndjson");
    expect(values(r.rows, "id")).toEqual(["12345678901234567890", "12345678901234567891", "z"]);
    expect(values(r.rows, "amount")).toEqual(["9007199254740993", "0.1", "2"]);
    expect(values(r.rows, "units")).toEqual([null, "4", null]);
    expect(values(r.rows, "rate")).toEqual([null, "0.045", null]);
    expect(r.rejects).toEqual([
      `in.ndjson:3: amount: "1${"0".repeat(59)}…" has more than 60 digits, more than Accrue computes with exactly`,
      'in.ndjson:4: units: "2.5" is not a whole number',
    ]);
  });

  it("rejects a JavaScript number that may have lost digits, and takes bigints and text exactly", async () => {
    const r = await collectShown(validateObjects([
      { id: "a", amount: 9007199254740993 },
      { id: "b", amount: 0.1 + 0.2 },
      { id: "c", amount: 12.5, units: 3 },
      { id: "d", amount: 12345678901234567890n },
      { id: "e", amount: "9007199254740993.01" },
      { id: "f", amount: Number.NaN },
      { id: 12345678901234567890, amount: 1 },
      { id: "g", amount: 10n ** 61n },
      { id: "h", amount: `1${"0".repeat(61)}` },
    ], schema, "api"));
    expect(values(r.rows, "amount")).toEqual(["12.5", "12345678901234567890", "9007199254740993.01"]);
    expect(r.rejects).toEqual([
      "api:1: amount: 9007199254740992 is past 2^53, where JavaScript numbers lose digits: pass it as text or a bigint",
      "api:2: amount: 0.30000000000000004 has more than 15 significant digits, more than a JavaScript number keeps exactly: pass it as text",
      "api:6: amount: NaN is not a finite number",
      "api:7: id: 12345678901234567000 is past 2^53, where JavaScript numbers lose digits: pass it as text or a bigint",
      `api:8: amount: "1${"0".repeat(59)}…" has more than 60 digits, more than Accrue computes with exactly`,
      `api:9: amount: "1${"0".repeat(59)}…" has more than 60 digits, more than Accrue computes with exactly`,
    ]);
  });
});

describe("percent forms", () => {
  it("reads a bare number only under the field's declared form", async () => {
    const text = "id,a,b,c\nx,4.5%,0.045,4.5\ny,4.5,4.5%,4.5%\n";
    const r = await read(text, schemaOf([
      field("id", { kind: "text" }), field("a", { kind: "percent" }), field("b", { kind: "percent", bare: "fraction" }), field("c", { kind: "percent", bare: "number" }),
    ]));
    expect(values(r.rows, "b")).toEqual(["0.045"]);
    expect(values(r.rows, "c")).toEqual(["0.045"]);
    expect(r.rejects).toEqual(['in.csv:3: a: "4.5" has no % sign: write "4.5%", or declare the field `percent as fraction` (0.045 is 4.5%) or `percent as number` (4.5 is 4.5%)']);
  });
});

describe("large inputs read in linear time (hang guards, not timings)", () => {
  const wide = (columns: number) => Array.from({ length: columns }, (_, i) => `column_${i}`);

  it("reads a 1 MB header line and a row as wide", async () => {
    const names = wide(90_000);
    expect(names.join(",").length).toBeGreaterThan(1024 * 1024);
    const r = await read(`${names.join(",")}\n${names.map((_, i) => i).join(",")}\n`, schemaOf([field("column_89999", { kind: "integer" })]));
    expect(values(r.rows, "column_89999")).toEqual(["89999"]);
  }, 60_000);

  it("reads a 4 MB quoted cell and a 4 MB unquoted one", async () => {
    const long = "x".repeat(4 * 1024 * 1024);
    const r = await read(`id,body\n1,"${long}\n${long}"\n2,${long}\n`, schemaOf([field("id", { kind: "integer" }), field("body", { kind: "text" })]));
    expect(r.rows.map((row) => [row.line, (row.values.body as string).length])).toEqual([[2, 2 * long.length + 1], [4, long.length]]);
  }, 60_000);

  it("reads a million short lines", async () => {
    const r = await read(`n\n${"1\n".repeat(1_000_000)}`, schemaOf([field("n", { kind: "integer" })]));
    expect(r.entries).toBe(1_000_000);
    expect(r.rows.at(-1)!.line).toBe(1_000_001);
  }, 60_000);
});
