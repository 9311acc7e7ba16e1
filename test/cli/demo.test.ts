/** `accrue demo`: the shipped example from any folder, and the same command on a small copy (ACCRUE_DEMO_DIR). */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accrue, copyExample, EXAMPLES, read, tempDir } from "./accrue-process.js";

describe("accrue demo", () => {
  it("runs the example folder it is pointed at and writes to out/demo", async () => {
    const example = copyExample("01-marginal-tiers");
    const cwd = tempDir();
    const r = await accrue(["demo"], { cwd, env: { ACCRUE_DEMO_DIR: example } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Direct rep marginal commission version 1 \(.*plan\.accrue\)\n\npayee {2}period {3}component {4}amount\n/);
    expect(r.stdout).toContain(`wrote ${join("out", "demo", "payouts.csv")}\n`);
    expect(r.stdout.endsWith("\nrows read 153 = credited 147 + excluded 6 + rejected 0\n")).toBe(true);
    expect(read(join(cwd, "out", "demo", "payouts.csv"))).toBe(read(join(EXAMPLES, "01-marginal-tiers", "expected", "payouts.csv")));
  });

  it("runs the AdventureWorks example from any folder", async () => {
    const cwd = tempDir();
    const r = await accrue(["demo"], { cwd });
    expect(r.code).toBe(0);
    // stderr is not a terminal here, so no progress lines and nothing else.
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/\n… \d+ more \(\d+ payouts in all: see out\/demo\/payouts\.csv\)\n/);
    expect(r.stdout).toMatch(/\nrows read (\d+) = credited \d+ \+ excluded \d+ \+ rejected \d+\n$/);
    expect(existsSync(join(cwd, "out", "demo", "payouts.csv"))).toBe(true);
  }, 30_000);
});
