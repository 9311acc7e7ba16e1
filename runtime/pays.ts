/**
 * Pays, step by step. Per group: `when` gates, the value, caps, floors, then running caps (what
 * is left of a cap over a longer period, consumed in period order). Then across payees: a budget
 * shared pro rata per period. Then the payee a pay is redirected `to`. Then across components:
 * combined caps, shared pro rata in the listed order. Every scaling allocates cents by largest
 * remainder so totals are exact.
 *
 * Limits (caps, running caps, budgets, combined caps) bound what is paid, from 0.00 up: a limit
 * that is absent or negative when the run computes it pays nothing for what it limits, and the
 * run reports it. Under a budget or a combined cap, negative amounts (recoveries) are paid as
 * they are and do not use the limit; the positive amounts share it (allocate.ts).
 */
import { limitPositives } from "./allocate.js";
import { periodOf, periodBounds } from "./calendar.js";
import type { Env, Group, TraceEvent } from "./env.js";
import { compareText, RunStep } from "./groups.js";
import { compositeKey } from "./keys.js";
import * as N from "./numeric.js";
import { show } from "./ops.js";
import type { PlanMeta } from "./plan-module.js";
import type { Value } from "./schema.js";

/** A pay's amount for a payee and period, before and after combined caps. */
export interface PayoutRecord {
  payee: string;
  period: string;
  component: string;
  /** What is paid. */
  amount: N.Num;
  /** The amount before combined caps (equal to amount when no combined cap applies). */
  uncapped: N.Num;
  line: number;
  /** For a pay redirected `to` this payee: the groups that earned it, and how much each. */
  sources?: { payee: string; period: string; amount: N.Num }[];
}

/** Evaluates pays for a run. */
export class PayRun extends RunStep {
  /** Every pay for every group of its grain, through budgets, redirects and combined caps. */
  all(): PayoutRecord[] {
    const records: PayoutRecord[] = [];
    this.meta.pays.forEach((pay, i) => records.push(...this.component(i)));
    const merged = mergeRedirected(records);
    this.applyCombinedCaps(merged);
    return merged.sort((a, b) => compareText(a.payee, b.payee) || compareText(a.period, b.period) || compareText(a.component, b.component));
  }

  private component(index: number): PayoutRecord[] {
    const meta = this.meta.pays[index]!;
    const fn = this.fns.pays[index]!;
    const used = new Map<string, N.Num>();
    const rows: { group: Group; amount: N.Num; payee: string }[] = [];
    for (const group of this.space.population(meta.grain)) {
      const env = this.envOf(group);
      const grouped = this.groupAmount(index, env);
      if (grouped === null) continue;
      const amount = this.applyRunningCaps(index, env, grouped, used);
      if (amount === null) continue;
      // The checker proves pays are whole cents; a module from elsewhere is held to the same.
      if (N.decimalPlaces(amount) > 2) {
        this.issues.push(`pay ${meta.name} (plan line ${meta.line}) for ${group.payee} in ${group.period} comes to ${N.formatExact(amount)}, with fractions of a cent; nothing is paid`);
        continue;
      }
      const payee = fn.payee ? fn.payee(env) : group.payee;
      if (typeof payee !== "string" || payee === "") {
        if (!N.isZero(amount)) this.issues.push(`pay ${meta.name} (plan line ${meta.line}) has no payee to pay ${N.formatFixed(amount, 2)} earned by ${group.payee} in ${group.period}: nothing is paid`);
        continue;
      }
      rows.push({ group, amount, payee });
    }
    if (fn.budget) this.applyBudget(index, rows);
    return rows.map((r) => ({
      payee: r.payee, period: r.group.period, component: meta.name, amount: r.amount, uncapped: r.amount, line: meta.line,
      ...(fn.payee ? { sources: [{ payee: r.group.payee, period: r.group.period, amount: r.amount }] } : {}),
    }));
  }

  /** gates → value → caps → floors for one group; null (reported) when a needed value is absent. */
  groupAmount(index: number, env: Env): N.Num | null {
    const fn = this.fns.pays[index]!;
    const meta = this.meta.pays[index]!;
    const trace = env.trace;
    const g = env.g!;
    for (const [i, gate] of fn.gates.entries()) {
      const open = gate(env);
      if (open === null) {
        this.issues.push(`pay ${meta.name} (plan line ${meta.line}) cannot decide its \`when\` for ${g.payee} in ${g.period}: a value it compares is absent; nothing is paid`);
        return null;
      }
      if (open !== true) {
        trace?.push({ kind: "gate", name: meta.name, line: meta.clauseLines.gates[i]!, detail: "a `when` condition is not met: pays 0.00" });
        return N.ZERO;
      }
    }
    let value = fn.value(env);
    if (value === null || typeof value !== "object") {
      this.issues.push(`pay ${meta.name} (plan line ${meta.line}) has no value for ${g.payee} in ${g.period}: a value it needs is absent; nothing is paid`);
      return null;
    }
    trace?.push({ kind: "pay", name: meta.name, line: meta.line, detail: `computed ${show(value)}` });
    for (const [i, cap] of fn.caps.entries()) {
      const c = cap(env);
      if (!this.usableLimit(c, `pay ${meta.name} (plan line ${meta.line}) for ${g.payee} in ${g.period}: its cap (plan line ${meta.clauseLines.caps[i]})`)) return null;
      if (N.cmp(value, c) > 0) {
        trace?.push({ kind: "cap", name: meta.name, line: meta.clauseLines.caps[i]!, detail: `${show(value)} capped at ${show(c)}` });
        value = c;
      }
    }
    for (const [i, floor] of fn.floors.entries()) {
      const f = floor(env);
      if (f === null || typeof f !== "object") {
        this.issues.push(`pay ${meta.name} (plan line ${meta.line}) for ${g.payee} in ${g.period}: its floor (plan line ${meta.clauseLines.floors[i]}) is absent; nothing is paid`);
        return null;
      }
      if (N.cmp(value, f) < 0) {
        trace?.push({ kind: "floor", name: meta.name, line: meta.clauseLines.floors[i]!, detail: `${show(value)} raised to the floor ${show(f)}` });
        value = f;
      }
    }
    return value as N.Num;
  }

  /**
   * `cap X per year`: pays at most what is left of X in the longer period; groups come in period
   * order, and only what is paid above zero uses the cap, so an amount of zero or less is not
   * capped (and the caps are not computed). Null (reported) when a cap is unusable.
   */
  private applyRunningCaps(index: number, env: Env, amount: N.Num, used: Map<string, N.Num>): N.Num | null {
    const fn = this.fns.pays[index]!;
    const meta = this.meta.pays[index]!;
    const g = env.g!;
    if (N.cmp(amount, N.ZERO) <= 0) return amount;
    const caps: { key: string; before: N.Num; limit: N.Num; spec: (typeof meta.runningCaps)[number] }[] = [];
    for (const [i, spec] of meta.runningCaps.entries()) {
      const limit = fn.runningCaps[i]!(env);
      if (!this.usableLimit(limit, `pay ${meta.name} (plan line ${meta.line}) for ${g.payee} in ${g.period}: its cap per ${spec.over} (plan line ${spec.line})`)) return null;
      const key = compositeKey([i, g.payee, periodOf(periodBounds(g.period, g.grain).first, spec.over)]);
      caps.push({ key, before: used.get(key) ?? N.ZERO, limit, spec });
    }
    let value = amount;
    for (const { before, limit, spec } of caps) {
      const left = N.max(N.ZERO, N.sub(limit, before));
      if (N.cmp(value, left) > 0) {
        env.trace?.push({ kind: "cap", name: meta.name, line: spec.line, detail: `${show(value)} limited to ${show(left)}, what is left of ${show(limit)} per ${spec.over}` });
        value = left;
      }
    }
    // What is paid, above zero, uses every running cap of the pay.
    for (const { key, before } of caps) used.set(key, N.add(before, N.max(N.ZERO, value)));
    return value;
  }

  /** True for a limit the run can apply (whole cents, not negative); anything else is reported as `what` is, and nothing is paid. */
  private usableLimit(limit: Value, what: string): limit is N.Num {
    const problem = limitProblem(limit);
    if (!problem) return true;
    this.issues.push(`${what} is ${problem}; nothing is paid`);
    return false;
  }

  /** Amounts held within a limit, or all zero (reported) when the limit cannot be applied and something was to be paid. */
  private withinLimit(amounts: N.Num[], limit: Value, what: string): N.Num[] {
    if (!limitProblem(limit)) return limitPositives(amounts, limit as N.Num, 2);
    if (amounts.some((a) => !N.isZero(a))) this.usableLimit(limit, what);
    return amounts.map(() => N.ZERO);
  }

  /**
   * A budget per period: above it, the positive amounts are scaled pro rata, cents by largest
   * remainder in the order of the payee paid, then the payee that earned it.
   */
  private applyBudget(index: number, rows: { group: Group; amount: N.Num; payee: string }[]): void {
    const fn = this.fns.pays[index]!;
    const meta = this.meta.pays[index]!;
    const byPeriod = new Map<string, typeof rows>();
    for (const r of rows) byPeriod.set(r.group.period, [...(byPeriod.get(r.group.period) ?? []), r]);
    for (const [period, list] of byPeriod) {
      const budget = fn.budget!(this.envOf(list[0]!.group));
      const ordered = [...list].sort((a, b) => compareText(a.payee, b.payee) || compareText(a.group.payee, b.group.payee));
      const limited = this.withinLimit(ordered.map((r) => r.amount), budget, `pay ${meta.name} (plan line ${meta.line}) in ${period}: its budget`);
      ordered.forEach((r, i) => { r.amount = limited[i]!; });
    }
  }

  /** Combined caps: per payee and period, the listed components shared pro rata within the limit. */
  private applyCombinedCaps(records: PayoutRecord[]): void {
    this.meta.combinedCaps.forEach((cap, i) => {
      const byGroup = new Map<string, PayoutRecord[]>();
      for (const r of records) {
        if (!cap.pays.includes(r.component)) continue;
        const k = compositeKey([r.payee, r.period]);
        byGroup.set(k, [...(byGroup.get(k) ?? []), r]);
      }
      for (const list of byGroup.values()) {
        const ordered = cap.pays.map((name) => list.find((r) => r.component === name)).filter((r): r is PayoutRecord => !!r);
        const { payee, period } = ordered[0]!;
        const limit = this.fns.combinedCaps[i]!(this.envOf(this.space.group(cap.grain, payee, period)));
        const limited = this.withinLimit(ordered.map((r) => r.amount), limit, `the combined cap (plan line ${cap.line}) on ${cap.pays.join(", ")} for ${payee} in ${period}`);
        ordered.forEach((r, j) => { r.amount = limited[j]!; });
      }
    });
  }

  /** Trace lines for an explanation of the steps after the group amount (budget, redirect, combined cap). */
  static afterGroup(record: PayoutRecord | undefined, groupAmount: N.Num | null, meta: PlanMeta["pays"][number]): TraceEvent[] {
    if (!record || groupAmount === null) return [];
    const events: TraceEvent[] = [];
    if (N.cmp(record.uncapped, groupAmount) !== 0) events.push({ kind: "cap", name: meta.name, line: meta.line, detail: `after running caps and the budget: ${N.formatFixed(record.uncapped, 2)}` });
    if (N.cmp(record.amount, record.uncapped) !== 0) events.push({ kind: "cap", name: meta.name, line: meta.line, detail: `after the combined cap: ${N.formatFixed(record.amount, 2)}` });
    return events;
  }
}

/** Why a limit cannot be applied, if it cannot: absent, negative, or with fractions of a cent. */
function limitProblem(limit: Value): string | undefined {
  if (limit === null || typeof limit !== "object") return "absent";
  if (N.isNegative(limit)) return `${N.formatFixed(limit, 2)}, below zero`;
  if (N.decimalPlaces(limit) > 2) return `${N.formatExact(limit)}, with fractions of a cent`;
  return undefined;
}

/** Pays redirected `to` another payee add up per payee, period and component. */
function mergeRedirected(records: PayoutRecord[]): PayoutRecord[] {
  const merged = new Map<string, PayoutRecord>();
  for (const r of records) {
    const k = compositeKey([r.payee, r.period, r.component]);
    const prior = merged.get(k);
    if (prior) {
      const sources = prior.sources || r.sources ? [...(prior.sources ?? []), ...(r.sources ?? [])] : undefined;
      merged.set(k, { ...prior, amount: N.add(prior.amount, r.amount), uncapped: N.add(prior.uncapped, r.uncapped), ...(sources ? { sources } : {}) });
    }
    else merged.set(k, { ...r });
  }
  return [...merged.values()];
}
