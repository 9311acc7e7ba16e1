/**
 * No input overflows the stack. Deep nesting (parentheses, prefixes, `if` blocks, `else if`
 * chains) and long chains (`a + b + ...`, `a and b and ...`) go through every stage: past the
 * limits they are one located error (A005), and just under them they check, compile, format and
 * answer the language server's features like any plan. Each shape is tried well past the point
 * where it used to overflow ("Maximum call stack size exceeded").
 */
import { describe, expect, it } from "vitest";
import { checkSource, compilePlan } from "../../compiler/compile.js";
import { formatPlan } from "../../language/format.js";
import { codeActions } from "../../lsp/code-actions.js";
import { completionsAt } from "../../lsp/completion.js";
import { definitionAt } from "../../lsp/definition.js";
import { planDiagnostics } from "../../lsp/diagnostics.js";
import { parseDocument, type CheckedDocument } from "../../lsp/documents.js";
import { foldingRanges } from "../../lsp/folding.js";
import { formatDocument } from "../../lsp/formatting.js";
import { hoverAt } from "../../lsp/hover.js";
import { inlayHints } from "../../lsp/inlay-hints.js";
import { typesOfIr } from "../../lsp/plan-types.js";
import { referencesAt } from "../../lsp/references.js";
import { semanticTokens } from "../../lsp/semantic-tokens.js";
import { documentSymbols } from "../../lsp/symbols.js";

const HEAD = `plan "Deep" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-03-31

input sale {
  txn_id: text
  date: date
  rep: text
  amount: money
  key txn_id
}

measure net = sum of credit.amount per payee per month
`;
const CREDIT = "credit sale.amount of each sale on sale.date {\n  100% to sale.rep as rep\n}\n";

/** Each shape, n levels (or terms) deep. */
const SHAPES: Record<string, (n: number) => string> = {
  "nested parentheses": (n) => `${HEAD}${CREDIT}pay p = ${"(".repeat(n)}net${")".repeat(n)}\n`,
  "a chain of `+`": (n) => `${HEAD}${CREDIT}pay p = net${" + net".repeat(n)}\n`,
  "a chain of `and`": (n) => `${HEAD}${CREDIT}pay p = net when net > 0${" and net > 0".repeat(n)}\n`,
  "prefix `-`": (n) => `${HEAD}${CREDIT}pay p = ${"- ".repeat(n)}net\n`,
  "prefix `not`": (n) => `${HEAD}${CREDIT}pay p = net when ${"not ".repeat(n)}net > 0\n`,
  "nested `if` blocks": (n) => `${HEAD}credit sale.amount of each sale on sale.date {\n${"if sale.amount > 0 {\n".repeat(n)}100% to sale.rep as rep\n${"}\n".repeat(n)}}\npay p = net\n`,
  "an `else if` chain": (n) => `${HEAD}${CREDIT}pay p = ${"if net > 0.00 then net else ".repeat(n)}net\n`,
};

/** Under every limit (the parser's 300 rules, the tree's 200 levels) for each shape. */
const ACCEPTED: Record<string, number> = {
  "nested parentheses": 20, "a chain of `+`": 190, "a chain of `and`": 190, "prefix `-`": 190, "prefix `not`": 190, "nested `if` blocks": 100, "an `else if` chain": 190,
};
/** Far past them: where each shape used to overflow, and more. */
const REFUSED: Record<string, number> = {
  "nested parentheses": 5_000, "a chain of `+`": 20_000, "a chain of `and`": 20_000, "prefix `-`": 20_000, "prefix `not`": 20_000, "nested `if` blocks": 5_000, "an `else if` chain": 5_000,
};

/** Every language-server feature that reads a document, called directly. */
function serveEverything(text: string): void {
  const parsed = parseDocument("file:///deep.accrue", 1, text);
  const checked = checkSource(text, "deep.accrue");
  const entry: CheckedDocument = { parsed, checked, typesFromEarlierVersion: false, ...(checked.ir ? { types: typesOfIr(checked.ir) } : {}) };
  const whole = { start: { line: 0, character: 0 }, end: parsed.doc.positionAt(text.length) };
  const at = text.lastIndexOf("net");
  documentSymbols(parsed);
  foldingRanges(parsed);
  semanticTokens(parsed);
  formatDocument(parsed);
  completionsAt(parsed, at, entry.types);
  definitionAt(parsed, at);
  referencesAt(parsed, at, true);
  hoverAt(entry, at);
  inlayHints(entry, whole);
  codeActions(entry, whole);
  planDiagnostics(entry);
}

/** Plans 20,000 levels deep go through every stage: a second or two on a loaded machine; this is a hang guard, not a speed goal. */
const HANG_GUARD_MS = 30_000;

describe("no stack overflow, whatever the nesting", () => {
  for (const [shape, make] of Object.entries(SHAPES)) {
    it(`${shape}: ${ACCEPTED[shape]} deep checks, compiles, formats and is served`, () => {
      const text = make(ACCEPTED[shape]!);
      const compiled = compilePlan(text, "deep.accrue");
      expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(compiled.plan).toBeDefined();
      expect(formatPlan(text)).toBeDefined();
      serveEverything(text);
    }, HANG_GUARD_MS);

    it(`${shape}: ${REFUSED[shape]} deep is one located error (A005) everywhere`, () => {
      const text = make(REFUSED[shape]!);
      const checked = checkSource(text, "deep.accrue");
      const deep = checked.diagnostics.filter((d) => d.code === "A005");
      expect(deep).toHaveLength(1);
      expect(deep[0]!.span.start).toBeGreaterThan(HEAD.length);
      expect(deep[0]!.span.end).toBeLessThanOrEqual(text.length);
      expect(compilePlan(text, "deep.accrue").plan).toBeUndefined();
      expect(formatPlan(text)).toBeUndefined();
      serveEverything(text);
    }, HANG_GUARD_MS);
  }
});

describe("long chains of declarations", () => {
  /** Measures m1..mN, each using the one before, declared last first (so checking in order recursed N deep). */
  const chain = (n: number, closed: boolean) => {
    const lines = Array.from({ length: n }, (_, k) => `measure m${n - k} = m${n - k - 1} + 1.00 per payee per month`);
    lines.push(closed ? `measure m0 = m${n}` : "measure m0 = net");
    return `${HEAD}${CREDIT}${lines.join("\n")}\npay p = m${n}\n`;
  };

  it("3,000 measures declared last-first check and compile", () => {
    const compiled = compilePlan(chain(3_000, false), "chain.accrue");
    expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(compiled.plan).toBeDefined();
  });

  it("a cycle through 3,000 measures is one error where it closes", () => {
    const text = chain(3_000, true);
    const checked = checkSource(text, "chain.accrue");
    expect(checked.diagnostics.map((d) => d.code)).toEqual(["A303"]);
    expect(checked.diagnostics[0]!.message).toMatch(/^measures depend on each other in a cycle: m3000 → m2999 → /);
    expect(text.slice(checked.diagnostics[0]!.span.start, checked.diagnostics[0]!.span.end)).toMatch(/^m\d+$/);
  });
});
