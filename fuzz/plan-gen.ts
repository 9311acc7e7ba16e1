/**
 * Random plans and data for the differential fuzzer: a plan spec drawn by fast-check
 * (spec-arbitraries.ts), rendered to plan text (plan-render.ts), and batches of rows for every
 * input and table the plan declares (rows-gen.ts). The spec and the rows are drawn apart, so
 * fast-check shrinks a failure on both: fewer declarations, simpler expressions, fewer rows. A
 * share of the batches is written to CSV or NDJSON files (batch-files.ts) rather than handed
 * over in memory. `showCase` prints a case as the plan and each batch (as CSV, or its files with
 * their encodings), to read and rerun.
 */
import { join } from "node:path";
import fc from "fast-check";
import type { Binding } from "../runtime/engine.js";
import { batchFiles, batchForm, describeFile, fileFeatures, inTempFolder, writeBatchFiles, type BatchForm } from "./batch-files.js";
import type { PlanSpec } from "./plan-spec.js";
import { renderPlanDetailed, type RecordLayout } from "./plan-render.js";
import { batchAsCsv, cellsFor, rawBatch, type BatchBindings } from "./rows-gen.js";
import { planSpecArb } from "./spec-arbitraries.js";

export type { PlanSpec } from "./plan-spec.js";
export type { BatchBindings } from "./rows-gen.js";
export { renderPlan, renderPlanDetailed } from "./plan-render.js";

/** One case: the plan's structure, its text, the rows of each batch to run it over, and how each batch reaches the run (rows in memory, or files). */
export interface GeneratedCase {
  spec: PlanSpec;
  text: string;
  bindings: BatchBindings[];
  forms: BatchForm[];
  records: RecordLayout[];
}

/** Cases with a given number of batches. */
export function generatedCaseWith(options: { batches?: number } = {}): fc.Arbitrary<GeneratedCase> {
  const batches = options.batches ?? 20;
  return fc.tuple(planSpecArb, fc.array(fc.tuple(rawBatch, batchForm), { minLength: batches, maxLength: batches })).map(([spec, raw]) => {
    const rendered = renderPlanDetailed(spec);
    return { spec, text: rendered.text, bindings: raw.map(([b]) => cellsFor(b, rendered.records, rendered.calendar)), forms: raw.map(([, f]) => f), records: rendered.records };
  });
}

/**
 * Runs `body` with the run bindings of every batch of a case: rows in memory, or files written
 * in a temporary folder (removed afterwards), as each batch's form says.
 */
export function withCaseBindings<T>(c: GeneratedCase, body: (batches: Record<string, Binding>[]) => Promise<T>): Promise<T> {
  return inTempFolder((dir) => body(c.bindings.map((b, i) => {
    const files = batchFiles(b, c.records, c.forms[i] ?? { k: "rows" });
    return files.length > 0 ? writeBatchFiles(files, join(dir, `batch-${i + 1}`)) : bindingsOf(b);
  })));
}

/** The features a case uses: its plan's, and those of the files its batches are written to. */
export function caseFeatures(c: GeneratedCase): Set<string> {
  const out = new Set(planFeatures(c.spec));
  c.bindings.forEach((b, i) => { for (const f of fileFeatures(batchFiles(b, c.records, c.forms[i] ?? { k: "rows" }))) out.add(f); });
  return out;
}

/** Cases of 20 batches each. */
export const generatedCase: fc.Arbitrary<GeneratedCase> = generatedCaseWith();

/** The language features a plan uses, as the renderer wrote them. */
export function planFeatures(spec: PlanSpec): Set<string> {
  return renderPlanDetailed(spec).features;
}

/** A batch's rows as run bindings (`{ rows }` per input and table). */
export function bindingsOf(batch: BatchBindings): Record<string, Binding> {
  return Object.fromEntries(Object.entries(batch).map(([name, rows]) => [name, { rows, name: `${name}.csv` }]));
}

/**
 * A case as text: the plan, then each batch, as CSV when its rows are handed over in memory
 * (batches without rows are listed as such), else each file with how it is written (format,
 * delimiter, encoding, byte order mark) and its text.
 */
export function showCase(c: GeneratedCase): string {
  const parts = [`--- plan.accrue ---\n${c.text}`];
  c.bindings.forEach((b, i) => {
    const files = batchFiles(b, c.records, c.forms[i] ?? { k: "rows" });
    if (files.length > 0) { parts.push(`--- batch ${i + 1} (files) ---\n${files.map(describeFile).join("\n")}`); return; }
    const empty = Object.values(b).every((rows) => rows.length === 0);
    parts.push(`--- batch ${i + 1} ---\n${empty ? "(no rows)" : batchAsCsv(b)}`);
  });
  return parts.join("\n");
}
