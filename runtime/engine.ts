/**
 * The batch engine: runs a compiled plan over its bound inputs and tables.
 *
 * 1. Tables are loaded and indexed by key (a duplicate key is a rejected row).
 * 2. Input rows stream through their credit rule: each is credited, excluded with a reason,
 *    or rejected with a reason; the reconciliation counts all three. An input whose rules
 *    compare rows with each other (`count sharing`, `rank sharing`) is read in full first.
 * 3. Credits are grouped per payee and period for each grain (groups.ts); measures, look-backs
 *    and balances (balances.ts) are evaluated on demand, memoised per group.
 * 4. Pays (pays.ts) and outputs (outputs.ts) are evaluated over each grain's population.
 */
import { periodBounds, periodMonthsBefore, periodOf, periodsBetween } from "./calendar.js";
import { windowPeriods, type PeriodWindow, type WindowFn } from "./windows.js";
import { BalanceBook } from "./balances.js";
import type { Credit, Env, Group, RunContext, TraceEvent } from "./env.js";
import { GroupSpace } from "./groups.js";
import { bareCopy, compositeKey, ownValue, transactionId } from "./keys.js";
import * as N from "./numeric.js";
import * as ops from "./ops.js";
import { renderOutputs, type OutputFile } from "./outputs.js";
import type { CompiledPlan, ConstantMeta, CreditSink, PlanFunctions, PlanMeta } from "./plan-module.js";
import { PayRun, type PayoutRecord } from "./pays.js";
import { DataError, readRecords, uniqueKeys, validateObjects, type ReadOptions, type SourceRow } from "./readers/index.js";
import type { Grain, Reject, RecordSchema, Row, Value } from "./schema.js";
import { allocateClaims, type ShareClaim } from "./shares.js";
import { computeSharings, type SharingValues } from "./sharing.js";
import { Hierarchy, HierarchyAmbiguity, HierarchyCycle, TableStore } from "./tables.js";

/** Where an input or table comes from: a file, several files read one after the other (monthly exports), or rows in memory. */
export type Binding =
  | { path: string; options?: ReadOptions; name?: string }
  | { files: { path: string; name?: string }[]; options?: ReadOptions }
  | { rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>; name?: string };

/** Options of a run. */
export interface RunOptions {
  /** Stop at the first rejected row. */
  strict?: boolean;
  /** Called every 10,000 rows of an input, and at its end. */
  onProgress?: (progress: { input: string; rows: number; done: boolean }) => void;
  /** Record how the payouts of one payee and period were reached. */
  explain?: { payee: string; period: string };
}

/** One payout: a component paid to a payee for a period (amount after caps, budgets and combined caps). */
export type Payout = PayoutRecord;

/** A row left out on purpose, with the reason the plan gave. */
export interface Exclusion {
  input: string;
  transaction: string;
  file: string;
  line: number;
  reason: string;
  planLine: number;
  /** The excluded row's values, for outputs per exclusion. */
  values: Record<string, Value>;
}

/** Rows read = credited + excluded + rejected, per input; tables say how many rows loaded. */
export interface Reconciliation {
  inputs: { name: string; read: number; credited: number; excluded: number; rejected: number }[];
  tables: { name: string; read: number; loaded: number; rejected: number }[];
  read: number;
  credited: number;
  excluded: number;
  rejected: number;
}

/** How one payee's payouts for one period were reached. */
export interface Explanation {
  payee: string;
  period: string;
  groups: {
    grain: Grain;
    measures: { name: string; line: number; value: string }[];
    balances: { name: string; line: number; opening: string; closing: string }[];
    pays: { name: string; line: number; amount: string; events: TraceEvent[] }[];
    credits: Credit[];
  }[];
  /**
   * Pays redirected to this payee (`to ...`): what each earning payee contributed (after its
   * running caps and budget), and what combined caps then did to the total (`limits`).
   */
  redirected: { component: string; line: number; amount: string; sources: { payee: string; period: string; amount: string }[]; limits: TraceEvent[] }[];
  /** The payee's credits in the period for each grain it takes no part in there (nothing is paid for them). */
  outside: { grain: Grain; credits: Credit[] }[];
}

/** Everything a run produces. */
export interface RunResult {
  plan: PlanMeta;
  /** Payouts that are not zero, sorted by payee, period and component. */
  payouts: Payout[];
  /** Credits dated within the plan's periods (history credits serve look-backs only). */
  credits: Credit[];
  exclusions: Exclusion[];
  rejects: Reject[];
  files: OutputFile[];
  reconciliation: Reconciliation;
  /** Problems that did not stop the run, such as a payout with no value. */
  issues: string[];
  explanation?: Explanation;
}

/** Runs a compiled plan over its bindings (by declared input and table name). */
export async function runCompiledPlan(plan: CompiledPlan, bindings: Record<string, Binding>, options: RunOptions = {}): Promise<RunResult> {
  return new Run(plan, bindings, options).execute();
}

/** Turns plan literals into runtime values. */
function constantValues(constants: ConstantMeta[]): Value[] {
  return constants.map((c) => {
    switch (c.kind) {
      case "num": return N.num(c.text);
      case "text": return c.value;
      case "date": return c.day;
      case "bool": return c.value;
      case "null": return null;
    }
  });
}

/** Why a row whose credit-rule condition is absent is rejected. */
export function undecidedReason(what: string, line: number): string {
  return `the condition of \`${what}\` (plan line ${line}) is absent: a value it compares is missing, so the rule cannot decide this row`;
}

/** The rows of several sources, one source after another. */
async function* readEach<T>(sources: T[], open: (source: T) => AsyncIterable<SourceRow>): AsyncGenerator<SourceRow> {
  for (const source of sources) yield* open(source);
}

/** Thrown while a row is credited when an expression meets what rejects the row (a child with two parents). */
class RowRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

type Outcome = { kind: "credited" } | { kind: "excluded"; reason: string; planLine: number } | { kind: "rejected"; column: string; reason: string };

class Run {
  private readonly meta: PlanMeta;
  private readonly fns: PlanFunctions;
  private readonly constants: Value[];
  private readonly tables = new Map<string, TableStore>();
  private readonly hierarchies = new Map<string, Hierarchy>();
  private readonly credits: Credit[] = [];
  private readonly exclusions: Exclusion[] = [];
  private readonly rejects: Reject[] = [];
  private readonly issues: string[] = [];
  private readonly reconciliation: Reconciliation = { inputs: [], tables: [], read: 0, credited: 0, excluded: 0, rejected: 0 };
  private readonly context: RunContext;
  private sharingValues: SharingValues = new Map();
  private space!: GroupSpace;
  private balances!: BalanceBook;

  constructor(plan: CompiledPlan, private readonly bindings: Record<string, Binding>, private readonly options: RunOptions) {
    this.meta = plan.meta;
    this.constants = constantValues(plan.meta.constants);
    this.fns = plan.build({ ...ops, constants: this.constants });
    this.context = {
      constants: this.constants,
      lookup: (table, keys) => this.tables.get(table)?.get(keys) ?? null,
      measure: (env, index) => this.groupMeasure(env.g!, index, env.trace),
      rowMeasure: (env, index) => this.creditMeasure(env, index),
      issue: (message) => { this.issues.push(message); },
      tierMeta: (i) => this.meta.tiers[i]!,
      ratesMeta: (i) => this.meta.rates[i]!,
      window: (env, fn, index, w) => this.window(env.g!, fn, index, w, env.trace),
      balance: (env, index, closing) => {
        const value = this.balances.value(index, env.g!, closing);
        const b = this.meta.balances[index]!;
        env.trace?.push({ kind: "balance", name: b.name, line: b.line, detail: `${closing ? "closes" : "opens"} at ${ops.show(value)}` });
        return value;
      },
      parentOf: (env, hierarchy, child, line) => this.parentOf(env, hierarchy, child, line),
      sharing: (env, index) => {
        const v = env.r ? this.sharingValues.get(env.r)?.get(index) : undefined;
        return v === undefined ? null : N.num(v);
      },
    };
  }

  async execute(): Promise<RunResult> {
    this.checkBindings();
    for (const schema of this.meta.records.filter((r) => r.kind === "table")) await this.loadTable(schema);
    for (const h of this.meta.hierarchies) this.hierarchies.set(h.table, new Hierarchy(this.tables.get(h.table)!, h));
    for (const schema of this.meta.records.filter((r) => r.kind === "input")) await this.creditInput(schema);
    this.space = new GroupSpace(this.meta, this.credits, this.tables);
    for (const grain of new Set(this.meta.pays.map((p) => p.grain))) this.issues.push(...this.space.creditsOutside(grain));
    const envOf = (g: Group) => this.env(g, null);
    const parts = { meta: this.meta, fns: this.fns, space: this.space, envOf, issues: this.issues };
    this.balances = new BalanceBook(parts);
    const pays = new PayRun(parts, this.options.explain);
    const records = pays.all();
    const payouts: Payout[] = records.filter((r) => !N.isZero(r.amount));
    const explanation = this.options.explain ? this.explain(pays, records, this.options.explain) : undefined;
    const planCredits = this.credits.filter((c) => c.date >= this.meta.firstDay);
    const files = renderOutputs(this.meta, this.fns, {
      payouts, records, credits: planCredits, exclusions: this.exclusions, rejects: this.rejects, space: this.space,
      envFor: (g, c) => this.env(g, c), envForExclusion: (x) => this.exclusionEnv(x), envForPayout: (p) => this.payoutEnv(p),
    });
    return {
      plan: this.meta, payouts, credits: planCredits, exclusions: this.exclusions, rejects: this.rejects, files,
      // An explanation evaluates its payee's pays again: an issue is reported once.
      reconciliation: this.reconciliation, issues: [...new Set(this.issues)], ...(explanation ? { explanation } : {}),
    };
  }

  private checkBindings(): void {
    const known = new Set(this.meta.records.map((r) => r.name));
    for (const name of Object.keys(this.bindings)) {
      if (!known.has(name)) throw new DataError(name, 0, undefined, `the plan declares no input or table \`${name}\`; it declares ${[...known].join(", ")}`);
    }
    for (const r of this.meta.records) {
      if (!this.bindingOf(r.name)) throw new DataError(this.meta.sourcePath, r.line, undefined, `no file is bound to the ${r.kind} \`${r.name}\`: pass --${r.kind} ${r.name}=path.csv`);
    }
  }

  /** The binding of a declared name: the caller's own entry, never one found on a prototype (an input may be called `constructor`). */
  private bindingOf(name: string): Binding | undefined {
    return ownValue(this.bindings, name);
  }

  private reject(r: Reject): void {
    if (this.options.strict) throw new DataError(r.file, r.line, r.column, r.reason);
    this.rejects.push(r);
  }

  /** A source's rows, one entry per physical row (validated or rejected), keys made unique over all its files. */
  private rows(schema: RecordSchema): AsyncIterable<SourceRow> {
    const binding = this.bindingOf(schema.name)!;
    const options = "rows" in binding ? {} : (binding.options ?? {});
    const source = "rows" in binding ? validateObjects(binding.rows, schema, binding.name ?? schema.name)
      : "files" in binding ? readEach(binding.files, (f) => readRecords(f.path, schema, options, f.name))
      : readRecords(binding.path, schema, options, binding.name);
    return uniqueKeys(source, schema);
  }

  private async loadTable(schema: RecordSchema): Promise<void> {
    const store = new TableStore(schema);
    const stats = { name: schema.name, read: 0, loaded: 0, rejected: 0 };
    for await (const entry of this.rows(schema)) {
      stats.read++;
      if (entry.kind === "rejected") {
        stats.rejected++;
        entry.rejects.forEach((r) => this.reject(r));
      } else {
        store.add(entry.row);
        stats.loaded++;
      }
    }
    this.tables.set(schema.name, store);
    this.reconciliation.tables.push(stats);
  }

  private async creditInput(schema: RecordSchema): Promise<void> {
    const rule = this.meta.credits.findIndex((c) => c.input === schema.name);
    const stats = { name: schema.name, read: 0, credited: 0, excluded: 0, rejected: 0 };
    // Each entry is one physical row: counting entries counts every row once, whatever its line.
    const count = () => {
      stats.read++;
      if (stats.read % 10_000 === 0) this.options.onProgress?.({ input: schema.name, rows: stats.read, done: false });
    };
    const rejectRow = (entry: Extract<SourceRow, { kind: "rejected" }>) => {
      count();
      stats.rejected++;
      entry.rejects.forEach((r) => this.reject(r));
    };
    const credit = (row: Row) => {
      count();
      const outcome: Outcome = rule < 0 ? { kind: "excluded", reason: "no_credit_rule", planLine: 0 } : this.outcomeOf(schema, rule, row);
      if (outcome.kind === "credited") stats.credited++;
      else if (outcome.kind === "excluded") {
        stats.excluded++;
        this.exclusions.push({
          input: schema.name, transaction: this.transactionOf(schema, row), file: row.file, line: row.line, reason: outcome.reason, planLine: outcome.planLine, values: row.values,
        });
      } else {
        stats.rejected++;
        this.reject({ file: row.file, line: row.line, column: outcome.column, reason: outcome.reason });
      }
    };
    const sharings = this.meta.sharings.map((s, index) => ({ ...s, index, ...this.fns.sharings[index]! })).filter((s) => s.input === schema.name);
    if (sharings.length > 0) {
      const all: Row[] = [];
      for await (const entry of this.rows(schema)) {
        if (entry.kind === "rejected") rejectRow(entry);
        else all.push(entry.row);
      }
      this.sharingValues = computeSharings(all, sharings, (row) => this.env(null, null, row.values, schema.name));
      for (const row of all) credit(row);
    } else {
      for await (const entry of this.rows(schema)) {
        if (entry.kind === "rejected") rejectRow(entry);
        else credit(entry.row);
      }
    }
    this.options.onProgress?.({ input: schema.name, rows: stats.read, done: true });
    this.reconciliation.inputs.push(stats);
    this.reconciliation.read += stats.read;
    this.reconciliation.credited += stats.credited;
    this.reconciliation.excluded += stats.excluded;
    this.reconciliation.rejected += stats.rejected;
  }

  private transactionOf(schema: RecordSchema, row: Row): string {
    if (schema.key.length === 0) return `${row.file}:${row.line}`;
    return transactionId(schema.key.map((k) => row.values[k] ?? null), schema.key.map((k) => schema.fields.find((f) => f.name === k)?.type));
  }

  /** Runs one row through its credit rule; an expression that meets a reason to reject the row (`parent of` a child with two parents) rejects it there. */
  private outcomeOf(schema: RecordSchema, rule: number, row: Row): Outcome {
    try {
      return this.creditRow(schema, rule, row);
    } catch (e) {
      if (e instanceof RowRejected) return { kind: "rejected", column: "*", reason: e.reason };
      throw e;
    }
  }

  /** Runs one row through its credit rule. */
  private creditRow(schema: RecordSchema, rule: number, row: Row): Outcome {
    const fn = this.fns.credits[rule]!;
    const planLine = this.meta.credits[rule]!.line;
    const env = this.env(null, null, row.values, schema.name);
    const shares: ShareClaim[] = [];
    const roundingOf = (places?: number, mode?: N.RoundingMode) => (places !== undefined && mode ? { rounding: { places, mode } } : {});
    let excluded: { reason: string; line: number } | undefined;
    let failure: string | undefined;
    const date = fn.date(env);
    env.date = typeof date === "number" ? date : null;
    let undecided: string | undefined;
    const sink: CreditSink = {
      exclude: (reason, line) => { excluded = { reason, line }; },
      undecided: (what, line) => { undecided = undecidedReason(what, line); },
      share: (payee, percent, role, overlay, line, places, mode) => { shares.push({ payee, percent, role, overlay, line, ...roundingOf(places, mode) }); },
      each: (table, field, where, percent, role, overlay, line, places, mode) => {
        for (const t of this.tables.get(table)?.rows ?? []) {
          const keep = where ? where({ ...env, t }) : true;
          if (keep === null) {
            sink.undecided(`each ${table}.${field} where`, line);
            return false;
          }
          if (keep !== true) continue;
          shares.push({ payee: t[field] ?? null, percent, role, overlay, line, ...roundingOf(places, mode) });
        }
        return true;
      },
      ancestors: (hierarchy, of, percent, role, overlay, line, places, mode) => {
        if (typeof of !== "string" || typeof date !== "number") return;
        try {
          for (const a of this.hierarchies.get(hierarchy)!.ancestorsOn(of, date)) shares.push({ payee: a, percent, role, overlay, line, ...roundingOf(places, mode) });
        } catch (e) {
          if (e instanceof HierarchyCycle || e instanceof HierarchyAmbiguity) failure = `${e.message} (plan line ${line})`;
          else throw e;
        }
      },
    };
    fn.body(env, sink);
    if (excluded) return { kind: "excluded", reason: excluded.reason, planLine: excluded.line };
    if (failure) return { kind: "rejected", column: "*", reason: failure };
    if (undecided) return { kind: "rejected", column: "*", reason: undecided };
    if (typeof date !== "number") return { kind: "excluded", reason: "no_date", planLine };
    if (date < this.meta.historyDay || date > this.meta.lastDay) return { kind: "excluded", reason: "outside_plan_periods", planLine };
    const amount = fn.amount(env);
    if (amount === null || typeof amount !== "object") return { kind: "rejected", column: "*", reason: `the credited amount is empty (plan line ${planLine})` };
    if (shares.length === 0) return { kind: "excluded", reason: "no_credit_applies", planLine };
    const allocated = allocateClaims(amount, shares, planLine);
    if (!allocated.ok) return { kind: "rejected", column: "*", reason: allocated.reason };
    const transaction = this.transactionOf(schema, row);
    // Split credits first, then overlays, each in the order the rule gave them.
    const credited = shares.map((s, i) => ({ s, amount: allocated.amounts[i]! }));
    for (const { s, amount: value } of [...credited.filter((x) => !x.s.overlay), ...credited.filter((x) => x.s.overlay)]) {
      this.credits.push({
        seq: this.credits.length, input: schema.name, transaction, payee: s.payee as string, role: s.role, amount: value, date,
        line: s.line, row: row.values, file: row.file, sourceLine: row.line,
      });
    }
    return { kind: "credited" };
  }

  private env(g: Group | null, c: Credit | null, r: Record<string, Value> | null = c?.row ?? null, input: string | null = c?.input ?? null): Env {
    return { r, input, c, g, t: null, credits: g?.credits ?? [], run: this.context };
  }

  private exclusionEnv(x: Exclusion): Env {
    return { ...this.env(null, null, x.values, x.input), x: bareCopy({ reason: x.reason, input: x.input, transaction: x.transaction, line: N.num(x.line) }) };
  }

  private payoutEnv(p: PayoutRecord): Env {
    return { ...this.env(null, null), p: bareCopy({ payee: p.payee, period: p.period, component: p.component, amount: p.amount, uncapped: p.uncapped }) };
  }

  private groupMeasure(g: Group, index: number, trace?: TraceEvent[]): Value {
    if (g.memo.has(index)) return g.memo.get(index)!;
    const value = this.fns.measures[index]!(this.env(g, null));
    g.memo.set(index, value);
    const m = this.meta.measures[index]!;
    trace?.push({ kind: "measure", name: m.name, line: m.line, detail: ops.show(value) });
    return value;
  }

  private creditMeasure(env: Env, index: number): Value {
    const c = env.c!;
    c.memo ??= new Map();
    if (c.memo.has(index)) return c.memo.get(index)!;
    const value = this.fns.measures[index]!(env);
    c.memo.set(index, value);
    return value;
  }

  /**
   * A measure of the payee in other periods (runtime/windows.ts): one period's value, or an
   * aggregate over the window's periods. A period in which the payee does not take part (where
   * the plan declares who does, within the plan's periods) has no value and is skipped.
   */
  private window(g: Group, fn: WindowFn, index: number, w: PeriodWindow, trace?: TraceEvent[]): Value {
    const measureOf = (p: string) => this.groupMeasure(this.space.group(w.grain, g.payee, p), index);
    if (fn === "value") {
      const [p] = windowPeriods(w, g.period, g.grain, undefined);
      return p !== undefined && this.takesPart(w.grain, g.payee, p) ? measureOf(p) : null;
    }
    const known = { first: this.meta.historyDay, last: this.meta.lastDay };
    const periods = windowPeriods(w, g.period, g.grain, known).filter((p) => this.takesPart(w.grain, g.payee, p));
    // Periods before loaded history are unknown and count as no activity (the checker makes
    // sure a window that reaches back stays within history).
    if (fn === "any") return periods.some((p) => measureOf(p) === true);
    const values: N.Num[] = [];
    const shown: string[] = [];
    // A period whose value is absent makes the whole absent, as a credit's does in `sum of`.
    let absent = false;
    for (const p of periods) {
      const v = measureOf(p);
      shown.push(`${p} ${ops.show(v)}`);
      if (v !== null && typeof v === "object") values.push(v);
      else absent = true;
    }
    const m = this.meta.measures[index]!;
    trace?.push({ kind: "periods", name: m.name, line: m.line, detail: `${fn} over ${w.grain}s: ${shown.join(", ") || "none"}` });
    if (absent) return null;
    if (fn === "sum") return values.reduce((a, b) => N.add(a, b), N.ZERO);
    if (values.length === 0) return null;
    if (fn === "average") return N.div(values.reduce((a, b) => N.add(a, b), N.ZERO), N.num(values.length)) ?? null;
    return values.reduce((a, b) => (fn === "minimum" ? N.min(a, b) : N.max(a, b)));
  }

  /** Whether a payee takes part in a period: always, unless the plan's participants say otherwise for a period of the plan. */
  private takesPart(grain: Grain, payee: string, period: string): boolean {
    if (!this.meta.participants.some((p) => p.grain === grain)) return true;
    if (period < periodOf(this.meta.firstDay, grain) || period > periodOf(this.meta.lastDay, grain)) return true;
    return this.space.isMember(grain, payee, period);
  }

  private parentOf(env: Env, hierarchy: string, child: Value, line: number): Value {
    if (typeof child !== "string" || typeof env.date !== "number") return null;
    try {
      return this.hierarchies.get(hierarchy)?.parentOn(child, env.date) ?? null;
    } catch (e) {
      if (e instanceof HierarchyAmbiguity) throw new RowRejected(`${e.message} (plan line ${line})`);
      throw e;
    }
  }

  /**
   * How the target payee's payouts for its period were reached, from the run's own records:
   * each group's pay as the engine traced it, then what running caps, the budget, the payee
   * paid and combined caps made of it (PayRun kept those steps for this payee and period), so
   * the amounts shown are the amounts paid.
   */
  private explain(pays: PayRun, records: PayoutRecord[], target: { payee: string; period: string }): Explanation {
    const groups: Explanation["groups"] = [];
    const outside: Explanation["outside"] = [];
    const recordOf = (payee: string, component: string) => records.find((r) => r.payee === payee && r.period === target.period && r.component === component);
    const grains = [...new Set<Grain>([...this.meta.pays.map((p) => p.grain), ...this.meta.measures.flatMap((m) => (m.scope === "credit" ? [] : [m.scope]))])];
    for (const grain of grains) {
      const g = this.space.population(grain).find((x) => x.payee === target.payee && x.period === target.period);
      if (!g) {
        const credits = this.space.group(grain, target.payee, target.period).credits;
        if (credits.length > 0) outside.push({ grain, credits });
        continue;
      }
      const fresh: Group = { ...g, memo: new Map() };
      const payList = this.meta.pays.map((p, i) => ({ p, i })).filter(({ p }) => p.grain === grain).map(({ p, i }) => {
        const events: TraceEvent[] = [];
        const grouped = pays.groupAmount(i, { ...this.env(fresh, null), trace: events });
        fresh.memo.clear();
        const settled = pays.settlement(i);
        if (grouped === null || !settled) return { name: p.name, line: p.line, amount: "absent", events };
        events.push(...settled.events);
        let amount = settled.paid;
        const record = settled.payee === null ? undefined : recordOf(settled.payee, p.name);
        if (record && !p.redirected) {
          // The group's payout is its own: what combined caps left of it is what is paid.
          events.push(...pays.combinedCapEvents(record));
          amount = record.amount;
        } else if (record && settled.payee !== target.payee) {
          for (const e of pays.combinedCapEvents(record)) events.push({ ...e, detail: `${settled.payee}'s ${p.name}, which this is part of: ${e.detail}` });
        }
        return { name: p.name, line: p.line, amount: N.formatFixed(amount, 2), events };
      });
      const measures = this.meta.measures.map((m, i) => ({ m, i })).filter(({ m }) => m.scope === grain).map(({ m, i }) => ({
        name: m.name, line: m.line, value: ops.show(this.groupMeasure(fresh, i)),
      }));
      const balances = this.meta.balances.map((b, i) => ({ b, i })).filter(({ b }) => b.grain === grain).map(({ b, i }) => ({
        name: b.name, line: b.line, opening: ops.show(this.balances.value(i, g, false)), closing: ops.show(this.balances.value(i, g, true)),
      }));
      groups.push({ grain, measures, balances, pays: payList, credits: g.credits });
    }
    const redirected = records
      .filter((r) => r.sources && r.payee === target.payee && r.period === target.period)
      .map((r) => ({
        component: r.component, line: r.line, amount: N.formatFixed(r.amount, 2),
        sources: r.sources!.filter((s) => !N.isZero(s.amount)).map((s) => ({ payee: s.payee, period: s.period, amount: N.formatFixed(s.amount, 2) })),
        limits: pays.combinedCapEvents(r),
      }));
    return { payee: target.payee, period: target.period, groups, redirected, outside };
  }
}

