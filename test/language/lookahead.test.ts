/**
 * The parser chooses an OR's alternative with its own lookahead (language/lookahead.ts), which
 * must choose as Chevrotain's LL(k) strategy does for any next tokens and any gates: every OR of
 * the grammar is asked both ways, on the tokens its paths start with, on those paths with one
 * token changed, and on random tokens, with gates that allow or refuse at random (seeded).
 */
import {
  Alternation, createTokenInstance, getLookaheadPaths, Lexer, LLkLookaheadStrategy, NonTerminal, Terminal, tokenMatcher, type IOrAlt, type IProduction, type IToken, type Rule, type TokenType,
} from "chevrotain";
import { describe, expect, it } from "vitest";
import { IndexedLookahead } from "../../language/lookahead.js";
import { planParser } from "../../language/parser.js";
import { allTokens } from "../../language/tokens.js";
import { seeded } from "../seeded.js";

const MAX_LOOKAHEAD = 3;
const random = seeded(20261202);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const concrete = allTokens.filter((t) => t.PATTERN !== Lexer.NA);

/** Every OR of a rule, with its occurrence number; a rule's calls of other rules are not followed. */
function alternations(rule: Rule): Alternation[] {
  const found: Alternation[] = [];
  const visit = (prods: IProduction[]) => {
    for (const p of prods) {
      if (p instanceof Alternation) found.push(p);
      if (!(p instanceof NonTerminal) && !(p instanceof Terminal)) visit((p as unknown as { definition: IProduction[] }).definition);
    }
  };
  visit(rule.definition);
  return found;
}

function token(type: TokenType, at: number): IToken {
  return createTokenInstance(type, "x", at, at, 1, 1, at + 1, at + 1);
}

/** A token of a type the path's entry matches (the entry may be a category such as NameLike). */
function tokenFor(entry: TokenType, at: number): IToken {
  const matching = concrete.filter((t) => tokenMatcher(token(t, 0), entry));
  return token(pick(matching.length > 0 ? matching : concrete), at);
}

/** Next tokens to ask an OR about: its paths, each with one token changed, and random ones. */
function inputsFor(paths: TokenType[][][]): IToken[][] {
  const inputs: IToken[][] = [];
  const padded = (ts: IToken[]) => [...ts, ...Array.from({ length: MAX_LOOKAHEAD }, (_, i) => token(pick(concrete), ts.length + i))];
  for (const alt of paths) {
    for (const path of alt) {
      inputs.push(padded(path.map((t, i) => tokenFor(t, i))));
      for (let change = 0; change < path.length; change++) inputs.push(padded(path.map((t, i) => (i === change ? token(pick(concrete), i) : tokenFor(t, i)))));
    }
  }
  for (let n = 0; n < 20; n++) inputs.push(padded([]));
  return inputs;
}

/** Alternatives with no gate, or a gate that allows or refuses. */
function gatesFor(count: number): IOrAlt<unknown>[] {
  return Array.from({ length: count }, () => {
    const r = random();
    return r < 0.5 ? { ALT: () => undefined } : { ALT: () => undefined, GATE: r < 0.75 ? () => true : () => false };
  });
}

describe("the parser's lookahead", () => {
  const rules = Object.values(planParser.getGAstProductions());
  const ors = rules.flatMap((rule) => alternations(rule).map((or) => ({ rule, or })));

  it("chooses the alternative Chevrotain's LL(k) lookahead chooses, in every OR of the grammar", () => {
    const chevrotain = new LLkLookaheadStrategy({ maxLookahead: MAX_LOOKAHEAD });
    const indexed = new IndexedLookahead({ maxLookahead: MAX_LOOKAHEAD });
    let asked = 0;
    const searched: string[] = [];
    for (const { rule, or } of ors) {
      // What Chevrotain's recording noted of the OR (MAX_LOOKAHEAD, gates), not in its typings.
      const recorded = or as unknown as { maxLookahead?: number; hasPredicates?: boolean };
      const maxLookahead = recorded.maxLookahead ?? MAX_LOOKAHEAD;
      const paths = getLookaheadPaths({ occurrence: or.idx, rule, prodType: "Alternation", maxLookahead });
      if (recorded.hasPredicates || paths.some((alt) => alt.some((path) => path.length > 1))) searched.push(rule.name);
      for (const hasPredicates of [false, true]) {
        const options = { prodOccurrence: or.idx, rule, maxLookahead, hasPredicates, dynamicTokensEnabled: false };
        const expected = chevrotain.buildLookaheadForAlternation(options);
        const actual = indexed.buildLookaheadForAlternation(options);
        for (const input of inputsFor(paths)) {
          const alts = hasPredicates ? gatesFor(paths.length) : undefined;
          planParser.input = input;
          const want = expected.call(planParser, alts);
          const got = actual.call(planParser, alts);
          if (got !== want) expect({ rule: rule.name, or: or.idx, hasPredicates, input: input.map((t) => t.tokenType.name), gates: alts?.map((a) => a.GATE?.()), got }).toEqual({ want });
          asked++;
        }
      }
    }
    planParser.input = [];
    // The comparison covers the ORs the indexed lookahead is for (those with gates or that look past one token), the hot one first.
    expect(searched).toContain("primary");
    expect(asked).toBeGreaterThan(1000);
  });
});
