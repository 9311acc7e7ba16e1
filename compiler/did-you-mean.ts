/** Suggestions for misspelt names, by edit distance. */
import type { Diagnostic } from "../language/diagnostics.js";
import type { Span } from "../language/syntax.js";

/** Levenshtein distance between two words. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate within a third of the word's length, if any. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
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
export function hint(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c ? `; did you mean \`${c}\`?` : "";
}
