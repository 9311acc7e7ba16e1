/**
 * The parser campaign (fuzz/parser.ts) on a fixed seed: mangled example plans never make the
 * front end throw, hang, report a diagnostic outside the text or of more than one line, compile
 * with an error node, or format to other tokens. `npm run fuzz -- --only parser` runs it longer.
 */
import { describe, expect, it } from "vitest";
import { runCampaign } from "../../fuzz/campaign.js";
import { parserCampaign } from "../../fuzz/parser.js";

describe("parser fuzz campaign", () => {
  it("finds nothing on a fixed-seed sample", async () => {
    const report = await runCampaign(parserCampaign, { seed: 20261202, numRuns: 200 });
    expect(report.failure).toBeUndefined();
    expect(report.cases).toBe(200);
  }, 120_000);
});
