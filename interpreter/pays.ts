/**
 * Pays, interpreted in the language's order: for each group of the pay's grain, the `when`
 * gates (together, as `and`), the value, floors, caps (a cap wins over a floor above it), and
 * the amount must be whole cents; then, period by period, running caps (what the earlier
 * periods paid after their budget is used) and the budget of the period across payees; then
 * the payee paid (`to`), amounts adding up per payee; then, per payee and period, combined caps
 * in the order declared (they give no room back to running caps). A limit bounds what is paid
 * from 0.00 up, so a cap is computed only for an amount above 0.00: one that is absent or below
 * zero pays nothing for what it limits, and the run says so.
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

/** A group's pay on its way to a payout: the payee paid, the amount, and the running caps it is held to. */
interface Earning {
  group: IGroup;
  period: string;
  payee: string;
  amount: Dec;
  runningCaps: { key: string; limit: Dec }[];
}

/**
 * One pay over its grain's population: each group's amount, running caps and payee; then,
 * period by period in order, the period's groups are held to what their running caps have left,
 * the period's budget is shared, and what each group is then paid uses its running caps.
 */
function component(world: PayWorld, pay: PayIr): IPayout[] {
  const earned: Earning[] = [];
  for (const group of world.population(pay.grain).groups) {
    const earning = earn(world, pay, group);
    if (earning) earned.push(earning);
  }
  const used = new Map<string, Dec>();
  const periods = [...new Set(earned.map((e) => e.period))].sort(byCode);
  for (const period of periods) {
    const list = earned.filter((e) => e.period === period);
    for (const e of list) {
      for (const cap of e.runningCaps) e.amount = Dec.min(e.amount, Dec.max(ZERO, cap.limit.minus(used.get(cap.key) ?? ZERO)));
    }
    if (pay.budget) applyBudget(world, pay, list);
    for (const e of list) for (const cap of e.runningCaps) used.set(cap.key, (used.get(cap.key) ?? ZERO).plus(Dec.max(ZERO, e.amount)));
  }
  return earned.map((e) => ({ payee: e.payee, period: e.period, component: pay.name, amount: e.amount, uncapped: e.amount }));
}

/**
 * A group's pay before the limits it shares with other periods and payees: the amount (gates,
 * value, floors, caps), its running caps when the amount is above 0.00, and the payee paid.
 * Null when nothing is paid: the amount is absent, a running cap cannot be applied, the amount
 * has fractions of a cent, or there is nobody to pay (each reported, a 0.00 with nobody quietly).
 */
function earn(world: PayWorld, pay: PayIr, group: IGroup): Earning | null {
  const scope = world.groupScope(group);
  const amount = groupAmount(world, pay, group, scope);
  if (amount === null) return null;
  const runningCaps: Earning["runningCaps"] = [];
  if (amount.gt(0)) {
    for (const [i, spec] of pay.runningCaps.entries()) {
      const limit = evaluate(world, spec.limit, scope);
      if (!usable(world, limit, `pay ${pay.name} (plan line ${pay.line}) for ${group.payee} in ${group.period}: its cap per ${spec.over} (plan line ${spec.line})`)) return null;
      runningCaps.push({ key: keyOf([String(i), group.payee, periodOfDay(periodDays(group.period, group.grain).first, spec.over)]), limit });
    }
  }
  if (amount.decimalPlaces() > 2) {
    world.issues.add(`pay ${pay.name} (plan line ${pay.line}) for ${group.payee} in ${group.period} comes to ${exact(amount)}, with fractions of a cent; nothing is paid`);
    return null;
  }
  const payee = pay.payee ? evaluate(world, pay.payee, scope) : group.payee;
  if (typeof payee !== "string" || payee === "") {
    if (!amount.isZero()) world.issues.add(`pay ${pay.name} (plan line ${pay.line}) has no payee to pay ${fixed(amount, 2)} earned by ${group.payee} in ${group.period}: nothing is paid`);
    return null;
  }
  return { group, period: group.period, payee, amount, runningCaps };
}

/**
 * Gates, value, floors and caps for one group; null (and an issue) when a value needed is
 * absent. The gates together are an `and`: a false one pays 0.00 (the later ones are not
 * evaluated), else an absent one is reported. A cap bounds from 0.00 up, so it is evaluated
 * only while the amount is above 0.00; it comes after the floors and wins over a floor above
 * it, which is reported.
 */
function groupAmount(world: PayWorld, pay: PayIr, g: IGroup, scope: Scope): Dec | null {
  let undecided = false;
  for (const gate of pay.gates) {
    const open = evaluate(world, gate, scope);
    if (open === false) return ZERO;
    if (open !== true) undecided = true;
  }
  if (undecided) {
    world.issues.add(`pay ${pay.name} (plan line ${pay.line}) cannot decide its \`when\` for ${g.payee} in ${g.period}: a value it compares is absent; nothing is paid`);
    return null;
  }
  let value = evaluate(world, pay.value, scope);
  if (!isDec(value)) {
    world.issues.add(`pay ${pay.name} (plan line ${pay.line}) has no value for ${g.payee} in ${g.period}: a value it needs is absent; nothing is paid`);
    return null;
  }
  let highest: { value: Dec; line: number } | undefined;
  for (const [i, floor] of pay.floors.entries()) {
    const f = evaluate(world, floor, scope);
    if (!isDec(f)) {
      world.issues.add(`pay ${pay.name} (plan line ${pay.line}) for ${g.payee} in ${g.period}: its floor (plan line ${pay.clauseLines.floors[i]}) is absent; nothing is paid`);
      return null;
    }
    if (!highest || f.gt(highest.value)) highest = { value: f, line: pay.clauseLines.floors[i]! };
    if (value.lt(f)) value = f;
  }
  for (const [i, cap] of pay.caps.entries()) {
    if (value.lte(0)) break;
    const c = evaluate(world, cap, scope);
    if (!usable(world, c, `pay ${pay.name} (plan line ${pay.line}) for ${g.payee} in ${g.period}: its cap (plan line ${pay.clauseLines.caps[i]})`)) return null;
    if (!value.gt(c)) continue;
    value = c;
    if (highest && c.lt(highest.value)) {
      world.issues.add(`pay ${pay.name} (plan line ${pay.line}) for ${g.payee} in ${g.period}: its floor (plan line ${highest.line}) of ${fixed(highest.value, 2)} is above its cap (plan line ${pay.clauseLines.caps[i]}) of ${fixed(c, 2)}; the cap wins`);
    }
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

/** A period's budget, shared by every payee of the period and held as a limit (withinLimit) in the order of the payee paid, then the payee that earned it. */
function applyBudget(world: PayWorld, pay: PayIr, list: Earning[]): void {
  const budget = evaluate(world, pay.budget!, world.groupScope(list[0]!.group));
  const ordered = [...list].sort((a, b) => byCode(a.payee, b.payee) || byCode(a.group.payee, b.group.payee));
  const held = withinLimit(world, ordered.map((e) => e.amount), budget, `pay ${pay.name} (plan line ${pay.line}) in ${list[0]!.period}: its budget`);
  ordered.forEach((e, i) => { e.amount = held[i]!; });
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
