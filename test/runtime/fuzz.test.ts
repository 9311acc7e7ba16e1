/**
 * Whatever the rows hold, a run never crashes: every row ends credited, excluded or rejected,
 * the counts add up, and the same rows give the same files. Rows are drawn from values that
 * are sometimes valid and often not (empty, malformed, out of range, negative).
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePlan, DataError, runCompiledPlan, type CompiledPlan } from "../../index.js";

const examples = join(import.meta.dirname, "..", "..", "examples");

function planOf(name: string): CompiledPlan {
  const path = join(examples, name, "plan.accrue");
  return compilePlan(readFileSync(path, "utf8"), path).plan!;
}

const id = fc.constantFrom("", "R01", "R02", "P01", "S01", "D-01", "OUT-1", "X-200", "NX-100", "DL-1", "DL-2", "Security", "Cloud");
const date = fc.constantFrom("", "2026-01-05", "2026-02-28", "2026-03-31", "2026-06-30", "2025-12-31", "2026-02-30", "05/01/2026", "x");
const amount = fc.constantFrom("", "0", "0.00", "100.00", "-250.50", "1000000.01", "12.345", "1e3", "abc", "7");

/** A row with every column any of the fuzzed plans reads, each drawn from the pools above. */
const row = fc.record({
  deal_id: id, close_date: date, rep: id, partner: id, category: id, amount,
  booking_date: date, cancel_date: date,
  claim_id: id, claim_date: date, reseller: id, outlet: id, product: id, invoice_number: id, invoice_date: date,
  registration_date: date, start_date: date, txn_id: id, date, sku: id, qty: fc.constantFrom("", "1", "-2", "3.5", "10"),
});

async function runOrDataError(plan: CompiledPlan, bindings: Parameters<typeof runCompiledPlan>[1]) {
  try {
    return await runCompiledPlan(plan, bindings);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return undefined;
  }
}

describe("runs on arbitrary rows", () => {
  const cases: { name: string; bind: (rows: Record<string, string>[]) => Parameters<typeof runCompiledPlan>[1]; input: string }[] = [
    { name: "03-splits", input: "deal", bind: (rows) => ({ deal: { rows }, specialists: { rows: [{ category: "Security", specialist: "S01" }] } }) },
    { name: "13-clawback", input: "deal", bind: (rows) => ({ deal: { rows }, cancellation: { rows }, deal_book: { rows } }) },
    { name: "15-claim-validation", input: "claim", bind: (rows) => ({ claim: { rows }, outlets: { rows }, program_products: { rows } }) },
    { name: "14-cap-draw", input: "sale", bind: (rows) => ({ sale: { rows }, reps: { rows } }) },
  ];
  for (const c of cases) {
    it(`${c.name}: every row is accounted for, and reruns are identical`, async () => {
      const plan = planOf(c.name);
      await fc.assert(
        fc.asyncProperty(fc.array(row, { maxLength: 25 }), async (rows) => {
          const first = await runOrDataError(plan, c.bind(rows));
          if (!first) return;
          const r = first.reconciliation;
          expect(r.read).toBe(r.credited + r.excluded + r.rejected);
          const input = r.inputs.find((i) => i.name === c.input)!;
          expect(input.read).toBe(rows.length);
          const again = await runOrDataError(plan, c.bind(rows));
          expect(again!.files.map((f) => f.text)).toEqual(first.files.map((f) => f.text));
        }),
        { numRuns: 60, seed: 20261123 },
      );
    });
  }
});
