/** The command line itself: help, version, and usage errors (exit 2, usage on stderr, nothing on stdout). */
import { describe, expect, it } from "vitest";
import { accrue, read, REPO } from "./accrue-process.js";
import { join } from "node:path";

const COMMANDS = ["check", "compile", "run", "explain", "demo", "fmt", "lsp"];

describe("usage", () => {
  it.each(COMMANDS)("prints help with a description and an example for %s", async (command) => {
    const r = await accrue([command, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: accrue ${command} `));
    expect(r.stdout).toMatch(/\nExample:\n {2}accrue /);
    expect(r.stderr).toBe("");
  });

  it("lists every command in the main help", async () => {
    const r = await accrue(["--help"]);
    expect(r.code).toBe(0);
    for (const command of COMMANDS) expect(r.stdout).toMatch(new RegExp(`\\n {2}${command} `));
  });

  it("prints the package version", async () => {
    const r = await accrue(["--version"]);
    expect(r.stdout).toBe(`${(JSON.parse(read(join(REPO, "package.json"))) as { version: string }).version}\n`);
    expect(r.code).toBe(0);
  });

  it.each([
    [["run", "plan.accrue", "--bogus"], "error: unknown option '--bogus'\nUsage: accrue run [options] <plan>\n"],
    [["frobnicate"], "error: unknown command 'frobnicate'\nUsage: accrue [options] [command]\n"],
    [["run"], "error: missing required argument 'plan'\nUsage: accrue run [options] <plan>\n"],
    [["check"], "error: missing required argument 'plan'\nUsage: accrue check [options] <plan...>\n"],
    [["run", "plan.accrue", "--input", "sale"], `error: option '--input <name=path>' argument 'sale' is invalid. expected name=path, found "sale"\n`],
    [["run", "plan.accrue", "--format", "xml"], "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are csv, json.\n"],
    [["compile", "a.accrue", "b.accrue"], "error: too many arguments for 'compile'. Expected 1 argument but got 2.\n"],
  ])("exits 2 for %j", async (args, message) => {
    const r = await accrue(args);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stdout).toBe("");
  });

  it("exits 2 with the help on stderr when no command is given", async () => {
    const r = await accrue([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Usage: accrue \[options\] \[command\]/);
    expect(r.stdout).toBe("");
  });
});
