/**
 * Balances carried from period to period per payee: the opening value of the first period is
 * the `starts at` expression, each period's closing value is the `becomes` rule evaluated with
 * the opening value, and the next period opens with it. Periods without credits still pass
 * (a month with no activity leaves a recoverable balance as it was).
 */
import type { Group } from "./env.js";
import { RunStep } from "./groups.js";
import { compositeKey } from "./keys.js";
import type { Value } from "./schema.js";

type Step = { open: Value; close?: Value };

/** Computes balances on demand, memoised per balance, payee and period. */
export class BalanceBook extends RunStep {
  private readonly steps = new Map<string, Step>();
  /** First periods whose `starts at` is being evaluated: a request for the balance there is a cycle. */
  private readonly starting = new Set<string>();

  /** The opening or closing value of balance `index` for the group's payee and period. */
  value(index: number, g: Group, closing: boolean): Value {
    const spec = this.meta.balances[index]!;
    const start = this.space.firstPeriod(spec.grain, g.payee);
    if (g.period < start) return null;
    const step = this.step(index, g.payee, g.period, start);
    if (!closing) return step.open;
    if (step.close === undefined) {
      this.issues.push(`balance ${spec.name} (plan line ${spec.line}) uses its own closing value for ${g.payee} in ${g.period}`);
      return null;
    }
    return step.close;
  }

  private step(index: number, payee: string, period: string, start: string): Step {
    const k = compositeKey([index, payee, period]);
    const known = this.steps.get(k);
    if (known) return known;
    const spec = this.meta.balances[index]!;
    const fn = this.fns.balances[index]!;
    if (this.starting.has(compositeKey([index, payee, start]))) {
      this.issues.push(`balance ${spec.name} (plan line ${spec.line}) opens with a value that needs the balance itself for ${payee} in ${start}`);
      return { open: null, close: null };
    }
    // Walk forward from the first period not yet computed, so a long chain is never recursive.
    const periods = this.space.knownPeriods(spec.grain).filter((p) => p >= start && p <= period);
    let previous: Step | undefined;
    for (const p of periods) {
      const pk = compositeKey([index, payee, p]);
      const done = this.steps.get(pk);
      if (done) { previous = done; continue; }
      const env = this.envOf(this.space.group(spec.grain, payee, p));
      const step: Step = { open: previous ? (previous.close ?? null) : this.opening(index, pk, env) };
      this.steps.set(pk, step);
      step.close = fn.next(env);
      previous = step;
    }
    return this.steps.get(k) ?? { open: null, close: null };
  }

  /** The `starts at` value of a payee's first period, guarded against needing itself. */
  private opening(index: number, key: string, env: ReturnType<RunStep["envOf"]>): Value {
    this.starting.add(key);
    try {
      return this.fns.balances[index]!.start(env);
    } finally {
      this.starting.delete(key);
    }
  }
}

