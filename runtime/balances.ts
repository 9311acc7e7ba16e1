/**
 * Balances carried from period to period per payee: the opening value of the first period is
 * the `starts at` expression, each period's closing value is the `becomes` rule evaluated with
 * the opening value, and the next period opens with it. Periods without credits still pass
 * (a month with no activity leaves a recoverable balance as it was). Only what is asked for is
 * computed: a period's opening needs the closings before it, never its own.
 */
import type { Group } from "./env.js";
import { RunStep } from "./groups.js";
import { compositeKey } from "./keys.js";
import type { Value } from "./schema.js";

/** Computes balances on demand, memoised per balance, payee and period. */
export class BalanceBook extends RunStep {
  private readonly openings = new Map<string, Value>();
  private readonly closings = new Map<string, Value>();
  /** Closings being computed: their rule asking for them again is a cycle. */
  private readonly closing = new Set<string>();
  /** First periods whose `starts at` is being evaluated: a request for the balance there is a cycle. */
  private readonly starting = new Set<string>();

  /** The opening or closing value of balance `index` for the group's payee and period. */
  value(index: number, g: Group, closing: boolean): Value {
    const spec = this.meta.balances[index]!;
    const start = this.space.firstPeriod(spec.grain, g.payee);
    if (g.period < start) return null;
    if (this.starting.has(compositeKey([index, g.payee, start]))) {
      this.issues.push(`balance ${spec.name} (plan line ${spec.line}) opens with a value that needs the balance itself for ${g.payee} in ${start}`);
      return null;
    }
    // Walk forward through the closings not yet known, so a long chain is never recursive.
    const periods = this.space.knownPeriods(spec.grain).filter((p) => p >= start && p <= g.period);
    for (const p of closing ? periods : periods.slice(0, -1)) this.closingAt(index, g.payee, p, start);
    const k = compositeKey([index, g.payee, g.period]);
    if (!closing) return this.openingAt(index, g.payee, g.period, start);
    if (this.closing.has(k)) {
      this.issues.push(`balance ${spec.name} (plan line ${spec.line}) uses its own closing value for ${g.payee} in ${g.period}`);
      return null;
    }
    return this.closings.get(k) ?? null;
  }

  /** A period's opening: `starts at` in the first period, else the closing of the one before (already computed by the walk). */
  private openingAt(index: number, payee: string, period: string, start: string): Value {
    const k = compositeKey([index, payee, period]);
    if (this.openings.has(k)) return this.openings.get(k)!;
    let open: Value;
    if (period === start) {
      this.starting.add(k);
      try {
        open = this.fns.balances[index]!.start(this.envOf(this.space.group(this.meta.balances[index]!.grain, payee, period)));
      } finally {
        this.starting.delete(k);
      }
    } else {
      const periods = this.space.knownPeriods(this.meta.balances[index]!.grain);
      open = this.closings.get(compositeKey([index, payee, periods[periods.indexOf(period) - 1]!])) ?? null;
    }
    this.openings.set(k, open);
    return open;
  }

  /** A period's closing: the `becomes` rule, evaluated (once) in the period, where the balance's name reads its opening. */
  private closingAt(index: number, payee: string, period: string, start: string): void {
    const k = compositeKey([index, payee, period]);
    if (this.closings.has(k) || this.closing.has(k)) return;
    this.openingAt(index, payee, period, start);
    this.closing.add(k);
    try {
      this.closings.set(k, this.fns.balances[index]!.next(this.envOf(this.space.group(this.meta.balances[index]!.grain, payee, period))));
    } finally {
      this.closing.delete(k);
    }
  }
}
