/** The README's embedding example runs as written (against the built library) and prints what it says. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

it("the embedding example in the README compiles a plan, runs it and prints its payouts", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Embedding the runtime"));
  const code = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
  // The example imports the published package; here it is the library this checkout builds.
  const local = code.replace('from "accrue"', `from ${JSON.stringify(pathToFileURL(join(root, "dist", "index.mjs")).href)}`);
  const file = join(mkdtempSync(join(tmpdir(), "accrue-readme-")), "embed.mjs");
  writeFileSync(file, local);
  const out = execFileSync(process.execPath, [file], { cwd: root, encoding: "utf8" });
  expect(out).toBe("R01 2026-Q1 commission 3800.00\n1 1\n");
});
