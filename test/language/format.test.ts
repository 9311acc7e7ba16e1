/**
 * The formatter: one canonical layout that keeps every comment and never changes what a plan
 * means. On every example and fixture plan: formatting twice gives what formatting once gave;
 * the formatted plan compiles to the same module as the original (line numbers aside, since
 * a layout may move lines; exactly the same when no line moved); every comment survives, in
 * order. Deliberately messy plans are kept with their formatted goldens
 * (`fixtures/format/<case>.formatted.accrue`); ACCRUE_UPDATE_GOLDENS=1 rewrites them.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkSource, compileToModule } from "../../compiler/compile.js";
import { emitModule } from "../../compiler/emit.js";
import { formatPlan, isFormatted } from "../../language/format.js";
import { lexPlan } from "../../language/lexer.js";
import { parsePlan } from "../../language/parse.js";
import { expectGolden } from "../golden.js";
import { seeded } from "../seeded.js";

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));
const PLANS = fileURLToPath(new URL("../fixtures/plans/", import.meta.url));
const FORMAT = fileURLToPath(new URL("../fixtures/format/", import.meta.url));

/** Every plan we have: examples, good and bad fixtures, formatter fixtures (goldens aside). */
const plans: { name: string; text: string }[] = [
  ...readdirSync(EXAMPLES).filter((d) => existsSync(join(EXAMPLES, d, "plan.accrue"))).map((d) => ({ name: `examples/${d}`, path: join(EXAMPLES, d, "plan.accrue") })),
  ...["good", "bad"].flatMap((kind) => readdirSync(join(PLANS, kind)).filter((f) => f.endsWith(".accrue")).map((f) => ({ name: `${kind}/${f}`, path: join(PLANS, kind, f) }))),
  ...readdirSync(FORMAT).filter((f) => f.endsWith(".accrue") && !f.endsWith(".formatted.accrue")).map((f) => ({ name: `format/${f}`, path: join(FORMAT, f) })),
].map(({ name, path }) => ({ name, text: readFileSync(path, "utf8") }));

const hasSyntaxErrors = (text: string) => parsePlan(text).diagnostics.some((d) => /^A0/.test(d.code));
const formattable = plans.filter((p) => !hasSyntaxErrors(p.text));

/** The module a plan compiles to with every plan line number set to 0: what the plan means, wherever its lines fall. */
function moduleWithoutLines(text: string): string | undefined {
  const ir = checkSource(text, "plan.accrue").ir;
  return ir && emitModule(eraseLines(ir));
}

function eraseLines<T>(value: T): T {
  if (Array.isArray(value)) return value.map(eraseLines) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, /line$/i.test(k) && typeof v === "number" ? 0 : /lines$/i.test(k) ? eraseNumbers(v) : eraseLines(v)]),
  ) as T;
}

function eraseNumbers(value: unknown): unknown {
  if (typeof value === "number") return 0;
  if (Array.isArray(value)) return value.map(eraseNumbers);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, eraseNumbers(v)]));
  return value;
}

/** The line of every token, to tell whether a layout moved any. */
function tokenLines(text: string): number[] {
  return lexPlan(text).tokens.map((t) => t.startLine ?? 0);
}

const commentsOf = (text: string) => lexPlan(text).comments.map((c) => c.image.trimEnd());

describe("formatPlan", () => {
  it("finds plans to format", () => {
    expect(formattable.length).toBeGreaterThan(10);
  });

  describe.each(formattable)("$name", ({ name, text }) => {
    const once = formatPlan(text);

    it("formats, and formatting again changes nothing", () => {
      expect(once).toBeDefined();
      expect(formatPlan(once!)).toBe(once);
      expect(isFormatted(once!)).toBe(true);
    });

    it("keeps the meaning: the same generated module", () => {
      const meaning = moduleWithoutLines(text);
      if (name.startsWith("examples/") || name.startsWith("good/") || name.startsWith("format/")) expect(meaning).toBeDefined();
      expect(moduleWithoutLines(once!)).toBe(meaning);
      if (tokenLines(once!).join() === tokenLines(text).join()) {
        expect(compileToModule(once!, "plan.accrue").module).toBe(compileToModule(text, "plan.accrue").module);
      }
    });

    it("keeps every comment, in order", () => {
      expect(commentsOf(once!)).toEqual(commentsOf(text));
    });
  });

  it("leaves the example plans as they are written (they are the house style)", () => {
    const examples = formattable.filter((p) => p.name.startsWith("examples/"));
    expect(examples.filter((p) => formatPlan(p.text) !== p.text).map((p) => p.name)).toEqual([]);
  });

  it.each(readdirSync(FORMAT).filter((f) => f.endsWith(".accrue") && !f.endsWith(".formatted.accrue")))("formats the messy plan %s into its golden layout", (file) => {
    const formatted = formatPlan(readFileSync(join(FORMAT, file), "utf8"));
    expect(formatted).toBeDefined();
    expectGolden(join(FORMAT, file.replace(/\.accrue$/, ".formatted.accrue")), formatted!);
  });

  it("keeps end-of-line comments at the end of their line and own-line comments on their own line", () => {
    const formatted = formatPlan(readFileSync(join(PLANS, "good", "comments-everywhere.accrue"), "utf8"))!;
    const lines = formatted.split("\n");
    expect(lines).toContain("  txn_id: text // after a field");
    expect(lines).toContain("  date: /* before the type */ date");
    expect(lines).toContain("input sale { // after the brace");
    expect(lines).toContain("  /* at the end of the block */");
    expect(lines).toContain("} // after the closing brace");
    expect(formatted.endsWith("// A comment at the very end, without a final newline.\n")).toBe(true);
  });

  it("returns nothing for a plan with syntax errors", () => {
    const broken = plans.filter((p) => hasSyntaxErrors(p.text));
    expect(broken.length).toBeGreaterThan(0);
    for (const p of broken) expect(formatPlan(p.text), p.name).toBeUndefined();
    expect(formatPlan('plan "x"\nmeasure = 3')).toBeUndefined();
  });

  it("writes one spelling of each operator", () => {
    const plan = 'plan "Ops"\n  currency USD\n  periods monthly from 2026-01-01 to 2026-03-31\n\nmeasure m = a * b ÷ c per payee per month\nmeasure n = if a != b and a ≥ c and b ≤ c then 1 else 2 per payee per month\n';
    const formatted = formatPlan(plan)!;
    expect(formatted).toContain("measure m = a × b / c per payee per month");
    expect(formatted).toContain("measure n = if a <> b and a >= c and b <= c then 1 else 2 per payee per month");
  });

  it("turns CRLF line ends into LF and an empty plan into an empty file", () => {
    const example = formattable.find((p) => p.name === "examples/01-marginal-tiers")!.text;
    expect(formatPlan(example.replace(/\n/g, "\r\n"))).toBe(example);
    expect(formatPlan("")).toBe("");
    expect(formatPlan("\n\n  \n")).toBe("");
  });

  // Each spacing is formatted twice and compiled: four of them for each of the 75 or so plans
  // (each spacing draws every gap of its plan afresh) take about a second; the timeout is a
  // hang guard for a loaded machine, not a speed goal.
  it("is stable under any spacing of the same tokens (seeded)", () => {
    const random = seeded(7);
    const failures: string[] = [];
    for (const p of formattable) {
      const meaning = moduleWithoutLines(p.text);
      for (let n = 0; n < 4; n++) {
        const jittered = jitter(p.text, random);
        const once = formatPlan(jittered);
        if (once === undefined) failures.push(`${p.name} #${n}: not formatted`);
        else if (formatPlan(once) !== once) failures.push(`${p.name} #${n}: not idempotent`);
        else if (moduleWithoutLines(once) !== meaning) failures.push(`${p.name} #${n}: meaning changed`);
      }
    }
    expect(failures).toEqual([]);
  }, 30_000);
});

/** The same tokens and comments with random space between them (a newline kept after each line comment). */
function jitter(text: string, random: () => number): string {
  const lexed = lexPlan(text);
  const items = [...lexed.tokens, ...lexed.comments].sort((a, b) => a.startOffset - b.startOffset);
  const spaces = [" ", "  ", "\n", "\t", "\n\n  ", " "];
  let out = "";
  items.forEach((item, i) => {
    const isLineComment = item.image.startsWith("//");
    out += item.image;
    const next = items[i + 1];
    if (!next) return;
    const original = text.slice(item.startOffset + item.image.length, next.startOffset);
    if (isLineComment) out += "\n";
    else if (original === "") out += " ";
    else out += spaces[Math.floor(random() * spaces.length)];
  });
  return out;
}

