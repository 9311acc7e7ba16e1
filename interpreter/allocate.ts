/**
 * Largest remainder, written out: every party gets its exact share cut down to whole units
 * (cents), and the units left over go one each to the largest cut-off remainders, the earlier
 * party first on a tie. A negative whole is shared as its magnitude, then negated.
 */
import { Decimal as DecimalBase } from "decimal.js";
import { Dec, ZERO } from "./values.js";

/** Splits `whole` into parts at `places` decimals, by fractions that add up to one. */
export function allocate(whole: Dec, fractions: Dec[], places: number): Dec[] {
  const negative = whole.isNegative() && !whole.isZero();
  const magnitude = whole.abs();
  const parts = shareOut(magnitude, fractions.map((f) => magnitude.times(f)), places);
  return negative ? parts.map((p) => p.negated()) : parts;
}

/** Scales amounts so they add up to `target`: each gets amount × target ÷ total, in cents by largest remainder. */
export function scaleTo(amounts: Dec[], target: Dec, places: number): Dec[] {
  const total = amounts.reduce((a, b) => a.plus(b), ZERO);
  if (total.isZero()) return amounts.map(() => ZERO);
  return shareOut(target, amounts.map((a) => a.times(target).div(total)), places);
}

/** Gives out `whole` in units of 10^-places, in proportion to the exact `shares` (which add up to it). */
function shareOut(whole: Dec, shares: Dec[], places: number): Dec[] {
  const unit = new Dec(10).pow(-places);
  const cut = shares.map((s) => s.toDecimalPlaces(places, DecimalBase.ROUND_DOWN));
  let left = whole.minus(cut.reduce((a, b) => a.plus(b), ZERO)).div(unit).round().toNumber();
  const byRemainder = shares
    .map((s, i) => ({ i, remainder: s.minus(cut[i]!) }))
    .filter((x) => !x.remainder.isZero())
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.i - b.i);
  const parts = [...cut];
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    parts[i] = parts[i]!.plus(unit);
    left--;
  }
  return parts;
}
