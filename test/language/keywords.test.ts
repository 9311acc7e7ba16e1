/**
 * The lexer matches every word as an Identifier and then looks up whether it is a keyword
 * (language/tokens.ts, keywordOfWord), instead of trying each keyword's pattern (`word\b`, with
 * Identifier as the longer alternative). Both must give the same tokens: here a lexer built the
 * other way, from every token's pattern, lexes every plan we have and words written against
 * every keyword, and the two are compared token by token, errors included.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Lexer } from "chevrotain";
import { describe, expect, it } from "vitest";
import { lexPlan } from "../../language/lexer.js";
import { allTokens, keywords } from "../../language/tokens.js";

const byPatterns = new Lexer(allTokens, { ensureOptimizations: false, positionTracking: "onlyOffset" });

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));
const PLANS = fileURLToPath(new URL("../fixtures/plans/", import.meta.url));
const plans = [
  ...readdirSync(EXAMPLES).filter((d) => existsSync(join(EXAMPLES, d, "plan.accrue"))).map((d) => join(EXAMPLES, d, "plan.accrue")),
  ...["good", "bad"].flatMap((kind) => readdirSync(join(PLANS, kind)).filter((f) => f.endsWith(".accrue")).map((f) => join(PLANS, kind, f))),
].map((path) => readFileSync(path, "utf8"));

/** Each keyword alone and run into what may follow or precede a word. */
const nearKeywords = keywords.flatMap((k) => [k, `${k}x`, `${k}_`, `${k}1`, `x${k}`, `_${k}`, `1${k}`, `${k}.`, `${k}é`, `é${k}`, k.toUpperCase(), `${k}(`, `"${k}"`, `${k}-`]).join(" ");

function tokensOf(result: { tokens: { tokenType: { name: string }; image: string; startOffset: number }[] }): string[] {
  return result.tokens.map((t) => `${t.tokenType.name} ${JSON.stringify(t.image)} @${t.startOffset}`);
}

describe("keywords", () => {
  it("are told from names as the keyword patterns tell them", () => {
    const texts = [...plans, nearKeywords];
    expect(plans.length).toBeGreaterThan(10);
    for (const text of texts) {
      const expected = byPatterns.tokenize(text);
      const actual = lexPlan(text, "offsets");
      expect(tokensOf(actual)).toEqual(tokensOf(expected));
      expect(actual.diagnostics.filter((d) => d.code === "A002").map((d) => d.span)).toEqual(expected.errors.map((e) => ({ start: e.offset, end: e.offset + Math.max(1, e.length) })));
    }
    // The words above do meet every keyword, as a keyword and as part of a name.
    const types = new Set(lexPlan(nearKeywords, "offsets").tokens.map((t) => t.tokenType.name));
    expect(types.has("Identifier")).toBe(true);
    expect(keywords.filter((k) => !types.has(k[0]!.toUpperCase() + k.slice(1)))).toEqual([]);
  });
});
