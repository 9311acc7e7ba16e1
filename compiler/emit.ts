/**
 * Code generation: IR to the JavaScript source of a plan module. The module holds the plan's
 * metadata as JSON and a `build(rt)` function that returns closures over the runtime API.
 * Plan text never becomes code: names reach the output only through JSON.stringify (in code
 * and in comments alike), literals through the constants table, so the module's text holds no
 * plan name outside a JSON string.
 */
import type { PlanMeta } from "../runtime/plan-module.js";
import type { CreditStmtIr, CreditTargetIr, IrExpr, PlanIr } from "./ir.js";

/** Strips expressions from the IR, leaving what the engine needs to know about the plan. */
export function planMeta(ir: PlanIr): PlanMeta {
  return {
    accrue: 1 as const,
    name: ir.name, version: ir.version, currency: ir.currency, grain: ir.grain, firstDay: ir.firstDay, lastDay: ir.lastDay, historyDay: ir.historyDay,
    sourcePath: ir.sourcePath, records: ir.records, hierarchies: ir.hierarchies, constants: ir.constants, roles: ir.roles,
    tiers: ir.tiers, rates: ir.rates, participants: ir.participants,
    credits: ir.credits.map((c) => ({ input: c.input, line: c.line })),
    measures: ir.measures.map((m) => ({ name: m.name, scope: m.scope, line: m.line, ...(m.doc ? { doc: m.doc } : {}) })),
    pays: ir.pays.map((p) => ({
      name: p.name, grain: p.grain, line: p.line, clauseLines: p.clauseLines, runningCaps: p.runningCaps.map((r) => ({ over: r.over, line: r.line })),
      budget: p.budget !== undefined, redirected: p.payee !== undefined, ...(p.doc ? { doc: p.doc } : {}),
    })),
    balances: ir.balances.map((b) => ({ name: b.name, grain: b.grain, line: b.line })),
    combinedCaps: ir.combinedCaps.map((c) => ({ pays: c.pays, grain: c.grain, line: c.line })),
    sharings: ir.sharings.map((s) => ({ input: s.input, fn: s.fn })),
    reasons: ir.reasons,
    outputs: ir.outputs.map((o) => ({ file: o.file, scope: o.scope, line: o.line, sortBy: o.sortBy, columns: o.columns.map((c) => ({ name: c.name, format: c.format })) })),
  };
}

/**
 * JSON text safe anywhere in the module: JSON.stringify leaves U+2028 and U+2029 raw, and those
 * end a line in JavaScript, so in the header's `//` comment a plan name holding one would turn
 * the rest of the name into code. Escaped, they stay inside the string.
 */
function J(value: unknown, replacer?: null, space?: number): string {
  return JSON.stringify(value, replacer, space).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** Emits the source of an ES module for a checked plan. */
export function emitModule(ir: PlanIr): string {
  return [
    `// Accrue plan ${J(ir.name)}${ir.version ? ` version ${J(ir.version)}` : ""}, compiled from ${J(ir.sourcePath)}.`,
    "// Generated code: do not edit. It needs only the runtime API handed to build(rt); run it with",
    "// the Accrue runtime's runCompiledPlan(module, bindings).",
    `export const meta = ${J(planMeta(ir), null, 2)};`,
    "",
    `export function build(rt) {`,
    indent(emitBody(ir)),
    "}",
    "",
  ].join("\n");
}

/** The body of build(rt): also used in-process through the Function constructor. */
export function emitBody(ir: PlanIr): string {
  const measureIndex = new Map(ir.measures.map((m, i) => [m.name, i]));
  const tierIndex = new Map(ir.tiers.map((t, i) => [t.name, i]));
  const rateIndex = new Map(ir.rates.map((r, i) => [r.name, i]));
  const balanceIndex = new Map(ir.balances.map((b, i) => [b.name, i]));
  const g = new ExprEmitter(measureIndex, tierIndex, rateIndex, balanceIndex);
  const lines: string[] = ["const K = rt.constants;"];
  lines.push("const credits = [");
  for (const c of ir.credits) {
    lines.push(`  { // plan line ${c.line}: credit each ${J(c.input)}`);
    lines.push(`    amount: (e) => ${g.expr(c.amount)},`);
    lines.push(`    date: (e) => ${g.expr(c.date)},`);
    lines.push(`    body: (e, out) => {`);
    for (const l of g.stmts(c.body)) lines.push(`      ${l}`);
    lines.push("    },");
    lines.push("  },");
  }
  lines.push("];");
  lines.push("const measures = [");
  for (const m of ir.measures) lines.push(`  (e) => ${g.expr(m.value)}, // plan line ${m.line}: measure ${J(m.name)}`);
  lines.push("];");
  lines.push("const pays = [");
  for (const p of ir.pays) {
    lines.push(`  { // plan line ${p.line}: pay ${J(p.name)}`);
    lines.push(`    value: (e) => ${g.expr(p.value)},`);
    lines.push(`    gates: [${p.gates.map((x) => `(e) => ${g.expr(x)}`).join(", ")}],`);
    lines.push(`    caps: [${p.caps.map((x) => `(e) => ${g.expr(x)}`).join(", ")}],`);
    lines.push(`    floors: [${p.floors.map((x) => `(e) => ${g.expr(x)}`).join(", ")}],`);
    lines.push(`    runningCaps: [${p.runningCaps.map((x) => `(e) => ${g.expr(x.limit)}`).join(", ")}],`);
    lines.push(`    budget: ${p.budget ? `(e) => ${g.expr(p.budget)}` : "undefined"},`);
    lines.push(`    payee: ${p.payee ? `(e) => ${g.expr(p.payee)}` : "undefined"},`);
    lines.push("  },");
  }
  lines.push("];");
  lines.push("const balances = [");
  for (const b of ir.balances) lines.push(`  { start: (e) => ${g.expr(b.start)}, next: (e) => ${g.expr(b.next)} }, // plan line ${b.line}: balance ${J(b.name)}`);
  lines.push("];");
  lines.push("const combinedCaps = [");
  for (const c of ir.combinedCaps) lines.push(`  (e) => ${g.expr(c.limit)}, // plan line ${c.line}: combined cap`);
  lines.push("];");
  lines.push("const sharings = [");
  for (const s of ir.sharings) lines.push(`  { keys: [${s.keys.map((k) => `(e) => ${g.expr(k)}`).join(", ")}], order: [${s.order.map((k) => `(e) => ${g.expr(k)}`).join(", ")}] },`);
  lines.push("];");
  lines.push("const outputs = [");
  for (const o of ir.outputs) {
    lines.push(`  { // plan line ${o.line}: output`);
    lines.push(`    where: ${o.where ? `(e) => ${g.expr(o.where)}` : "undefined"},`);
    lines.push("    columns: [");
    for (const c of o.columns) lines.push(`      (e) => ${g.expr(c.value)},`);
    lines.push("    ],");
    lines.push("  },");
  }
  lines.push("];");
  lines.push("return { credits, measures, pays, outputs, balances, combinedCaps, sharings };");
  return lines.join("\n");
}

function indent(text: string): string {
  return text.split("\n").map((l) => (l ? `  ${l}` : l)).join("\n");
}

class ExprEmitter {
  constructor(
    private readonly measures: Map<string, number>,
    private readonly tiers: Map<string, number>,
    private readonly rates: Map<string, number>,
    private readonly balances: Map<string, number>,
  ) {}

  stmts(body: CreditStmtIr[]): string[] {
    const out: string[] = [];
    for (const s of body) {
      switch (s.k) {
        // A condition that is absent (it compares a missing value) decides nothing: the row is rejected.
        case "exclude":
          out.push(`{ const c = ${this.expr(s.cond)}; if (c === null) return out.undecided(${J(`exclude ${s.reason}`)}, ${s.line}); if (c === true) return out.exclude(${J(s.reason)}, ${s.line}); }`);
          break;
        case "if":
          out.push(`{ const c = ${this.expr(s.cond)}; if (c === null) return out.undecided("if", ${s.line}); if (c === true) {`);
          for (const l of this.stmts(s.then)) out.push(`  ${l}`);
          if (s.else.length > 0) {
            out.push("} else {");
            for (const l of this.stmts(s.else)) out.push(`  ${l}`);
          }
          out.push("} }");
          break;
        case "share": {
          const call = this.target(s.target, s.remainder ? J("remainder") : this.expr(s.percent), s.role, s.overlay, s.line, s.rounding);
          // `each ... where` returns false when a table row's `where` is absent (the row is then rejected).
          out.push(s.target.k === "each" ? `if (!${call}) return; // plan line ${s.line}` : `${call}; // plan line ${s.line}`);
          break;
        }
      }
    }
    return out;
  }

  private target(t: CreditTargetIr, percent: string, role: string, overlay: boolean, line: number, rounding?: { mode: string; places: number }): string {
    const tail = `${percent}, ${J(role)}, ${overlay}, ${line}${rounding ? `, ${rounding.places}, ${J(rounding.mode)}` : ""}`;
    switch (t.k) {
      case "payee": return `out.share(${this.expr(t.payee)}, ${tail})`;
      case "each": return `out.each(${J(t.table)}, ${J(t.field)}, ${t.where ? `(e) => ${this.expr(t.where)}` : "undefined"}, ${tail})`;
      case "ancestors": return `out.ancestors(${J(t.hierarchy)}, ${this.expr(t.of)}, ${tail})`;
    }
  }

  private fn(e: IrExpr | undefined): string {
    return e ? `(e) => ${this.expr(e)}` : "undefined";
  }

  expr(x: IrExpr): string {
    switch (x.k) {
      // The checker gives no IR to a plan with errors: an error node here is a compiler bug.
      case "error": throw new Error(`internal error: an error node at offset ${x.span.start} reached the code generator`);
      case "const": return `K[${x.index}]`;
      case "field": return `rt.field(e, ${J(x.record)}, ${J(x.field)})`;
      case "eachField": return `e.t[${J(x.field)}]`;
      case "credit":
        if (x.prop === "month" || x.prop === "quarter" || x.prop === "year") return `rt.creditPeriod(e.c, ${J(x.prop)})`;
        return `e.c[${J(x.prop)}]`;
      case "payee": return "e.g.payee";
      case "period": return "e.g.period";
      case "measure": return `rt.measure(e, ${this.measures.get(x.name)})`;
      case "rowMeasure": return `rt.rowMeasure(e, ${this.measures.get(x.name)})`;
      case "lookup": return `rt.lookup(e, ${J(x.table)}, [${x.keys.map((k) => this.expr(k)).join(", ")}], ${x.field === undefined ? "undefined" : J(x.field)})`;
      case "rate": return `rt.rate(e, ${this.rates.get(x.table)}, ${this.expr(x.key)})`;
      case "tier": return `rt.tier(e, ${this.tiers.get(x.table)}, ${J(x.use)}, ${this.expr(x.arg)})`;
      case "arith": return `rt.${ARITH[x.op]}(${this.expr(x.a)}, ${this.expr(x.b)})`;
      case "neg": return `rt.neg(${this.expr(x.a)})`;
      case "cmp": return `rt.${x.numeric ? "ncmp" : "vcmp"}(${this.expr(x.a)}, ${this.expr(x.b)}, ${J(x.op)})`;
      case "logic": return `rt.${x.op}(${this.expr(x.a)}, () => ${this.expr(x.b)})`;
      case "not": return `rt.not(${this.expr(x.a)})`;
      case "in": return `rt.isIn(${this.expr(x.a)}, [${x.list.map((l) => this.expr(l)).join(", ")}], ${x.numeric}, ${x.negated})`;
      case "within": return `rt.within(${this.expr(x.a)}, ${this.expr(x.from)}, ${this.expr(x.to)})`;
      case "present": return `(${this.expr(x.a)} ${x.present ? "!==" : "==="} null)`;
      case "if": return `rt.choose(${this.expr(x.c)}, () => ${this.expr(x.t)}, () => ${this.expr(x.e)})`;
      case "call": return `rt.call(${J(x.fn)}, [${x.args.map((a) => this.expr(a)).join(", ")}])`;
      case "agg": {
        // The inputs whose credits the aggregate runs over, last (left out: every credit, as its value reads no input).
        const inputs = x.inputs.length > 0 ? `, ${J(x.inputs)}` : "";
        if (x.fn === "count") return `rt.count(e, ${this.fn(x.distinct)}, ${this.fn(x.having)}, ${this.fn(x.where)}${inputs})`;
        if (x.fn === "first") return `rt.first(e, ${this.fn(x.value)}, [${(x.order ?? []).map((o) => this.fn(o)).join(", ")}], ${this.fn(x.where)}, ${x.line ?? 0}${inputs})`;
        return `rt.agg(e, ${J(x.fn)}, ${this.fn(x.value)}, ${this.fn(x.where)}${inputs})`;
      }
      case "round": return `rt.round(${this.expr(x.a)}, ${x.places}, ${J(x.mode)})`;
      // A window holds grains and whole numbers only: its JSON is no user text.
      case "window": return `rt.window(e, ${J(x.fn)}, ${this.measures.get(x.measure)}, ${J(x.window)})`;
      case "balance": return `rt.balance(e, ${this.balances.get(x.name)}, ${x.closing})`;
      case "parentOf": return `rt.parentOf(e, ${J(x.hierarchy)}, ${this.expr(x.of)}, ${x.line})`;
      case "sharing": return `rt.sharing(e, ${x.index})`;
      case "exclusion": return `e.x[${J(x.prop)}]`;
      case "payout": return `e.p[${J(x.prop)}]`;
    }
  }
}

const ARITH = { "+": "add", "-": "sub", "*": "mul", "/": "div" } as const;
