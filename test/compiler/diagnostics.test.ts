/**
 * Bad plans are data: each `fixtures/plans/bad/<case>.accrue` has every diagnostic it produces
 * beside it in `<case>.expected.txt`, rendered as the CLI prints them (`file:line:col`, the
 * source line, the range underlined). Regenerate with ACCRUE_UPDATE_GOLDENS=1 and read the diff:
 * each message should make sense to a comp designer and underline the right text.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkSource } from "../../compiler/compile.js";
import { renderDiagnostic } from "../../language/source.js";
import { expectGolden } from "../golden.js";

const BAD = fileURLToPath(new URL("../fixtures/plans/bad/", import.meta.url));
const cases = readdirSync(BAD).filter((f) => f.endsWith(".accrue")).sort();

describe("bad plans report the expected diagnostics", () => {
  it("has fixtures", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const file of cases) {
    it(file, () => {
      const checked = checkSource(readFileSync(join(BAD, file), "utf8"), `bad/${file}`);
      expect(checked.diagnostics.length, "a bad plan must report something").toBeGreaterThan(0);
      const rendered = checked.diagnostics.map((d) => renderDiagnostic(checked.source, d)).join("\n\n") + "\n";
      expectGolden(join(BAD, file.replace(/\.accrue$/, ".expected.txt")), rendered);
    });
  }
});
