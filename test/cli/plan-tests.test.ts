/** `accrue test`: plan tests report what differs, by how much and from which plan line, and write JUnit XML. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accrue } from "./accrue-process.js";

const FIXTURE = join("test", "fixtures", "plan-tests", "failing.test.yaml");

describe("accrue test", () => {
  it("passes on the examples and ends with the count line", async () => {
    const r = await accrue(["test", "examples"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n\d+ passed, 0 failed\n$/);
    expect(r.stdout).toContain("examples/01-marginal-tiers/plan.test.yaml (examples/01-marginal-tiers/plan.accrue)");
  });

  it("says which payouts differ, by how much, from which plan line, and exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "accrue-junit-"));
    const junit = join(dir, "results.xml");
    const r = await accrue(["test", FIXTURE, "--junit", junit]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines).toContain("  ✓ right");
    expect(lines).toContain("  ✗ wrong amount, a missing row and an unexpected one");
    expect(lines).toContain("      payouts.csv (from test/fixtures/plan-tests/rebate.accrue:30):");
    expect(lines).toContain("        payee=D-01 period=2026-Q1 component=volume_rebate: amount: expected 1600.00, got 1500.00 (-100)");
    expect(lines).toContain("        payee=D-03 period=2026-Q2 component=volume_rebate: missing row D-03,2026-Q2,volume_rebate,10.00");
    expect(lines).toContain("        payee=D-02 period=2026-Q2 component=volume_rebate: unexpected row D-02,2026-Q2,volume_rebate,7500.00");
    expect(lines).toContain("  ✓ a bad data row is reported, not thrown");
    expect(r.stdout.endsWith("2 passed, 1 failed\n")).toBe(true);
    const xml = readFileSync(junit, "utf8");
    expect(xml).toContain('<testsuites tests="3" failures="1">');
    expect(xml).toContain('<testcase classname="test/fixtures/plan-tests/failing.test.yaml" name="right"');
    expect(xml).toContain("<failure message=\"payouts.csv (from test/fixtures/plan-tests/rebate.accrue:30)\">");
  });

  it("locates a malformed test file", async () => {
    const r = await accrue(["test", join("test", "fixtures", "plan-tests", "rebate.accrue")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("  ✗ test/fixtures/plan-tests/rebate.accrue:1: not a valid test file (YAML): Implicit keys need to be on a single line");
  });
});
