/** Every plan snippet in the README and the language guide parses: the docs show the language as it is. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePlan, SourceFile, formatDiagnostic } from "../language/index.js";

const root = join(import.meta.dirname, "..");

describe("plan snippets in the docs", () => {
  for (const doc of ["README.md", "docs/language.md", "ARCHITECTURE.md"]) {
    const text = readFileSync(join(root, doc), "utf8");
    const snippets = [...text.matchAll(/```accrue\n([\s\S]*?)```/g)].map((m) => m[1]!);
    snippets.forEach((snippet, i) => {
      it(`${doc} snippet ${i + 1} parses`, () => {
        const source = new SourceFile(`${doc}#${i + 1}`, snippet);
        // Snippets show a part of a plan, so a missing header is expected; nothing else is.
        const errors = parsePlan(snippet).diagnostics.filter((d) => d.code !== "A003");
        expect(errors.map((d) => formatDiagnostic(source, d))).toEqual([]);
      });
    });
  }
});
