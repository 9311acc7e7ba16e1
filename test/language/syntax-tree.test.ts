/**
 * Syntax trees of the good plans as goldens: `fixtures/plans/good/<case>.tree.txt` holds the
 * tree `render-tree.ts` prints, every node with its line:col range. A change to the parser
 * shows up as a reviewable diff here. Regenerate with ACCRUE_UPDATE_GOLDENS=1.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parsePlan } from "../../language/parse.js";
import { SourceFile } from "../../language/source.js";
import { expectGolden } from "../golden.js";
import { renderTree } from "./render-tree.js";

const GOOD = fileURLToPath(new URL("../fixtures/plans/good/", import.meta.url));
const cases = readdirSync(GOOD).filter((f) => f.endsWith(".accrue")).sort();

describe("syntax trees of good plans", () => {
  it("has fixtures", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const file of cases) {
    it(file, () => {
      const text = readFileSync(join(GOOD, file), "utf8");
      const parsed = parsePlan(text);
      expect(parsed.diagnostics).toEqual([]);
      expectGolden(join(GOOD, file.replace(/\.accrue$/, ".tree.txt")), renderTree(parsed.plan, new SourceFile(`good/${file}`, text)));
    });
  }
});
