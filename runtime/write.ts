/** Writes a run's files to a folder and says how the rows reconcile. */
import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Reconciliation, RunResult } from "./engine.js";

/** Writes every output file of a run into `dir` (created if needed); returns the paths written. */
export async function writeOutputs(result: RunResult, dir: string, format: "csv" | "json" = "csv"): Promise<string[]> {
  await makeFolder(dir);
  const written: string[] = [];
  for (const f of result.files) {
    const path = join(dir, format === "csv" ? f.file : f.file.replace(/\.csv$/, ".json"));
    await writeFile(path, format === "csv" ? f.text : csvToJson(f.text));
    written.push(path);
  }
  const summary = join(dir, "reconciliation.json");
  await writeFile(summary, JSON.stringify(result.reconciliation, null, 2) + "\n");
  written.push(summary);
  return written;
}

/**
 * Creates a folder and its missing parents one level at a time. Node's recursive mkdir never
 * returns for a path under /proc (it retries ENOENT forever), so it is not used.
 */
export async function makeFolder(dir: string): Promise<void> {
  const missing: string[] = [];
  const target = resolve(dir);
  for (let at = target; ; at = dirname(at)) {
    const found = await stat(at).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return undefined;
      throw err;
    });
    if (found?.isDirectory()) break;
    if (found) throw Object.assign(new Error(`${at} is not a folder`), { code: at === target ? "EEXIST" : "ENOTDIR" });
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const folder of missing.reverse()) {
    await mkdir(folder).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "EEXIST") throw err;
    });
  }
}

/** The CSV text of an output as a JSON array of objects (values stay text, so amounts stay exact). */
function csvToJson(text: string): string {
  const [header, ...rows] = parseSimpleCsv(text);
  return JSON.stringify(rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""]))), null, 2) + "\n";
}

function parseSimpleCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(cell); cell = ""; }
    else if (ch === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; }
    else cell += ch;
  }
  return rows;
}

/** `rows read 250 = credited 240 + excluded 8 + rejected 2`, per input and in total. */
export function reconciliationLine(r: Reconciliation): string {
  const parts = r.inputs.map((i) => `${i.name}: ${i.read} read = ${i.credited} credited + ${i.excluded} excluded + ${i.rejected} rejected`);
  const total = `rows read ${r.read} = credited ${r.credited} + excluded ${r.excluded} + rejected ${r.rejected}`;
  const tables = r.tables.filter((t) => t.rejected > 0).map((t) => `table ${t.name}: ${t.rejected} of ${t.read} rows rejected`);
  return [total, ...(r.inputs.length > 1 ? parts : []), ...tables].join("\n");
}
