/**
 * Largest-remainder allocation: splits an amount into parts of whole units (cents) that add up
 * to it exactly. Each part gets its exact share truncated; the units left over go one each to
 * the largest truncated remainders, the earlier party winning a tie. A negative amount is
 * allocated as its absolute value and every part negated.
 */
import * as N from "./numeric.js";

/** Allocates `total` among exact `shares` (which add up to total) at `places` decimals. */
export function allocateShares(total: N.Num, shares: N.Num[], places: number): N.Num[] {
  if (N.isNegative(total)) return allocateShares(N.neg(total), shares.map(N.neg), places).map(N.neg);
  const truncated = shares.map((s) => N.truncate(s, places));
  const unit = N.unitAt(places);
  const allocated = truncated.reduce((a, b) => N.add(a, b), N.ZERO);
  let left = N.unitsIn(N.sub(total, allocated), unit);
  const order = shares
    .map((s, i) => ({ i, remainder: N.sub(s, truncated[i]!) }))
    .filter((x) => !N.isZero(x.remainder))
    .sort((a, b) => N.cmp(b.remainder, a.remainder) || a.i - b.i);
  const parts = [...truncated];
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = N.add(parts[i]!, unit);
    left--;
  }
  return parts;
}

/** Splits `total` by percentages (fractions adding up to 1) with the largest-remainder rule. */
export function allocateByPercent(total: N.Num, fractions: N.Num[], places: number): N.Num[] {
  const magnitude = N.abs(total);
  const parts = allocateShares(magnitude, fractions.map((f) => N.mul(magnitude, f)), places);
  return N.isNegative(total) ? parts.map(N.neg) : parts;
}

/**
 * Holds amounts within a limit (a budget, a combined cap; `limit` is not negative). Negative
 * amounts are recoveries: they are paid as they are, and neither use the limit nor make room in
 * it. When the positive amounts add up to more than the limit, they are scaled pro rata to
 * exactly the limit, cents by largest remainder in the given order; otherwise nothing changes.
 */
export function limitPositives(amounts: N.Num[], limit: N.Num, places: number): N.Num[] {
  const positive = amounts.map((a, i) => ({ a, i })).filter(({ a }) => N.cmp(a, N.ZERO) > 0);
  const total = positive.reduce((s, { a }) => N.add(s, a), N.ZERO);
  if (N.cmp(total, limit) <= 0) return amounts;
  const scaled = scaleProRata(positive.map(({ a }) => a), limit, places);
  const out = [...amounts];
  positive.forEach(({ i }, j) => { out[i] = scaled[j]!; });
  return out;
}

/** Scales amounts pro rata so they add up to `target` exactly, by largest remainder. */
export function scaleProRata(amounts: N.Num[], target: N.Num, places: number): N.Num[] {
  const total = amounts.reduce((a, b) => N.add(a, b), N.ZERO);
  if (N.isZero(total)) return amounts.map(() => N.ZERO);
  return allocateShares(target, amounts.map((a) => N.ratio(N.mul(a, target), total)), places);
}
