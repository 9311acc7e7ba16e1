/**
 * Checking grows linearly with the plan. Work is counted, not timed: V8's precise coverage
 * counts how many times every block of the front end's code runs, which is the same on every
 * machine. Checking a plan eight times as big must do at most about eight times the work (20% more at most), in each shape
 * of bench/big-plan.ts (before, constants were deduplicated by a search of the whole table,
 * unused measures searched every output, and did-you-mean compared every unknown name with
 * every declared one). The speed itself is printed by `npm run bench` (bench/check.ts).
 */
import { Session } from "node:inspector/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bigPlan, type BigPlanShape } from "../../bench/big-plan.js";
import { checkSource } from "../../compiler/compile.js";
import { MAX_DIAGNOSTICS } from "../../language/diagnostics.js";

/** How many times the blocks of the front end (compiler/ and language/) ran while `work` ran. */
async function blocksRun(session: Session, work: () => void): Promise<number> {
  await session.post("Profiler.takePreciseCoverage");
  work();
  const { result } = await session.post("Profiler.takePreciseCoverage");
  let count = 0;
  for (const script of result) {
    if (!/\/(compiler|language)\/[^/]+\.ts$|\/compiler\/rules\//.test(script.url)) continue;
    for (const fn of script.functions) for (const range of fn.ranges) count += range.count;
  }
  return count;
}

// One session for the file: counts taken after coverage was stopped and started again miss the
// functions V8 had optimized meanwhile.
const session = new Session();
beforeAll(async () => {
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: true });
});
afterAll(async () => {
  await session.post("Profiler.stopPreciseCoverage");
  session.disconnect();
});

describe("checking is linear", () => {
  for (const shape of ["declarations", "lists", "errors"] as BigPlanShape[]) {
    it(`${shape}: a plan 8 times as big takes at most about 8 times the work`, async () => {
      const small = bigPlan(50_000, shape);
      const big = bigPlan(400_000, shape);
      const smallWork = await blocksRun(session, () => checkSource(small, "small.accrue"));
      const bigWork = await blocksRun(session, () => checkSource(big, "big.accrue"));
      const ratio = bigWork / smallWork / (big.length / small.length)
      // Less is fine (suggestions stop at a budget, so a plan of errors levels off); more is not.
      expect(smallWork).toBeGreaterThan(10_000);
      expect(bigWork).toBeGreaterThan(smallWork);
      expect(ratio).toBeLessThan(1.2);
    }, 120_000);
  }

  it(`reports at most ${MAX_DIAGNOSTICS} diagnostics, and one more that counts the rest, where they start`, () => {
    const text = bigPlan(200_000, "errors");
    const { diagnostics } = checkSource(text, "big.accrue");
    expect(diagnostics).toHaveLength(MAX_DIAGNOSTICS + 1);
    const last = diagnostics[MAX_DIAGNOSTICS]!;
    expect(last.code).toBe("A006");
    expect(last.message).toMatch(/^\d+ more problems are not shown \(\d+ errors\): fix these first$/);
    expect(last.span.start).toBeGreaterThanOrEqual(diagnostics[MAX_DIAGNOSTICS - 1]!.span.start);
  });
});
