/**
 * The parser campaign: the example plans, mangled. Each case takes one example and applies a few
 * mutations (a span deleted, duplicated or moved; random characters inserted, among them NUL,
 * lone surrogates, U+2028 and a byte-order mark; tokens of the language inserted; a deep nest of
 * parentheses, prefixes or blocks; the plan repeated into a big one). The front end must take
 * anything: `checkSource` and `compilePlan` never throw and finish within a bound; every
 * diagnostic lies inside the text, has a registered code and a message of one bounded line; a
 * plan that compiles has no error node in its IR; and `formatPlan` either declines or returns a
 * text with the same tokens and comments.
 */
import fc from "fast-check";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { checkSource, compilePlan } from "../compiler/compile.js";
import { CODES, type Diagnostic } from "../language/diagnostics.js";
import { canonicalImage, formatPlan } from "../language/format.js";
import { lexPlan } from "../language/lexer.js";
import { keywords } from "../language/tokens.js";
import type { Campaign } from "./campaign.js";

const EXAMPLES = join(import.meta.dirname, "..", "examples");
const examples = readdirSync(EXAMPLES)
  .filter((d) => existsSync(join(EXAMPLES, d, "plan.accrue")))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(EXAMPLES, name, "plan.accrue"), "utf8") }));

/** A place in the text, as a fraction of its length (so a mutation applies to any text). */
const place = fc.integer({ min: 0, max: 1_000_000 });
const length = fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 200 }));

/** Characters that have broken parsers: control and invisible ones, halves of surrogate pairs, line separators. */
const oddChar = fc.constantFrom("\u0000", "\uD800", "\uDFFF", "\uD83D", "\u2028", "\u2029", "\uFEFF", "\r", "\t", "\u000B", "\u00A0", "\\", '"', "/*", "*/", "//", "`", "€", "\u{1F600}");
const oddText = fc.array(fc.oneof(oddChar, fc.string({ maxLength: 4 }), fc.string({ unit: "binary", maxLength: 4 })), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(""));

/** Tokens of the language, and the literals and operators between them. */
const token = fc.oneof(
  fc.constantFrom(...keywords),
  fc.constantFrom("(", ")", "[", "]", "{", "}", ",", ":", ".", "=", "<>", "<=", ">=", "<", ">", "+", "-", "×", "*", "/", "÷", "≤", "≥", "!=", "%"),
  fc.constantFrom("12", "0", "4.5%", "15,000", "1000.00", "2026-03-15", "2026-02-30", '"text"', '"unclosed', "true", "net_sales", "credit.amount", "x", "R01"),
);
const tokens = fc.array(token, { minLength: 1, maxLength: 10 }).map((ts) => ts.join(" "));

/** A deep nest: its opening, what stands inside, its closing (each repeated `depth` times). */
const nest = fc.record({
  kind: fc.constantFrom("(", "- ", "not ", "if x > 0 { ", "[", "x + ", "if a then b else "),
  depth: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 100, max: 3_000 })),
});
const CLOSE: Record<string, string> = { "(": ")", "[": "]", "if x > 0 { ": " }" };

type Mutation =
  | { op: "delete"; at: number; length: number }
  | { op: "duplicate"; at: number; length: number }
  | { op: "move"; at: number; length: number; to: number }
  | { op: "insert"; at: number; text: string }
  | { op: "nest"; at: number; kind: string; depth: number }
  | { op: "repeat"; times: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant("delete" as const), at: place, length }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("duplicate" as const), at: place, length }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("move" as const), at: place, length, to: place }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("insert" as const), at: place, text: oddText }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("insert" as const), at: place, text: tokens }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("nest" as const), at: place, kind: nest.map((n) => n.kind), depth: nest.map((n) => n.depth) }) },
  // Big plans, kept affordable: at most about 40 copies of an example (some 300 KB).
  { weight: 1, arbitrary: fc.record({ op: fc.constant("repeat" as const), times: fc.integer({ min: 2, max: 40 }) }) },
);

/** One case: an example and the mutations applied to it, in order. */
export interface ParserCase {
  example: number;
  mutations: Mutation[];
}

const parserCase: fc.Arbitrary<ParserCase> = fc.record({
  example: fc.integer({ min: 0, max: examples.length - 1 }),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
});

function at(text: string, fraction: number): number {
  return Math.floor((fraction / 1_000_000) * text.length);
}

function apply(text: string, m: Mutation): string {
  switch (m.op) {
    case "delete": { const i = at(text, m.at); return text.slice(0, i) + text.slice(i + m.length); }
    case "duplicate": { const i = at(text, m.at); return text.slice(0, i + m.length) + text.slice(i, i + m.length) + text.slice(i + m.length); }
    case "move": {
      const i = at(text, m.at);
      const piece = text.slice(i, i + m.length);
      const rest = text.slice(0, i) + text.slice(i + m.length);
      const j = at(rest, m.to);
      return rest.slice(0, j) + piece + rest.slice(j);
    }
    case "insert": { const i = at(text, m.at); return text.slice(0, i) + m.text + text.slice(i); }
    case "nest": {
      const i = at(text, m.at);
      return text.slice(0, i) + m.kind.repeat(m.depth) + "x" + (CLOSE[m.kind] ?? "").repeat(m.depth) + text.slice(i);
    }
    // Repeats multiply: the whole stays under MAX_SIZE, so that every case is affordable.
    case "repeat": return text.repeat(Math.max(1, Math.min(m.times, Math.floor(MAX_SIZE / Math.max(1, text.length)))));
  }
}

/** The most characters a case's plan has after a repeat (some 300 KB). */
const MAX_SIZE = 300_000;

/** The plan a case stands for. */
export function planOf(c: ParserCase): string {
  return c.mutations.reduce(apply, examples[c.example]!.text);
}

/** The longest a case may take: a hang guard, far above what the biggest cases need. */
const TIME_BOUND_MS = 30_000;
/** The longest message a diagnostic may have (each echoed piece of user text is bounded). */
const MAX_MESSAGE = 1_200;
const LINE_BREAK = /[\r\n\u2028\u2029]/;

function checkDiagnostics(text: string, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const where = `${d.code} at ${d.span.start}-${d.span.end} (text of ${text.length})`;
    if (!(d.code in CODES)) throw new Error(`unregistered code: ${where}`);
    for (const s of [d.span, ...(d.related ?? []).map((r) => r.span), ...(d.fix ? [d.fix.span] : [])]) {
      if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && 0 <= s.start && s.start <= s.end && s.end <= text.length)) throw new Error(`range outside the text: ${where}`);
    }
    for (const message of [d.message, ...(d.related ?? []).map((r) => r.message)]) {
      if (message.length > MAX_MESSAGE) throw new Error(`message of ${message.length} characters: ${where}`);
      if (LINE_BREAK.test(message)) throw new Error(`message with a line break: ${where}: ${JSON.stringify(message.slice(0, 200))}`);
    }
  }
}

/** True when some object in the IR is an error node (found with an explicit stack). */
function hasErrorNode(ir: unknown): boolean {
  const stack: unknown[] = [ir];
  while (stack.length > 0) {
    const x = stack.pop();
    if (x === null || typeof x !== "object") continue;
    if ((x as { k?: unknown }).k === "error") return true;
    for (const v of Object.values(x)) stack.push(v);
  }
  return false;
}

function sameTokens(before: string, after: string): string | undefined {
  const a = lexPlan(before);
  const b = lexPlan(after);
  if (a.tokens.length !== b.tokens.length) return `${a.tokens.length} tokens became ${b.tokens.length}`;
  const i = a.tokens.findIndex((t, n) => canonicalImage(t) !== canonicalImage(b.tokens[n]!));
  if (i >= 0) return `token ${i} \`${a.tokens[i]!.image}\` became \`${b.tokens[i]!.image}\``;
  if (a.comments.length !== b.comments.length) return `${a.comments.length} comments became ${b.comments.length}`;
  return undefined;
}

function checkCase(c: ParserCase): void {
  const text = planOf(c);
  const started = Date.now();
  const checked = checkSource(text, "fuzz.accrue");
  checkDiagnostics(text, checked.diagnostics);
  const compiled = compilePlan(text, "fuzz.accrue");
  checkDiagnostics(text, compiled.diagnostics);
  if (compiled.ir && hasErrorNode(compiled.ir)) throw new Error("a compiled plan has an error node in its IR");
  if (compiled.ir && compiled.diagnostics.some((d) => d.severity === "error")) throw new Error("a plan with errors has an IR");
  const formatted = formatPlan(text);
  if (formatted !== undefined) {
    const changed = sameTokens(text, formatted);
    if (changed) throw new Error(`formatting changed the tokens: ${changed}`);
  }
  const elapsed = Date.now() - started;
  if (elapsed > TIME_BOUND_MS) throw new Error(`took ${elapsed} ms (bound ${TIME_BOUND_MS} ms) on ${text.length} characters`);
}

export const parserCampaign: Campaign<ParserCase> = {
  name: "parser",
  arbitrary: parserCase,
  check: checkCase,
  show(c) {
    const text = planOf(c);
    const shown = text.length > 4_000 ? `${text.slice(0, 4_000)}\n... (${text.length} characters in all)` : text;
    return `example ${examples[c.example]!.name}, mutations ${JSON.stringify(c.mutations)}\n--- plan (as JSON, so every character shows) ---\n${JSON.stringify(shown)}`;
  },
  units: (c) => ({ plans: 1, kilobytes: Math.round(planOf(c).length / 1000) }),
};
