/**
 * Payee-period groups: the credits of one payee in one period of a grain, with their memoised
 * measures. A group exists for any payee and period asked for (look-backs and balances need
 * periods without credits); the population of a grain is the set the plan pays and reports.
 */
import { periodBounds, periodOf, periodsBetween } from "./calendar.js";
import type { Credit, Env, Group } from "./env.js";
import type { PlanFunctions, PlanMeta } from "./plan-module.js";
import type { Grain, Value } from "./schema.js";
import { compositeKey } from "./keys.js";
import * as N from "./numeric.js";
import type { TableStore } from "./tables.js";

const key = (payee: string, period: string) => compositeKey([payee, period]);

/** What the evaluation helpers of a run share: the plan, its closures, its groups and its issue list. */
export interface RunParts {
  meta: PlanMeta;
  fns: PlanFunctions;
  space: GroupSpace;
  envOf: (g: Group) => Env;
  issues: string[];
}

/** A step of the run (pays, balances) that works on the run's shared parts. */
export abstract class RunStep {
  protected readonly meta: PlanMeta;
  protected readonly fns: PlanFunctions;
  protected readonly space: GroupSpace;
  protected readonly envOf: (g: Group) => Env;
  protected readonly issues: string[];

  constructor(parts: RunParts) {
    ({ meta: this.meta, fns: this.fns, space: this.space, envOf: this.envOf, issues: this.issues } = parts);
  }
}

/** Plain character-code order, never a locale's collation. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every group of a run, by grain, created on demand. */
export class GroupSpace {
  private readonly groups = new Map<Grain, Map<string, Group>>();
  private readonly credited = new Map<Grain, Map<string, Credit[]>>();
  private readonly populations = new Map<Grain, Group[]>();
  private readonly members = new Map<Grain, Set<string>>();
  private readonly starts = new Map<Grain, Map<string, string>>();

  constructor(private readonly meta: PlanMeta, private readonly credits: Credit[], private readonly tables: Map<string, TableStore>) {}

  /** The plan's periods of a grain, in order. */
  planPeriods(grain: Grain): string[] {
    return this.periods(`plan ${grain}`, this.meta.firstDay, grain);
  }

  /** Periods of a grain from the start of loaded history to the plan's end. */
  knownPeriods(grain: Grain): string[] {
    return this.periods(`known ${grain}`, this.meta.historyDay, grain);
  }

  // Look-backs and balances ask for these lists once per group: build each one once.
  private readonly periodLists = new Map<string, string[]>();

  private periods(key: string, from: number, grain: Grain): string[] {
    let list = this.periodLists.get(key);
    if (!list) this.periodLists.set(key, (list = periodsBetween(from, this.meta.lastDay, grain)));
    return list;
  }

  /**
   * Whether a credit belongs to its period's group: a credit dated within the plan always does;
   * a history credit only in a period wholly before the plan (for look-backs). A period that
   * overlaps the plan's start is paid and listed, so it holds only credits dated within the plan.
   */
  private inGroup(c: Credit, period: string, grain: Grain): boolean {
    return c.date >= this.meta.firstDay || periodBounds(period, grain).last < this.meta.firstDay;
  }

  private creditsOf(grain: Grain): Map<string, Credit[]> {
    let index = this.credited.get(grain);
    if (!index) {
      index = new Map();
      for (const c of this.credits) {
        const period = periodOf(c.date, grain);
        if (!this.inGroup(c, period, grain)) continue;
        const k = key(c.payee, period);
        const list = index.get(k);
        if (list) list.push(c);
        else index.set(k, [c]);
      }
      this.credited.set(grain, index);
    }
    return index;
  }

  /** The group of a payee in a period, created (with its credits) on first use. */
  group(grain: Grain, payee: string, period: string): Group {
    let byKey = this.groups.get(grain);
    if (!byKey) this.groups.set(grain, (byKey = new Map()));
    const k = key(payee, period);
    let g = byKey.get(k);
    if (!g) {
      g = { payee, period, grain, credits: this.creditsOf(grain).get(k) ?? [], memo: new Map() };
      byKey.set(k, g);
    }
    return g;
  }

  /** True when the period lies inside the plan's span. */
  inPlan(period: string, grain: Grain): boolean {
    const { first, last } = periodBounds(period, grain);
    return last >= this.meta.firstDay && first <= this.meta.lastDay;
  }

  /** Whether a payee and period belong to the grain's population. */
  isMember(grain: Grain, payee: string, period: string): boolean {
    this.population(grain);
    return this.members.get(grain)!.has(key(payee, period));
  }

  /** The first period a payee takes part in (its start date's period where participants say so). */
  firstPeriod(grain: Grain, payee: string): string {
    this.population(grain);
    return this.starts.get(grain)?.get(payee) ?? this.planPeriods(grain)[0]!;
  }

  /**
   * What the grain's pays leave out: for each payee with credits dated within the plan in
   * periods where it takes no part (before its start, or missing from a participants table),
   * one issue with their count, total and periods, so no credited money goes unpaid unseen.
   */
  creditsOutside(grain: Grain): string[] {
    const left = new Map<string, { count: number; total: N.Num; periods: Set<string> }>();
    for (const c of this.credits) {
      if (c.date < this.meta.firstDay) continue;
      const period = periodOf(c.date, grain);
      if (this.isMember(grain, c.payee, period)) continue;
      const entry = left.get(c.payee) ?? { count: 0, total: N.ZERO, periods: new Set<string>() };
      entry.count++;
      entry.total = N.add(entry.total, c.amount);
      entry.periods.add(period);
      left.set(c.payee, entry);
    }
    return [...left].sort(([a], [b]) => compareText(a, b)).map(([payee, e]) => outsideIssue(payee, grain, e.count, N.formatFixed(e.total, 2), [...e.periods].sort(compareText)));
  }

  /**
   * The groups the plan pays and reports for a grain, sorted by payee then period: the
   * participants' rows where declared, else every payee and plan period with a credit dated
   * within the plan.
   */
  population(grain: Grain): Group[] {
    const cached = this.populations.get(grain);
    if (cached) return cached;
    const pairs = new Map<string, { payee: string; period: string }>();
    const add = (payee: Value, period: string) => {
      if (typeof payee === "string" && payee !== "" && this.inPlan(period, grain)) pairs.set(key(payee, period), { payee, period });
    };
    const starts = new Map<string, string>();
    const spec = this.meta.participants.find((p) => p.grain === grain);
    const planPeriods = this.planPeriods(grain);
    if (!spec) {
      for (const c of this.credits) if (c.date >= this.meta.firstDay) add(c.payee, periodOf(c.date, grain));
    } else if (spec.table === undefined) {
      const payees = new Set(this.credits.map((c) => c.payee));
      for (const payee of payees) for (const p of planPeriods) add(payee, p);
    } else {
      for (const row of this.tables.get(spec.table)!.rows) {
        const payee = row[spec.payeeField!] ?? null;
        if (spec.periodField) {
          const period = row[spec.periodField];
          if (typeof period === "string") add(payee, period);
          continue;
        }
        const from = spec.fromField ? row[spec.fromField] : undefined;
        const startPeriod = typeof from === "number" ? periodOf(from, grain) : undefined;
        // A payee listed more than once (a rehire) takes part from its earliest start; a row
        // without a start date takes part from the plan's first period.
        const start = startPeriod && startPeriod > planPeriods[0]! ? startPeriod : planPeriods[0]!;
        if (typeof payee === "string" && spec.fromField) {
          const known = starts.get(payee);
          if (known === undefined || start < known) starts.set(payee, start);
        }
        for (const p of planPeriods) if (p >= start) add(payee, p);
      }
    }
    const groups = [...pairs.values()].map(({ payee, period }) => this.group(grain, payee, period));
    groups.sort((a, b) => compareText(a.payee, b.payee) || compareText(a.period, b.period));
    this.populations.set(grain, groups);
    this.members.set(grain, new Set(pairs.keys()));
    this.starts.set(grain, starts);
    return groups;
  }
}

/** The issue for a payee's credits that no pay of a grain includes. */
export function outsideIssue(payee: string, grain: Grain, count: number, total: string, periods: string[]): string {
  const shown = periods.length <= 3 ? periods.join(", ") : `${periods.slice(0, 3).join(", ")} and ${periods.length - 3} more`;
  const credits = count === 1 ? `1 credit (${total})` : `${count} credits (${total} in all)`;
  return `${payee} has ${credits} in ${shown}, where it takes no part per ${grain} (before its start, or not among the participants): no pay per ${grain} includes ${count === 1 ? "it" : "them"}`;
}
