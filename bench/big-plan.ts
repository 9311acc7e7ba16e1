/**
 * Plans of any size, for the checking benchmark (bench/check.ts) and the test that checking
 * grows linearly (test/compiler/linear.test.ts). Each shape repeats one unit until the text
 * reaches the size asked for:
 * - `declarations`: inputs, credit rules, measures with `where` filters, pays and outputs, all
 *   valid (a plan that checks clean), with literals that differ from unit to unit and measures
 *   used only as output columns;
 * - `errors`: unknown names, misspelt ones and one very long one (the diagnostics and
 *   did-you-mean paths);
 * - `lists`: measures over long argument lists and `in (...)` lists (long expressions that stay shallow).
 */

const HEADER = `plan "Big" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-12-31

`;

/** One unit of each shape, numbered so that every name is declared once. */
const UNITS: Record<BigPlanShape, (i: number) => string> = {
  declarations: (i) => `/// Sales of region ${i}.
input sale_${i} {
  txn_id: text
  date: date
  rep: text
  amount: money
  channel: one of direct, partner
  key txn_id
}

credit sale_${i}.amount of each sale_${i} on sale_${i}.date {
  exclude tiny when sale_${i}.amount < ${i + 1}.00
  if sale_${i}.channel = partner {
    100% to sale_${i}.rep as rep
  } else {
    100% to sale_${i}.rep as rep
  }
}

measure net_${i} = sum of credit.amount where credit.amount > 0.00 and credit.role = rep per payee per month
measure deals_${i} = count where credit.amount > ${i + 100}.00
measure average_${i} = average of credit.amount rounded half up to cents
pay commission_${i} = net_${i} × 2% rounded half up to cents when deals_${i} > 0

output "region_${i}.csv" per payee per month {
  payee
  period
  net_${i}
  average_${i}
}
`,
  errors: (i) => `measure m_${i} = nett_${i} + unknown_${i} × sale_${i}.amount
pay p_${i} = m_${i} + comission_${i}
`,
  lists: (i) => `measure top_${i} = max(${Array.from({ length: 40 }, (_, k) => `net_${k % 7}`).join(", ")})
measure in_${i} = count where credit.payee in (${Array.from({ length: 40 }, (_, k) => `"R${k}"`).join(", ")})
`,
};

export type BigPlanShape = "declarations" | "errors" | "lists";

/** A plan of about `size` characters in the given shape. */
export function bigPlan(size: number, shape: BigPlanShape): string {
  const parts = [HEADER];
  if (shape === "lists") parts.push(UNITS.declarations(0).replace(/_0\b/g, "_base"), ...Array.from({ length: 7 }, (_, k) => `measure net_${k} = sum of credit.amount per payee per month\n`));
  // Two long names, one misspelt (a tenth of the plan, at most 100,000 letters each).
  const long = "x".repeat(Math.min(100_000, Math.floor(size / 20)));
  if (shape === "errors") parts.push(`measure ${long}_typo = ${long}_typ + 1.00\n`);
  let length = parts.reduce((n, p) => n + p.length, 0);
  for (let i = 0; length < size; i++) {
    const unit = `${UNITS[shape](i)}\n`;
    parts.push(unit);
    length += unit.length;
  }
  return parts.join("");
}
