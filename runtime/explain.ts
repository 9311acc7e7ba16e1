/** `accrue explain`: how one payee's payouts for a period were reached, line by line of the plan. */
import { formatDate } from "./calendar.js";
import type { Explanation } from "./engine.js";
import * as N from "./numeric.js";

/** Prints an explanation for people: measures, bands, rates, caps, then the credits behind them. */
export function formatExplanation(x: Explanation, planPath: string): string {
  if (x.groups.length === 0 && x.redirected.length === 0) return `No payee ${x.payee} in period ${x.period}: it has no credits there and is not a participant.`;
  const out: string[] = [];
  if (x.redirected.length > 0) out.push(`${x.payee} in ${x.period}: paid for what others earned`);
  for (const r of x.redirected) {
    out.push(`  pay ${r.component} = ${r.amount}, earned by ${r.sources.length} payee(s) and paid to ${x.payee}   (${planPath}:${r.line})`);
    for (const s of r.sources) out.push(`    ${s.payee}  ${s.amount}   (explain it with --payee ${s.payee} --period ${s.period})`);
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
    for (const c of g.credits) {
      out.push(`    ${c.transaction}  ${formatDate(c.date)}  ${c.role}  ${N.formatFixed(c.amount, 2)}   (${c.file}:${c.sourceLine}, credited by ${planPath}:${c.line})`);
    }
  }
  return out.join("\n");
}
