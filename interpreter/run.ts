/**
 * A run, interpreted: tables loaded, every input row credited, excluded or rejected, then
 * groups, balances, pays and files. Written to be read next to the language reference, in the
 * order a run happens; nothing is compiled and no value is remembered between evaluations
 * (only the facts of the run: the rows, the credits, who takes part).
 */
import type { Grain } from "../language/syntax.js";
import type { CreditRuleIr, CreditStmtIr, MeasureIr, PlanIr } from "../compiler/ir.js";
import type { Binding, RunOptions } from "../runtime/engine.js";
import { DataError, readRecords, uniqueKeys, validateObjects, type SourceRow } from "../runtime/readers/index.js";
import type { Reject, RecordSchema, Row } from "../runtime/schema.js";
import { EMPTY_SCOPE, evaluate, manyParents, RowRejected, type ICredit, type IGroup, type Scope, type World } from "./evaluate.js";
import { renderFiles, type IExclusion, type OutputFile } from "./outputs.js";
import { payAll } from "./pays.js";
import { creditAmounts, REMAINDER, undecided, type Share } from "./shares.js";
import { byCode, compareValues, Day, Dec, exact, fixed, fromCell, isDec, isoDate, keyOf, periodBefore, periodDays, periodOfDay, periodsFromTo, ZERO, type IValue } from "./values.js";

/** What an interpreted run gives, in the engine's terms: the files it writes, its counts and its issues. */
export interface InterpretedRun {
  files: OutputFile[];
  reconciliation: {
    inputs: { name: string; read: number; credited: number; excluded: number; rejected: number }[];
    tables: { name: string; read: number; loaded: number; rejected: number }[];
    read: number;
    credited: number;
    excluded: number;
    rejected: number;
  };
  issues: string[];
}

/** Runs a checked plan over its bindings by interpreting its IR. */
export async function interpretPlan(plan: PlanIr, bindings: Record<string, Binding>, options: Pick<RunOptions, "strict"> = {}): Promise<InterpretedRun> {
  const run = new Interpretation(plan, bindings, options.strict === true);
  return run.execute();
}

type IRow = Map<string, IValue>;

interface Table {
  rows: IRow[];
  byKey: Map<string, IRow>;
}

/** What ended a credit rule's statements early. */
type Ended = { reason: string; line: number } | { undecided: string };

type Outcome = { kind: "credited" } | { kind: "excluded"; reason: string; planLine: number } | { kind: "rejected"; reason: string };

/** Who takes part in a grain: the (payee, period) pairs, and where each payee starts. */
interface Population {
  groups: IGroup[];
  members: Set<string>;
  starts: Map<string, string>;
}

class Interpretation implements World {
  private readonly tables = new Map<string, Table>();
  private readonly links = new Map<string, Map<string, { parent: string; from?: number; to?: number }[]>>();
  readonly credits: ICredit[] = [];
  readonly exclusions: IExclusion[] = [];
  readonly rejects: Reject[] = [];
  readonly issues = new Set<string>();
  private readonly reconciliation: InterpretedRun["reconciliation"] = { inputs: [], tables: [], read: 0, credited: 0, excluded: 0, rejected: 0 };
  private readonly sharingValues = new Map<IRow, Map<number, number>>();
  private readonly populations = new Map<Grain, Population>();
  private readonly filed = new Map<Grain, Map<string, ICredit[]>>();
  /** Balances whose rule is being evaluated for a payee and period, with the opening value it sees. */
  private readonly opening = new Map<string, IValue>();
  /** Balances whose `starts at` is being evaluated for a payee's first period. */
  private readonly starting = new Set<string>();

  constructor(readonly plan: PlanIr, private readonly bindings: Record<string, Binding>, private readonly strict: boolean) {}

  async execute(): Promise<InterpretedRun> {
    this.checkBindings();
    for (const schema of this.plan.records) if (schema.kind === "table") await this.loadTable(schema);
    for (const h of this.plan.hierarchies) this.linkHierarchy(h);
    for (const schema of this.plan.records) if (schema.kind === "input") await this.creditInput(schema);
    for (const grain of new Set(this.plan.pays.map((p) => p.grain))) this.reportCreditsOutside(grain);
    const records = payAll(this);
    const files = renderFiles(this, records);
    return { files, reconciliation: this.reconciliation, issues: [...this.issues] };
  }

  // --- World: what expressions ask of the run -------------------------------------------------

  constant(index: number): IValue {
    const c = this.plan.constants[index]!;
    switch (c.kind) {
      case "num": return new Dec(c.text);
      case "text": return c.value;
      case "date": return new Day(c.day);
      case "bool": return c.value;
      case "null": return null;
    }
  }

  measure(name: string): MeasureIr {
    return this.plan.measures.find((m) => m.name === name)!;
  }

  /**
   * The credits of a payee in a period of a grain, in the order they were made (filed by grain
   * once crediting is done): history credits only in periods wholly before the plan.
   */
  creditsOf(g: IGroup): ICredit[] {
    let filed = this.filed.get(g.grain);
    if (!filed) {
      filed = new Map();
      for (const c of this.credits) {
        const period = periodOfDay(c.date.n, g.grain);
        // A history credit serves look-backs: it is in its period's group only when the whole
        // period lies before the plan. A period overlapping the plan's start is paid, so it
        // holds only credits dated within the plan.
        if (c.date.n < this.plan.firstDay && periodDays(period, g.grain).last >= this.plan.firstDay) continue;
        const k = keyOf([c.payee, period]);
        const list = filed.get(k);
        if (list) list.push(c);
        else filed.set(k, [c]);
      }
      this.filed.set(g.grain, filed);
    }
    return filed.get(keyOf([g.payee, g.period])) ?? [];
  }

  lookup(table: string, keys: IValue[]): IRow | null {
    return this.tables.get(table)!.byKey.get(keyOf(keys)) ?? null;
  }

  parentsOn(hierarchy: string, child: string, day: Day): string[] {
    const valid = (this.links.get(hierarchy)!.get(child) ?? []).filter((l) => (l.from === undefined || l.from <= day.n) && (l.to === undefined || day.n <= l.to));
    return [...new Set(valid.map((l) => l.parent))];
  }

  sharing(row: Scope["row"], index: number): IValue {
    const v = row ? this.sharingValues.get(row.values)?.get(index) : undefined;
    return v === undefined ? null : new Dec(v);
  }

  issue(message: string): void {
    this.issues.add(message);
  }

  isMember(grain: Grain, payee: string, period: string): boolean {
    return this.population(grain).members.has(keyOf([payee, period]));
  }

  /**
   * A balance for a payee in a period: the first period (the payee's start) opens with
   * `starts at`; each period closes with `becomes`, evaluated while the balance's own name
   * reads that period's opening value; the next period opens with that closing value.
   */
  balance(name: string, g: IGroup, closing: boolean): IValue {
    const b = this.plan.balances.find((x) => x.name === name)!;
    const start = this.firstPeriod(b.grain, g.payee);
    if (g.period < start) return null;
    const group = { grain: b.grain, payee: g.payee, period: g.period };
    return closing ? this.closingOf(b, group, start) : this.openingOf(b, group, start);
  }

  private openingOf(b: PlanIr["balances"][number], g: IGroup, start: string): IValue {
    const key = keyOf([b.name, g.payee, g.period]);
    if (this.opening.has(key)) return this.opening.get(key)!;
    if (this.needsItself(b, g, start)) return null;
    if (g.period === start) {
      this.starting.add(key);
      try {
        return evaluate(this, b.start, this.groupScope(g));
      } finally {
        this.starting.delete(key);
      }
    }
    return this.closingOf(b, { ...g, period: periodBefore(g.period, g.grain, monthsIn(g.grain)) }, start);
  }

  /** True (and reported) when the balance is asked for while its own `starts at` is being evaluated: its opening would need itself. */
  private needsItself(b: PlanIr["balances"][number], g: IGroup, start: string): boolean {
    if (!this.starting.has(keyOf([b.name, g.payee, start]))) return false;
    this.issues.add(`balance ${b.name} (plan line ${b.line}) opens with a value that needs the balance itself for ${g.payee} in ${start}`);
    return true;
  }

  private closingOf(b: PlanIr["balances"][number], g: IGroup, start: string): IValue {
    const key = keyOf([b.name, g.payee, g.period]);
    if (this.needsItself(b, g, start)) return null;
    if (this.opening.has(key)) {
      this.issues.add(`balance ${b.name} (plan line ${b.line}) uses its own closing value for ${g.payee} in ${g.period}`);
      return null;
    }
    const open = this.openingOf(b, g, start);
    this.opening.set(key, open);
    try {
      return evaluate(this, b.next, this.groupScope(g));
    } finally {
      this.opening.delete(key);
    }
  }

  groupScope(g: IGroup): Scope {
    return { ...EMPTY_SCOPE, group: g, credits: this.creditsOf(g) };
  }

  // --- Who takes part ------------------------------------------------------------------------

  /** The plan's periods of a grain. */
  planPeriods(grain: Grain): string[] {
    return periodsFromTo(this.plan.firstDay, this.plan.lastDay, grain);
  }

  /** The first period a payee takes part in: its participants' start, else the plan's first. */
  firstPeriod(grain: Grain, payee: string): string {
    return this.population(grain).starts.get(payee) ?? this.planPeriods(grain)[0]!;
  }

  /**
   * The groups a grain pays and lists, by payee then period: the participants' rows, or a
   * table's payees in every plan period (from their start), or every payee credited in every
   * period, or (without participants) every payee and plan period with a credit dated within
   * the plan.
   */
  population(grain: Grain): Population {
    const known = this.populations.get(grain);
    if (known) return known;
    const pairs = new Map<string, IGroup>();
    const starts = new Map<string, string>();
    const add = (payee: IValue, period: string) => {
      const { first, last } = periodDays(period, grain);
      if (typeof payee === "string" && payee !== "" && last >= this.plan.firstDay && first <= this.plan.lastDay) pairs.set(keyOf([payee, period]), { grain, payee, period });
    };
    const spec = this.plan.participants.find((p) => p.grain === grain);
    const periods = this.planPeriods(grain);
    if (!spec) {
      for (const c of this.credits) if (c.date.n >= this.plan.firstDay) add(c.payee, periodOfDay(c.date.n, grain));
    } else if (spec.table === undefined) {
      for (const payee of new Set(this.credits.map((c) => c.payee))) for (const p of periods) add(payee, p);
    } else {
      for (const row of this.tables.get(spec.table)!.rows) {
        const payee = row.get(spec.payeeField!) ?? null;
        if (spec.periodField) {
          const period = row.get(spec.periodField);
          if (typeof period === "string") add(payee, period);
          continue;
        }
        // A payee takes part from the period holding its start date (from the plan's first
        // period without one); listed more than once, from the earliest of its starts.
        const from = spec.fromField ? row.get(spec.fromField) : undefined;
        const startPeriod = from instanceof Day ? periodOfDay(from.n, grain) : undefined;
        const start = startPeriod && startPeriod > periods[0]! ? startPeriod : periods[0]!;
        const earlier = typeof payee === "string" ? starts.get(payee) : undefined;
        if (typeof payee === "string" && spec.fromField && (earlier === undefined || start < earlier)) starts.set(payee, start);
        for (const p of periods) if (p >= start) add(payee, p);
      }
    }
    const groups = [...pairs.values()].sort((a, b) => byCode(a.payee, b.payee) || byCode(a.period, b.period));
    const population = { groups, members: new Set(pairs.keys()), starts };
    this.populations.set(grain, population);
    return population;
  }

  /**
   * Credits dated within the plan in periods where their payee takes no part (before its start,
   * or missing from a participants table) are in no group the grain pays: each payee's are
   * reported once, with their count, total and periods.
   */
  private reportCreditsOutside(grain: Grain): void {
    const left = new Map<string, ICredit[]>();
    for (const c of this.credits) {
      if (c.date.n < this.plan.firstDay || this.isMember(grain, c.payee, periodOfDay(c.date.n, grain))) continue;
      const list = left.get(c.payee);
      if (list) list.push(c);
      else left.set(c.payee, [c]);
    }
    for (const [payee, credits] of left) {
      const total = fixed(credits.reduce((sum, c) => sum.plus(c.amount), ZERO), 2);
      const periods = [...new Set(credits.map((c) => periodOfDay(c.date.n, grain)))].sort(byCode);
      const shownPeriods = periods.length <= 3 ? periods.join(", ") : `${periods.slice(0, 3).join(", ")} and ${periods.length - 3} more`;
      const what = credits.length === 1 ? `1 credit (${total})` : `${credits.length} credits (${total} in all)`;
      this.issues.add(`${payee} has ${what} in ${shownPeriods}, where it takes no part per ${grain} (before its start, or not among the participants): no pay per ${grain} includes ${credits.length === 1 ? "it" : "them"}`);
    }
  }

  // --- Reading --------------------------------------------------------------------------------

  private checkBindings(): void {
    const known = new Set(this.plan.records.map((r) => r.name));
    for (const name of Object.keys(this.bindings)) {
      if (!known.has(name)) throw new DataError(name, 0, undefined, `the plan declares no input or table \`${name}\`; it declares ${[...known].join(", ")}`);
    }
    for (const r of this.plan.records) {
      // A binding is the caller's own entry with a value: `undefined` (or `null`) binds nothing, as in the engine.
      if (!this.bindingOf(r.name)) throw new DataError(this.plan.sourcePath, r.line, undefined, `no file is bound to the ${r.kind} \`${r.name}\`: pass --${r.kind} ${r.name}=path.csv`);
    }
  }

  /** The binding of a declared name: the caller's own entry, never one found on a prototype. */
  private bindingOf(name: string): Binding | undefined {
    return Object.hasOwn(this.bindings, name) ? this.bindings[name] : undefined;
  }

  private reject(r: Reject): void {
    if (this.strict) throw new DataError(r.file, r.line, r.column, r.reason);
    this.rejects.push(r);
  }

  /**
   * The validated rows of an input or table, through the shared readers and their key
   * uniqueness stage (one entry per physical row); a rejected row is handed over with all its rejects.
   */
  private async *rows(schema: RecordSchema, onRejected: (rejects: Reject[]) => void): AsyncGenerator<Row> {
    const binding = this.bindingOf(schema.name);
    if (!binding) return;
    const source = "rows" in binding ? validateObjects(binding.rows, schema, binding.name ?? schema.name)
      : "files" in binding ? readEach(binding.files.map((f) => readRecords(f.path, schema, binding.options ?? {}, f.name)))
      : readRecords(binding.path, schema, binding.options ?? {}, binding.name);
    for await (const entry of uniqueKeys(source, schema)) {
      if (entry.kind === "row") yield entry.row;
      else onRejected(entry.rejects);
    }
  }

  /** A row's values as the interpreter's own, field by field as declared. */
  private valuesOf(schema: RecordSchema, row: Row): IRow {
    return new Map(schema.fields.map((f) => [f.name, fromCell(Object.hasOwn(row.values, f.name) ? row.values[f.name] : undefined, f.type.kind)]));
  }

  /** Counts a row the reader rejected once, however many of its cells were bad. */
  private oncePerRow(count: () => void): (rejects: Reject[]) => void {
    return (rejects) => {
      count();
      for (const r of rejects) this.reject(r);
    };
  }

  private async loadTable(schema: RecordSchema): Promise<void> {
    const table: Table = { rows: [], byKey: new Map() };
    const stats = { name: schema.name, read: 0, loaded: 0, rejected: 0 };
    const onRejected = this.oncePerRow(() => { stats.read++; stats.rejected++; });
    // Keys are unique here: the readers reject a repeated key with the row it repeats.
    for await (const row of this.rows(schema, onRejected)) {
      stats.read++;
      const values = this.valuesOf(schema, row);
      if (schema.key.length > 0) table.byKey.set(keyOf(schema.key.map((f) => values.get(f) ?? null)), values);
      table.rows.push(values);
      stats.loaded++;
    }
    this.tables.set(schema.name, table);
    this.reconciliation.tables.push(stats);
  }


  private linkHierarchy(h: PlanIr["hierarchies"][number]): void {
    const byChild = new Map<string, { parent: string; from?: number; to?: number }[]>();
    for (const row of this.tables.get(h.table)!.rows) {
      const child = row.get(h.child);
      const parent = row.get(h.parent);
      if (typeof child !== "string" || typeof parent !== "string") continue;
      const from = h.validFrom ? row.get(h.validFrom) : undefined;
      const to = h.validTo ? row.get(h.validTo) : undefined;
      byChild.set(child, [...(byChild.get(child) ?? []), { parent, ...(from instanceof Day ? { from: from.n } : {}), ...(to instanceof Day ? { to: to.n } : {}) }]);
    }
    this.links.set(h.table, byChild);
  }

  private async creditInput(schema: RecordSchema): Promise<void> {
    const rule = this.plan.credits.find((c) => c.input === schema.name);
    const stats = { name: schema.name, read: 0, credited: 0, excluded: 0, rejected: 0 };
    const onReject = this.oncePerRow(() => { stats.read++; stats.rejected++; });
    const credit = (row: Row, values: IRow) => {
      stats.read++;
      const outcome: Outcome = rule ? this.creditRow(schema, rule, row, values) : { kind: "excluded", reason: "no_credit_rule", planLine: 0 };
      if (outcome.kind === "credited") stats.credited++;
      else if (outcome.kind === "excluded") {
        stats.excluded++;
        this.exclusions.push({ input: schema.name, transaction: this.transactionOf(schema, row, values), file: row.file, line: row.line, reason: outcome.reason, values });
      } else {
        stats.rejected++;
        this.reject({ file: row.file, line: row.line, column: "*", reason: outcome.reason });
      }
    };
    const sharings = this.plan.sharings.map((s, index) => ({ ...s, index })).filter((s) => s.input === schema.name);
    if (sharings.length > 0) {
      // Counts and ranks compare a row with all the others: read the whole input first.
      const all: { row: Row; values: IRow }[] = [];
      for await (const row of this.rows(schema, onReject)) all.push({ row, values: this.valuesOf(schema, row) });
      this.computeSharings(schema.name, all.map((r) => r.values), sharings);
      for (const { row, values } of all) credit(row, values);
    } else {
      for await (const row of this.rows(schema, onReject)) credit(row, this.valuesOf(schema, row));
    }
    this.reconciliation.inputs.push(stats);
    this.reconciliation.read += stats.read;
    this.reconciliation.credited += stats.credited;
    this.reconciliation.excluded += stats.excluded;
    this.reconciliation.rejected += stats.rejected;
  }

  /**
   * `count sharing k...`: how many rows share the keys; `rank sharing k... by o...`: the row's
   * place among them (file order breaks ties). A row with an absent key part shares with none.
   */
  private computeSharings(input: string, rows: IRow[], specs: (PlanIr["sharings"][number] & { index: number })[]): void {
    for (const values of rows) this.sharingValues.set(values, new Map());
    for (const spec of specs) {
      const groups = new Map<string, { values: IRow; order: IValue[]; seq: number }[]>();
      rows.forEach((values, seq) => {
        const scope: Scope = { ...EMPTY_SCOPE, row: { input, values, date: null } };
        const keys = spec.keys.map((x) => evaluate(this, x, scope));
        // An absent key part is no value: the row shares its key with no other (count 1, rank 1).
        if (keys.includes(null)) {
          this.sharingValues.get(values)!.set(spec.index, 1);
          return;
        }
        const k = keyOf(keys);
        groups.set(k, [...(groups.get(k) ?? []), { values, order: spec.order.map((x) => evaluate(this, x, scope)), seq }]);
      });
      for (const members of groups.values()) {
        if (spec.fn === "count") {
          for (const m of members) this.sharingValues.get(m.values)!.set(spec.index, members.length);
          continue;
        }
        const ranked = [...members].sort((a, b) => {
          for (let i = 0; i < a.order.length; i++) {
            const c = compareValues(a.order[i]!, b.order[i]!);
            if (c !== 0) return c;
          }
          return a.seq - b.seq;
        });
        ranked.forEach((m, i) => this.sharingValues.get(m.values)!.set(spec.index, i + 1));
      }
    }
  }

  private transactionOf(schema: RecordSchema, row: Row, values: IRow): string {
    if (schema.key.length === 0) return `${row.file}:${row.line}`;
    const parts = schema.key.map((k) => idPart(values.get(k) ?? null));
    if (parts.length === 1) return parts[0]!;
    // Several parts are joined by `/`, with `\` and `/` inside a part escaped, so no two keys give one id.
    return parts.map((p) => p.replace(/[\\/]/g, (c) => `\\${c}`)).join("/");
  }

  /**
   * One row through its credit rule: the body runs statement by statement (the first `exclude`
   * that holds ends it, and so does a condition that is absent); then, in this order, an
   * exclusion excludes the row, a broken hierarchy rejects it, an absent condition rejects it,
   * a row without a date or outside the plan and its history is excluded, an absent amount
   * rejects it, a row no share reached is excluded, and the shares must come out in whole
   * cents (creditAmounts). A `parent of` that finds two parents on the row's date rejects the
   * row where it is evaluated.
   */
  private creditRow(schema: RecordSchema, rule: CreditRuleIr, row: Row, values: IRow): Outcome {
    try {
      return this.creditRowAsRuled(schema, rule, row, values);
    } catch (e) {
      // An expression met what rejects the row where it stands (`parent of` a child with two parents).
      if (e instanceof RowRejected) return { kind: "rejected", reason: e.reason };
      throw e;
    }
  }

  /** The row through its rule's statements, date, amount and shares (creditRow says in which order). */
  private creditRowAsRuled(schema: RecordSchema, rule: CreditRuleIr, row: Row, values: IRow): Outcome {
    const scope: Scope = { ...EMPTY_SCOPE, row: { input: schema.name, values, date: null } };
    const date = evaluate(this, rule.date, scope);
    scope.row!.date = date instanceof Day ? date : null;
    const shares: Share[] = [];
    const failure: { message?: string } = {};
    const ended = this.runBody(rule.body, scope, shares, failure);
    if (ended && "reason" in ended) return { kind: "excluded", reason: ended.reason, planLine: ended.line };
    if (failure.message) return { kind: "rejected", reason: failure.message };
    if (ended) return { kind: "rejected", reason: ended.undecided };
    if (!(date instanceof Day)) return { kind: "excluded", reason: "no_date", planLine: rule.line };
    if (date.n < this.plan.historyDay || date.n > this.plan.lastDay) return { kind: "excluded", reason: "outside_plan_periods", planLine: rule.line };
    const amount = evaluate(this, rule.amount, scope);
    if (!isDec(amount)) return { kind: "rejected", reason: `the credited amount is empty (plan line ${rule.line})` };
    if (shares.length === 0) return { kind: "excluded", reason: "no_credit_applies", planLine: rule.line };
    const amounts = creditAmounts(amount, shares, rule.line);
    if (typeof amounts === "string") return { kind: "rejected", reason: amounts };
    const transaction = this.transactionOf(schema, row, values);
    const credited = shares.map((s, i) => ({ s, value: amounts[i]! }));
    for (const { s, value } of [...credited.filter((c) => !c.s.overlay), ...credited.filter((c) => c.s.overlay)]) {
      this.credits.push({
        seq: this.credits.length, input: schema.name, transaction, payee: s.payee as string, role: s.role, amount: value, date,
        line: s.line, row: values, file: row.file, sourceLine: row.line,
      });
    }
    return { kind: "credited" };
  }

  /**
   * Runs credit statements in order; returns what ended them, if something did: an exclusion
   * that holds, or a condition that is absent (it compares a missing value), which decides
   * nothing and so rejects the row.
   */
  private runBody(body: CreditStmtIr[], scope: Scope, shares: Share[], failure: { message?: string }): Ended | undefined {
    for (const s of body) {
      switch (s.k) {
        case "exclude": {
          const holds = evaluate(this, s.cond, scope);
          if (holds === null) return { undecided: undecided(`exclude ${s.reason}`, s.line) };
          if (holds === true) return { reason: s.reason, line: s.line };
          break;
        }
        case "if": {
          const holds = evaluate(this, s.cond, scope);
          if (holds === null) return { undecided: undecided("if", s.line) };
          const ended = this.runBody(holds === true ? s.then : s.else, scope, shares, failure);
          if (ended) return ended;
          break;
        }
        case "share": {
          const base = { role: s.role, overlay: s.overlay, line: s.line, ...(s.rounding ? { rounding: s.rounding } : {}) };
          const t = s.target;
          // A `remainder` share's percentage is worked out from the others, once they are all known.
          const percentOf = (): Share["percent"] => (s.remainder ? REMAINDER : evaluate(this, s.percent, scope));
          if (t.k === "payee") {
            shares.push({ ...base, payee: evaluate(this, t.payee, scope), percent: percentOf() });
          } else if (t.k === "each") {
            const percent = percentOf();
            for (const tableRow of this.tables.get(t.table)!.rows) {
              const keep = t.where ? evaluate(this, t.where, { ...scope, table: tableRow }) : true;
              if (keep === null) return { undecided: undecided(`each ${t.table}.${t.field} where`, s.line) };
              if (keep === true) shares.push({ ...base, payee: tableRow.get(t.field) ?? null, percent });
            }
          } else {
            const of = evaluate(this, t.of, scope);
            const percent = percentOf();
            const day = scope.row!.date;
            if (typeof of !== "string" || !day) break;
            const ancestors = this.ancestorsOn(t.hierarchy, of, day);
            if ("broken" in ancestors) failure.message = `${ancestors.broken} (plan line ${s.line})`;
            else for (const a of ancestors.list) shares.push({ ...base, payee: a, percent });
          }
          break;
        }
      }
    }
    return undefined;
  }

  /** Every ancestor of a child on a day, nearest first, or why there is none to follow: the path loops, or a child on it has two parents. */
  private ancestorsOn(hierarchy: string, child: string, day: Day): { list: string[] } | { broken: string } {
    const path = [child];
    for (;;) {
      const at = path[path.length - 1]!;
      const parents = this.parentsOn(hierarchy, at, day);
      if (parents.length > 1) return { broken: manyParents(hierarchy, at, day, parents) };
      const p = parents[0];
      if (p === undefined) return { list: path.slice(1) };
      if (path.includes(p)) return { broken: `the hierarchy loops: ${[...path, p].join(" → ")}` };
      path.push(p);
    }
  }
}

/** A key value in a transaction id: numbers exactly, dates as YYYY-MM-DD, absent as nothing. */
function idPart(v: IValue): string {
  if (v === null) return "";
  if (isDec(v)) return exact(v);
  if (v instanceof Day) return isoDate(v.n);
  return String(v);
}

function monthsIn(grain: Grain): number {
  return grain === "month" ? 1 : grain === "quarter" ? 3 : 12;
}

/** The rows of several sources, one after the other. */
async function* readEach(sources: AsyncIterable<SourceRow>[]): AsyncGenerator<SourceRow> {
  for (const source of sources) yield* source;
}
