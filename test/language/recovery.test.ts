/**
 * A missing `}` costs one error. Records and outputs end at a declaration keyword (unless it
 * names a field or a column); the keywords are read from the grammar, so a new declaration is
 * covered without being listed twice. For every block kind and every declaration keyword, the
 * plan with the `}` left out before that declaration reports exactly one error, at the keyword.
 * An unclosed text or comment is one error too, and no message repeats more than one bounded
 * line of what the plan says.
 */
import { describe, expect, it } from "vitest";
import { checkSource } from "../../compiler/compile.js";
import { parsePlan } from "../../language/parse.js";
import { planParser } from "../../language/parser.js";

const HEAD = `plan "P"\n  periods monthly from 2026-01-01 to 2026-03-31\n\n`;

/** One declaration of each kind, by the keyword that starts it. */
const DECLARATIONS: Record<string, string> = {
  window: "window w from 2026-01-01 to 2026-01-31",
  input: "input other {\n  id: text\n}",
  table: "table t {\n  id: text\n}",
  credit: "credit sale.amount of each sale on sale.date {\n  100% to sale.rep as rep\n}",
  measure: "measure m = 1",
  constant: "constant k = 1",
  tiers: "tiers tt marginal {\n  from 0: 1%\n}",
  rates: "rates rr by sale.rep {\n  a: 1%\n}",
  pay: "pay p = 1.00",
  output: 'output "o.csv" per credit {\n  payee\n}',
  participants: "participants every payee per month",
  balance: "balance bal starts at 0.00 becomes bal",
  combined: "combined cap 10.00 on p",
  reasons: "reasons a, b",
};

/** Every kind of block, opened and left unclosed. */
const OPEN_BLOCKS: Record<string, string> = {
  input: "input sale {\n  id: text\n  amount: money",
  table: "table t0 {\n  id: text",
  output: 'output "x.csv" per credit {\n  payee',
  tiers: "tiers t1 marginal {\n  from 0: 1%",
  rates: "rates r1 by sale.rep {\n  a: 1%",
  credit: "credit sale.amount of each sale on sale.date {\n  100% to sale.rep as rep",
};

describe("a missing } before a declaration", () => {
  it("covers every declaration keyword of the grammar", () => {
    const fromGrammar = planParser.declarationTokenTypes().map((t) => t.name.toLowerCase()).sort();
    expect(Object.keys(DECLARATIONS).sort()).toEqual(fromGrammar);
  });

  for (const [block, open] of Object.entries(OPEN_BLOCKS)) {
    it(`in ${block === "input" || block === "output" ? "an" : "a"} ${block} block is one error at the next declaration, whatever it is`, () => {
      const found: string[] = [];
      for (const [keyword, decl] of Object.entries(DECLARATIONS)) {
        const text = `${HEAD}${open}\n\n${decl}\n`;
        const at = text.lastIndexOf(decl);
        const { diagnostics } = parsePlan(text);
        found.push(`${keyword}: ${diagnostics.map((d) => `${d.code} at ${d.span.start - at}: ${d.message}`).join(" | ")}`);
      }
      expect(found).toEqual(Object.keys(DECLARATIONS).map((k) => `${k}: A001 at 0: unexpected \`${k}\`; expected \`}\``));
    });
  }
});

describe("unclosed texts and comments, long user text", () => {
  const PLAN = `plan "P"\n  periods monthly from 2026-01-01 to 2026-03-31\n\n`;

  it("an unclosed text full of escapes is one error, not one per quote (it once wrote gigabytes)", () => {
    const text = `${PLAN}measure m = "${'\\"'.repeat(50_000)}\nmeasure n = 1\n`;
    const { diagnostics } = parsePlan(text);
    expect(diagnostics.filter((d) => d.code === "A008")).toHaveLength(1);
    expect(diagnostics.length).toBeLessThanOrEqual(3);
    expect(diagnostics.reduce((n, d) => n + d.message.length, 0)).toBeLessThan(1_000);
  });

  it("an unclosed block comment is one error, whatever follows it", () => {
    const { diagnostics } = parsePlan(`${PLAN}measure m = 1 ${"/* ".repeat(50_000)}`);
    expect(diagnostics.map((d) => d.code)).toEqual(["A009"]);
  });

  it("a message repeats one line of user text, of bounded length", () => {
    const long = "q".repeat(100_000);
    const text = `${PLAN}measure m = ${long} per payee per month\ntable partners {\n  id: text\n  level: one of gold, silver\n  key id\n}\nrates r by partners.level {\n  "a\\nb": 1%\n}\n`;
    const { diagnostics } = checkSource(text, "plan.accrue");
    expect(diagnostics.length).toBeGreaterThan(1);
    for (const d of diagnostics) {
      expect(d.message.length).toBeLessThan(700);
      expect(d.message).not.toMatch(/[\r\n\u2028\u2029]/);
    }
    expect(diagnostics.map((d) => d.message)).toContain("`a⏎b` is not one of gold, silver");
  });
});

describe("stray tokens between declarations", () => {
  it("20,000 of them are each reported, without a stack overflow (recovery used to recurse once per stray token)", () => {
    const plan = (n: number) => `plan "P"\n  periods monthly from 2026-01-01 to 2026-03-31\n` + Array.from({ length: n }, (_, i) => `measure m${i} = 1 )\n`).join("");
    const { diagnostics, plan: tree } = parsePlan(plan(20_000));
    expect(diagnostics.length).toBe(20_000);
    expect(new Set(diagnostics.map((d) => d.message))).toEqual(new Set(["unexpected `)`; expected end of file"]));
    expect(tree.decls).toHaveLength(20_000);
  }, 30_000); // A hang guard (20,000 errors take a second or two on a loaded machine), not a speed goal.
});
