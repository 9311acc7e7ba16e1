/**
 * A row's shares turned into credit amounts, or the reason the row is rejected. The rules, in
 * the order they are checked (the first that fails names the reject):
 *
 * 1. The credited amount is whole cents (the checker demands a rounding otherwise; a module
 *    from elsewhere is held to the same).
 * 2. Each share, in the order the rule gave them: its payee is non-empty text; its percentage
 *    is present; a split share lies in 0%..100%, an overlay share is not negative.
 * 3. The split shares that are not `remainder` add up to s. Without a remainder, s must be
 *    exactly 100%. With n remainder credits, s must be at most 100% and each takes (100% − s)/n.
 * 4. The split is allocated in cents by largest remainder in the shares' order (allocate.ts);
 *    an overlay is the amount times its percentage, rounded as its statement declares, and must
 *    come out in whole cents.
 */
import { allocateByPercent } from "./allocate.js";
import * as N from "./numeric.js";
import type { RoundingMode } from "./numeric.js";
import type { Value } from "./schema.js";

/** What the generated code passes for a share that takes what the other shares leave. */
export const REMAINDER = "remainder";

/** One share a credit rule gave a row. */
export interface ShareClaim {
  payee: Value;
  /** An exact fraction (1 = 100%), absent (null), or `remainder`. */
  percent: Value;
  role: string;
  overlay: boolean;
  line: number;
  rounding?: { places: number; mode: RoundingMode };
}

/** The amounts of a row's credits, in the claims' order, or why the row is rejected. */
export type ShareOutcome = { ok: true; amounts: N.Num[] } | { ok: false; reason: string };

const HUNDRED = N.num(100);

/** Allocates a row's amount over its shares (there is at least one), following the rules above. */
export function allocateClaims(amount: N.Num, claims: ShareClaim[], ruleLine: number): ShareOutcome {
  if (N.decimalPlaces(amount) > 2) return fail(`the credited amount ${N.formatExact(amount)} has fractions of a cent (plan line ${ruleLine}): round it in the plan`);
  for (const c of claims) {
    const problem = claimProblem(c);
    if (problem) return fail(problem);
  }
  const split = claims.filter((c) => !c.overlay);
  const explicit = split.filter((c) => c.percent !== REMAINDER).reduce((sum, c) => N.add(sum, c.percent as N.Num), N.ZERO);
  const remainders = split.filter((c) => c.percent === REMAINDER).length;
  if (split.length > 0 && remainders === 0 && N.cmp(explicit, N.ONE) !== 0) {
    return fail(`the shares add up to ${percentText(explicit)}, not 100% (plan line ${split[0]!.line})`);
  }
  if (remainders > 0 && N.cmp(explicit, N.ONE) > 0) {
    const first = split.find((c) => c.percent === REMAINDER)!;
    return fail(`the shares before the remainder add up to ${percentText(explicit)}, more than 100% (plan line ${first.line})`);
  }
  const rest = remainders > 0 ? N.ratio(N.sub(N.ONE, explicit), N.num(remainders)) : N.ZERO;
  const parts = allocateByPercent(amount, split.map((c) => (c.percent === REMAINDER ? rest : (c.percent as N.Num))), 2);
  const amounts: N.Num[] = [];
  let next = 0;
  for (const c of claims) {
    if (!c.overlay) {
      amounts.push(parts[next++]!);
      continue;
    }
    const exact = N.mul(amount, c.percent as N.Num);
    const value = c.rounding ? N.round(exact, c.rounding.places, c.rounding.mode) : exact;
    if (N.decimalPlaces(value) > 2) return fail(`the ${c.role} overlay of ${N.formatExact(value)} has fractions of a cent (plan line ${c.line}): round it in the plan`);
    amounts.push(value);
  }
  return { ok: true, amounts };
}

/** Why one share cannot be credited, if it cannot. */
function claimProblem(c: ShareClaim): string | undefined {
  if (typeof c.payee !== "string" || c.payee === "") return `no payee for the ${c.role} credit (plan line ${c.line})`;
  if (c.percent === REMAINDER) return c.overlay ? `an overlay cannot take the remainder (plan line ${c.line})` : undefined;
  if (c.percent === null || typeof c.percent !== "object") return `no share for the ${c.role} credit: its percentage is absent (plan line ${c.line})`;
  const p = c.percent;
  if (N.isNegative(p)) return `the share for the ${c.role} credit is ${percentText(p)}, below 0% (plan line ${c.line})`;
  if (!c.overlay && N.cmp(p, N.ONE) > 0) return `the share for the ${c.role} credit is ${percentText(p)}, above 100% (plan line ${c.line})`;
  return undefined;
}

/** A fraction as a percentage: 0.125 → 12.5%; a long one cut to 10 decimals and marked (99.9999999999…%). */
export function percentText(fraction: N.Num): string {
  const p = N.mul(fraction, HUNDRED);
  return N.decimalPlaces(p) > 10 ? `${N.formatExact(N.truncate(p, 10))}…%` : `${N.formatExact(p)}%`;
}

function fail(reason: string): ShareOutcome {
  return { ok: false, reason };
}
