/**
 * Pays, interpreted in the language's order: for each group of the pay's grain, the `when`
 * gates, the value, caps, floors, then running caps (in period order), and the amount must be
 * whole cents; across payees, the budget of each period; then the payee paid (`to`), amounts
 * adding up per payee; then, per payee and period, combined caps in the order declared. A
 * limit bounds what is paid from 0.00 up: one that is absent or below zero pays nothing for
 * what it limits, and the run says so.
 */
import type { Grain } from "../language/syntax.js";
import type { PayIr } from "../compiler/ir.js";
import { scaleTo } from "./allocate.js";
import { evaluate, type IGroup, type Scope, type World } from "./evaluate.js";
import { byCode, Dec, exact, fixed, isDec, keyOf, periodDays, periodOfDay, ZERO, type IValue } from "./values.js";

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
    const grouped = groupAmount(world, pay, group, scope);
    if (grouped === null) continue;
    const amount = runningCaps(world, pay, group, scope, grouped, used);
    if (amount === null) continue;
    if (amount.decimalPlaces() > 2) {
      world.issues.add(`pay ${pay.name} (plan line ${pay.line}) for ${group.payee} in ${group.period} comes to ${exact(amount)}, with fractions of a cent; nothing is paid`);
      continue;
    }
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
  for (const [i, cap] of pay.caps.entries()) {
    const c = evaluate(world, cap, scope);
    if (!usable(world, c, `pay ${pay.name} (plan line ${pay.line}) for ${g.payee} in ${g.period}: its cap (plan line ${pay.clauseLines.caps[i]})`)) return null;
    if (value.gt(c)) value = c;
  }
  for (const [i, floor] of pay.floors.entries()) {
    const f = evaluate(world, floor, scope);
    if (!isDec(f)) {
      world.issues.add(`pay ${pay.name} (plan line ${pay.line}) for ${g.payee} in ${g.period}: its floor (plan line ${pay.clauseLines.floors[i]}) is absent; nothing is paid`);
      return null;
    }
    if (value.lt(f)) value = f;
  }
  return value;
}

/** Why a limit cannot be applied, if it cannot: it is absent, below zero, or has fractions of a cent. */
function limitProblem(limit: IValue): string | undefined {
  if (!isDec(limit)) return "absent";
  if (limit.isNegative() && !limit.isZero()) return `${fixed(limit, 2)}, below zero`;
  if (limit.decimalPlaces() > 2) return `${exact(limit)}, with fractions of a cent`;
  return undefined;
}

/** True for a limit that can be applied; otherwise the run reports it as `what` and nothing is paid. */
function usable(world: PayWorld, limit: IValue, what: string): limit is Dec {
  const problem = limitProblem(limit);
  if (problem) world.issues.add(`${what} is ${problem}; nothing is paid`);
  return !problem;
}

/**
 * Amounts held within a limit (a budget, a combined cap): negative amounts are paid as they
 * are and neither use the limit nor make room in it; when the positive ones add up to more than
 * the limit they are scaled to exactly the limit, in cents by largest remainder in the given
 * order. A limit that cannot be applied pays nothing (reported when something was to be paid).
 */
function withinLimit(world: PayWorld, amounts: Dec[], limit: IValue, what: string): Dec[] {
  if (limitProblem(limit)) {
    if (amounts.some((a) => !a.isZero())) usable(world, limit, what);
    return amounts.map(() => ZERO);
  }
  const positive = amounts.map((a, i) => ({ a, i })).filter(({ a }) => a.gt(0));
  if (positive.reduce((sum, { a }) => sum.plus(a), ZERO).lte(limit as Dec)) return amounts;
  const scaled = scaleTo(positive.map(({ a }) => a), limit as Dec, 2);
  const out = [...amounts];
  positive.forEach(({ i }, j) => { out[i] = scaled[j]!; });
  return out;
}

/**
 * `cap X per year` on a monthly pay: a month above zero pays at most what is left of each such
 * cap after the payee's earlier months, and what it pays uses every one of them; a month of
 * zero or less is not capped (its caps are not even evaluated). Null (reported) when a cap
 * cannot be applied.
 */
function runningCaps(world: PayWorld, pay: PayIr, g: IGroup, scope: Scope, amount: Dec, used: Map<string, Dec>): Dec | null {
  if (amount.lte(0)) return amount;
  const caps: { key: string; before: Dec; limit: Dec }[] = [];
  for (const [i, spec] of pay.runningCaps.entries()) {
    const limit = evaluate(world, spec.limit, scope);
    if (!usable(world, limit, `pay ${pay.name} (plan line ${pay.line}) for ${g.payee} in ${g.period}: its cap per ${spec.over} (plan line ${spec.line})`)) return null;
    const key = keyOf([String(i), g.payee, periodOfDay(periodDays(g.period, g.grain).first, spec.over)]);
    caps.push({ key, before: used.get(key) ?? ZERO, limit });
  }
  let value = amount;
  for (const { before, limit } of caps) value = Dec.min(value, Dec.max(ZERO, limit.minus(before)));
  for (const { key, before } of caps) used.set(key, before.plus(Dec.max(ZERO, value)));
  return value;
}

/** A budget per period shared by every payee, held as a limit (withinLimit) in the order of the payee paid, then the payee that earned it. */
function applyBudget(world: PayWorld, pay: PayIr, rows: { period: string; payee: string; amount: Dec; group: IGroup }[]): void {
  const periods = [...new Set(rows.map((r) => r.period))];
  for (const period of periods) {
    const list = rows.filter((r) => r.period === period);
    const budget = evaluate(world, pay.budget!, world.groupScope(list[0]!.group));
    const ordered = [...list].sort((a, b) => byCode(a.payee, b.payee) || byCode(a.group.payee, b.group.payee));
    const held = withinLimit(world, ordered.map((r) => r.amount), budget, `pay ${pay.name} (plan line ${pay.line}) in ${period}: its budget`);
    ordered.forEach((r, i) => { r.amount = held[i]!; });
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
    const { payee, period } = ordered[0]!;
    const limit = evaluate(world, cap.limit, world.groupScope({ grain: cap.grain, payee, period }));
    const held = withinLimit(world, ordered.map((r) => r.amount), limit, `the combined cap (plan line ${cap.line}) on ${cap.pays.join(", ")} for ${payee} in ${period}`);
    ordered.forEach((r, i) => { r.amount = held[i]!; });
  }
}
