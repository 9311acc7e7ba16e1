/**
 * `accrue fmt` rewrites plans in place in the canonical layout; `accrue fmt --check` changes
 * nothing and exits 1 listing the plans that are not formatted; a plan with syntax errors is
 * never touched.
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accrue, EXAMPLES, REPO, read, tempDir } from "./accrue-process.js";

const MESSY = join(REPO, "test", "fixtures", "format", "messy.accrue");
const FORMATTED = join(REPO, "test", "fixtures", "format", "messy.formatted.accrue");
const BROKEN = join(REPO, "test", "fixtures", "plans", "bad", "syntax-missing-brace.accrue");

/** A temp folder holding a messy plan, a formatted one and a broken one. */
function workspace(): string {
  const dir = tempDir();
  copyFileSync(MESSY, join(dir, "messy.accrue"));
  copyFileSync(FORMATTED, join(dir, "tidy.accrue"));
  copyFileSync(BROKEN, join(dir, "broken.accrue"));
  return dir;
}

describe("accrue fmt", () => {
  it("rewrites a plan in place and says which plans it changed", async () => {
    const dir = workspace();
    const r = await accrue(["fmt", "messy.accrue", "tidy.accrue"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("messy.accrue\n");
    expect(r.stderr).toBe("1 plan reformatted, 1 plan already formatted\n");
    expect(read(join(dir, "messy.accrue"))).toBe(read(FORMATTED));
    expect(read(join(dir, "tidy.accrue"))).toBe(read(FORMATTED));
  });

  it("--check lists the plans that are not formatted, changes nothing, and exits 1", async () => {
    const dir = workspace();
    const r = await accrue(["fmt", "--check", "messy.accrue", "tidy.accrue"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("messy.accrue\n");
    expect(r.stderr).toBe("1 plan not formatted; run `accrue fmt` on it\n");
    expect(read(join(dir, "messy.accrue"))).toBe(read(MESSY));
  });

  it("--check passes formatted plans, such as the examples", async () => {
    const dir = workspace();
    const ok = await accrue(["fmt", "--check", "tidy.accrue"], { cwd: dir });
    expect(ok).toEqual({ code: 0, stdout: "", stderr: "1 plan formatted\n" });
    const examples = await accrue(["fmt", "--check", join(EXAMPLES, "01-marginal-tiers", "plan.accrue"), join(EXAMPLES, "adventureworks", "plan.accrue")]);
    expect(examples.code).toBe(0);
  });

  it("never rewrites a plan with syntax errors, and says why", async () => {
    const dir = workspace();
    const r = await accrue(["fmt", "broken.accrue", "messy.accrue"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("broken.accrue:13:1: error A001: unexpected `credit`");
    expect(r.stderr).toContain("broken.accrue: not formatted: 1 error, 0 warnings\n");
    expect(r.stderr).toContain("1 plan reformatted, 0 plans already formatted, 1 plan not formatted\n");
    expect(read(join(dir, "broken.accrue"))).toBe(read(BROKEN));
    expect(read(join(dir, "messy.accrue"))).toBe(read(FORMATTED));
    const check = await accrue(["fmt", "--check", "broken.accrue"], { cwd: dir });
    expect(check.code).toBe(1);
  });

  it("keeps a formatted plan byte for byte, and formats CRLF plans to LF", async () => {
    const dir = tempDir();
    const path = join(dir, "crlf.accrue");
    writeFileSync(path, read(FORMATTED).replace(/\n/g, "\r\n"));
    const r = await accrue(["fmt", "crlf.accrue"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(path, "utf8")).toBe(read(FORMATTED));
  });

  it("says a plan file is missing", async () => {
    const r = await accrue(["fmt", "no/such.accrue"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: cannot read the plan no/such.accrue: no such file or folder\n");
  });
});
