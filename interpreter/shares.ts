/**
 * A row's shares, turned into the amounts of its credits, or the reason the row is rejected;
 * and the reason for a rule that cannot decide. The rules, in the order they are checked, are
 * written out on creditAmounts.
 */
import { allocate } from "./allocate.js";
import { Dec, exact, isDec, ONE, roundTo, type IValue } from "./values.js";

/** The percentage of a share that takes what the row's other split shares leave. */
export const REMAINDER = Symbol("remainder");

export interface Share {
  payee: IValue;
  percent: IValue | typeof REMAINDER;
  role: string;
  overlay: boolean;
  line: number;
  rounding?: { mode: "half up" | "half even" | "half down" | "up" | "down"; places: number };
}

/** Why a row is rejected when a condition of its rule (`exclude r`, `if`, `each T.f where`) is absent. */
export function undecided(what: string, line: number): string {
  return `the condition of \`${what}\` (plan line ${line}) is absent: a value it compares is missing, so the rule cannot decide this row`;
}

/**
 * The amounts of a row's credits, in the order of its shares, or the reason the row is
 * rejected. In this order: the amount is whole cents; each share has a payee and a percentage
 * (a split share within 0..100%, an overlay not below 0%, and no overlay takes the remainder);
 * without a remainder the split adds up to exactly 100%, with one the others add up to at most
 * 100% and the remainder shares take what is left equally; the split is shared out in cents by
 * largest remainder; an overlay is the amount times its percentage, rounded as declared, and
 * must come out in whole cents.
 */
export function creditAmounts(amount: Dec, shares: Share[], ruleLine: number): Dec[] | string {
  if (amount.decimalPlaces() > 2) return `the credited amount ${exact(amount)} has fractions of a cent (plan line ${ruleLine}): round it in the plan`;
  for (const s of shares) {
    if (typeof s.payee !== "string" || s.payee === "") return `no payee for the ${s.role} credit (plan line ${s.line})`;
    if (s.percent === REMAINDER) {
      if (s.overlay) return `an overlay cannot take the remainder (plan line ${s.line})`;
      continue;
    }
    if (!isDec(s.percent)) return `no share for the ${s.role} credit: its percentage is absent (plan line ${s.line})`;
    if (s.percent.isNegative() && !s.percent.isZero()) return `the share for the ${s.role} credit is ${percentText(s.percent)}, below 0% (plan line ${s.line})`;
    if (!s.overlay && s.percent.gt(ONE)) return `the share for the ${s.role} credit is ${percentText(s.percent)}, above 100% (plan line ${s.line})`;
  }
  const split = shares.filter((s) => !s.overlay);
  const remainders = split.filter((s) => s.percent === REMAINDER);
  const given = split.reduce((sum, s) => (s.percent === REMAINDER ? sum : sum.plus(s.percent as Dec)), new Dec(0));
  if (split.length > 0 && remainders.length === 0 && !given.eq(ONE)) return `the shares add up to ${percentText(given)}, not 100% (plan line ${split[0]!.line})`;
  if (remainders.length > 0 && given.gt(ONE)) return `the shares before the remainder add up to ${percentText(given)}, more than 100% (plan line ${remainders[0]!.line})`;
  const rest = remainders.length > 0 ? ONE.minus(given).div(remainders.length) : new Dec(0);
  const parts = allocate(amount, split.map((s) => (s.percent === REMAINDER ? rest : (s.percent as Dec))), 2);
  const out: Dec[] = [];
  let next = 0;
  for (const s of shares) {
    if (!s.overlay) {
      out.push(parts[next++]!);
      continue;
    }
    const whole = amount.times(s.percent as Dec);
    const value = s.rounding ? roundTo(whole, s.rounding.places, s.rounding.mode) : whole;
    if (value.decimalPlaces() > 2) return `the ${s.role} overlay of ${exact(value)} has fractions of a cent (plan line ${s.line}): round it in the plan`;
    out.push(value);
  }
  return out;
}

/** A fraction as a percentage: 0.125 is 12.5%; past 10 decimals cut and marked with `…`. */
function percentText(fraction: Dec): string {
  const p = fraction.times(100);
  return p.decimalPlaces() > 10 ? `${exact(roundTo(p, 10, "down"))}…%` : `${exact(p)}%`;
}

