/**
 * The compiled plan agrees with the reference interpreter on every example, over its own data
 * (run.json), byte for byte: payouts, credits, exclusions, rejects, the plan's outputs, the
 * reconciliation and the issues. The random plans of the differential fuzzer come on top.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveBindings } from "../../cli/bindings.js";
import { compilePlan } from "../../compiler/compile.js";
import { compareBothWays } from "../../fuzz/differential.js";

const examples = join(import.meta.dirname, "..", "..", "examples");
const withData = readdirSync(examples).filter((d) => existsSync(join(examples, d, "run.json")));

describe("the engine agrees with the reference interpreter on every example", () => {
  it("has examples to compare", () => expect(withData.length).toBeGreaterThanOrEqual(17));
  for (const name of withData) {
    it(name, async () => {
      const path = join(examples, name, "plan.accrue");
      const text = readFileSync(path, "utf8");
      const resolved = await resolveBindings({ config: join(examples, name, "run.json") }, compilePlan(text, path).plan!.meta);
      if (!("bindings" in resolved)) throw new Error(resolved.problems.join("\n"));
      expect(await compareBothWays(text, path, [resolved.bindings])).toEqual([]);
    }, 60_000);
  }
});
