/**
 * Plan texts the semantics, pays and explanation tests share. Tests quote plan lines in
 * messages, so each text says which lines it takes.
 */

/** A plan header over `from` to `to` (three lines, four with `history`). */
export function header(name: string, from: string, to: string, history?: string): string {
  return `plan ${JSON.stringify(name)} version 1
  currency USD
  periods monthly from ${from} to ${to}
${history ? `  history from ${history}\n` : ""}`;
}

/** A monthly plan over 2026 whose sales are credited 100% to their rep, with their monthly total (plan lines 1 to 6). */
export const SALES = `${header("Sales", "2026-01-01", "2026-12-31")}input sale { id: text  date: date  rep: text  amount: money  key id }
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep }
measure total = sum of credit.amount per payee per month
`;

/** Outlets credited with their sales, each naming the distributor its bounty is paid to (plan lines 1 to 7). */
export const OUTLETS = `${header("Bounties", "2026-01-01", "2026-12-31")}input sale { id: text  date: date  outlet: text  distributor: optional text  amount: money  key id }
credit sale.amount of each sale on sale.date { 100% to sale.outlet as outlet }
measure total = sum of credit.amount per payee per month
measure distributor = first of sale.distributor by credit.date, sale.id per payee per month
`;

/** Reps who take part from their start date, with a draw balance that starts there too (January to June 2026). */
export const STARTS = `${header("Starts", "2026-01-01", "2026-06-30")}input sale { id: text  date: date  rep: text  amount: money  key id }
table reps { rep: text  start: date }
credit sale.amount of each sale on sale.date { 100% to sale.rep as rep }
participants reps.rep from reps.start per month
measure total = sum of credit.amount per payee per month
balance draw per payee per month
  starts at 100.00
  becomes draw + 10.00
pay p = total + draw per payee per month
output "draws.csv" per payee per month { payee  period  opens = draw  closes = closing draw }
`;
