/**
 * Random plans and data for the differential fuzzer: a plan spec drawn by fast-check
 * (spec-arbitraries.ts), rendered to plan text (plan-render.ts), and batches of rows for every
 * input and table the plan declares (rows-gen.ts). The spec and the rows are drawn apart, so
 * fast-check shrinks a failure on both: fewer declarations, simpler expressions, fewer rows.
 * `showCase` prints a case as the plan and each batch as CSV, to read and rerun.
 */
import fc from "fast-check";
import type { Binding } from "../runtime/engine.js";
import type { PlanSpec } from "./plan-spec.js";
import { renderPlanDetailed } from "./plan-render.js";
import { batchAsCsv, cellsFor, rawBatch, type BatchBindings } from "./rows-gen.js";
import { planSpecArb } from "./spec-arbitraries.js";

export type { PlanSpec } from "./plan-spec.js";
export type { BatchBindings } from "./rows-gen.js";
export { renderPlan, renderPlanDetailed } from "./plan-render.js";

/** One case: the plan's structure, its text, and the rows of each batch to run it over. */
export interface GeneratedCase {
  spec: PlanSpec;
  text: string;
  bindings: BatchBindings[];
}

/** Cases with a given number of batches. */
export function generatedCaseWith(options: { batches?: number } = {}): fc.Arbitrary<GeneratedCase> {
  const batches = options.batches ?? 20;
  return fc.tuple(planSpecArb, fc.array(rawBatch, { minLength: batches, maxLength: batches })).map(([spec, raw]) => {
    const rendered = renderPlanDetailed(spec);
    return { spec, text: rendered.text, bindings: raw.map((b) => cellsFor(b, rendered.records, rendered.calendar)) };
  });
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

/** A case as text: the plan, then each batch as CSV (batches without rows are listed as such). */
export function showCase(c: GeneratedCase): string {
  const parts = [`--- plan.accrue ---\n${c.text}`];
  c.bindings.forEach((b, i) => {
    const empty = Object.values(b).every((rows) => rows.length === 0);
    parts.push(`--- batch ${i + 1} ---\n${empty ? "(no rows)" : batchAsCsv(b)}`);
  });
  return parts.join("\n");
}
