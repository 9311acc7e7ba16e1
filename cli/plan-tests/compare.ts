/**
 * Compares an expected CSV file with what a run produced, row by row: rows are matched on
 * their key columns (those holding text), values compared as exact numbers, so a difference
 * reads as "expected 30.00, got 31.50 (+1.50)" rather than as a changed line.
 */
import { parse } from "csv-parse/sync";
import { compositeKey, numeric as N } from "../../runtime/index.js";

/** One way an output differs from what was expected. */
export interface Difference {
  kind: "missing" | "unexpected" | "changed" | "header";
  /** The row's key, as `payee=R01 period=2026-01`. */
  key: string;
  message: string;
}

function rowsOf(text: string): string[][] {
  return parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Compares two CSV texts; an empty list means they hold the same rows. */
export function compareCsv(expectedText: string, actualText: string): Difference[] {
  const [expectedHeader = [], ...expected] = rowsOf(expectedText);
  const [actualHeader = [], ...actual] = rowsOf(actualText);
  if (expectedHeader.join(",") !== actualHeader.join(",")) {
    return [{ kind: "header", key: "", message: `columns differ: expected ${expectedHeader.join(",")}, got ${actualHeader.join(",")}` }];
  }
  const keyColumns = expectedHeader.map((_, i) => i).filter((i) => [...expected, ...actual].some((r) => !NUMBER.test(r[i] ?? "")));
  const valueColumns = expectedHeader.map((_, i) => i).filter((i) => !keyColumns.includes(i));
  // Rows are matched on their key cells (compositeKey, so a cell holding a space or `=` cannot
  // make two keys meet); the `payee=R01 period=2026-01` text only names the row in messages.
  const matchKey = (r: string[]) => compositeKey(keyColumns.map((i) => r[i] ?? ""));
  const keyText = (r: string[]) => keyColumns.map((i) => `${expectedHeader[i]}=${r[i] ?? ""}`).join(" ");
  const index = (rows: string[][]) => {
    const m = new Map<string, string[][]>();
    for (const r of rows) m.set(matchKey(r), [...(m.get(matchKey(r)) ?? []), r]);
    return m;
  };
  const want = index(expected);
  const got = index(actual);
  const diffs: Difference[] = [];
  for (const [match, rows] of want) {
    const key = keyText(rows[0]!);
    const others = got.get(match) ?? [];
    rows.forEach((row, n) => {
      const other = others[n];
      if (!other) {
        diffs.push({ kind: "missing", key, message: `missing row ${row.join(",")}` });
        return;
      }
      for (const i of valueColumns) {
        if (row[i] === other[i]) continue;
        diffs.push({ kind: "changed", key, message: `${expectedHeader[i]}: expected ${row[i]}, got ${other[i]}${delta(row[i], other[i])}` });
      }
    });
    for (const extra of others.slice(rows.length)) diffs.push({ kind: "unexpected", key, message: `unexpected row ${extra.join(",")}` });
  }
  for (const [match, rows] of got) if (!want.has(match)) for (const r of rows) diffs.push({ kind: "unexpected", key: keyText(r), message: `unexpected row ${r.join(",")}` });
  if (diffs.length === 0 && expectedText !== actualText) diffs.push({ kind: "changed", key: "", message: "same rows, but the order or formatting differs" });
  return diffs;
}

function delta(expected: string | undefined, actual: string | undefined): string {
  const a = expected === undefined ? undefined : N.parseNum(expected);
  const b = actual === undefined ? undefined : N.parseNum(actual);
  if (!a || !b) return "";
  const d = N.sub(b, a);
  return ` (${N.isNegative(d) ? "" : "+"}${N.formatExact(d)})`;
}
