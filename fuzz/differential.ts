/**
 * Differential testing: a plan compiled to closures and run by the engine must give exactly what
 * the reference interpreter gives from the same IR and the same bindings: the same files byte
 * for byte, the same reconciliation, the same issues, or the same data error.
 */
import type { Campaign } from "./campaign.js";
import { generatedCaseWith, showCase, withCaseBindings, type GeneratedCase } from "./plan-gen.js";
import { checkSource, compilePlan } from "../compiler/compile.js";
import { formatDiagnostic } from "../language/index.js";
import { interpretPlan } from "../interpreter/index.js";
import { DataError, runCompiledPlan, type Binding } from "../runtime/index.js";

/** One side's outcome, in comparable text. */
export interface Outcome {
  files?: { file: string; text: string }[];
  reconciliation?: string;
  issues?: string[];
  dataError?: string;
}

async function outcome(side: string, run: () => Promise<{ files: { file: string; text: string }[]; reconciliation: unknown; issues: string[] }>): Promise<Outcome> {
  try {
    const r = await run();
    return { files: r.files.map((f) => ({ file: f.file, text: f.text })), reconciliation: JSON.stringify(r.reconciliation), issues: [...new Set(r.issues)].sort() };
  } catch (e) {
    if (e instanceof DataError) return { dataError: e.message };
    throw new Error(`the ${side} crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

/** The first difference between two outcomes, as a readable report; undefined when they agree. */
export function difference(engine: Outcome, reference: Outcome): string | undefined {
  if (engine.dataError !== undefined || reference.dataError !== undefined) {
    return engine.dataError === reference.dataError ? undefined : `data error: engine ${engine.dataError ?? "(none)"}, interpreter ${reference.dataError ?? "(none)"}`;
  }
  const a = engine.files!;
  const b = reference.files!;
  const names = (fs: { file: string }[]) => fs.map((f) => f.file).join(", ");
  if (names(a) !== names(b)) return `files: engine writes ${names(a)}, interpreter ${names(b)}`;
  for (const [i, f] of a.entries()) {
    if (f.text !== b[i]!.text) return `${f.file} differs\n${lineDiff(f.text, b[i]!.text)}`;
  }
  if (engine.reconciliation !== reference.reconciliation) return `reconciliation: engine ${engine.reconciliation}, interpreter ${reference.reconciliation}`;
  if (engine.issues!.join("\n") !== reference.issues!.join("\n")) return `issues:\n  engine:\n    ${engine.issues!.join("\n    ")}\n  interpreter:\n    ${reference.issues!.join("\n    ")}`;
  return undefined;
}

/** The lines two texts do not share, engine side first. */
function lineDiff(engine: string, reference: string): string {
  const x = engine.split("\n");
  const y = reference.split("\n");
  const out: string[] = [];
  for (let i = 0; i < Math.max(x.length, y.length) && out.length < 20; i++) {
    if (x[i] !== y[i]) out.push(`  line ${i + 1}: engine ${JSON.stringify(x[i] ?? "(none)")}, interpreter ${JSON.stringify(y[i] ?? "(none)")}`);
  }
  return out.join("\n");
}

/**
 * Differences the fuzzer found and the lead has not fixed yet, each with its minimal case and how
 * to recognise it (narrowly: nothing else may differ). The campaign counts a batch whose only
 * difference is a known one instead of failing on it, so that a run goes on finding new ones, and
 * prints the counts; remove an entry once fixed (the campaign then holds both sides to it).
 */
export const KNOWN_DIFFERENCES: { name: string; matches: (engine: Outcome, reference: Outcome) => boolean }[] = [];

/** How often each known difference came up in this process. */
export const knownDifferenceCounts = new Map<string, number>();

/**
 * Runs a plan's text both ways over each set of bindings. Returns undefined when the plan does
 * not check (the caller counts it), else the list of differences (empty when they agree);
 * with `tolerateKnown`, a batch whose only difference is a known one is counted, not listed.
 */
export async function compareBothWays(text: string, path: string, batches: Record<string, Binding>[], options: { strict?: (batch: number) => boolean; tolerateKnown?: boolean } = {}): Promise<string[] | undefined> {
  const checked = checkSource(text, path);
  if (!checked.ir) return undefined;
  const compiled = compilePlan(text, path);
  if (!compiled.plan) throw new Error(`the plan checks but does not compile:\n${compiled.diagnostics.map((d) => formatDiagnostic(compiled.source, d)).join("\n")}`);
  const differences: string[] = [];
  for (const [i, bindings] of batches.entries()) {
    const strict = options.strict?.(i) ?? false;
    const engine = await outcome("engine", () => runCompiledPlan(compiled.plan!, bindings, { strict }));
    const reference = await outcome("interpreter", () => interpretPlan(checked.ir!, bindings, { strict }));
    const d = difference(engine, reference);
    if (!d) continue;
    const known = options.tolerateKnown ? KNOWN_DIFFERENCES.find((k) => k.matches(engine, reference)) : undefined;
    if (known) knownDifferenceCounts.set(known.name, (knownDifferenceCounts.get(known.name) ?? 0) + 1);
    else differences.push(`batch ${i + 1}: ${d}`);
  }
  return differences;
}

/**
 * The differential campaign: a random well-typed plan (fuzz/plan-gen.ts) with `batches` batches
 * of rows, every fifth one also run in strict mode; it fails when the plan does not check (the
 * generator must stay inside the language), when either side crashes, or on any difference.
 */
export function differentialCampaign(batches = 20): Campaign<GeneratedCase> {
  return {
    name: "differential",
    arbitrary: generatedCaseWith({ batches }),
    async check(c) {
      const path = "generated.accrue";
      const differences = await withCaseBindings(c, (batches) => compareBothWays(c.text, path, batches, { strict: (i) => i % 5 === 4, tolerateKnown: true }));
      if (differences === undefined) {
        const checked = checkSource(c.text, path);
        throw new Error(`the generated plan does not check:\n${checked.diagnostics.map((d) => formatDiagnostic(checked.source, d)).join("\n")}`);
      }
      if (differences.length > 0) throw new Error(differences.join("\n"));
    },
    show: showCase,
    units: (c) => ({ plans: 1, batches: c.bindings.length }),
    known: () => Object.fromEntries(knownDifferenceCounts),
  };
}
