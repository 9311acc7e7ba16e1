/**
 * The differential fuzzer's fixed-seed sample: random well-typed plans, each over batches of
 * random rows, run by the engine and by the reference interpreter, must agree byte for byte.
 * `npm run fuzz -- --only differential --minutes N` runs the same campaign for longer.
 */
import { describe, expect, it } from "vitest";
import { runCampaign } from "../../fuzz/campaign.js";
import { differentialCampaign } from "../../fuzz/differential.js";

describe("the engine agrees with the reference interpreter on random plans", () => {
  it("over a fixed-seed sample of plans and batches", async () => {
    const report = await runCampaign(differentialCampaign(10), { seed: 7_2026, numRuns: 200 });
    expect(report.failure).toBeUndefined();
    expect(report.units).toEqual({ plans: 200, batches: 2000 });
  }, 240_000);
});
