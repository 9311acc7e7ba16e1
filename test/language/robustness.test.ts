/**
 * Parsing never fails: every prefix of every example plan, and many plans with a random piece
 * cut out, go through the parser and the checker without throwing, and every diagnostic they
 * report points inside the text. Prefixes step by 7 characters (plus the last 200 one by one)
 * to stay fast; deletions come from a fixed seed, so a failure reproduces.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkSource } from "../../compiler/compile.js";
import type { Diagnostic } from "../../language/diagnostics.js";
import { renderDiagnostic } from "../../language/source.js";
import { seeded } from "../seeded.js";

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));
const examples = readdirSync(EXAMPLES)
  .filter((name) => readdirSync(join(EXAMPLES, name)).includes("plan.accrue"))
  .sort();


/** The variants of a plan to try: prefixes, then the plan with a random piece deleted. */
function variants(text: string, seed: number): { label: string; text: string }[] {
  const out: { label: string; text: string }[] = [];
  const ends = new Set<number>();
  for (let end = 0; end <= text.length; end += 7) ends.add(end);
  for (let end = Math.max(0, text.length - 200); end <= text.length; end++) ends.add(end);
  for (const end of [...ends].sort((a, b) => a - b)) out.push({ label: `prefix of ${end} characters`, text: text.slice(0, end) });
  const random = seeded(seed);
  for (let i = 0; i < 200; i++) {
    const start = Math.floor(random() * text.length);
    const length = 1 + Math.floor(random() * 30);
    out.push({ label: `deletion of ${length} characters at ${start}`, text: text.slice(0, start) + text.slice(start + length) });
  }
  return out;
}

function spanProblem(d: Diagnostic, length: number): string | undefined {
  for (const s of [d.span, ...(d.related ?? []).map((r) => r.span), ...(d.fix ? [d.fix.span] : [])]) {
    if (!(s.start >= 0 && s.start <= s.end && s.end <= length)) return `${d.code} ${d.message} has span ${s.start}..${s.end} outside 0..${length}`;
  }
  return undefined;
}

/** Each example is checked about a thousand times: a second or two, more on a loaded machine; this is a hang guard, not a speed goal. */
const HANG_GUARD_MS = 30_000;

describe("the front end never throws and keeps spans inside the text", () => {
  examples.forEach((example, n) => {
    it(example, () => {
      const text = readFileSync(join(EXAMPLES, example, "plan.accrue"), "utf8");
      const failures: string[] = [];
      for (const v of variants(text, 1000 + n)) {
        try {
          const checked = checkSource(v.text, "plan.accrue");
          for (const d of checked.diagnostics) {
            const problem = spanProblem(d, v.text.length);
            if (problem) failures.push(`${v.label}: ${problem}`);
            else renderDiagnostic(checked.source, d);
          }
        } catch (e) {
          failures.push(`${v.label}: threw ${(e as Error).stack?.split("\n").slice(0, 3).join(" / ")}`);
        }
      }
      expect(failures.slice(0, 20)).toEqual([]);
    }, HANG_GUARD_MS);
  });
});
