/**
 * How the parser chooses between the alternatives of an `OR`: Chevrotain's own LL(k) choice,
 * made faster where it was a linear search, through its public `lookaheadStrategy` option.
 *
 * Chevrotain answers an `OR` whose alternatives each start with one token from a table. An `OR`
 * that needs more than one token, or that has a GATE, it answers by trying every path of every
 * alternative in turn: `primary` (where every operand of every expression is chosen) tried
 * about twenty paths and two gates before it reached a plain name. Here the same paths (read
 * from the grammar with Chevrotain's `getLookaheadPaths`, as its own strategy reads them) are
 * grouped by their first token, so only the alternatives that can start with the next token are
 * tried, in the same order, with the same gates: the same alternative is chosen for any input.
 */
import { getLookaheadPaths, LLkLookaheadStrategy, tokenMatcher, type IOrAlt, type IToken, type TokenType } from "chevrotain";

type AlternationOptions = Parameters<InstanceType<typeof LLkLookaheadStrategy>["buildLookaheadForAlternation"]>[0];

/** An alternative that can start with a given token, and the rest of each of its paths that starts with it. */
interface Candidate {
  alt: number;
  rests: TokenType[][];
}

/** What a lookahead function is called on: the parser, which can look ahead. */
interface LookingAhead {
  LA(howMuch: number): IToken;
}

export class IndexedLookahead extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(options: AlternationOptions): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    const paths = getLookaheadPaths({ occurrence: options.prodOccurrence, rule: options.rule, prodType: "Alternation", maxLookahead: options.maxLookahead });
    const oneToken = paths.every((alt) => alt.every((path) => path.length === 1));
    // Chevrotain answers these from a table already.
    if (options.dynamicTokensEnabled || (oneToken && !options.hasPredicates)) return super.buildLookaheadForAlternation(options);
    return chooseByFirstToken(paths, options.hasPredicates);
  }
}

/**
 * The alternative to take: the first (in grammar order) whose gate, if any, allows it and one of
 * whose paths matches the next tokens, as Chevrotain's linear search decides; the candidates for
 * each type of next token are found once, on the first token of that type.
 */
function chooseByFirstToken(paths: TokenType[][][], hasPredicates: boolean): (this: LookingAhead, orAlts?: IOrAlt<unknown>[]) => number | undefined {
  const byType: (Candidate[] | undefined)[] = [];
  const candidatesFor = (token: IToken): Candidate[] => {
    const candidates: Candidate[] = [];
    paths.forEach((alt, i) => {
      const rests = alt.filter((path) => path.length === 0 || tokenMatcher(token, path[0]!)).map((path) => path.slice(1));
      if (rests.length > 0) candidates.push({ alt: i, rests });
    });
    return candidates;
  };
  return function choose(this: LookingAhead, orAlts?: IOrAlt<unknown>[]): number | undefined {
    const next = this.LA(1);
    const candidates = (byType[next.tokenTypeIdx] ??= candidatesFor(next));
    for (const { alt, rests } of candidates) {
      if (hasPredicates) {
        const gate = orAlts?.[alt]?.GATE;
        if (gate !== undefined && gate.call(this) === false) continue;
      }
      paths: for (const rest of rests) {
        for (let i = 0; i < rest.length; i++) if (!tokenMatcher(this.LA(i + 2), rest[i]!)) continue paths;
        return alt;
      }
    }
    return undefined;
  };
}
