/**
 * The words that read as operators (`10 days`, `start of`, `contains`, `starts with`, `ends
 * with`, `months from`) are no keywords: they stay free as names where they cannot be meant
 * as operators.
 */
import { describe, expect, it } from "vitest";
import { checkSource } from "../../compiler/compile.js";

const header = `plan "Words" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-03-31

input sale {
  id: text
  rep: text
  date: date
  amount: money
  key id
}

credit sale.amount of each sale on sale.date {
  100% to sale.rep as rep
}
`;

function problems(body: string): string[] {
  return checkSource(header + body, "words.accrue").diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`);
}

describe("time and text words", () => {
  it("reads them as operators where they follow a value", () => {
    const body = `
measure sales = sum of credit.amount per payee per month
measure named = count where credit.payee starts with "R" and credit.payee contains "0" and credit.payee ends with "1" per payee per month
measure late = count where credit.date > start of credit.month + 10 days and credit.date <= end of credit.month - 1 week per payee per month
pay bonus = sales × 1% rounded half up to cents
  when named > 0 and late >= 0 and months from start of period to end of period + 1 day = 1
`;
    expect(problems(body)).toEqual([]);
  });

  it("leaves them free as names of measures and columns, and as a balance's name", () => {
    const body = `
measure start = sum of credit.amount per payee per month
measure end = start per payee per month
balance contains per payee per month
  starts at 0.00
  becomes contains + end
pay paid = start + contains
output "o.csv" per payee per month {
  payee
  contains = contains
  ends = end
}
`;
    expect(problems(body)).toEqual([]);
  });
});
