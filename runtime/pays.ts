/**
 * Pays, step by step. Per group: `when` gates (decided together, as `and` is), the value,
 * floors, caps (a cap wins over a floor above it). Then period by period: running caps (what is
 * left of a cap over a longer period after what the earlier periods paid) and the period's
 * budget, shared pro rata across payees; what a group is paid after the budget uses its running
 * caps. Then the payee a pay is redirected `to`. Then across components: combined caps, shared
 * pro rata in the listed order (they do not give room back to running caps). Every scaling
 * allocates cents by largest remainder so totals are exact.
 *
 * Limits (caps, running caps, budgets, combined caps) bound what is paid, from 0.00 up: a limit
 * that is absent or negative when the run computes it pays nothing for what it limits, and the
 * run reports it; a cap or running cap is computed only for an amount above 0.00, which is all
 * it can change. Under a budget or a combined cap, negative amounts (recoveries) are paid as
 * they are and do not use the limit; the positive amounts share it (allocate.ts). */
import { limitPositives } from "./allocate.js";
import { periodOf, periodBounds } from "./calendar.js";
import type { Env, Group, TraceEvent } from "./env.js";
import { compareText, RunStep, type RunParts } from "./groups.js";
import { compositeKey } from "./keys.js";
import * as N from "./numeric.js";
import { show } from "./ops.js";
import type { Grain, Value } from "./schema.js";

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

/** A running cap a group's pay is held to: its limit, and the key of what it has used (per cap, earning payee and longer period). */
interface RunningCap {
  key: string;
  limit: N.Num;
  over: Grain;
  line: number;
}

/** One group's pay on its way to a payout: the payee paid and the amount, held in turn to running caps and the budget. */
interface Earning {
  group: Group;
  payee: string;
  amount: N.Num;
  runningCaps: RunningCap[];
  /** What the steps after the group amount did, kept for the group an explanation asks about. */
  events?: TraceEvent[];
}

/** What the steps after the group amount made of one group's pay, for an explanation. */
export interface Settlement {
  /** What the group's pay adds to its payee's payout, after running caps and the budget (before combined caps). */
  paid: N.Num;
  /** The payee paid; null when nothing is paid (no payee, or a limit that cannot be applied). */
  payee: string | null;
  events: TraceEvent[];
}

/** Evaluates pays for a run; `watch` names the payee and period whose steps are kept for an explanation. */
export class PayRun extends RunStep {
  private readonly settled = new Map<number, Settlement>();
  private readonly capEvents = new Map<PayoutRecord, TraceEvent[]>();

  constructor(parts: RunParts, private readonly watch?: { payee: string; period: string }) {
    super(parts);
  }

  /** Every pay for every group of its grain, through budgets, redirects and combined caps. */
  all(): PayoutRecord[] {
    const records = this.meta.pays.flatMap((_, i) => this.component(i));
    const merged = mergeRedirected(records);
    this.applyCombinedCaps(merged);
    return merged.sort((a, b) => compareText(a.payee, b.payee) || compareText(a.period, b.period) || compareText(a.component, b.component));
  }

  /** What the watched group's pay came to after running caps and the budget (undefined when its value was absent). */
  settlement(index: number): Settlement | undefined {
    return this.settled.get(index);
  }

  /** What combined caps did to a record of the watched period. */
  combinedCapEvents(record: PayoutRecord): TraceEvent[] {
    return this.capEvents.get(record) ?? [];
  }

  /**
   * One pay over its grain's population. Each group's amount and payee are found in population
   * order; then, period by period, the period's groups are held to their running caps, the
   * period's budget is shared, and what each group was paid uses its running caps, so a later
   * period sees what the earlier ones paid after their budget.
   */
  private component(index: number): PayoutRecord[] {
    const meta = this.meta.pays[index]!;
    const earned: Earning[] = [];
    for (const group of this.space.population(meta.grain)) {
      const earning = this.earn(index, group);
      if (earning) earned.push(earning);
    }
    const used = new Map<string, N.Num>();
    for (const list of byPeriod(earned)) {
      for (const e of list) this.holdToRunningCaps(index, e, used);
      if (this.fns.pays[index]!.budget) this.applyBudget(index, list);
      // What is paid, above zero, uses every running cap of the pay.
      for (const e of list) for (const cap of e.runningCaps) used.set(cap.key, N.add(used.get(cap.key) ?? N.ZERO, N.max(N.ZERO, e.amount)));
    }
    for (const e of earned) if (e.events) this.settled.set(index, { paid: e.amount, payee: e.payee, events: e.events });
    return earned.map((e) => ({
      payee: e.payee, period: e.group.period, component: meta.name, amount: e.amount, uncapped: e.amount, line: meta.line,
      ...(meta.redirected ? { sources: [{ payee: e.group.payee, period: e.group.period, amount: e.amount }] } : {}),
    }));
  }

  private watched(payee: string, period: string): boolean {
    return this.watch !== undefined && this.watch.payee === payee && this.watch.period === period;
  }

  /**
   * A group's pay before the limits shared with other periods and payees: its amount (gates,
   * value, floors, caps), its running caps (computed only for an amount above 0.00), and the
   * payee paid. Null when nothing is paid: the amount is absent, a running cap cannot be
   * applied, the amount has fractions of a cent, or there is nobody to pay (each reported).
   */
  private earn(index: number, group: Group): Earning | null {
    const meta = this.meta.pays[index]!;
    const fn = this.fns.pays[index]!;
    const env = this.envOf(group);
    const events = this.watched(group.payee, group.period) ? [] as TraceEvent[] : undefined;
    const amount = this.groupAmount(index, env);
    if (amount === null) return null;
    const stop = (issue: string | undefined, detail: string): null => {
      if (issue) this.issues.push(issue);
      if (events) this.settled.set(index, { paid: N.ZERO, payee: null, events: [...events, { kind: "pay", name: meta.name, line: meta.line, detail }] });
      return null;
    };
    const runningCaps: RunningCap[] = [];
    if (N.cmp(amount, N.ZERO) > 0) {
      for (const [i, spec] of meta.runningCaps.entries()) {
        const limit = fn.runningCaps[i]!(env);
        const problem = limitProblem(limit);
        if (problem) {
          const issue = `pay ${meta.name} (plan line ${meta.line}) for ${group.payee} in ${group.period}: its cap per ${spec.over} (plan line ${spec.line}) is ${problem}; nothing is paid`;
          return stop(issue, issue);
        }
        runningCaps.push({ key: compositeKey([i, group.payee, periodOf(periodBounds(group.period, group.grain).first, spec.over)]), limit: limit as N.Num, over: spec.over, line: spec.line });
      }
    }
    // The checker proves pays are whole cents; a module from elsewhere is held to the same.
    if (N.decimalPlaces(amount) > 2) {
      const issue = `pay ${meta.name} (plan line ${meta.line}) for ${group.payee} in ${group.period} comes to ${N.formatExact(amount)}, with fractions of a cent; nothing is paid`;
      return stop(issue, issue);
    }
    const payee = fn.payee ? fn.payee(env) : group.payee;
    if (typeof payee !== "string" || payee === "") {
      const issue = `pay ${meta.name} (plan line ${meta.line}) has no payee to pay ${N.formatFixed(amount, 2)} earned by ${group.payee} in ${group.period}: nothing is paid`;
      return stop(N.isZero(amount) ? undefined : issue, `its \`to\` is ${show(payee === "" ? null : payee)}: there is no payee to pay it, so nothing is paid`);
    }
    if (payee !== group.payee) events?.push({ kind: "pay", name: meta.name, line: meta.line, detail: `paid to ${payee}, not to ${group.payee}` });
    return { group, payee, amount, runningCaps, ...(events ? { events } : {}) };
  }

  /**
   * Gates, value, floors, caps for one group; null (reported) when a needed value is absent.
   * The gates are decided together as `and` decides: one that is false pays 0.00 (the later
   * ones are not evaluated); else one that is absent is reported and nothing is paid. A cap is
   * needed only while the amount is above 0.00 (it bounds from 0.00 up), so it is computed only
   * then; it comes after the floors and wins over a floor above it (reported).
   */
  groupAmount(index: number, env: Env): N.Num | null {
    const fn = this.fns.pays[index]!;
    const meta = this.meta.pays[index]!;
    const trace = env.trace;
    const g = env.g!;
    let undecided = false;
    for (const [i, gate] of fn.gates.entries()) {
      const open = gate(env);
      if (open === false) {
        trace?.push({ kind: "gate", name: meta.name, line: meta.clauseLines.gates[i]!, detail: "a `when` condition is not met: pays 0.00" });
        return N.ZERO;
      }
      if (open !== true) undecided = true;
    }
    if (undecided) {
      this.issues.push(`pay ${meta.name} (plan line ${meta.line}) cannot decide its \`when\` for ${g.payee} in ${g.period}: a value it compares is absent; nothing is paid`);
      return null;
    }
    let value = fn.value(env);
    if (value === null || typeof value !== "object") {
      this.issues.push(`pay ${meta.name} (plan line ${meta.line}) has no value for ${g.payee} in ${g.period}: a value it needs is absent; nothing is paid`);
      return null;
    }
    trace?.push({ kind: "pay", name: meta.name, line: meta.line, detail: `computed ${show(value)}` });
    let highest: { value: N.Num; line: number } | undefined;
    for (const [i, floor] of fn.floors.entries()) {
      const f = floor(env);
      const line = meta.clauseLines.floors[i]!;
      if (f === null || typeof f !== "object") {
        this.issues.push(`pay ${meta.name} (plan line ${meta.line}) for ${g.payee} in ${g.period}: its floor (plan line ${line}) is absent; nothing is paid`);
        return null;
      }
      if (!highest || N.cmp(f, highest.value) > 0) highest = { value: f, line };
      if (N.cmp(value, f) < 0) {
        trace?.push({ kind: "floor", name: meta.name, line, detail: `${show(value)} raised to the floor ${show(f)}` });
        value = f;
      }
    }
    for (const [i, cap] of fn.caps.entries()) {
      if (N.cmp(value, N.ZERO) <= 0) break;
      const c = cap(env);
      const line = meta.clauseLines.caps[i]!;
      const problem = limitProblem(c);
      if (problem) {
        this.issues.push(`pay ${meta.name} (plan line ${meta.line}) for ${g.payee} in ${g.period}: its cap (plan line ${line}) is ${problem}; nothing is paid`);
        return null;
      }
      if (N.cmp(value, c as N.Num) > 0) {
        trace?.push({ kind: "cap", name: meta.name, line, detail: `${show(value)} capped at ${show(c)}` });
        value = c as N.Num;
        if (highest && N.cmp(value, highest.value) < 0) {
          this.issues.push(`pay ${meta.name} (plan line ${meta.line}) for ${g.payee} in ${g.period}: its floor (plan line ${highest.line}) of ${N.formatFixed(highest.value, 2)} is above its cap (plan line ${line}) of ${N.formatFixed(value, 2)}; the cap wins`);
        }
      }
    }
    return value as N.Num;
  }

  /** `cap X per year`: the group pays at most what is left of X after what the payee's earlier periods paid. */
  private holdToRunningCaps(index: number, e: Earning, used: Map<string, N.Num>): void {
    const meta = this.meta.pays[index]!;
    for (const cap of e.runningCaps) {
      const left = N.max(N.ZERO, N.sub(cap.limit, used.get(cap.key) ?? N.ZERO));
      if (N.cmp(e.amount, left) > 0) {
        e.events?.push({ kind: "cap", name: meta.name, line: cap.line, detail: `${show(e.amount)} limited to ${show(left)}, what is left of ${show(cap.limit)} per ${cap.over}` });
        e.amount = left;
      }
    }
  }

  /** Amounts held within a limit, or all zero (reported) when the limit cannot be applied and something was to be paid. */
  private withinLimit(amounts: N.Num[], limit: Value, what: string): N.Num[] {
    const problem = limitProblem(limit);
    if (!problem) return limitPositives(amounts, limit as N.Num, 2);
    if (amounts.some((a) => !N.isZero(a))) this.issues.push(`${what} is ${problem}; nothing is paid`);
    return amounts.map(() => N.ZERO);
  }

  /**
   * A period's budget: above it, the positive amounts are scaled pro rata, cents by largest
   * remainder in the order of the payee paid, then the payee that earned it.
   */
  private applyBudget(index: number, list: Earning[]): void {
    const fn = this.fns.pays[index]!;
    const meta = this.meta.pays[index]!;
    const period = list[0]!.group.period;
    const budget = fn.budget!(this.envOf(list[0]!.group));
    const ordered = [...list].sort((a, b) => compareText(a.payee, b.payee) || compareText(a.group.payee, b.group.payee));
    const limited = this.withinLimit(ordered.map((e) => e.amount), budget, `pay ${meta.name} (plan line ${meta.line}) in ${period}: its budget`);
    ordered.forEach((e, i) => {
      const held = limited[i]!;
      if (e.events && N.cmp(held, e.amount) !== 0) e.events.push({ kind: "budget", name: meta.name, line: meta.line, detail: limitDetail(e.amount, held, budget, "the budget", ` for ${period}, shared pro rata by the period's payees`) });
      e.amount = held;
    });
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
        ordered.forEach((r, j) => {
          const held = limited[j]!;
          // Kept for the whole period watched: an earner's explanation tells what the cap did to its receiver's pay.
          if (this.watch?.period === period && N.cmp(held, r.amount) !== 0) {
            this.capEvents.set(r, [...this.combinedCapEvents(r), { kind: "cap", name: r.component, line: cap.line, detail: limitDetail(r.amount, held, limit, "the combined cap", ` on ${cap.pays.join(", ")}`) }]);
          }
          r.amount = held;
        });
      }
    });
  }
}

/** An explanation's line for an amount a shared limit changed: held to what it allows, or not paid when it cannot be applied. */
function limitDetail(before: N.Num, after: N.Num, limit: Value, name: string, of: string): string {
  const problem = limitProblem(limit);
  if (problem) return `${N.formatFixed(before, 2)} not paid: ${name}${of} is ${problem}`;
  return `${N.formatFixed(before, 2)} held to ${N.formatFixed(after, 2)} by ${name} of ${show(limit)}${of}`;
}

/** Earnings grouped by period, periods in order (one grain: text order is time order), population order kept within each. */
function byPeriod(earned: Earning[]): Earning[][] {
  const periods = new Map<string, Earning[]>();
  for (const e of earned) {
    const list = periods.get(e.group.period);
    if (list) list.push(e);
    else periods.set(e.group.period, [e]);
  }
  return [...periods.entries()].sort(([a], [b]) => compareText(a, b)).map(([, list]) => list);
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
