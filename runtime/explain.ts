/** `accrue explain`: how one payee's payouts for a period were reached, line by line of the plan. */
import { formatDate } from "./calendar.js";
import type { Credit } from "./env.js";
import type { Explanation } from "./engine.js";
import * as N from "./numeric.js";

/** True when there is nothing to explain: no group, no pay received from others, no credits outside the participants. */
export function explainsNothing(x: Explanation): boolean {
  return x.groups.length === 0 && x.redirected.length === 0 && x.outside.length === 0;
}

/** Prints an explanation for people: measures, bands, rates, caps, then the credits behind them. */
export function formatExplanation(x: Explanation, planPath: string): string {
  if (explainsNothing(x)) return `No payee ${x.payee} in period ${x.period}: it has no credits there and is not a participant.`;
  const out: string[] = [];
  const credit = (c: Credit) =>
    `    ${c.transaction}  ${formatDate(c.date)}  ${c.role}  ${N.formatFixed(c.amount, 2)}   (${c.file}:${c.sourceLine}, credited by ${planPath}:${c.line})`;
  if (x.redirected.length > 0) out.push(`${x.payee} in ${x.period}: paid for what others earned`);
  for (const r of x.redirected) {
    out.push(`  pay ${r.component} = ${r.amount}, earned by ${r.sources.length} payee(s) and paid to ${x.payee}   (${planPath}:${r.line})`);
    for (const s of r.sources) out.push(`    ${s.payee}  ${s.amount}   (explain it with --payee ${s.payee} --period ${s.period})`);
    for (const e of r.limits) out.push(`    ${e.kind} ${e.name}: ${e.detail}   (${planPath}:${e.line})`);
  }
  for (const g of x.groups) {
    out.push(`${x.payee} in ${x.period} (per ${g.grain})`);
    for (const p of g.pays) {
      out.push(`  pay ${p.name} = ${p.amount}   (${planPath}:${p.line})`);
      for (const e of p.events) out.push(`    ${e.kind} ${e.name}: ${e.detail}   (${planPath}:${e.line})`);
    }
    if (g.measures.length > 0) out.push("  measures:");
    for (const m of g.measures) out.push(`    ${m.name} = ${m.value}   (${planPath}:${m.line})`);
    if (g.balances.length > 0) out.push("  balances:");
    for (const b of g.balances) out.push(`    ${b.name} opens at ${b.opening}, closes at ${b.closing}   (${planPath}:${b.line})`);
    out.push(`  credits (${g.credits.length}):`);
    for (const c of g.credits) out.push(credit(c));
  }
  for (const o of x.outside) {
    const total = o.credits.reduce((sum, c) => N.add(sum, c.amount), N.ZERO);
    out.push(`${x.payee} in ${x.period} (per ${o.grain}): not a participant in this period, so nothing is paid for its ${o.credits.length} credit(s), ${N.formatFixed(total, 2)} in all`);
    out.push(`  credits (${o.credits.length}):`);
    for (const c of o.credits) out.push(credit(c));
  }
  return out.join("\n");
}
