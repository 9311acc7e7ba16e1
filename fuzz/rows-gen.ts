/**
 * Rows for generated plans. A batch holds rows for every record of the universe (universe.ts),
 * drawn without looking at the plan, so data and plan shrink independently; `cellsFor` writes a
 * batch's rows as the string cells a CSV file would give for the records a rendered plan
 * declares (its columns, date formats and calendar). Values come from small pools (ties and
 * repeated ids), dates mostly inside the plan's periods but also in its history, before it and
 * after it; a few cells are empty or invalid, so some rows are rejected.
 */
import fc from "fast-check";
import { formatDate, periodOf, periodsBetween } from "../runtime/calendar.js";
import type { Grain } from "../language/syntax.js";
import type { NumberFormat } from "../runtime/schema.js";
import type { FieldLayout, PlanCalendar, RecordLayout } from "./plan-render.js";
import { CATEGORIES, INPUT_FIELDS, PAYEES, REGIONS, TABLES, TXN_IDS, type TableName, type UniverseField } from "./universe.js";

/** Where a generated date falls: in the plan's periods, in its history, before everything, after the plan. */
export interface DatePick {
  zone: "plan" | "history" | "before" | "after";
  pos: number;
}

/** A generated cell: an index or amount (numbers), a date, empty (null), or invalid text. */
export type RawCell = number | boolean | DatePick | null | { bad: number };

/** One universe row: field name to raw cell. */
export type RawRow = Record<string, RawCell>;

/** One batch: rows for each input (by index) and each table. */
export interface RawBatch {
  inputs: RawRow[][];
  tables: Record<TableName, RawRow[]>;
}

/** What a run binds: rows as string cells, by input or table name. */
export type BatchBindings = Record<string, Record<string, string>[]>;

const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

const datePick: fc.Arbitrary<DatePick> = fc.record({
  zone: fc.oneof(w(84, fc.constant("plan" as const)), w(9, fc.constant("history" as const)), w(3, fc.constant("before" as const)), w(4, fc.constant("after" as const))),
  // Few distinct positions, so dates tie.
  pos: fc.oneof(w(3, fc.constantFrom(0, 5, 40, 77)), w(2, fc.nat(999))),
});
const earlyDate: fc.Arbitrary<DatePick> = fc.record({ zone: fc.oneof(w(3, fc.constant("before" as const)), w(2, fc.constant("plan" as const))), pos: fc.nat(999) });

const cents = fc.oneof(
  w(4, fc.constantFrom(100000, 50000, 250000, 123456, 99999, 0, -20000, 2500000, 1)),
  w(5, fc.integer({ min: -100000, max: 3000000 })),
);

function cellArb(f: UniverseField, table?: TableName): fc.Arbitrary<RawCell> {
  const base = valueArb(f, table);
  return f.nullable ? fc.oneof(w(5, base), w(1, fc.constant(null))) : base;
}

function valueArb(f: UniverseField, table?: TableName): fc.Arbitrary<RawCell> {
  if (table === "hierarchy" && f.name === "valid_from") return earlyDate;
  if (table === "hierarchy" && f.name === "valid_to") return fc.oneof(w(1, datePick), w(1, fc.constant(null)));
  switch (f.kind) {
    // Ids 0-5 are plain; 6 and 7 are `constructor` and `__proto__`, now and then.
    // 8 is `José`, which files write in their encoding.
    case "text": return f.name === "id" ? fc.nat(TXN_IDS.length - 1) : fc.oneof(w(16, fc.nat(5)), w(1, fc.constantFrom(6, 7)), w(1, fc.constant(8)));
    case "integer": return f.name === "target" ? fc.nat(4) : f.name === "line_no" ? fc.integer({ min: 1, max: 3 }) : fc.oneof(w(5, fc.integer({ min: 0, max: 20 })), w(1, fc.integer({ min: -5, max: -1 })));
    // Thousandths; three decimals after a whole part of 1 to 999 (`12.345`) are ambiguous text unless the input declares its numbers, so they are the rarer case.
    case "decimal": return fc.oneof(w(2, fc.constantFrom(1000, 1250, 333)), w(4, fc.integer({ min: -200, max: 9999 }).map((v) => v * 10)), w(1, fc.integer({ min: -2000, max: 99999 })));
    case "money": return cents;
    case "percent":
      return f.name === "share"
        ? fc.oneof(w(6, fc.constantFrom(5000, 6000, 10000, 2500)), w(2, fc.nat(10000)), w(1, fc.integer({ min: -3000, max: -1 })), w(1, fc.integer({ min: 10001, max: 20000 })))
        : fc.nat(5000);
    case "boolean": return fc.nat(5);
    case "date": return datePick;
    case "month": return fc.oneof(w(6, fc.nat(5)), w(1, fc.integer({ min: -3, max: -1 })));
    case "enum": return fc.nat(f.values!.length - 1);
  }
}

/** A row; one in twenty has one invalid cell (rejected if the plan declares that field). */
function rowArb(fields: readonly UniverseField[], table?: TableName): fc.Arbitrary<RawRow> {
  const cells = fc.record(Object.fromEntries(fields.map((f) => [f.name, cellArb(f, table)])) as Record<string, fc.Arbitrary<RawCell>>);
  const bad = fc.oneof({ withCrossShrink: true }, w(19, fc.constant(null)), w(1, fc.record({ field: fc.nat(fields.length - 1), variant: fc.nat(3) })));
  return fc.tuple(cells, bad).map(([row, b]) => (b ? { ...row, [fields[b.field]!.name]: { bad: b.variant } } : row));
}

const inputRow = rowArb(INPUT_FIELDS);

/** Table rows with distinct keys, and now and then a second row repeating the first one's key (rejected). */
function tableRowsArb(t: TableName): fc.Arbitrary<RawRow[]> {
  const key = TABLES[t].key;
  const rows = fc.uniqueArray(rowArb(TABLES[t].fields, t), { minLength: 2, maxLength: 8, selector: (r) => (key.length === 0 ? Math.random() : JSON.stringify(key.map((k) => r[k]))) });
  if (key.length === 0) return fc.array(rowArb(TABLES[t].fields, t), { maxLength: 5 });
  return fc.tuple(rows, fc.oneof(w(9, fc.constant(false)), w(1, fc.constant(true)))).map(([list, dup]) => (dup && list.length > 1 ? [...list, { ...list[1]!, ...Object.fromEntries(key.map((k) => [k, list[0]![k]!])) }] : list));
}

const tableRows = Object.fromEntries((Object.keys(TABLES) as TableName[]).map((t) => [t, tableRowsArb(t)])) as Record<TableName, fc.Arbitrary<RawRow[]>>;

/** One batch of rows for the whole universe. */
export const rawBatch: fc.Arbitrary<RawBatch> = fc.record({
  inputs: fc.tuple(fc.array(inputRow, { minLength: 5, maxLength: 12 }), fc.array(inputRow, { maxLength: 4 })),
  tables: fc.record(tableRows),
});

/** The string cells of a batch for the records a plan declares. */
export function cellsFor(batch: RawBatch, records: RecordLayout[], calendar: PlanCalendar): BatchBindings {
  const out: BatchBindings = {};
  for (const r of records) {
    const rows = typeof r.source === "number" ? (batch.inputs[r.source] ?? []) : batch.tables[r.source];
    out[r.name] = rows.map((row) => Object.fromEntries(r.fields.map((f) => [f.column, writtenAs(cellText(row[f.name] ?? null, f, calendar, r.source), f, r.numbers)])));
  }
  return out;
}

const BAD_TEXT: Record<string, string[]> = {
  integer: ["1.5", "x", "--2", "1e3"], decimal: ["1..2", "x", "1,5", "$3"], money: ["12.345", "abc", "1.2.3", "€5"], percent: ["%", "abc%", "x", "5%%"],
  boolean: ["maybe", "2", "yess", "T"], date: ["2026-02-30", "2026-13-01", "20260101", "x"], month: ["2026-13", "2026-00", "26-01", "x"], enum: ["platinum", "GOLD", "x", "junior "],
};

function cellText(cell: RawCell, f: FieldLayout, calendar: PlanCalendar, source: number | TableName): string {
  if (cell === null) return "";
  if (typeof cell === "object" && "bad" in cell) {
    // Any text is valid text: an invalid text cell is an empty one (rejected when the field is required).
    const bad = BAD_TEXT[f.kind];
    return bad ? bad[cell.bad % bad.length]! : "";
  }
  switch (f.kind) {
    case "text": return textValue(f.name, cell as number, source);
    case "integer": return String(cell);
    case "decimal": return formatScaled(cell as number, 3);
    case "money": return formatScaled(cell as number, 2);
    case "percent": {
      // With a % sign, or bare: as the field declares a bare number (a fraction, or a number of percent), else a fraction (rejected).
      const bp = cell as number;
      if (f.percentAs === "number") return bp % 3 === 0 ? formatScaled(bp, 2) : `${formatScaled(bp, 2)}%`;
      if (f.percentAs === "fraction") return bp % 3 === 0 ? formatScaled(bp, 4) : `${formatScaled(bp, 2)}%`;
      return bp % 10 !== 1 ? `${formatScaled(bp, 2)}%` : formatScaled(bp, 4);
    }
    case "boolean": return ["true", "false", "yes", "no", "1", "0"][(cell as number) % 6]!;
    case "date": return dateText(dayOf(cell as DatePick, calendar), f.format);
    case "month": return periodText(cell as number, f.grain ?? "month", calendar);
    case "enum": return TABLE_ENUM(f, source)[(cell as number) % 3]!;
  }
}

function TABLE_ENUM(f: FieldLayout, source: number | TableName): readonly string[] {
  const universe = typeof source === "number" ? INPUT_FIELDS : TABLES[source].fields;
  return universe.find((u) => u.name === f.name)!.values!;
}

function textValue(field: string, index: number, source: number | TableName): string {
  if (field === "id") return TXN_IDS[index % TXN_IDS.length]!;
  if (field === "category") return CATEGORIES[index % CATEGORIES.length]!;
  if (field === "region") return REGIONS[index % REGIONS.length]!;
  void source;
  return PAYEES[index % PAYEES.length]!;
}

const NUMERIC_KINDS = new Set(["integer", "decimal", "money", "percent"]);

/**
 * A plain number's text as an input's declared format writes it (`-1234.5` under `1.234,56`:
 * `-1.234,5`, grouped by threes for every other value, since separators are optional).
 * Anything else (invalid text, a date) is left as it is.
 */
function writtenAs(text: string, f: FieldLayout, numbers: NumberFormat | undefined): string {
  if (!numbers || !NUMERIC_KINDS.has(f.kind)) return text;
  const m = /^(-?)(\d+)(?:\.(\d+))?(%?)$/.exec(text);
  if (!m) return text;
  const [, sign, whole, fraction, percent] = m as unknown as [string, string, string, string | undefined, string];
  const grouped = numbers.thousands !== undefined && Number(whole.slice(-1)) % 2 === 0 ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, numbers.thousands) : whole;
  return `${sign}${grouped}${fraction !== undefined ? `${numbers.decimal}${fraction}` : ""}${percent}`;
}

/** A cell written by `writtenAs` back as a plain number (for JSON numbers), or undefined when it is no number. */
export function plainNumber(text: string, numbers: NumberFormat | undefined): string | undefined {
  let t = text;
  if (numbers) {
    if (numbers.thousands !== undefined) t = t.split(numbers.thousands).join("");
    t = t.replace(numbers.decimal, ".");
  }
  return /^-?\d+(\.\d+)?$/.test(t) && t.replace(/^-/, "").replace(/\..*$/, "").length < 16 ? t : undefined;
}

/** An integer scaled down by 10^places, as exact decimal text (`-1234`, 2 → `-12.34`). */
function formatScaled(n: number, places: number): string {
  const sign = n < 0 ? "-" : "";
  const digits = String(Math.abs(n)).padStart(places + 1, "0");
  const whole = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places).replace(/0+$/, "");
  return `${sign}${whole}${frac ? `.${frac}` : places === 2 ? ".00" : ""}`;
}

function dayOf(p: DatePick, c: PlanCalendar): number {
  const span = c.lastDay - c.firstDay + 1;
  switch (p.zone) {
    case "plan": return c.firstDay + (p.pos % span);
    case "history": return c.historyDay < c.firstDay ? c.historyDay + (p.pos % (c.firstDay - c.historyDay)) : c.firstDay - 1 - (p.pos % 45);
    case "before": return c.historyDay - 1 - (p.pos % 120);
    case "after": return c.lastDay + 1 + (p.pos % 60);
  }
}

function dateText(day: number, format: string | undefined): string {
  const iso = formatDate(day);
  if (format === "YYYY/MM/DD") return iso.replace(/-/g, "/");
  return iso;
}

/** The plan period `index` periods after the first (negative: before it), as text of its grain. */
function periodText(index: number, grain: Grain, c: PlanCalendar): string {
  const periods = periodsBetween(c.firstDay, c.lastDay, grain);
  if (index >= 0 && index < periods.length) return periods[index]!;
  // Outside the plan: step back from its start, or past its end, by whole periods.
  const day = index < 0 ? c.firstDay - 1 - (-index - 1) * 95 : c.lastDay + 1 + (index - periods.length) * 95;
  return periodOf(day, grain);
}

/** A batch's rows as CSV text, one block per record, for failure reports. */
export function batchAsCsv(bindings: BatchBindings): string {
  const blocks: string[] = [];
  for (const [name, rows] of Object.entries(bindings)) {
    if (rows.length === 0) { blocks.push(`${name}: (no rows)`); continue; }
    const header = Object.keys(rows[0]!);
    const lines = [header.map(csvCell).join(","), ...rows.map((r) => header.map((h) => csvCell(r[h] ?? "")).join(","))];
    blocks.push(`${name}:\n${lines.join("\n")}`);
  }
  return blocks.join("\n");
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}
