/**
 * Bad rows: without --strict they go to rejects.csv and the reconciliation counts them; with
 * --strict the first one stops the run with exit 1, named by file, line and column.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { accrue, copyExample, hasStackTrace, read } from "./accrue-process.js";

let dir = "";

beforeAll(() => {
  // Scenario 01 with a bad date on line 10 and a bad amount on line 11, both rows otherwise credited.
  dir = copyExample("01-marginal-tiers");
  const lines = read(join(dir, "sales.csv")).split("\n");
  lines[9] = lines[9]!.replace(/,2026-01-\d\d,/, ",2026-13-45,");
  lines[10] = lines[10]!.replace(/,[\d.]+$/, ",12x.50");
  writeFileSync(join(dir, "sales.csv"), lines.join("\n"));
});

describe("rejected rows", () => {
  it("writes them to rejects.csv, counts them and exits 0", async () => {
    const r = await accrue(["run", "plan.accrue", "--config", "run.json", "-o", "out"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`2 rows rejected: see ${join("out", "rejects.csv")}\n`);
    expect(r.stdout).toContain("rows read 153 = credited 145 + excluded 6 + rejected 2\n");
    expect(read(join(dir, "out", "rejects.csv"))).toBe([
      "file,line,column,reason",
      'sales.csv,10,date,"""2026-13-45"" is not a date in the format YYYY-MM-DD"',
      'sales.csv,11,amount,"""12x.50"" is not an amount (like 1234.56)"',
      "",
    ].join("\n"));
  });

  it("stops at the first with --strict, naming file:line and column", async () => {
    const r = await accrue(["run", "plan.accrue", "--config", "run.json", "-o", "strict-out", "--strict"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('sales.csv:10: date: "2026-13-45" is not a date in the format YYYY-MM-DD\n');
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stdout).toBe("");
    expect(existsSync(join(dir, "strict-out"))).toBe(false);
  });
});
