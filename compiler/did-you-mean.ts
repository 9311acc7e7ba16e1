/** Suggestions for misspelt names, by edit distance. */
import type { Diagnostic } from "../language/diagnostics.js";
import type { Span } from "../language/syntax.js";

/**
 * Levenshtein distance between two words, or `limit` when it is at least that: a row whose
 * smallest entry reaches the limit ends the count, so a word far from every candidate costs
 * little (the did-you-mean of each unknown name runs over every declared name).
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
      if (prev[j]! < rowMin) rowMin = prev[j]!;
    }
    if (rowMin >= limit) return limit;
  }
  return Math.min(prev[b.length]!, limit);
}

/** Names longer than this get no suggestion (and are no suggestion): comparing two long names costs the product of their lengths. */
export const MAX_SUGGESTED_LENGTH = 64;

/** How much more work a plan's suggestions may do, in letters compared (shared by all its unknown names). */
export interface SuggestionBudget {
  left: number;
}

/** The closest candidate within a third of the word's length, if any (none once the budget is spent). */
export function closest(word: string, candidates: Iterable<string>, budget: SuggestionBudget = { left: Infinity }): string | undefined {
  if (word.length > MAX_SUGGESTED_LENGTH) return undefined;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    if (--budget.left < 0) return undefined;
    // Names whose lengths differ by the distance or more cannot be that close.
    if (c.length > MAX_SUGGESTED_LENGTH || Math.abs(c.length - word.length) >= bestDistance) continue;
    budget.left -= word.length * c.length;
    const d = editDistance(lower, c.toLowerCase(), bestDistance);
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      if (d < bestDistance) { best = c; bestDistance = d; }
    }
  }
  return best;
}

/** A quick fix that puts the suggested name in place, when a message suggests one. */
export function renameFix(message: string, span: Span): Diagnostic["fix"] | undefined {
  const m = /did you mean `([^`]+)`\?/.exec(message);
  return m ? { title: `Change to \`${m[1]}\``, span, text: m[1]! } : undefined;
}

/** `; did you mean \`x\`?` or nothing. */
export function hint(word: string, candidates: Iterable<string>, budget?: SuggestionBudget): string {
  const c = closest(word, candidates, budget);
  return c ? `; did you mean \`${c}\`?` : "";
}
