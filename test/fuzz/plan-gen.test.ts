/**
 * The plan generator of the differential fuzzer (fuzz/plan-gen.ts), over a fixed-seed sample:
 * its plans check, together they use the whole language, every one compiles and runs over its
 * batches (rows read = credited + excluded + rejected), and most runs pay real money, so the
 * fuzzer compares something. An engine crash on a generated plan fails the test unless it is
 * listed in KNOWN_ENGINE_CRASHES (crashes found and not fixed yet, each with its minimal case).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkSource, compilePlan, DataError, runCompiledPlan, type RunResult } from "../../index.js";
import { caseFeatures, generatedCase, planFeatures, renderPlan, showCase, withCaseBindings, type GeneratedCase } from "../../fuzz/plan-gen.js";

const SEED = 20261202;
const SAMPLE_SIZE = 300;

/**
 * Engine crashes (anything thrown but a DataError) that generated plans are known to trigger,
 * each with its minimal case and how to recognise it (the error and the plan). The lead fixes
 * them; remove an entry once fixed, and the test holds the engine to it.
 */
const KNOWN_ENGINE_CRASHES: { name: string; matches: (error: unknown, c: GeneratedCase) => boolean }[] = [];

/** Every feature the sample must use at least once, as the renderer names them (fuzz/plan-render.ts). */
const REQUIRED_FEATURES = [
  // Header and records.
  "periods monthly", "periods quarterly", "periods yearly", "history", "window", "window for days",
  "field text", "field integer", "field decimal", "field money", "field percent", "field boolean", "field date", "field month", "field quarter", "field year", "field enum",
  "optional field", "key", "composite key", "hierarchy", "hierarchy validity", "column renamed",
  "encoding utf8", "encoding latin1", "encoding windows1252", "encoding utf16le", "encoding utf16be",
  'numbers "1234.56"', 'numbers "1234,56"', 'numbers "1,234.56"', 'numbers "1.234,56"', 'numbers "1 234,56"', `numbers "1'234.56"`,
  "percent as fraction", "percent as number",
  // Batches written to files rather than handed over in memory.
  "csv file", "ndjson file", "file in utf8", "file in latin1", "file in windows1252", "file in utf16le", "file in utf16be",
  "file with a byte order mark", "file in the wrong encoding", "json numbers", "csv CRLF", "csv delimiter ;", "csv delimiter tab",
  // Credit rules.
  "credit rule", "second credit rule", "exclude", "credit if", "credit else",
  "condition over an optional field", "condition over a lookup that can miss", "exclude that can be undecidable", "credit if that can be undecidable", "split", "fractional share", "share from table",
  "remainder", "remainder alone", "remainder with shares", "remainder to each", "several remainders", "equal split", "constant share",
  "overlay 100%", "overlay partial", "overlay rounded", "overlay above 100%", "each table", "each where", "each ancestor", "parent of", "count sharing", "rank sharing",
  // Measures.
  "measure", "measure per credit", "per-credit measure used", "measure uses measure", "grain month", "grain quarter", "grain year",
  "aggregate sum", "aggregate count", "aggregate count distinct", "count distinct having", "aggregate minimum", "aggregate maximum", "aggregate average",
  "aggregate first", "first by a date key", "first by a text key", "first by a count key", "first by a money key", "first by its own value", "aggregate where", "look-back earlier", "this period of a longer grain", "look-back of a longer grain", "any over previous", "any over earlier", "any over within", "sum over overlap", "sum over previous", "sum over toDate", "average over within", "over months of a quarter",
  // Tiers and rates.
  "tiers marginal", "tiers retroactive", "tiers marginal per unit", "tiers retroactive per unit", "tier at", "tier applied", "tier below", "rates", "rates otherwise",
  // Pays and balances.
  "pay", "gate", "cap", "floor", "running cap", "budget", "redirect", "combined cap", "balance", "balance used", "closing balance",
  "balance uses its own opening", "balance uses another balance", "balance uses the closing of another", "balance opening through a measure",
  "negative pay", "budget with negative pay", "combined cap with negative pay",
  "computed cap", "computed floor", "computed running cap", "computed budget", "computed combined cap", "lookup budgets",
  "tier top band earns nothing", "per unit applied to a count",
  // Participants and outputs.
  "participants tablePeriod", "participants tableFrom", "participants table", "participants every",
  "output group", "output credit", "output exclusion", "output payout", "output where", "sorted by", "output replaces built-in", "reasons",
  // Expressions.
  "arithmetic +", "arithmetic -", "arithmetic *", "arithmetic /", "compare =", "compare <>", "compare <", "compare <=", "compare >", "compare >=",
  "and", "or", "not", "in", "not in", "is present", "is absent", "if then else", "absent literal", "min", "max", "abs", "days from",
  "months from", "day()", "date + days", "date - months", "date + weeks", "date + years", "date + count × 1 day", "start of month", "end of quarter", "month moved",
  "text + text", "text()", "upper()", "trim()", "contains", "starts with", "ends with",
  "period month()", "period quarter()", "period year()", "within window", "within plan", "enum tier", "enum level", "enum role", "enum reason",
  "rounded half up", "rounded half even", "rounded half down", "rounded up", "rounded down",
  "precision cents", "precision whole units", "precision 0 decimals", "precision 1 decimals", "precision 2 decimals", "precision 3 decimals", "precision 4 decimals",
  "prototype name", "declarations in any order",
];

const sample: GeneratedCase[] = fc.sample(generatedCase, { seed: SEED, numRuns: SAMPLE_SIZE });

interface Runs {
  runs: number;
  paying: number;
  /** Batches with rejected rows, excluded rows outside the periods, negative credits: the data's rough edges are exercised. */
  withRejects: number;
  outsidePeriods: number;
  negativeCredits: number;
  crashes: { index: number; batch: number; error: unknown; known?: string }[];
  unbalanced: string[];
}

async function runAll(): Promise<Runs> {
  const out: Runs = { runs: 0, paying: 0, withRejects: 0, outsidePeriods: 0, negativeCredits: 0, crashes: [], unbalanced: [] };
  for (const [index, c] of sample.entries()) {
    let compiled: ReturnType<typeof compilePlan>;
    try {
      compiled = compilePlan(c.text, "plan.accrue");
    } catch (error) {
      out.crashes.push({ index, batch: -1, error });
      continue;
    }
    const plan = compiled.plan;
    if (!plan) continue;
    await withCaseBindings(c, async (batches) => {
      for (const [batch, bindings] of batches.entries()) {
        out.runs++;
        let result: RunResult;
        try {
          result = await runCompiledPlan(plan, bindings);
        } catch (error) {
          if (error instanceof DataError) continue;
          out.crashes.push({ index, batch, error, known: KNOWN_ENGINE_CRASHES.find((k) => k.matches(error, c))?.name });
          continue;
        }
        tally(out, result, `case ${index} batch ${batch + 1}`);
      }
    });
  }
  return out;
}

/** Adds one run to the counts: its reconciliation must balance; whether it paid, rejected, excluded outside the periods, credited negative amounts. */
function tally(out: Runs, result: RunResult, where: string): void {
  const r = result.reconciliation;
  for (const i of [...r.inputs, r]) {
    if (i.read !== i.credited + i.excluded + i.rejected) out.unbalanced.push(`${where}: read ${i.read} ≠ ${i.credited} + ${i.excluded} + ${i.rejected}`);
  }
  if (result.payouts.length > 0) out.paying++;
  if (result.rejects.length > 0) out.withRejects++;
  if (result.exclusions.some((x) => x.reason === "outside_plan_periods")) out.outsidePeriods++;
  if (result.credits.some((x) => x.amount.isNegative())) out.negativeCredits++;
}

describe("the plan generator", () => {
  it("draws plans that check without errors (at least 97%)", () => {
    const failures = sample
      .map((c, index) => ({ index, c, errors: checkSource(c.text, "plan.accrue").diagnostics.filter((d) => d.severity === "error") }))
      .filter((f) => f.errors.length > 0);
    const report = failures.slice(0, 5).map((f) => `case ${f.index}:\n${f.errors.map((d) => `  ${d.code} ${d.message}`).join("\n")}\n${f.c.text}`).join("\n\n");
    expect(failures.length / sample.length, report).toBeLessThanOrEqual(0.03);
  });

  it("uses every feature of the language somewhere in the sample", () => {
    const seen = new Map<string, number>();
    for (const c of sample) for (const f of caseFeatures(c)) seen.set(f, (seen.get(f) ?? 0) + 1);
    expect(REQUIRED_FEATURES.filter((f) => !seen.has(f))).toEqual([]);
  });

  it("lands most references: at most 15% of the plans write a plain fallback anywhere", () => {
    // A reference without a target (a measure of its type and grain, a balance) gets a plain
    // measure or balance declared for it; only a form the context cannot hold falls back.
    const withFallback = sample.filter((c) => planFeatures(c.spec).has("fallback"));
    const where = [...new Set(withFallback.flatMap((c) => [...planFeatures(c.spec)].filter((f) => f.startsWith("fallback "))))];
    expect(withFallback.length / sample.length, where.join("\n")).toBeLessThanOrEqual(0.15);
  });

  it("renders a case's text from its spec alone, and the same seed draws the same cases", () => {
    for (const c of sample.slice(0, 50)) expect(renderPlan(c.spec)).toBe(c.text);
    const again = fc.sample(generatedCase, { seed: SEED, numRuns: 5 });
    expect(again.map((c) => c.text)).toEqual(sample.slice(0, 5).map((c) => c.text));
  });

  it("runs every plan over every batch: no crash but the known ones, every row accounted for, most runs paying", async () => {
    const runs = await runAll();
    const unknown = runs.crashes.filter((c) => !c.known);
    const first = unknown[0];
    const crashReport = first ? `${String(first.error instanceof Error ? first.error.stack : first.error)}\n${first.batch < 0 ? "compiling" : `in batch ${first.batch + 1} of`}\n${showCase(sample[first.index]!)}` : "";
    expect(unknown.length, crashReport).toBe(0);
    expect(runs.unbalanced).toEqual([]);
    expect(runs.runs).toBe(sample.length * 20);
    // Rows whose rule cannot decide (an absent condition) are rejected, so a little under half the runs have nothing to pay.
    expect(runs.paying / runs.runs).toBeGreaterThanOrEqual(0.45);
    // The data's rough edges come up too: rejected rows, rows outside the periods, negative credits.
    expect(runs.withRejects).toBeGreaterThan(runs.runs / 10);
    expect(runs.outsidePeriods).toBeGreaterThan(runs.runs / 10);
    expect(runs.negativeCredits).toBeGreaterThan(runs.runs / 10);
  }, 120_000);

  it("prints a case as its plan and each batch as CSV, or as its files with their encodings", () => {
    const c = sample[0]!;
    const text = showCase(c);
    expect(text.startsWith(`--- plan.accrue ---\n${c.text}`)).toBe(true);
    expect(text).toMatch(/--- batch 20( \(files\))? ---/);
    const inMemory = c.forms.findIndex((f) => f.k === "rows");
    const firstInput = Object.entries(c.bindings[inMemory]!).find(([, rows]) => rows.length > 0);
    if (firstInput) expect(text).toContain(`${firstInput[0]}:\n${Object.keys(firstInput[1][0]!).join(",")}`);
    const withFiles = sample.find((s) => s.forms.some((f) => f.k === "csv"))!;
    const batch = withFiles.forms.findIndex((f) => f.k === "csv");
    const form = withFiles.forms[batch] as Extract<GeneratedCase["forms"][number], { k: "csv" }>;
    const record = withFiles.records[0]!;
    const header = record.fields.map((f) => f.column).join(form.delimiter);
    expect(showCase(withFiles)).toContain(`--- batch ${batch + 1} (files) ---\n${record.name}.csv (CSV, delimiter `);
    expect(showCase(withFiles)).toContain(`):\n${header}${form.crlf ? "\r\n" : "\n"}`);
  });
});
