/**
 * Tests of the runtime's input readers. Bad rows are data: each `bad/<case>.csv` has its
 * rejects beside it in `<case>.expected.txt` (regenerate with ACCRUE_UPDATE_GOLDENS=1, then read
 * the diff). Good files assert parsed values; a property test round-trips generated tables.
 */
import fc from "fast-check";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { formatDate } from "../../runtime/calendar.js";
import { formatExact, isNum } from "../../runtime/numeric.js";
import { DataError, normaliseColumnName, parseFieldValue, readRecords, validateObjects, type ReadOptions } from "../../runtime/readers/index.js";
import type { FieldSchema, FieldType, RecordSchema, Reject, Row, Value } from "../../runtime/schema.js";
import { collect } from "./source-rows.js";

const DATA = fileURLToPath(new URL("../fixtures/data/", import.meta.url));
const ADVENTUREWORKS = fileURLToPath(new URL("../../examples/adventureworks/data/", import.meta.url));
const UPDATE = process.env.ACCRUE_UPDATE_GOLDENS === "1";

function field(name: string, type: FieldType, column = name, optional = false): FieldSchema {
  return { name, column, type, optional };
}

function schemaOf(name: string, fields: FieldSchema[]): RecordSchema {
  return { name, kind: "input", fields, key: [], line: 1 };
}

/** The schema every bad fixture is read with. */
const ORDERS = schemaOf("orders", [
  field("order_id", { kind: "text" }, "Order ID"),
  field("order_date", { kind: "date", format: "YYYY-MM-DD" }, "order_date"),
  field("amount", { kind: "money" }, "Amount"),
  field("region", { kind: "enum", values: ["North", "South", "East", "West"] }, "Region"),
  field("note", { kind: "text" }, "Note", true),
]);

function readAll(path: string, schema: RecordSchema, options: ReadOptions = {}, displayName?: string): Promise<{ rows: Row[]; rejects: Reject[]; entries: number }> {
  return collect(readRecords(path, schema, options, displayName));
}

function formatReject(r: Reject): string {
  return `${r.file}:${r.line}: ${r.column}: ${r.reason}`;
}

/** Values as comparable text: numbers exactly, dates as ISO text. */
function shown(values: Record<string, Value>, dates: string[] = []): Record<string, string | boolean | null> {
  const out: Record<string, string | boolean | null> = {};
  for (const [k, v] of Object.entries(values)) {
    if (isNum(v)) out[k] = formatExact(v);
    else if (dates.includes(k) && typeof v === "number") out[k] = formatDate(v);
    else out[k] = v as string | boolean | null;
  }
  return out;
}

/** Compares actual text with a golden file, or rewrites it when ACCRUE_UPDATE_GOLDENS=1. */
function checkGolden(path: string, actual: string): void {
  if (UPDATE || !existsSync(path)) {
    writeFileSync(path, actual);
    if (!UPDATE) throw new Error(`wrote missing golden ${path}; review it and run again`);
    return;
  }
  expect(actual).toBe(readFileSync(path, "utf8"));
}

async function expectDataError(promise: Promise<unknown>): Promise<DataError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DataError);
  return err as DataError;
}

describe("bad rows (goldens in test/fixtures/data/bad)", () => {
  const dir = join(DATA, "bad");
  const cases = readdirSync(dir).filter((f) => f.endsWith(".csv")).sort();
  it("has the cases the reader promises to cover", () => {
    expect(cases).toEqual(expect.arrayContaining([
      "bad-date.csv", "impossible-date.csv", "bad-money.csv", "missing-value.csv", "enum-not-in-list.csv",
      "wrong-cell-count.csv", "quoted-delimiter-newline.csv", "crlf-no-final-newline.csv", "bom-header.csv",
      "bad-quote.csv", "latin1-bytes.csv", "utf16le-bom.csv", "utf16be-bom.csv", "ambiguous-number.csv", "too-many-digits.csv",
    ]));
  });
  for (const name of cases) {
    it(name, async () => {
      const { rows, rejects, entries } = await readAll(join(dir, name), ORDERS, {}, name);
      // The count line shows every physical row counted once, valid rows at their own lines.
      const count = `rows: ${entries} (valid at lines ${rows.map((r) => r.line).join(", ") || "none"}; ${entries - rows.length} rejected)`;
      const text = [...rejects.map(formatReject), count].join("\n") + "\n";
      checkGolden(join(dir, name.replace(/\.csv$/, ".expected.txt")), text);
    });
  }
});

describe("rows around the bad ones", () => {
  it("keeps the good rows with their own line numbers", async () => {
    const { rows } = await readAll(join(DATA, "bad", "quoted-delimiter-newline.csv"), ORDERS);
    expect(rows.map((r) => [r.line, r.values.order_id, r.values.note])).toEqual([[2, "H1", 'ships, then\nbills "later"']]);
    const crlf = await readAll(join(DATA, "bad", "crlf-no-final-newline.csv"), ORDERS);
    expect(crlf.rows.map((r) => [r.line, r.values.note])).toEqual([[2, null], [3, "a\r\nb"]]);
  });

  it("names the file as the caller does, else as the path was given", async () => {
    const path = join(DATA, "bad", "bad-money.csv");
    const { rejects, rows } = await readAll(path, ORDERS);
    expect(rejects[0]!.file).toBe(path);
    expect(rows.every((r) => r.file === path)).toBe(true);
  });
});

describe("good files", () => {
  it("reads every field type from a semicolon file with CRLF", async () => {
    const schema = schemaOf("people", [
      field("name", { kind: "text" }, "Name"),
      field("units", { kind: "integer" }, "Units"),
      field("ratio", { kind: "decimal" }, "Ratio"),
      field("unit_price", { kind: "money" }, "unit_price"),
      field("rate", { kind: "percent", bare: "fraction" }, "Rate"),
      field("active", { kind: "boolean" }, "Active"),
      field("signed_on", { kind: "date", format: "DD.MM.YYYY" }, "Signed On"),
      field("quarter", { kind: "period", grain: "quarter" }, "Quarter"),
      field("month", { kind: "period", grain: "month", format: "YYYY/MM/DD" }, "Month Of"),
      field("tier", { kind: "enum", values: ["Gold", "Silver", "Bronze"] }, "Tier"),
      field("comment", { kind: "text" }, "Comment", true),
      field("region", { kind: "text" }, "Region", true),
    ]);
    const { rows, rejects } = await readAll(join(DATA, "good", "all-types.csv"), schema);
    expect(rejects).toEqual([]);
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(rows.map((r) => shown(r.values, ["signed_on"]))).toEqual([
      { name: "Ana", units: "3", ratio: "0.25", unit_price: "19.99", rate: "0.045", active: true, signed_on: "2026-01-31", quarter: "2026-Q1", month: "2026-01", tier: "Gold", comment: "semi; colon", region: null },
      { name: "Bo", units: "-7", ratio: "-1.5", unit_price: "0.5", rate: "0.045", active: false, signed_on: "2024-02-29", quarter: "2025-Q4", month: "2025-12", tier: "Silver", comment: null, region: null },
      { name: "Cy", units: "0", ratio: "10", unit_price: "1000000.01", rate: "1", active: true, signed_on: "1999-01-01", quarter: "2026-Q2", month: "2026-06", tier: "Bronze", comment: "padded", region: null },
    ]);
  });
});

describe("file-level problems", () => {
  it("reports a missing required column at line 1, naming it and listing the header", async () => {
    const err = await expectDataError(readAll(join(DATA, "file-errors", "missing-column.csv"), ORDERS, {}, "missing-column.csv"));
    expect(err.line).toBe(1);
    expect(err.column).toBe("order_date");
    expect(err.message).toBe(
      'missing-column.csv:1: order_date: missing column "order_date" for field order_date; the header has "Order ID", "Date", "Amount", "Region"',
    );
  });

  it("treats a missing optional column as absent in every row", async () => {
    const { rows } = await readAll(join(DATA, "file-errors", "missing-column.csv"), schemaOf("o", [
      field("order_id", { kind: "text" }, "Order ID"),
      field("note", { kind: "text" }, "Note", true),
    ]));
    expect(rows.map((r) => r.values)).toEqual([{ order_id: "X1", note: null }]);
  });

  it("refuses a column that two header columns could both fill", async () => {
    const err = await expectDataError(readAll(join(DATA, "file-errors", "ambiguous-column.csv"), schemaOf("o", [
      field("order_date", { kind: "date", format: "YYYY-MM-DD" }, "order_date"),
    ]), {}, "ambiguous-column.csv"));
    expect(err.message).toBe('ambiguous-column.csv:1: order_date: column "order_date" for field order_date matches several header columns: "Order Date", "order-date"');
  });

  it("prefers the exact header name over a normalised match", async () => {
    const { rows } = await readAll(join(DATA, "file-errors", "ambiguous-column.csv"), schemaOf("o", [
      field("d", { kind: "text" }, "order-date"),
    ]));
    expect(rows[0]!.values.d).toBe("2026-01-01");
  });

  it("does not split camelCase: OrderDate does not fill order_date unless the column says so", async () => {
    const sales = join(ADVENTUREWORKS, "Sales.csv");
    const err = await expectDataError(readAll(sales, schemaOf("s", [field("order_date", { kind: "date", format: "YYYY/MM/DD" })]), {}, "Sales.csv"));
    expect(err.message).toMatch(/^Sales\.csv:1: order_date: missing column "order_date" for field order_date; the header has "SalesOrderNumber", "OrderDate", /);
    expect(normaliseColumnName(" Unit  Price ")).toBe("unit_price");
    expect(normaliseColumnName("State-Province")).toBe("state_province");
  });

  it("refuses a delimiter that cannot work", async () => {
    const err = await expectDataError(readAll(join(DATA, "bad", "bad-date.csv"), ORDERS, { delimiter: "" }, "bad-date.csv"));
    expect(err.message).toBe("bad-date.csv: the delimiter is empty");
  });

  it("reports an empty file, a missing file and an unclosed quote without a stack trace", async () => {
    const empty = await expectDataError(readAll(join(DATA, "file-errors", "empty.csv"), ORDERS, {}, "empty.csv"));
    expect(empty.message).toBe("empty.csv:1: the file is empty; a header row is required");
    const missing = await expectDataError(readAll(join(DATA, "nowhere.csv"), ORDERS, {}, "nowhere.csv"));
    expect(missing.message).toBe("nowhere.csv: no such file");
    const unclosed = await expectDataError(readAll(join(DATA, "file-errors", "unclosed-quote.csv"), ORDERS, {}, "unclosed-quote.csv"));
    expect(unclosed.message).toBe("unclosed-quote.csv:3: a quoted field starting on this line is not closed before the end of the file");
  });
});

describe("field values", () => {
  const cases: [FieldType, string, string][] = [
    [{ kind: "text" }, "  hello world ", "hello world"],
    [{ kind: "integer" }, "+42", "42"],
    [{ kind: "integer" }, "4.0", 'reason: "4.0" is not a whole number'],
    [{ kind: "decimal" }, "-1234.5", "-1234.5"],
    [{ kind: "decimal" }, "1.5e3", 'reason: "1.5e3" is not a decimal number (like 1234.56)'],
    [{ kind: "money" }, ".5", "0.5"],
    [{ kind: "money" }, "1 234.50", 'reason: "1 234.50" is not an amount (like 1234.56)'],
    [{ kind: "percent" }, "4.5%", "0.045"],
    [{ kind: "percent" }, "-0.5 %", "-0.005"],
    [{ kind: "percent" }, "4.5", 'reason: "4.5" has no % sign: write "4.5%", or declare the field `percent as fraction` (0.045 is 4.5%) or `percent as number` (4.5 is 4.5%)'],
    [{ kind: "percent", bare: "fraction" }, "0.2", "0.2"],
    [{ kind: "percent", bare: "fraction" }, "4.5%", "0.045"],
    [{ kind: "percent", bare: "number" }, "4.5", "0.045"],
    [{ kind: "percent", bare: "number" }, "4.5%", "0.045"],
    [{ kind: "percent" }, "%", 'reason: "%" is not a percent (like 4.5%)'],
    [{ kind: "boolean" }, "Yes", "true"],
    [{ kind: "boolean" }, "0", "false"],
    [{ kind: "boolean" }, "y", 'reason: "y" is not a boolean (true/false, yes/no, 1/0)'],
    [{ kind: "date", format: "YYYY-MM-DD" }, "2026-02-28", "2026-02-28"],
    [{ kind: "date", format: "YYYY-MM-DD" }, "2026-02-30", 'reason: "2026-02-30" is not a date in the format YYYY-MM-DD'],
    [{ kind: "date", format: "MM/DD/YYYY" }, "12/31/0099", "0099-12-31"],
    [{ kind: "period", grain: "month" }, "2026-01", "2026-01"],
    [{ kind: "period", grain: "month" }, "2026-13", 'reason: "2026-13" is not a month period (YYYY-MM)'],
    [{ kind: "period", grain: "quarter" }, "2026-Q5", 'reason: "2026-Q5" is not a quarter period (YYYY-Qn)'],
    [{ kind: "period", grain: "year" }, "2026", "2026"],
    [{ kind: "period", grain: "quarter", format: "YYYY/MM/DD" }, "2026/08/15", "2026-Q3"],
    [{ kind: "period", grain: "year", format: "YYYY/MM/DD" }, "2026/02/30", 'reason: "2026/02/30" is not a date in the format YYYY/MM/DD'],
    [{ kind: "enum", values: ["Gold", "Silver"] }, "Gold", "Gold"],
    [{ kind: "enum", values: ["Gold", "Silver"] }, "gold", 'reason: "gold" is not one of Gold, Silver'],
  ];
  for (const [type, text, want] of cases) {
    it(`${type.kind} ${JSON.stringify(text)}`, () => {
      const result = parseFieldValue(text, field("f", type));
      const got = "reason" in result ? `reason: ${result.reason}`
        : type.kind === "date" ? formatDate(result.value as number)
        : isNum(result.value) ? formatExact(result.value) : String(result.value);
      expect(got).toBe(want);
    });
  }

  it("treats empty text as absent, which a required field refuses", () => {
    expect(parseFieldValue("   ", field("f", { kind: "money" }, "f", true))).toEqual({ value: null });
    expect(parseFieldValue("", field("f", { kind: "money" }))).toEqual({ reason: "missing value" });
  });
});

describe("NDJSON", () => {
  it("reads objects line by line, matching keys like columns and accepting JSON numbers exactly (1e21 is 10^21)", async () => {
    const { rows, rejects } = await readAll(join(DATA, "good", "orders.ndjson"), ORDERS, {}, "orders.ndjson");
    expect(rows.map((r) => [r.line, shown(r.values, ["order_date"])])).toEqual([
      [1, { order_id: "N1", order_date: "2026-04-01", amount: "12.5", region: "North", note: null }],
      [3, { order_id: "N2", order_date: "2026-04-02", amount: "7", region: "South", note: "keys normalised" }],
      [7, { order_id: "6", order_date: "2026-04-06", amount: "1000000000000000000000", region: "West", note: null }],
      [8, { order_id: "7", order_date: "2026-04-07", amount: "0.1", region: "West", note: null }],
    ]);
    expect(rejects.map(formatReject)).toEqual([
      "orders.ndjson:4: *: not valid JSON",
      "orders.ndjson:5: *: expected a JSON object, found an array",
      'orders.ndjson:6: Order Date: "2026-04-31" is not a date in the format YYYY-MM-DD',
      "orders.ndjson:6: Amount: expected an amount, found true",
    ]);
  });

  it("reports a missing key of a required field as a missing value", async () => {
    const dir = mkdtempSync(join(tmpdir(), "accrue-ndjson-"));
    try {
      const path = join(dir, "rows.jsonl");
      writeFileSync(path, '{"Order ID": "Z", "Order Date": "2026-01-01", "Region": "North"}\n\n');
      const { rows, rejects } = await readAll(path, ORDERS, {}, "rows.jsonl");
      expect(rows).toEqual([]);
      expect(rejects.map(formatReject)).toEqual(["rows.jsonl:1: Amount: missing value"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("validateObjects", () => {
  it("validates in-memory rows keyed by field or column name, from a sync or async source", async () => {
    const objects = [
      { order_id: "V1", order_date: "2026-05-01", amount: 10, region: "North" },
      { "Order ID": "V2", "Order Date": "2026-05-02", Amount: "2.50", Region: "East", note: "by column" },
      { order_id: "V3", order_date: "2026-05-03", amount: "ten", region: "Mars" },
      { order_id: "V4", order_date: "2026-05-04", amount: null, region: "West" },
    ];
    const { rows, rejects } = await collect(validateObjects(objects, ORDERS, "api"));
    expect(rows.map((r) => [r.file, r.line, shown(r.values, ["order_date"])])).toEqual([
      ["api", 1, { order_id: "V1", order_date: "2026-05-01", amount: "10", region: "North", note: null }],
      ["api", 2, { order_id: "V2", order_date: "2026-05-02", amount: "2.5", region: "East", note: "by column" }],
    ]);
    expect(rejects.map(formatReject)).toEqual([
      'api:3: amount: "ten" is not an amount (like 1234.56)',
      "api:3: region: \"Mars\" is not one of North, South, East, West",
      "api:4: amount: missing value",
    ]);
    async function* later() { yield* objects.slice(0, 1); }
    expect((await collect(validateObjects(later(), ORDERS, "api"))).rows.length).toBe(1);
  });
});

describe("AdventureWorks reseller export (examples/adventureworks/data)", () => {
  // 57,851 CRLFs and no newline after the last row: `wc -l` says 57,851 lines, but the file has
  // 57,852 (header + 57,851 sales lines); Python's csv module counts the same.
  it("reads all 57,851 sales lines with no rejects", async () => {
    const schema = schemaOf("sales", [
      field("SalesOrderNumber", { kind: "text" }),
      field("OrderDate", { kind: "date", format: "YYYY/MM/DD" }, "OrderDate"),
      field("ResellerKey", { kind: "text" }),
      field("EmployeeKey", { kind: "text" }),
      field("Quantity", { kind: "integer" }),
      field("unit_price", { kind: "money" }, "unit_price"),
      field("Sales", { kind: "money" }),
    ]);
    let count = 0;
    let first: Row | undefined;
    let last: Row | undefined;
    const rejects: Reject[] = [];
    const started = performance.now();
    for await (const entry of readRecords(join(ADVENTUREWORKS, "Sales.csv"), schema, {}, "Sales.csv")) {
      if (entry.kind === "rejected") { rejects.push(...entry.rejects); continue; }
      const row = entry.row;
      count++;
      first ??= row;
      last = row;
    }
    const seconds = (performance.now() - started) / 1000;
    expect(rejects).toEqual([]);
    expect(count).toBe(57_851);
    expect(first!.line).toBe(2);
    expect(shown(first!.values, ["OrderDate"])).toEqual({
      SalesOrderNumber: "SO43897", OrderDate: "2017-08-25", ResellerKey: "312", EmployeeKey: "282",
      Quantity: "2", unit_price: "28.84", Sales: "57.68",
    });
    expect(last!.line).toBe(57_852);
    expect(seconds).toBeLessThan(10);
  }, 30_000);

  it("reads monthly targets with TargetMonth as a month period written as a date", async () => {
    const schema = schemaOf("targets", [
      field("EmployeeID", { kind: "text" }),
      field("TargetAmount", { kind: "money" }),
      field("TargetMonth", { kind: "period", grain: "month", format: "YYYY/MM/DD" }),
    ]);
    const { rows, rejects } = await readAll(join(ADVENTUREWORKS, "Targets.csv"), schema);
    expect(rejects).toEqual([]);
    expect(rows.length).toBe(809);
    expect(shown(rows[0]!.values)).toEqual({ EmployeeID: "90836195", TargetAmount: "500000", TargetMonth: "2017-12" });
  });

  it("keeps the data's license beside it", () => {
    expect(existsSync(join(ADVENTUREWORKS, "LICENSE_MicrosoftLearning_PL-300.txt"))).toBe(true);
  });
});

describe("streaming", () => {
  const dir = mkdtempSync(join(tmpdir(), "accrue-readers-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps line numbers right across many chunks of multi-line quoted fields", async () => {
    const schema = schemaOf("t", [field("id", { kind: "integer" }), field("body", { kind: "text" })]);
    const parts = ["id,body\r\n"];
    let line = 2;
    const expected: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const breaks = i % 4;
      expected.push(line);
      parts.push(`${i},"${"x,\r\n".repeat(breaks)}${"y".repeat(1 + (i % 50))}"\r\n`);
      line += breaks + 1;
    }
    const path = join(dir, "long.csv");
    writeFileSync(path, parts.join(""));
    const { rows, rejects } = await readAll(path, schema);
    expect(rejects).toEqual([]);
    expect(rows.map((r) => r.line)).toEqual(expected);
  });

  it("stops reading and closes the file when the consumer stops early", async () => {
    const rows: Row[] = [];
    for await (const entry of readRecords(join(ADVENTUREWORKS, "Sales.csv"), schemaOf("s", [field("SalesOrderNumber", { kind: "text" })]), {})) {
      if (entry.kind === "row") rows.push(entry.row);
      if (rows.length === 3) break;
    }
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4]);
  });
});

describe("CSV round trip (property)", () => {
  const dir = mkdtempSync(join(tmpdir(), "accrue-csv-prop-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const specialChars = fc.constantFrom("a", "Z", "7", " ", ",", "|", ";", "\t", '"', "\r", "\n", "é", "\uFEFF");
  const cell = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: specialChars, maxLength: 8 }));
  const table = fc.integer({ min: 1, max: 4 }).chain((columns) => fc.record({
    columns: fc.constant(columns),
    rows: fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 8 }),
    // Blank lines (empty or spaces only) before each row; they are skipped but still counted.
    blanks: fc.array(fc.array(fc.constantFrom("", "  "), { maxLength: 2 }), { minLength: 8, maxLength: 8 }),
    delimiter: fc.constantFrom(",", "|", ";", "\t"),
    eol: fc.constantFrom("\n", "\r\n"),
    finalNewline: fc.boolean(),
    trailingBlankLines: fc.integer({ min: 0, max: 2 }),
    giveDelimiter: fc.boolean(),
  }));

  /** Quotes a cell when it holds the delimiter, a quote or a line break, or would make a blank line. */
  function writeCell(value: string, delimiter: string, onlyColumn: boolean): string {
    const needs = value.includes(delimiter) || /["\r\n]/.test(value) || (onlyColumn && value.trim() === "");
    return needs ? `"${value.replaceAll('"', '""')}"` : value;
  }

  it("reads back the same text values and line numbers", async () => {
    let run = 0;
    await fc.assert(fc.asyncProperty(table, async (t) => {
      const header = Array.from({ length: t.columns }, (_, i) => `c${i}`);
      const records = [header, ...t.rows].map((r) => r.map((c) => writeCell(c, t.delimiter, t.columns === 1)).join(t.delimiter));
      // The file as pieces between line ends: blank lines, then each data record; note where each record starts.
      const pieces: { text: string; record: boolean }[] = [{ text: records[0]!, record: false }];
      records.slice(1).forEach((r, i) => {
        for (const blank of t.blanks[i]!) pieces.push({ text: blank, record: false });
        pieces.push({ text: r, record: true });
      });
      let text = "";
      const starts: number[] = [];
      pieces.forEach((p, i) => {
        if (p.record) starts.push(text.split(/\r\n|\r|\n/).length);
        text += p.text + (i < pieces.length - 1 ? t.eol : "");
      });
      if (t.finalNewline) text += t.eol + t.eol.repeat(t.trailingBlankLines);
      const path = join(dir, `table-${run++}.csv`);
      writeFileSync(path, text);
      const schema = schemaOf("t", header.map((h) => field(h, { kind: "text" }, h, true)));
      const delimiter = t.giveDelimiter || t.columns === 1 ? { delimiter: t.delimiter } : {};
      const { rows, rejects } = await readAll(path, schema, delimiter);
      expect(rejects).toEqual([]);
      expect(rows.map((r) => r.line)).toEqual(starts);
      expect(rows.map((r) => header.map((h) => r.values[h]))).toEqual(t.rows.map((r) => r.map((c) => (c.trim() === "" ? null : c.trim()))));
    }), { numRuns: 300 });
  });
});

