/**
 * A fuzz campaign: random cases drawn by a fast-check arbitrary, one check per case. The same
 * campaign runs as a fixed-seed sample in `npm test` (test/fuzz/) and for as long as asked in
 * `npm run fuzz -- --minutes N` (fuzz/main.ts). A failing case is shrunk by fast-check and printed
 * with `show`, so the report is a minimal plan and data that anyone can rerun.
 */
import fc from "fast-check";

export interface Campaign<T> {
  /** Short name, used on the command line (`--only parser`). */
  name: string;
  /** What one case is made of. */
  arbitrary: fc.Arbitrary<T>;
  /** Throws (with a message that says what went wrong) when the case fails. */
  check(value: T): Promise<void> | void;
  /** The case as text a person can read and rerun: the plan, the rows, the mutation. */
  show(value: T): string;
  /** What one case counts for in the totals (`{ plans: 1, batches: 20 }`). */
  units(value: T): Record<string, number>;
  /** Known failures met and let pass so far in this process, by name (see KNOWN_DIFFERENCES in differential.ts). */
  known?(): Record<string, number>;
}

/** Totals of a campaign run, and the shrunk failure if one was found. */
export interface CampaignReport {
  name: string;
  cases: number;
  units: Record<string, number>;
  failure?: string;
}

/** Runs a campaign from a seed for a number of cases, or until a deadline (ms since epoch). */
export async function runCampaign<T>(campaign: Campaign<T>, options: { seed: number; numRuns: number; deadline?: number; path?: string }): Promise<CampaignReport> {
  const units: Record<string, number> = {};
  let cases = 0;
  const property = fc.asyncProperty(campaign.arbitrary, async (value) => {
    await campaign.check(value);
    cases++;
    for (const [k, v] of Object.entries(campaign.units(value))) units[k] = (units[k] ?? 0) + v;
  });
  const limit = options.deadline === undefined ? {} : { interruptAfterTimeLimit: Math.max(1, options.deadline - Date.now()), markInterruptAsFailure: false };
  const replay = options.path === undefined ? {} : { path: options.path };
  const details = await fc.check(property, { seed: options.seed, numRuns: options.numRuns, endOnFailure: false, ...limit, ...replay });
  const report: CampaignReport = { name: campaign.name, cases, units };
  if (details.failed && details.counterexample) {
    const [value] = details.counterexample as [T];
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    report.failure = [
      `${campaign.name}: a case failed (seed ${details.seed}, after ${details.numShrinks} shrinks)`,
      `rerun it: npm run fuzz -- --only ${campaign.name} --seed ${details.seed} --path ${details.counterexamplePath}`,
      error,
      "--- minimal case ---",
      campaign.show(value),
    ].join("\n");
  }
  return report;
}
