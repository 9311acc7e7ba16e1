/**
 * The batch engine: runs a compiled plan over its bound inputs and tables.
 *
 * 1. Tables are loaded and indexed by key (a duplicate key is a rejected row).
 * 2. Input rows stream through their credit rule: each is credited, excluded with a reason,
 *    or rejected with a reason; the reconciliation counts all three.
 * 3. Credits are grouped per payee and period for each grain the plan uses; the groups are
 *    the plan's participants where declared, else every payee-period with a credit.
 * 4. Pays and outputs are evaluated per group (measures on demand, memoised per group).
 *
 * The file is long because it is the one place the run's steps meet; each step is a function.
 */
import { allocateByPercent } from "./allocate.js";
import { formatDate, periodBounds, periodOf } from "./calendar.js";
import type { Credit, Env, Group, RunContext, TraceEvent } from "./env.js";
import * as N from "./numeric.js";
import * as ops from "./ops.js";
import type { CompiledPlan, ConstantMeta, CreditSink, PlanFunctions, PlanMeta } from "./plan-module.js";
import { DataError, readRecords, validateObjects, type ReadOptions } from "./readers/index.js";
import type { Grain, Reject, RecordSchema, Row, Value } from "./schema.js";
import { Hierarchy, HierarchyCycle, TableStore } from "./tables.js";
import { renderOutputs, type OutputFile } from "./outputs.js";

/** Where an input or table comes from: a file, or rows in memory. */
export type Binding =
  | { path: string; options?: ReadOptions; name?: string }
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

/** One payout: a component paid to a payee for a period. */
export interface Payout {
  payee: string;
  period: string;
  component: string;
  amount: N.Num;
  line: number;
}

/** A row left out on purpose, with the reason the plan gave. */
export interface Exclusion {
  input: string;
  transaction: string;
  file: string;
  line: number;
  reason: string;
  planLine: number;
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
  groups: { grain: Grain; measures: { name: string; line: number; value: string }[]; pays: { name: string; line: number; amount: string; events: TraceEvent[] }[]; credits: Credit[] }[];
}

/** Everything a run produces. */
export interface RunResult {
  plan: PlanMeta;
  payouts: Payout[];
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
  return constants.map((c) => (c.kind === "num" ? N.num(c.text) : c.kind === "text" ? c.value : c.kind === "date" ? c.day : c.value));
}

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

  constructor(plan: CompiledPlan, private readonly bindings: Record<string, Binding>, private readonly options: RunOptions) {
    this.meta = plan.meta;
    this.constants = constantValues(plan.meta.constants);
    this.fns = plan.build({ ...ops, constants: this.constants });
    this.context = {
      constants: this.constants,
      lookup: (table, keys) => this.tables.get(table)?.get(keys) ?? null,
      measure: (env, index) => this.groupMeasure(env, index),
      rowMeasure: (env, index) => this.creditMeasure(env, index),
      tierMeta: (i) => this.meta.tiers[i]!,
      ratesMeta: (i) => this.meta.rates[i]!,
    };
  }

  async execute(): Promise<RunResult> {
    this.checkBindings();
    for (const schema of this.meta.records.filter((r) => r.kind === "table")) await this.loadTable(schema);
    for (const h of this.meta.hierarchies) this.hierarchies.set(h.table, new Hierarchy(this.tables.get(h.table)!, h));
    for (const schema of this.meta.records.filter((r) => r.kind === "input")) await this.creditInput(schema);
    const groupsByGrain = this.buildGroups();
    const payouts = this.evaluatePays(groupsByGrain);
    const explanation = this.options.explain ? this.explain(groupsByGrain, this.options.explain) : undefined;
    const files = renderOutputs(this.meta, this.fns, {
      payouts, credits: this.credits, exclusions: this.exclusions, rejects: this.rejects, groupsByGrain, envFor: (g, c) => this.env(g, c),
    });
    return {
      plan: this.meta, payouts, credits: this.credits, exclusions: this.exclusions, rejects: this.rejects, files,
      reconciliation: this.reconciliation, issues: this.issues, ...(explanation ? { explanation } : {}),
    };
  }

  private checkBindings(): void {
    const known = new Set(this.meta.records.map((r) => r.name));
    for (const name of Object.keys(this.bindings)) {
      if (!known.has(name)) throw new DataError(name, 0, undefined, `the plan declares no input or table \`${name}\`; it declares ${[...known].join(", ")}`);
    }
    for (const r of this.meta.records) {
      if (!this.bindings[r.name]) throw new DataError(this.meta.sourcePath, r.line, undefined, `no file is bound to the ${r.kind} \`${r.name}\`: pass --${r.kind} ${r.name}=path.csv`);
    }
  }

  private reject(r: Reject): void {
    if (this.options.strict) throw new DataError(r.file, r.line, r.column, r.reason);
    this.rejects.push(r);
  }

  private rows(schema: RecordSchema, onReject: (r: Reject) => void): AsyncIterable<Row> {
    const binding = this.bindings[schema.name]!;
    if ("rows" in binding) return validateObjects(binding.rows, schema, binding.name ?? schema.name, onReject);
    return readRecords(binding.path, schema, binding.options ?? {}, onReject, binding.name);
  }

  private async loadTable(schema: RecordSchema): Promise<void> {
    const store = new TableStore(schema);
    const stats = { name: schema.name, read: 0, loaded: 0, rejected: 0 };
    const onReject = (r: Reject) => { stats.rejected++; this.reject(r); };
    const badLines = new Set<number>();
    for await (const row of this.rows(schema, (r) => { if (!badLines.has(r.line)) { badLines.add(r.line); stats.read++; } onReject(r); })) {
      stats.read++;
      if (store.add(row, (r) => { stats.rejected++; this.reject(r); })) stats.loaded++;
    }
    this.tables.set(schema.name, store);
    this.reconciliation.tables.push(stats);
  }

  private async creditInput(schema: RecordSchema): Promise<void> {
    const rule = this.meta.credits.findIndex((c) => c.input === schema.name);
    const stats = { name: schema.name, read: 0, credited: 0, excluded: 0, rejected: 0 };
    const rejectedLines = new Set<string>();
    // The reader skips a bad row after reporting each bad cell: count the row once.
    const onReject = (r: Reject) => {
      const id = `${r.file}:${r.line}`;
      if (!rejectedLines.has(id)) { rejectedLines.add(id); stats.read++; stats.rejected++; }
      this.reject(r);
    };
    for await (const row of this.rows(schema, onReject)) {
      stats.read++;
      const outcome = rule < 0 ? { kind: "excluded" as const, reason: "no_credit_rule", planLine: 0 } : this.creditRow(schema, rule, row);
      if (outcome.kind === "credited") stats.credited++;
      else if (outcome.kind === "excluded") {
        stats.excluded++;
        this.exclusions.push({ input: schema.name, transaction: this.transactionOf(schema, row), file: row.file, line: row.line, reason: outcome.reason, planLine: outcome.planLine });
      } else {
        stats.rejected++;
        this.reject({ file: row.file, line: row.line, column: outcome.column, reason: outcome.reason });
      }
      if (stats.read % 10_000 === 0) this.options.onProgress?.({ input: schema.name, rows: stats.read, done: false });
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
    return schema.key.map((k) => ops.show(row.values[k] ?? null)).join("/");
  }

  /** Runs one row through its credit rule. */
  private creditRow(schema: RecordSchema, rule: number, row: Row):
    | { kind: "credited" } | { kind: "excluded"; reason: string; planLine: number } | { kind: "rejected"; column: string; reason: string } {
    const fn = this.fns.credits[rule]!;
    const planLine = this.meta.credits[rule]!.line;
    const env = this.env(null, null, row.values, schema.name);
    const shares: { payee: Value; percent: Value; role: string; overlay: boolean; line: number }[] = [];
    let excluded: { reason: string; line: number } | undefined;
    let failure: string | undefined;
    const sink: CreditSink = {
      exclude: (reason, line) => { excluded = { reason, line }; },
      share: (payee, percent, role, overlay, line) => { shares.push({ payee, percent, role, overlay, line }); },
      each: (table, field, where, percent, role, overlay, line) => {
        for (const t of this.tables.get(table)?.rows ?? []) {
          if (where && where({ ...env, t }) !== true) continue;
          shares.push({ payee: t[field] ?? null, percent, role, overlay, line });
        }
      },
      ancestors: (hierarchy, of, percent, role, overlay, line) => {
        if (typeof of !== "string" || typeof date !== "number") return;
        try {
          for (const a of this.hierarchies.get(hierarchy)!.ancestorsOn(of, date)) shares.push({ payee: a, percent, role, overlay, line });
        } catch (e) {
          if (e instanceof HierarchyCycle) failure = `${e.message} (plan line ${line})`;
          else throw e;
        }
      },
    };
    const date = fn.date(env);
    fn.body(env, sink);
    if (excluded) return { kind: "excluded", reason: excluded.reason, planLine: excluded.line };
    if (failure) return { kind: "rejected", column: "*", reason: failure };
    if (typeof date !== "number") return { kind: "excluded", reason: "no_date", planLine };
    if (date < this.meta.firstDay || date > this.meta.lastDay) return { kind: "excluded", reason: "outside_plan_periods", planLine };
    const amount = fn.amount(env);
    if (amount === null || typeof amount !== "object") return { kind: "rejected", column: "*", reason: `the credited amount is empty (plan line ${planLine})` };
    if (shares.length === 0) return { kind: "excluded", reason: "no_credit_applies", planLine };
    for (const s of shares) {
      if (typeof s.payee !== "string" || s.payee === "") return { kind: "rejected", column: "*", reason: `no payee for the ${s.role} credit (plan line ${s.line})` };
    }
    const split = shares.filter((s) => !s.overlay);
    const total = split.reduce((sum, s) => N.add(sum, s.percent as N.Num), N.ZERO);
    if (split.length > 0 && N.cmp(total, N.ONE) !== 0) {
      return { kind: "rejected", column: "*", reason: `the shares add up to ${N.formatExact(N.mul(total, N.num(100)))}%, not 100% (plan line ${split[0]!.line})` };
    }
    const places = Math.max(2, N.decimalPlaces(amount));
    const parts = allocateByPercent(amount, split.map((s) => s.percent as N.Num), places);
    const transaction = this.transactionOf(schema, row);
    const add = (s: (typeof shares)[number], value: N.Num) => {
      this.credits.push({
        seq: this.credits.length, input: schema.name, transaction, payee: s.payee as string, role: s.role, amount: value, date,
        line: s.line, row: row.values, file: row.file, sourceLine: row.line,
      });
    };
    split.forEach((s, i) => add(s, parts[i]!));
    for (const s of shares.filter((x) => x.overlay)) add(s, N.round(N.mul(amount, s.percent as N.Num), places, "half up"));
    return { kind: "credited" };
  }

  private env(g: Group | null, c: Credit | null, r: Record<string, Value> | null = c?.row ?? null, input: string | null = c?.input ?? null): Env {
    return { r, input, c, g, t: null, credits: g?.credits ?? [], run: this.context };
  }

  /** The grains that pays, measures and outputs are computed at. */
  private grainsUsed(): Grain[] {
    const grains = new Set<Grain>();
    for (const p of this.meta.pays) grains.add(p.grain);
    for (const m of this.meta.measures) if (m.scope !== "credit") grains.add(m.scope);
    for (const o of this.meta.outputs) if (o.scope !== "credit") grains.add(o.scope);
    return [...grains];
  }

  private buildGroups(): Map<Grain, Group[]> {
    const out = new Map<Grain, Group[]>();
    for (const grain of this.grainsUsed()) {
      const byKey = new Map<string, Group>();
      const keyOf = (payee: string, period: string) => `${payee}\u0000${period}`;
      const participants = this.meta.participants.find((p) => p.grain === grain);
      if (participants) {
        for (const row of this.tables.get(participants.table)!.rows) {
          const payee = row[participants.payeeField];
          const period = row[participants.periodField];
          if (typeof payee !== "string" || typeof period !== "string" || !this.periodInPlan(period, grain)) continue;
          byKey.set(keyOf(payee, period), { payee, period, grain, credits: [], memo: new Map() });
        }
      }
      for (const c of this.credits) {
        const period = periodOf(c.date, grain);
        const k = keyOf(c.payee, period);
        let group = byKey.get(k);
        if (!group) {
          if (participants) continue;
          group = { payee: c.payee, period, grain, credits: [], memo: new Map() };
          byKey.set(k, group);
        }
        group.credits.push(c);
      }
      out.set(grain, [...byKey.values()].sort((a, b) => compareText(a.payee, b.payee) || compareText(a.period, b.period)));
    }
    return out;
  }

  private periodInPlan(period: string, grain: Grain): boolean {
    const { first, last } = periodBounds(period, grain);
    return last >= this.meta.firstDay && first <= this.meta.lastDay;
  }

  private groupMeasure(env: Env, index: number): Value {
    const g = env.g!;
    if (g.memo.has(index)) return g.memo.get(index)!;
    const value = this.fns.measures[index]!({ ...env, credits: g.credits, c: null, r: null, input: null });
    g.memo.set(index, value);
    const m = this.meta.measures[index]!;
    env.trace?.push({ kind: "measure", name: m.name, line: m.line, detail: ops.show(value) });
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

  private evaluatePays(groupsByGrain: Map<Grain, Group[]>): Payout[] {
    const payouts: Payout[] = [];
    this.meta.pays.forEach((pay, i) => {
      for (const g of groupsByGrain.get(pay.grain) ?? []) {
        const amount = this.payAmount(i, this.env(g, null));
        if (amount === null) continue;
        if (!N.isZero(amount)) payouts.push({ payee: g.payee, period: g.period, component: pay.name, amount, line: pay.line });
      }
    });
    return payouts.sort((a, b) => compareText(a.payee, b.payee) || compareText(a.period, b.period) || compareText(a.component, b.component));
  }

  /** gates → value → caps → floors; a gate that fails pays zero, a value that is absent is reported. */
  private payAmount(index: number, env: Env): N.Num | null {
    const fn = this.fns.pays[index]!;
    const meta = this.meta.pays[index]!;
    const trace = env.trace;
    for (const [g, gate] of fn.gates.entries()) {
      const open = gate(env);
      if (open === null) {
        this.issues.push(`pay ${meta.name} (plan line ${meta.line}) cannot decide its \`when\` for ${env.g!.payee} in ${env.g!.period}: a value it compares is absent; nothing is paid`);
        return null;
      }
      if (open !== true) {
        trace?.push({ kind: "gate", name: meta.name, line: meta.clauseLines.gates[g]!, detail: "a `when` condition is not met: pays 0.00" });
        return N.ZERO;
      }
    }
    let value = fn.value(env);
    if (value === null || typeof value !== "object") {
      this.issues.push(`pay ${meta.name} (plan line ${meta.line}) has no value for ${env.g!.payee} in ${env.g!.period}: a value it needs is absent; nothing is paid`);
      return null;
    }
    trace?.push({ kind: "pay", name: meta.name, line: meta.line, detail: `computed ${ops.show(value)}` });
    for (const [i, cap] of fn.caps.entries()) {
      const c = cap(env);
      if (c !== null && typeof c === "object" && N.cmp(value, c) > 0) {
        trace?.push({ kind: "cap", name: meta.name, line: meta.clauseLines.caps[i]!, detail: `${ops.show(value)} capped at ${ops.show(c)}` });
        value = c;
      }
    }
    for (const [i, floor] of fn.floors.entries()) {
      const f = floor(env);
      if (f !== null && typeof f === "object" && N.cmp(value, f) < 0) {
        trace?.push({ kind: "floor", name: meta.name, line: meta.clauseLines.floors[i]!, detail: `${ops.show(value)} raised to the floor ${ops.show(f)}` });
        value = f;
      }
    }
    return value as N.Num;
  }

  private explain(groupsByGrain: Map<Grain, Group[]>, target: { payee: string; period: string }): Explanation {
    const groups: Explanation["groups"] = [];
    for (const [grain, list] of groupsByGrain) {
      const g = list.find((x) => x.payee === target.payee && x.period === target.period);
      if (!g) continue;
      const fresh: Group = { ...g, memo: new Map() };
      const pays = this.meta.pays.map((p, i) => ({ p, i })).filter(({ p }) => p.grain === grain).map(({ p, i }) => {
        const events: TraceEvent[] = [];
        const amount = this.payAmount(i, { ...this.env(fresh, null), trace: events });
        fresh.memo.clear();
        return { name: p.name, line: p.line, amount: amount === null ? "absent" : N.formatFixed(amount, 2), events };
      });
      const measures = this.meta.measures.map((m, i) => ({ m, i })).filter(({ m }) => m.scope === grain).map(({ m, i }) => ({
        name: m.name, line: m.line, value: ops.show(this.groupMeasure(this.env(fresh, null), i)),
      }));
      groups.push({ grain, measures, pays, credits: g.credits });
    }
    return { payee: target.payee, period: target.period, groups };
  }
}

/** Plain character-code order, never a locale's collation. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export { formatDate };
