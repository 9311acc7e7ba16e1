/** Largest-remainder allocation: exact sums, the worked examples, and properties over random splits. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateByPercent, allocateShares, limitPositives, scaleProRata } from "../../runtime/allocate.js";
import * as N from "../../runtime/numeric.js";

const show = (xs: N.Num[]) => xs.map((x) => N.formatFixed(x, 2));

describe("largest remainder", () => {
  it("gives the earlier party the cent on equal remainders", () => {
    expect(show(allocateByPercent(N.num("10.00"), [N.num(1).div(3), N.num(1).div(3), N.num(1).div(3)], 2))).toEqual(["3.34", "3.33", "3.33"]);
  });

  it("splits 60/40 as the rules' examples say, negatives by their absolute value", () => {
    expect(show(allocateByPercent(N.num("1000.03"), [N.num("0.6"), N.num("0.4")], 2))).toEqual(["600.02", "400.01"]);
    expect(show(allocateByPercent(N.num("-1000.03"), [N.num("0.6"), N.num("0.4")], 2))).toEqual(["-600.02", "-400.01"]);
  });

  it("never gives a cent to a zero share", () => {
    expect(show(allocateShares(N.num("0.01"), [N.ZERO, N.num("0.005"), N.num("0.005")], 2))).toEqual(["0.00", "0.01", "0.00"]);
  });

  it("always sums to the whole, each part within a cent of its exact share", () => {
    const cents = fc.integer({ min: -10_000_000, max: 10_000_000 });
    const weights = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 8 }).filter((w) => w.some((x) => x > 0));
    fc.assert(
      fc.property(cents, weights, (c, w) => {
        const total = N.num(c).div(100);
        const sum = w.reduce((a, b) => a + b, 0);
        const fractions = w.map((x) => N.num(x).div(sum));
        const parts = allocateByPercent(total, fractions, 2);
        const added = parts.reduce((a, b) => N.add(a, b), N.ZERO);
        expect(N.cmp(added, total)).toBe(0);
        parts.forEach((p, i) => {
          const exact = N.mul(total, fractions[i]!);
          expect(N.cmp(N.abs(N.sub(p, exact)), N.num("0.01"))).toBeLessThan(0);
          expect(N.decimalPlaces(p)).toBeLessThanOrEqual(2);
        });
      }),
    );
  });

  it("scales amounts pro rata to a budget exactly", () => {
    const parts = scaleProRata([N.num("100.00"), N.num("200.00"), N.num("300.00")], N.num("100.00"), 2);
    expect(show(parts)).toEqual(["16.67", "33.33", "50.00"]);
  });
});

describe("holding amounts within a limit", () => {
  it("pays recoveries as they are and scales the positive amounts to the limit", () => {
    expect(show(limitPositives([N.num("10000.01"), N.num("-0.01")], N.num("10000.00"), 2))).toEqual(["10000.00", "-0.01"]);
    expect(show(limitPositives([N.num("0.15"), N.num("-0.01")], N.num("0.14"), 2))).toEqual(["0.14", "-0.01"]);
    expect(show(limitPositives([N.num("-5.00"), N.num("3.00"), N.ZERO, N.num("1.00")], N.num("2.00"), 2))).toEqual(["-5.00", "1.50", "0.00", "0.50"]);
    expect(show(limitPositives([N.num("3.00"), N.num("-4.00")], N.num("3.00"), 2))).toEqual(["3.00", "-4.00"]);
  });

  it("never exceeds the limit whatever the signs: each amount between 0 and itself, cents exact", () => {
    const amounts = fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 1, maxLength: 8 });
    const limit = fc.integer({ min: 0, max: 2_000_000 });
    fc.assert(
      fc.property(amounts, limit, (cents, l) => {
        const input = cents.map((c) => N.num(c).div(100));
        const cap = N.num(l).div(100);
        const out = limitPositives(input, cap, 2);
        const positives = input.reduce((s, a) => (N.isNegative(a) ? s : N.add(s, a)), N.ZERO);
        const paid = out.reduce((s, a, i) => (N.cmp(input[i]!, N.ZERO) > 0 ? N.add(s, a) : s), N.ZERO);
        expect(N.cmp(paid, cap)).toBeLessThanOrEqual(0);
        expect(N.cmp(paid, N.min(positives, cap))).toBe(0);
        out.forEach((a, i) => {
          const before = input[i]!;
          expect(N.decimalPlaces(a)).toBeLessThanOrEqual(2);
          if (N.cmp(before, N.ZERO) <= 0) expect(N.cmp(a, before)).toBe(0);
          else {
            expect(N.cmp(a, N.ZERO)).toBeGreaterThanOrEqual(0);
            expect(N.cmp(a, before)).toBeLessThanOrEqual(0);
          }
        });
      }),
    );
  });
});
