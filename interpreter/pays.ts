/**
 * Pays, interpreted in the language's order: for each group of the pay's grain, the `when`
 * gates, the value, caps, floors, then running caps (in period order); across payees, the
 * budget of each period; then the payee paid (`to`), amounts adding up per payee; then, per
 * payee and period, combined caps in the order declared.
 */
import type { Grain } from "../language/syntax.js";
import type { PayIr } from "../compiler/ir.js";
import { scaleTo } from "./allocate.js";
import { evaluate, type IGroup, type Scope, type World } from "./evaluate.js";
import { byCode, Dec, fixed, isDec, keyOf, periodDays, periodOfDay, ZERO } from "./values.js";

/** A pay's amount for a payee and period (zero amounts included), before and after combined caps. */
export interface IPayout {
  payee: string;
  period: string;
  component: string;
  amount: Dec;
  uncapped: Dec;
}

/** What pays need of the run besides expressions. */
export interface PayWorld extends World {
  population(grain: Grain): { groups: IGroup[] };
  groupScope(g: IGroup): Scope;
  issues: Set<string>;
}

/** Every pay of the plan for every group of its grain, sorted by payee, period and component. */
export function payAll(world: PayWorld): IPayout[] {
  const merged = new Map<string, IPayout>();
  for (const pay of world.plan.pays) {
    for (const r of component(world, pay)) {
      const k = keyOf([r.payee, r.period, r.component]);
      const prior = merged.get(k);
      merged.set(k, prior ? { ...prior, amount: prior.amount.plus(r.amount), uncapped: prior.uncapped.plus(r.amount) } : r);
    }
  }
  const records = [...merged.values()];
  for (const cap of world.plan.combinedCaps) applyCombinedCap(world, cap, records);
  return records.sort((a, b) => byCode(a.payee, b.payee) || byCode(a.period, b.period) || byCode(a.component, b.component));
}

/** One pay over its grain's population: group amounts, running caps, the payee paid, then budgets. */
function component(world: PayWorld, pay: PayIr): IPayout[] {
  const used = new Map<string, Dec>();
  const rows: { period: string; payee: string; amount: Dec; group: IGroup }[] = [];
  for (const group of world.population(pay.grain).groups) {
    const scope = world.groupScope(group);
    let amount = groupAmount(world, pay, group, scope);
    if (amount === null) continue;
    amount = runningCaps(world, pay, group, scope, amount, used);
    const payee = pay.payee ? evaluate(world, pay.payee, scope) : group.payee;
    if (typeof payee !== "string" || payee === "") {
      if (!amount.isZero()) world.issues.add(`pay ${pay.name} (plan line ${pay.line}) has no payee to pay ${fixed(amount, 2)} earned by ${group.payee} in ${group.period}: nothing is paid`);
      continue;
    }
    rows.push({ period: group.period, payee, amount, group });
  }
  if (pay.budget) applyBudget(world, pay, rows);
  return rows.map((r) => ({ payee: r.payee, period: r.period, component: pay.name, amount: r.amount, uncapped: r.amount }));
}

/** Gates, value, caps and floors for one group; null (and an issue) when a value needed is absent. */
function groupAmount(world: PayWorld, pay: PayIr, g: IGroup, scope: Scope): Dec | null {
  for (const gate of pay.gates) {
    const open = evaluate(world, gate, scope);
    if (open === null) {
      world.issues.add(`pay ${pay.name} (plan line ${pay.line}) cannot decide its \`when\` for ${g.payee} in ${g.period}: a value it compares is absent; nothing is paid`);
      return null;
    }
    if (open !== true) return ZERO;
  }
  let value = evaluate(world, pay.value, scope);
  if (!isDec(value)) {
    world.issues.add(`pay ${pay.name} (plan line ${pay.line}) has no value for ${g.payee} in ${g.period}: a value it needs is absent; nothing is paid`);
    return null;
  }
  for (const cap of pay.caps) {
    const c = evaluate(world, cap, scope);
    if (isDec(c) && value.gt(c)) value = c;
  }
  for (const floor of pay.floors) {
    const f = evaluate(world, floor, scope);
    if (isDec(f) && value.lt(f)) value = f;
  }
  return value;
}

/** `cap X per year` on a monthly pay: each month pays at most what is left of X after the payee's earlier months. */
function runningCaps(world: PayWorld, pay: PayIr, g: IGroup, scope: Scope, amount: Dec, used: Map<string, Dec>): Dec {
  let value = amount;
  pay.runningCaps.forEach((spec, i) => {
    const limit = evaluate(world, spec.limit, scope);
    if (!isDec(limit)) return;
    const k = keyOf([String(i), g.payee, periodOfDay(periodDays(g.period, g.grain).first, spec.over)]);
    const before = used.get(k) ?? ZERO;
    const left = Dec.max(ZERO, limit.minus(before));
    if (value.gt(left)) value = left;
    used.set(k, before.plus(Dec.max(ZERO, value)));
  });
  return value;
}

/** A budget per period shared by every payee: above it, amounts are scaled pro rata to the budget, in payee order. */
function applyBudget(world: PayWorld, pay: PayIr, rows: { period: string; payee: string; amount: Dec; group: IGroup }[]): void {
  const periods = [...new Set(rows.map((r) => r.period))];
  for (const period of periods) {
    const list = rows.filter((r) => r.period === period);
    const budget = evaluate(world, pay.budget!, world.groupScope(list[0]!.group));
    if (!isDec(budget)) continue;
    const total = list.reduce((s, r) => s.plus(r.amount), ZERO);
    if (total.lte(budget)) continue;
    const ordered = [...list].sort((a, b) => byCode(a.payee, b.payee));
    const scaled = scaleTo(ordered.map((r) => r.amount), budget, 2);
    ordered.forEach((r, i) => { r.amount = scaled[i]!; });
  }
}

/** A combined cap: per payee and period, the listed pays together are scaled pro rata to the limit, in the listed order. */
function applyCombinedCap(world: PayWorld, cap: World["plan"]["combinedCaps"][number], records: IPayout[]): void {
  const groups = new Map<string, IPayout[]>();
  for (const r of records) {
    if (!cap.pays.includes(r.component)) continue;
    const k = keyOf([r.payee, r.period]);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  for (const list of groups.values()) {
    const ordered = cap.pays.map((name) => list.find((r) => r.component === name)).filter((r): r is IPayout => r !== undefined);
    const total = ordered.reduce((s, r) => s.plus(r.amount), ZERO);
    const limit = evaluate(world, cap.limit, world.groupScope({ grain: cap.grain, payee: ordered[0]!.payee, period: ordered[0]!.period }));
    if (!isDec(limit) || total.lte(limit)) continue;
    const scaled = scaleTo(ordered.map((r) => r.amount), limit, 2);
    ordered.forEach((r, i) => { r.amount = scaled[i]!; });
  }
}
