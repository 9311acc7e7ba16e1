/**
 * The plan checker: declarations to a checked IR plus diagnostics, in one pass that reports
 * every problem it can. Expression details live in check-expr.ts; plan-wide rules (splits,
 * tier bands, unused names) in rules/. The file is long because every declaration kind is
 * checked here against one shared state (symbols, constants, diagnostics, the calendar); each
 * kind has its own method, in the order the plan's pipeline needs them.
 */
import { diagnostic, type Diagnostic } from "../language/diagnostics.js";
import type { CreditTarget, Decl, Expr, Grain, GrainClause, Name, PlanFile, Span } from "../language/syntax.js";
import type { SourceFile } from "../language/source.js";
import { dayNumber } from "../runtime/calendar.js";
import type { RecordSchema } from "../runtime/schema.js";
import { checkExpr, constant, ENGINE_REASONS, type Env, type PlanScope } from "./check-expr.js";
import type {
  BalanceIr, ColumnFormat, CombinedCapIr, Constant, CreditRuleIr, CreditStmtIr, CreditTargetIr, HierarchyIr, IrExpr, MeasureIr, OutputIr, ParticipantsIr, PayIr,
  PlanIr, RatesIr, SharingIr, TiersIr,
} from "./ir.js";
import { checkSplit } from "./rules/splits.js";
import { constantValue } from "./constant-value.js";
import { hint } from "./did-you-mean.js";
import { MAX_DIAGNOSTICS } from "../language/diagnostics.js";
import { MONTHS_IN } from "./periods.js";
import { checkBands } from "./rules/bands.js";
import { checkBalanceCycles } from "./rules/balances.js";
import { checkBudgetScope } from "./rules/budget.js";
import { reportUnused } from "./rules/unused.js";
import { inputsRead } from "./inputs-read.js";
import { measureOrder } from "./measure-order.js";
import { collectSymbols, type MeasureDecl, type Symbols } from "./symbols.js";
import { ABSENT, describe, isNumeric, MONEY, type Ty } from "./types.js";
import { inputFormat } from "./input-format.js";
import * as N from "../runtime/numeric.js";
import { percentText } from "../runtime/shares.js";

/** The result of checking: the IR when there were no errors, and every diagnostic. */
export interface CheckResult {
  ir?: PlanIr;
  diagnostics: Diagnostic[];
}

const GRAINS = new Set(["month", "quarter", "year"]);
/** What a tier bound may be: a bare number takes the unit of the other bounds. */
const BOUND_TYPES = new Set<string>(["money", "percent", "number"]);
/** What a rate may be (an amount only `per unit`, which the band rule checks). */
const RATE_TYPES = new Set<string>(["money", "percent", "number"]);

/**
 * Checks a parsed plan and lowers it to IR. `syntaxErrors` says the parser has reported errors
 * (so the holes it left are explained).
 */
export function checkPlan(plan: PlanFile, source: SourceFile, syntaxErrors = false): CheckResult {
  return new PlanChecker(plan, source, syntaxErrors).run();
}

/** The first names of a list, for a message: a few are enough to see what the list holds. */
function firstFew(names: Iterable<string>, most = 20): string {
  const out: string[] = [];
  for (const n of names) {
    if (out.length === most) return `${out.join(", ")}, …`;
    out.push(n);
  }
  return out.join(", ");
}

class PlanChecker implements PlanScope {
  readonly diagnostics: Diagnostic[] = [];
  readonly constants: Constant[] = [];
  readonly constantIndex = new Map<string, number>();
  readonly symbols: Symbols;
  private readonly measures = new Map<string, MeasureIr & { ty: Ty; scale?: number }>();
  /** The inputs each per-credit measure reads fields of, for the aggregates over it. */
  private readonly creditInputs = new Map<string, readonly string[]>();
  private readonly inProgress: string[] = [];
  /** Where each cycle of measures closes (the offsets of those references), reported by checkMeasures. */
  private readonly cycleClosers = new Set<number>();
  private grain: Grain = "month";
  readonly calendar = { firstDay: 0, lastDay: 0, historyDay: 0 };
  readonly sharings: SharingIr[] = [];
  readonly silentErrors: Span[] = [];
  /** Each named constant's value once checked ("checking" while it is: a constant that needs itself is an error). */
  readonly constantValues = new Map<string, IrExpr | "checking">();

  constructor(private readonly plan: PlanFile, private readonly source: SourceFile, private readonly syntaxErrors: boolean) {
    this.symbols = collectSymbols(plan, this.diagnostics);
  }

  private line(span: Span): number {
    return this.source.lineOf(span);
  }

  lineOf(span: Span): number {
    return this.line(span);
  }

  run(): CheckResult {
    const header = this.plan.header;
    let firstDay = 0;
    let lastDay = 0;
    if (header?.periods) {
      this.grain = header.periods.grain;
      firstDay = this.dateValue(header.periods.from) ?? 0;
      lastDay = this.dateValue(header.periods.to) ?? 0;
      if (lastDay < firstDay) this.diagnostics.push(diagnostic("A304", header.periods.span, ["the plan's periods end before they start"]));
      const historyDay = header.history ? (this.dateValue(header.history) ?? firstDay) : firstDay;
      if (historyDay > firstDay && header.history) this.diagnostics.push(diagnostic("A304", header.history.span, ["history must start on or before the plan's first day"]));
      Object.assign(this.calendar, { firstDay, lastDay, historyDay: Math.min(historyDay, firstDay) });
    } else if (header) {
      this.diagnostics.push(diagnostic("A306", header.span, []));
    } else if (!this.syntaxErrors) {
      // An empty plan, or one of comments alone: the parser has nothing to complain of, but it is no plan.
      this.diagnostics.push(diagnostic("A003", { start: 0, end: Math.min(this.source.text.length, 1) }, []));
    }
    for (const w of this.symbols.windows.values()) {
      const from = this.dateValue(w.from);
      const to = this.dateValue(w.to);
      if (from !== undefined && to !== undefined && to < from) this.diagnostics.push(diagnostic("A305", w.span, [w.name.text]));
    }
    const records = [...this.symbols.records.values()].map((r) => this.recordSchema(r.decl.name.text));
    const hierarchies = this.hierarchies();
    const creditDecls = this.plan.decls.filter((d): d is Extract<Decl, { kind: "credit" }> => d.kind === "credit");
    this.checkOneRulePerInput(creditDecls);
    // Every constant is checked, used or not, so an error in one is reported where it is declared.
    for (const c of this.symbols.constants.values()) this.expr({ ctx: "constant", what: `constant \`${c.name.text}\`` }, { kind: "name", name: c.name, span: c.name.span });
    const credits = creditDecls.map((d) => this.creditRule(d));
    this.checkMeasures();
    const tiers = [...this.symbols.tiers.values()].map((t) => this.tiers(t));
    const rates = [...this.symbols.rates.values()].map((r) => this.rates(r));
    const balances = [...this.symbols.balances.values()].map((b) => this.balance(b));
    checkBalanceCycles(balances, new Map([...this.measures].map(([name, m]) => [name, m.value])), this.diagnostics);
    const pays = [...this.symbols.pays.values()].map((p) => this.pay(p));
    const combinedCaps = this.plan.decls.filter((d) => d.kind === "combined").map((d) => this.combinedCap(d as Extract<Decl, { kind: "combined" }>, pays));
    const participants = this.participantsPerGrain(this.plan.decls.filter((d): d is Extract<Decl, { kind: "participants" }> => d.kind === "participants"));
    const outputs = this.plan.decls.filter((d) => d.kind === "output").map((d) => this.output(d as Extract<Decl, { kind: "output" }>)).filter((o): o is OutputIr => !!o);
    this.checkOutputNames(outputs);
    // A plan may work from tables alone (receivables against targets), but then it must say who takes part.
    if (credits.length === 0 && participants.length === 0 && this.plan.header) {
      this.diagnostics.push(diagnostic("A304", this.plan.header.span, ["the plan credits nothing: add `credit <amount> of each <input> on <date> { ... }`, or `participants` for a plan that works from tables alone"]));
    }
    // A name can look unused only because the reference meant for it is in error (`net_sale`),
    // so unused warnings wait until the plan has no errors.
    this.reportSilentErrors();
    const hasErrors = this.diagnostics.some((d) => d.severity === "error");
    if (!hasErrors) reportUnused(this.plan, this.symbols, this.diagnostics);
    // No IR while an error remains anywhere, reported here or by the parser.
    if (hasErrors || !header || this.syntaxErrors || this.silentErrors.length > 0) return { diagnostics: this.diagnostics };
    const ir: PlanIr = {
      name: header.name, version: header.version, currency: header.currency?.text ?? "USD", grain: this.grain, firstDay, lastDay,
      historyDay: this.calendar.historyDay, sourcePath: this.source.path, records, hierarchies, constants: this.constants, credits,
      measures: this.orderedMeasures(), tiers, rates, pays, outputs, participants, balances, combinedCaps, sharings: this.sharings,
      roles: this.symbols.roles, reasons: [...this.symbols.reasons, ...ENGINE_REASONS],
    };
    return { ir, diagnostics: this.diagnostics };
  }

  suggest(word: string, candidates: () => Iterable<string>, list = false): string {
    const listed = list ? firstFew(candidates()) : "";
    // A spent budget suggests nothing: the candidates (every declared name) are not even listed.
    const spent = this.diagnostics.length >= MAX_DIAGNOSTICS || this.suggestionBudget.left <= 0;
    return listed + (spent ? "" : hint(word, candidates(), this.suggestionBudget));
  }

  /**
   * Work left for suggestions (letters compared): each unknown name is compared with every declared one, so
   * a huge plan with many errors would spend its time there. Enough for every name of any
   * plan a person writes; a generated plan of a million names gets its first suggestions only.
   */
  private readonly suggestionBudget = { left: 2_000_000 };

  /**
   * An error node that no error explains would otherwise let a broken plan through (it used to
   * compile to a constant that paid nothing): each is reported where it stands.
   */
  private reportSilentErrors(): void {
    if (this.syntaxErrors || this.silentErrors.length === 0 || this.diagnostics.some((d) => d.severity === "error")) return;
    for (const span of this.silentErrors) this.diagnostics.push(diagnostic("A004", span, []));
  }

  /** Each input has one credit rule: two would credit its rows twice. */
  private checkOneRulePerInput(rules: Extract<Decl, { kind: "credit" }>[]): void {
    const first = new Map<string, Extract<Decl, { kind: "credit" }>>();
    for (const rule of rules) {
      const earlier = first.get(rule.input.text);
      if (earlier) {
        this.diagnostics.push(diagnostic("A304", rule.input.span, [`\`${rule.input.text}\` already has a credit rule: one rule per input, so no row is credited twice`], {
          related: [{ message: "the first credit rule", span: earlier.input.span }],
        }));
      } else first.set(rule.input.text, rule);
    }
  }

  private dateValue(e: Expr): number | undefined {
    if (e.kind !== "date") return undefined;
    const [y, m, d] = e.text.split("-").map(Number) as [number, number, number];
    const day = dayNumber(y, m, d);
    if (day === undefined) this.diagnostics.push(diagnostic("A202", e.span, ["a date", "a real calendar date", `\`${e.text}\``]));
    return day;
  }

  private recordSchema(name: string): RecordSchema {
    const info = this.symbols.records.get(name)!;
    for (const k of info.decl.key) {
      if (!info.fields.has(k.text)) this.diagnostics.push(diagnostic("A103", k.span, [name, k.text, ""]));
    }
    for (const f of info.fields.values()) {
      if (f.decl.format && f.fieldType.kind !== "date" && f.fieldType.kind !== "period") {
        this.diagnostics.push(diagnostic("A304", f.decl.format.span, ["`format` applies to dates and periods only"]));
      }
    }
    return {
      name, kind: info.decl.role, line: this.line(info.decl.span), key: info.decl.key.map((k) => k.text),
      fields: [...info.fields.values()].map((f) => ({ name: f.decl.name.text, column: f.decl.column?.text ?? f.decl.name.text, type: f.fieldType, optional: f.decl.optional })),
      ...inputFormat(info.decl, this.diagnostics),
    };
  }

  private hierarchies(): HierarchyIr[] {
    const out: HierarchyIr[] = [];
    for (const info of this.symbols.records.values()) {
      const links = info.decl.links;
      if (!links) continue;
      const table = info.decl.name.text;
      for (const n of [links.child, links.parent, links.validFrom, links.validTo]) {
        if (!n) continue;
        const f = info.fields.get(n.text);
        if (!f) this.diagnostics.push(diagnostic("A103", n.span, [table, n.text, ""]));
        else {
          this.symbols.used.add(`${table}.${n.text}`);
          const wantDate = n === links.validFrom || n === links.validTo;
          if (wantDate && f.ty.kind !== "date") this.diagnostics.push(diagnostic("A202", n.span, ["a validity bound", "a date", describe(f.ty)]));
        }
      }
      out.push({ table, child: links.child.text, parent: links.parent.text, validFrom: links.validFrom?.text, validTo: links.validTo?.text });
    }
    return out;
  }

  private expr(env: Env, e: Expr, expect?: Ty): IrExpr {
    return checkExpr(this, env, e, expect);
  }

  private creditRule(d: Extract<Decl, { kind: "credit" }>): CreditRuleIr {
    const input = this.symbols.records.get(d.input.text);
    if (!input || input.decl.role !== "input") {
      const inputs = [...this.symbols.records.values()].filter((r) => r.decl.role === "input").map((r) => r.decl.name.text);
      this.diagnostics.push(diagnostic("A101", d.input.span, [d.input.text, inputs.length ? `; inputs are ${inputs.join(", ")}` : "; declare it with `input " + d.input.text + " { ... }`"]));
    } else this.symbols.used.add(d.input.text);
    const env: Env = { ctx: "row", input: d.input.text, what: "the credit rule" };
    const amount = this.expr(env, d.amount);
    if (amount.ty.kind !== "money" && amount.ty.kind !== "error") this.diagnostics.push(diagnostic("A202", d.amount.span, ["the credited amount", "money", describe(amount.ty)]));
    else this.requireWholeCents(amount, d.amount.span, "the credited amount");
    const date = this.expr(env, d.date);
    if (date.ty.kind !== "date" && date.ty.kind !== "error") this.diagnostics.push(diagnostic("A202", d.date.span, ["the date after `on`", "a date", describe(date.ty)]));
    return { input: d.input.text, amount, date, body: this.creditBody(env, d.body), line: this.line(d.span) };
  }

  /** A block of a credit rule, statement by statement; its split is checked as a whole. */
  private creditBody(env: Env, body: Extract<Decl, { kind: "credit" }>["body"]): CreditStmtIr[] {
    const checked = body.map((s): CreditStmtIr => {
      switch (s.kind) {
        case "exclude": {
          const declared = this.symbols.declaredReasons;
          if (declared && !declared.has(s.reason.text)) {
            this.diagnostics.push(diagnostic("A310", s.reason.span, ["the plan does not declare the reason", s.reason.text, this.suggest(s.reason.text, () => declared.keys(), true)]));
          }
          return { k: "exclude", reason: s.reason.text, cond: this.condition(env, s.cond), line: this.line(s.span) };
        }
        case "if": return { k: "if", cond: this.condition(env, s.cond), then: this.creditBody(env, s.then), else: this.creditBody(env, s.else ?? []), line: this.line(s.span) };
        case "share": {
          this.checkShareRounding(s);
          const percent = this.sharePercent(env, s);
          return {
            k: "share", percent: percent === "remainder" ? constant(this, { kind: "null" }, ABSENT, s.percent.span) : percent, ...(percent === "remainder" ? { remainder: true as const } : {}),
            target: this.creditTarget(env, s.target), role: s.role.text, overlay: s.overlay, line: this.line(s.span), ...(s.rounding ? { rounding: s.rounding } : {}),
          };
        }
      }
    });
    checkSplit(body, checked, this.constants, this.source.text, this.diagnostics);
    return checked;
  }

  /**
   * A share's percentage: a percent, or `remainder` in a split. A share the checker can compute
   * must lie in 0%..100% (an overlay, extra credit, may exceed 100% but not be negative); the
   * run rejects a row whose share read from data does not.
   */
  private sharePercent(env: Env, s: Extract<import("../language/syntax.js").CreditStmt, { kind: "share" }>): IrExpr | "remainder" {
    if (s.percent?.kind === "remainder") {
      if (s.overlay) this.diagnostics.push(diagnostic("A304", s.percent.span, ["an overlay is extra credit on top of the split: it cannot take the remainder"]));
      return "remainder";
    }
    const percent = this.expr(env, s.percent);
    if (percent.ty.kind !== "percent" && percent.ty.kind !== "error") {
      this.diagnostics.push(diagnostic("A202", s.percent.span, ["a share", "a percent", describe(percent.ty)]));
      return percent;
    }
    const value = constantValue(percent, this.constants);
    if (value && (N.isNegative(value) || (!s.overlay && N.cmp(value, N.ONE) > 0))) {
      this.diagnostics.push(diagnostic("A312", s.percent.span, [percentText(value), s.overlay ? "an overlay share cannot be negative" : "a split share lies between 0% and 100%"]));
    }
    return percent;
  }

  /**
   * Rounding of shares: a split is allocated by largest remainder (the language's rule), so it
   * takes no rounding; an overlay of 100% is exact; any other overlay is a fraction of an amount
   * and must say how it rounds.
   */
  private checkShareRounding(s: Extract<import("../language/syntax.js").CreditStmt, { kind: "share" }>): void {
    const whole = s.percent?.kind === "percent" && Number(s.percent.text) === 100;
    if (!s.overlay && s.rounding) {
      this.diagnostics.push(diagnostic("A304", s.span, ["a split is allocated in cents by largest remainder: only an overlay takes a rounding"]));
    } else if (s.rounding && s.rounding.places > 2) {
      this.diagnostics.push(diagnostic("A304", s.span, ["a credit is money: round an overlay to cents or whole units"]));
    } else if (s.overlay && !whole && !s.rounding && s.percent?.kind !== "remainder") {
      const at = { start: s.span.end, end: s.span.end };
      this.diagnostics.push(diagnostic("A204", s.span, ["this overlay"], { fix: { title: "Round half up to cents", span: at, text: " rounded half up to cents" } }));
    }
  }

  private condition(env: Env, e: Expr): IrExpr {
    const c = this.expr(env, e);
    if (c.ty.kind !== "boolean" && c.ty.kind !== "error") this.diagnostics.push(diagnostic("A202", e.span, ["a condition", "yes or no (a comparison)", describe(c.ty)]));
    return c;
  }

  private creditTarget(env: Env, t: CreditTarget): CreditTargetIr {
    // A hole left by syntax error recovery: the parser has already reported it.
    if (!t) return { k: "payee", payee: this.expr(env, undefined as unknown as Expr) };
    switch (t.kind) {
      case "payee": return { k: "payee", payee: this.payeeExpr(env, t.payee) };
      case "ancestors": {
        const h = this.symbols.records.get(t.hierarchy.text);
        if (!h?.decl.links) this.diagnostics.push(diagnostic("A304", t.hierarchy.span, [`\`${t.hierarchy.text}\` is not a hierarchy: declare it as \`table ${t.hierarchy.text} links child to parent { ... }\``]));
        else this.symbols.used.add(t.hierarchy.text);
        return { k: "ancestors", of: this.payeeExpr(env, t.of), hierarchy: t.hierarchy.text };
      }
      case "each": {
        const table = this.symbols.records.get(t.table.text);
        if (!table || table.decl.role !== "table") {
          this.diagnostics.push(diagnostic("A101", t.table.span, [t.table.text, ""]));
          return { k: "each", table: t.table.text, field: t.field.text };
        }
        this.symbols.used.add(t.table.text);
        const eachEnv: Env = { ...env, eachTable: t.table.text };
        const field = table.fields.get(t.field.text);
        if (!field) this.diagnostics.push(diagnostic("A103", t.field.span, [t.table.text, t.field.text, ""]));
        else this.symbols.used.add(`${t.table.text}.${t.field.text}`);
        const where = t.where && this.condition(eachEnv, t.where);
        return { k: "each", table: t.table.text, field: t.field.text, ...(where ? { where } : {}) };
      }
    }
  }

  private payeeExpr(env: Env, e: Expr): IrExpr {
    const p = this.expr(env, e);
    if (p.ty.kind !== "text" && p.ty.kind !== "enum" && p.ty.kind !== "error") this.diagnostics.push(diagnostic("A202", e.span, ["a payee", "text (an id)", describe(p.ty)]));
    return p;
  }

  /** The scope a `per ...` clause names; `per exclusion` and `per payout` only where `allowRows` (outputs). */
  private grainOf(clause: GrainClause | undefined, allowRows = false): "credit" | "exclusion" | "payout" | Grain {
    if (!clause) return this.grain;
    if (clause.kind === "credit") return "credit";
    if (clause.kind === "exclusion" || clause.kind === "payout" || clause.kind === "unknown") {
      if (allowRows && clause.kind !== "unknown") return clause.kind;
      const word = clause.kind === "unknown" ? clause.word : clause.kind;
      this.diagnostics.push(diagnostic("A105", clause.span, [word, allowRows ? "; outputs are per payee per month, quarter or year, per credit, per exclusion or per payout" : "; write `per payee per month` (or quarter, year)"]));
      return this.grain;
    }
    if (!GRAINS.has(clause.grain)) {
      // The grain is the clause's last word: underline it, not the whole `per payee per ...`.
      const word = { start: clause.span.end - clause.grain.length, end: clause.span.end };
      this.diagnostics.push(diagnostic("A105", word, [clause.grain, "; periods are month, quarter and year"]));
      return this.grain;
    }
    return clause.grain;
  }

  /**
   * Checks every measure, each after those it uses (measure-order.ts), so that measureType finds
   * them checked and never recurses deeper than one measure; cycles are reported where they close.
   */
  private checkMeasures(): void {
    const { order, cycles } = measureOrder(this.symbols.measures);
    for (const cycle of cycles) {
      this.diagnostics.push(diagnostic("A303", cycle.closing, [cycle.path.join(" → ")]));
      this.cycleClosers.add(cycle.closing.start);
    }
    for (const name of order) this.measureType(name, this.symbols.measures.get(name)!.name.span);
  }

  /** Checks a measure on first use, so measures may be declared in any order; reports cycles. */
  measureType(name: string, from: Span): { ty: Ty; scale?: number; scope: "credit" | Grain } | undefined {
    const done = this.measures.get(name);
    if (done) return done;
    const decl = this.symbols.measures.get(name);
    if (!decl) return undefined;
    // The reference that closes a cycle, reported already: following it would go round the cycle.
    if (this.cycleClosers.has(from.start)) return undefined;
    if (this.inProgress.includes(name)) {
      const cycle = [...this.inProgress.slice(this.inProgress.indexOf(name)), name].join(" → ");
      this.diagnostics.push(diagnostic("A303", from, [cycle]));
      return undefined;
    }
    this.inProgress.push(name);
    const ir = this.measure(decl);
    this.inProgress.pop();
    this.measures.set(name, ir);
    if (ir.scope === "credit") this.creditInputs.set(name, inputsRead(ir.value, (n) => this.creditMeasureInputs(n)));
    return ir;
  }

  creditMeasureInputs(name: string): readonly string[] {
    return this.creditInputs.get(name) ?? [];
  }

  /** The grain of a balance, for references to it. */
  balanceGrain(name: string): Grain | undefined {
    const decl = this.symbols.balances.get(name);
    return decl ? this.groupGrain(decl.grain) : undefined;
  }

  /** A `per payee per ...` clause that must name a grain (not `per credit`). */
  private groupGrain(clause: GrainClause | undefined): Grain {
    const scope = this.grainOf(clause);
    if (scope === "credit" || scope === "exclusion" || scope === "payout") {
      this.diagnostics.push(diagnostic("A105", clause!.span, ["credit", "; this is per payee per month, quarter or year"]));
      return this.grain;
    }
    return scope;
  }

  private balance(d: Extract<Decl, { kind: "balance" }>): BalanceIr {
    const grain = this.groupGrain(d.grain);
    const env: Env = { ctx: "group", grain, what: `balance \`${d.name.text}\`` };
    // A balance's rule refers to the balance itself; that alone does not make it used.
    const usedBefore = this.symbols.used.has(d.name.text);
    const start = this.moneyExpr(env, d.start, "the opening balance");
    const next = this.moneyExpr(env, d.next, "the balance's rule");
    if (!usedBefore) this.symbols.used.delete(d.name.text);
    return { name: d.name.text, grain, start, next, line: this.line(d.span) };
  }

  /** Money (whole cents), reported otherwise: pays, balances, budgets, caps and floors are amounts. */
  private moneyExpr(env: Env, e: Expr, what: string): IrExpr {
    const x = this.expr(env, e, MONEY);
    if (x.ty.kind !== "money" && x.ty.kind !== "number" && x.ty.kind !== "error") {
      this.diagnostics.push(diagnostic("A202", e.span, [what, "money", describe(x.ty)]));
    } else this.requireWholeCents(x, e.span, what);
    return x;
  }

  /** A limit (cap, budget, combined cap): money, and never negative when the checker can compute it. */
  private limitExpr(env: Env, e: Expr, what: string): IrExpr {
    const x = this.moneyExpr(env, e, what);
    const value = constantValue(x, this.constants);
    if (value && N.isNegative(value)) this.diagnostics.push(diagnostic("A313", e.span, [what, N.formatFixed(value, 2)]));
    return x;
  }

  /**
   * The engine keeps money in whole cents (credits, splits, payouts, limits): a value that can
   * carry fractions of a cent must say how it rounds (A204; the editor offers the rounding).
   */
  private requireWholeCents(x: IrExpr, span: Span, what: string): void {
    if (x.ty.kind === "error" || (x.scale !== undefined && x.scale <= 2)) return;
    this.diagnostics.push(diagnostic("A204", span, [what]));
  }

  /** The checked pays by name, built once (a plan may have thousands of combined caps). */
  private paysByName(pays: PayIr[]): Map<string, PayIr> {
    this.payIndex ??= new Map(pays.map((p) => [p.name, p]));
    return this.payIndex;
  }

  private payIndex?: Map<string, PayIr>;

  private combinedCap(d: Extract<Decl, { kind: "combined" }>, pays: PayIr[]): CombinedCapIr {
    const listed = d.pays.map((p) => ({ name: p, pay: this.paysByName(pays).get(p.text) }));
    for (const { name, pay } of listed) {
      if (!pay) this.diagnostics.push(diagnostic("A101", name.span, [name.text, this.suggest(name.text, () => pays.map((p) => p.name))]));
    }
    const grains = new Set(listed.map((l) => l.pay?.grain).filter(Boolean));
    const grain = d.grain ? this.groupGrain(d.grain) : ([...grains][0] ?? this.grain);
    for (const { name, pay } of listed) {
      if (pay && pay.grain !== grain) this.diagnostics.push(diagnostic("A206", name.span, [`the combined cap (per ${grain}) includes \`${name.text}\`, which is per ${pay.grain}: it`]));
    }
    const first = new Map<string, Span>();
    for (const name of d.pays) {
      const earlier = first.get(name.text);
      if (earlier) this.diagnostics.push(diagnostic("A316", name.span, [name.text], { related: [{ message: "first listed here", span: earlier }] }));
      else first.set(name.text, name.span);
    }
    const limit = this.limitExpr({ ctx: "group", grain, what: "the combined cap" }, d.limit, "a combined cap");
    return { limit, pays: d.pays.map((p) => p.text), grain, line: this.line(d.span) };
  }

  private measure(d: MeasureDecl): MeasureIr & { ty: Ty; scale?: number } {
    const scope = this.grainOf(d.grain) as "credit" | Grain;
    const env: Env = scope === "credit" ? { ctx: "credit", what: `measure \`${d.name.text}\`` } : { ctx: "group", grain: scope, what: `measure \`${d.name.text}\`` };
    const value = this.expr(env, d.value);
    return { name: d.name.text, scope, value, line: this.line(d.span), ty: value.ty, ...(value.scale !== undefined ? { scale: value.scale } : {}), ...(d.doc ? { doc: d.doc } : {}) };
  }

  private orderedMeasures(): MeasureIr[] {
    return [...this.measures.values()].map(({ ty: _ty, scale: _scale, ...m }) => m);
  }

  private tiers(d: Extract<Decl, { kind: "tiers" }>): TiersIr {
    checkBands(d, this.diagnostics);
    const bound = (e: Expr | undefined) => (e ? this.literalIndex(e, BOUND_TYPES, "a tier bound", "a number, an amount or a percent") : undefined);
    const rate = (e: Expr) => this.literalIndex(e, RATE_TYPES, "a tier rate", "a percent, or an amount `per unit`");
    return {
      name: d.name.text, mode: d.mode, line: this.line(d.span),
      bands: d.bands.map((b) => ({ lower: bound(b.lower), upper: bound(b.upper), rate: rate(b.rate), perUnit: b.perUnit, line: this.line(b.span) })),
    };
  }

  /**
   * A literal's index in the constants table (tier bounds, rates), reported unless its type is
   * one of `allowed`: a date or a text where a rate belongs would reach the run as a number.
   */
  private literalIndex(e: Expr, allowed: ReadonlySet<string>, what: string, expected: string): number {
    const node = this.expr({ ctx: "row", what: "a literal" }, e);
    if (node.k !== "error" && !allowed.has(node.ty.kind)) {
      this.diagnostics.push(diagnostic("A202", e.span, [what, expected, describe(node.ty)]));
      return -1;
    }
    if (node.k === "error") return -1;
    if (node.k === "const") return node.index;
    if (node.k === "neg" && node.a.k === "const") {
      const c = this.constants[(node.a as { index: number }).index];
      if (c?.kind === "num") return constant(this, { kind: "num", text: c.text.startsWith("-") ? c.text.slice(1) : `-${c.text}` }, node.ty, e.span).index;
    }
    this.diagnostics.push(diagnostic("A202", e.span, ["a bound or rate", "a literal number", "an expression"]));
    return -1;
  }

  private rates(d: Extract<Decl, { kind: "rates" }>): RatesIr {
    const field = this.keyField(d.keyedBy);
    const seen = new Set<string>();
    for (const entry of d.entries) {
      if (seen.has(entry.key.text)) this.diagnostics.push(diagnostic("A102", entry.key.span, [entry.key.text]));
      seen.add(entry.key.text);
      if (field?.kind === "enum" && !field.values.includes(entry.key.text)) {
        this.diagnostics.push(diagnostic("A308", entry.key.span, [entry.key.text, field.values.join(", ")]));
      }
    }
    return {
      name: d.name.text, line: this.line(d.span),
      entries: d.entries.map((e) => ({ key: e.key.text, rate: this.rate(e.value) })),
      ...(d.otherwise ? { otherwise: this.rate(d.otherwise) } : {}),
    };
  }

  /** A rate table's value: a percent or an amount. */
  private rate(e: Expr): number {
    return this.literalIndex(e, RATE_TYPES, "a rate", "a percent or an amount");
  }

  /** The field a rate table is keyed by (`rates r by partners.level`), for checking its keys. */
  private keyField(e: Expr): Ty | undefined {
    if (e.kind !== "member" || e.object.kind !== "name") return undefined;
    const record = this.symbols.records.get(e.object.name.text);
    const field = record?.fields.get(e.member.text);
    if (record && field) this.symbols.used.add(`${e.object.name.text}.${e.member.text}`);
    return field?.ty;
  }

  private pay(d: Extract<Decl, { kind: "pay" }>): PayIr {
    const grain = this.groupGrain(d.grain);
    const what = `pay \`${d.name.text}\``;
    const env: Env = { ctx: "group", grain, what };
    const value = this.moneyExpr(env, d.value, what);
    const limit = (e: Expr) => this.limitExpr(env, e, "a cap");
    const plainCaps = d.caps.filter((c) => !c.over);
    const runningCaps = d.caps.filter((c) => c.over).map((c) => ({ limit: limit(c.limit), over: this.runningGrain(c.over!, grain), line: this.line(c.limit.span) }));
    const budget = d.budget && this.limitExpr(env, d.budget, "a budget");
    if (budget) checkBudgetScope(budget, this.diagnostics);
    const payee = d.payee && this.payeeExpr(env, d.payee);
    // Gates, then caps, then floors: the order their literals take in the module's constants table.
    const gates = d.gates.map((g) => this.condition(env, g));
    const caps = plainCaps.map((c) => limit(c.limit));
    const floors = d.floors.map((f) => this.moneyExpr(env, f, "a floor"));
    this.floorsBelowCaps(floors, caps, d.floors, plainCaps.map((c) => c.limit));
    return {
      name: d.name.text, grain, value, line: this.line(d.span), ...(d.doc ? { doc: d.doc } : {}),
      clauseLines: { gates: d.gates.map((g) => this.line(g.span)), caps: plainCaps.map((c) => this.line(c.limit.span)), floors: d.floors.map((f) => this.line(f.span)) },
      gates,
      caps,
      floors,
      runningCaps, ...(budget ? { budget } : {}), ...(payee ? { payee } : {}),
    };
  }

  /**
   * A floor above a cap, both known to the checker, can never be met: the cap wins at run time
   * (a limit is never exceeded), so the plan says something it does not do (A317). Computed
   * floors and caps that conflict are reported by the run.
   */
  private floorsBelowCaps(floors: IrExpr[], caps: IrExpr[], floorSyntax: Expr[], capSyntax: Expr[]): void {
    // The lowest cap the checker knows (a negative one is A313 already): a floor above it conflicts.
    let lowest: { value: N.Num; span: Span } | undefined;
    caps.forEach((c, i) => {
      const value = constantValue(c, this.constants);
      if (value && !N.isNegative(value) && (!lowest || N.cmp(value, lowest.value) < 0)) lowest = { value, span: capSyntax[i]!.span };
    });
    if (!lowest) return;
    const cap = lowest;
    floors.forEach((f, i) => {
      const floor = constantValue(f, this.constants);
      if (floor && N.cmp(floor, cap.value) > 0) {
        this.diagnostics.push(diagnostic("A317", floorSyntax[i]!.span, [N.formatFixed(floor, 2), N.formatFixed(cap.value, 2)], { related: [{ message: "the cap", span: cap.span }] }));
      }
    });
  }

  /** The longer period of a running cap (`cap 5,000.00 per year` on a monthly pay). */
  private runningGrain(word: Name, payGrain: Grain): Grain {
    const grain = word.text as Grain;
    if (!GRAINS.has(word.text)) {
      this.diagnostics.push(diagnostic("A105", word.span, [word.text, "; a running cap is per quarter or per year"]));
      return payGrain;
    }
    if (MONTHS_IN[grain] <= MONTHS_IN[payGrain]) {
      this.diagnostics.push(diagnostic("A304", word.span, [`a running cap must span more than one ${payGrain}: use a plain \`cap\` for a cap per ${payGrain}`]));
    }
    return grain;
  }

  /** One `participants` per grain: a second would be ignored by the run, so it is refused, pointing at the first (A318). */
  private participantsPerGrain(decls: Extract<Decl, { kind: "participants" }>[]): ParticipantsIr[] {
    const first = new Map<Grain, Span>();
    const out: ParticipantsIr[] = [];
    for (const d of decls) {
      const p = this.participants(d);
      if (!p) continue;
      const earlier = first.get(p.grain);
      if (earlier) {
        this.diagnostics.push(diagnostic("A318", d.span, [p.grain], { related: [{ message: `the first participants per ${p.grain}`, span: earlier }] }));
        continue;
      }
      first.set(p.grain, d.span);
      out.push(p);
    }
    return out;
  }

  private participants(d: Extract<Decl, { kind: "participants" }>): ParticipantsIr | undefined {
    const line = this.line(d.span);
    // `per month` (a grain) rather than `per table.period` (a period field).
    const grainWord = d.period.kind === "name" && GRAINS.has(d.period.name.text) ? (d.period.name.text as Grain) : undefined;
    if (!d.payee) {
      if (!grainWord) {
        this.diagnostics.push(diagnostic("A105", d.period.span, ["period", "; write `participants every payee per month` (or quarter, year)"]));
        return undefined;
      }
      return { grain: grainWord, line };
    }
    const payee = this.tableField(d.payee);
    if (!payee) return undefined;
    if (grainWord) {
      const from = d.from && this.tableField(d.from);
      if (d.from && !from) return undefined;
      if (from && from.table !== payee.table) {
        this.diagnostics.push(diagnostic("A304", d.from!.span, ["participants come from one table: the start date must be a field of the payees' table"]));
        return undefined;
      }
      if (from && from.ty.kind !== "date") {
        this.diagnostics.push(diagnostic("A202", d.from!.span, ["the participants' start", "a date field", describe(from.ty)]));
        return undefined;
      }
      return { grain: grainWord, table: payee.table, payeeField: payee.field, ...(from ? { fromField: from.field } : {}), line };
    }
    const period = this.tableField(d.period);
    if (!period) return undefined;
    if (payee.table !== period.table) {
      this.diagnostics.push(diagnostic("A304", d.span, ["participants come from one table: payee and period must be fields of the same table"]));
      return undefined;
    }
    if (period.ty.kind !== "period") {
      this.diagnostics.push(diagnostic("A202", d.period.span, ["the participants' period", "a month, quarter or year field", describe(period.ty)]));
      return undefined;
    }
    return { grain: period.ty.grain, table: payee.table, payeeField: payee.field, periodField: period.field, line };
  }

  private tableField(e: Expr): { table: string; field: string; ty: Ty } | undefined {
    if (e.kind !== "member" || e.object.kind !== "name") {
      this.diagnostics.push(diagnostic("A202", e.span, ["participants", "named by table fields, as in `quotas.rep per quotas.period`", "an expression"]));
      return undefined;
    }
    const table = e.object.name.text;
    const record = this.symbols.records.get(table);
    if (!record) {
      this.diagnostics.push(diagnostic("A101", e.object.span, [table, ""]));
      return undefined;
    }
    const field = record.fields.get(e.member.text);
    if (!field) {
      this.diagnostics.push(diagnostic("A103", e.member.span, [table, e.member.text, ""]));
      return undefined;
    }
    this.symbols.used.add(table);
    this.symbols.used.add(`${table}.${e.member.text}`);
    return { table, field: e.member.text, ty: field.ty };
  }

  private output(d: Extract<Decl, { kind: "output" }>): OutputIr | undefined {
    const scope = this.grainOf(d.scope, true);
    const what = `output \`${d.file.text}\``;
    const env: Env = scope === "credit" || scope === "exclusion" || scope === "payout" ? { ctx: scope, what } : { ctx: "group", grain: scope, what };
    const columns = d.columns.map((c) => {
      const value = this.expr(env, c.value ?? { kind: "name", name: c.name, span: c.name.span });
      return { name: c.name.text, value, format: this.columnFormat(value, c.name.text, c.value?.span ?? c.name.span) };
    });
    const where = d.where && this.condition(env, d.where);
    for (const s of d.sortBy) {
      if (!columns.some((c) => c.name === s.text)) this.diagnostics.push(diagnostic("A101", s.span, [s.text, `; sort by one of the columns: ${columns.map((c) => c.name).join(", ")}`]));
    }
    const rowScoped = scope === "credit" || scope === "exclusion";
    const sortBy = d.sortBy.length > 0 ? d.sortBy.map((s) => s.text) : columns.slice(0, rowScoped ? 1 : scope === "payout" ? 3 : 2).map((c) => c.name);
    return { file: d.file.text, scope, ...(where ? { where } : {}), columns, sortBy, line: this.line(d.span) };
  }

  private columnFormat(value: IrExpr, name: string, span: Span): ColumnFormat {
    const ty = value.ty;
    if (ty.kind === "date") return { kind: "date" };
    if (ty.kind === "boolean") return { kind: "boolean" };
    if (!isNumeric(ty)) return { kind: "text" };
    if (ty.kind === "money") {
      this.requireWholeCents(value, span, `the column \`${name}\``);
      return { kind: "fixed", places: 2 };
    }
    // A percent, count or decimal prints with the decimals it can have: it has no cents, but an
    // unknown number of decimals (a ratio, an average) must be rounded to print the same every run.
    if (value.scale === undefined) {
      this.diagnostics.push(diagnostic("A210", span, [`the column \`${name}\``, describe(ty)]));
      return { kind: "fixed", places: 2 };
    }
    return { kind: "fixed", places: value.scale };
  }

  /**
   * An output names one file in the run's folder: never a path (`../x.csv` would write outside
   * it), never a file the run writes itself, never the same file as another output in either
   * format (`--format json` writes `a.csv` as `a.json`).
   */
  private checkOutputNames(outputs: OutputIr[]): void {
    const firstWriter = new Map<string, Span>();
    for (const d of this.plan.decls) {
      if (d.kind !== "output") continue;
      const file = d.file.text;
      const why = fileNameProblem(file);
      const written = asJson(file);
      const first = firstWriter.get(written);
      if (why) {
        // Escaped, so that a line break in the name cannot break the message.
        const shown = JSON.stringify(file).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
        this.diagnostics.push(diagnostic("A110", d.file.span, [shown, why]));
      } else if (RUN_FILES.has(written)) {
        const what = RUN_FILES.get(written)!;
        const format = file === what ? "" : ` (\`${written}\` with \`--format json\`)`;
        this.diagnostics.push(diagnostic("A304", d.file.span, [`every run writes the ${what.replace(/\..*$/, "")} to \`${what}\`${format}: give this output another name`]));
      } else if (first) {
        this.diagnostics.push(diagnostic("A307", d.file.span, [file], { related: [{ message: "the first output to write it", span: first }] }));
      } else firstWriter.set(written, d.file.span);
    }
    void outputs;
  }
}

/** The files a run writes besides the plan's outputs, by their name in the JSON format. */
const RUN_FILES = new Map([["payouts.json", "payouts.csv"], ["rejects.json", "rejects.csv"], ["reconciliation.json", "reconciliation.json"]]);

/** The name a file is written under with `--format json` (the runtime's rule in write.ts). */
function asJson(file: string): string {
  return file.replace(/\.csv$/, ".json");
}

/** Why a text cannot name a file in the output folder, if it cannot. */
function fileNameProblem(file: string): string | undefined {
  if (file === "" || file === "." || file === "..") return "name a file, such as `attainment.csv`";
  if (/[/\\]/.test(file)) return "it holds a path separator; outputs are written into the run's folder";
  // Control characters and line separators would break the `wrote ...` lines and most tools.
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(file)) return "it holds a control character or a line break";
  return undefined;
}
