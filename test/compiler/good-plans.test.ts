/**
 * Good plans check clean and compile to the expected code. Every example plan and every
 * `fixtures/plans/good/<case>.accrue` must have no errors and no warnings; the module
 * `compileToModule` generates is kept as a golden (`good/<case>.module.js.txt`, and
 * `generated/<example>.module.js.txt` for the examples). Regenerate with ACCRUE_UPDATE_GOLDENS=1
 * and read the diff: it is the code that will run.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileToModule } from "../../compiler/compile.js";
import { renderDiagnostic } from "../../language/source.js";
import { expectGolden } from "../golden.js";

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));
const PLANS = fileURLToPath(new URL("../fixtures/plans/", import.meta.url));
const GOOD = join(PLANS, "good");
const GENERATED = join(PLANS, "generated");

const examples = readdirSync(EXAMPLES).filter((d) => readdirSync(join(EXAMPLES, d)).includes("plan.accrue")).sort();
const goodCases = readdirSync(GOOD).filter((f) => f.endsWith(".accrue")).sort();

/** Compiles a plan, asserting it has no diagnostic at all (warnings included), and returns the module. */
function compileClean(path: string, shownPath: string): string {
  const compiled = compileToModule(readFileSync(path, "utf8"), shownPath);
  expect(compiled.diagnostics.map((d) => renderDiagnostic(compiled.source, d)).join("\n\n")).toBe("");
  expect(compiled.module).toBeDefined();
  return compiled.module!;
}

describe("example plans", () => {
  it("are found", () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const example of examples) {
    it(`${example} checks clean and generates the expected module`, () => {
      const module = compileClean(join(EXAMPLES, example, "plan.accrue"), `examples/${example}/plan.accrue`);
      expectGolden(join(GENERATED, `${example}.module.js.txt`), module);
    });
  }
});

describe("good plans", () => {
  it("are found", () => {
    expect(goodCases.length).toBeGreaterThan(0);
  });

  for (const file of goodCases) {
    it(`${file} checks clean and generates the expected module`, () => {
      const module = compileClean(join(GOOD, file), `good/${file}`);
      expectGolden(join(GOOD, file.replace(/\.accrue$/, ".module.js.txt")), module);
    });
  }
});
