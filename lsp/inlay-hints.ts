/**
 * Inlay hints: the type and unit of each measure (and pay, and balance) after its name, from
 * the checker; and on tier tables, what the bands mean in money: for a marginal table, the
 * overall rate at the top of each band (4,000.00 on 100,000 is 4% overall); for a retroactive
 * table over amounts, what reaching each band pays (1.5% of 100,000 is 1,500.00). Tables over
 * percentages, per-unit rates, or bounds that are not plain ascending literals get no hint.
 */
import { InlayHintKind, type InlayHint, type Range } from "vscode-languageserver";
import type { Band, Decl, Expr } from "../language/syntax.js";
import * as N from "../runtime/numeric.js";
import type { CheckedDocument } from "./documents.js";
import { typeLabel } from "./plan-types.js";
import { overlaps, spanOf } from "./ranges.js";

/** The inlay hints inside a range. */
export function inlayHints(entry: CheckedDocument, range: Range): InlayHint[] {
  const { doc, plan, text } = entry.parsed;
  const wanted = spanOf(doc, range);
  const hints: InlayHint[] = [];
  for (const decl of plan.decls) {
    if (!decl?.span || !overlaps(decl.span, wanted)) continue;
    if ((decl.kind === "measure" || decl.kind === "pay" || decl.kind === "balance") && entry.types) {
      const t = entry.types.names.get(decl.name.text);
      if (t && t.ty.kind !== "error") {
        hints.push({ position: doc.positionAt(decl.name.span.end), label: `: ${typeLabel(t.ty, entry.types.currency)}`, kind: InlayHintKind.Type, paddingLeft: false });
      }
    }
    if (decl.kind === "tiers") {
      for (const { band, label } of bandHints(decl, text)) {
        if (overlaps(band.span, wanted)) hints.push({ position: doc.positionAt(band.span.end), label, kind: InlayHintKind.Parameter, paddingLeft: true });
      }
    }
  }
  return hints;
}

type TiersDecl = Extract<Decl, { kind: "tiers" }>;

/** The hint of each band of a tier table that has one. */
export function bandHints(decl: TiersDecl, text: string): { band: Band; label: string }[] {
  const bands = (decl.bands ?? []).filter((b) => b?.span);
  if (bands.length === 0 || bands.some((b) => b.perUnit || b.rate?.kind !== "percent")) return [];
  const boundKinds = new Set(bands.flatMap((b) => [b.lower, b.upper]).filter((e): e is Expr => !!e).map((e) => e.kind));
  if ([...boundKinds].some((k) => k !== "money" && k !== "number")) return [];
  const lower = (b: Band) => (b.lower ? value(b.lower) : N.num(0));
  const upper = (b: Band) => (b.upper ? value(b.upper) : undefined);
  const rate = (b: Band) => N.num((b.rate as { text: string }).text).div(100);
  const out: { band: Band; label: string }[] = [];
  if (decl.mode === "marginal") {
    let paid = N.num(0);
    for (const b of bands) {
      const lo = lower(b);
      const hi = upper(b);
      if (!lo || N.isNegative(lo)) return [];
      if (!hi) break;
      paid = N.add(paid, N.mul(N.sub(hi, lo), rate(b)));
      if (N.isZero(hi)) continue;
      out.push({ band: b, label: `${percent(N.ratio(paid, hi))} overall at ${written(text, b.upper!)}` });
    }
    return out;
  }
  for (const b of bands) {
    const lo = b.lower ? value(b.lower) : undefined;
    if (!lo || N.isZero(lo) || N.isNegative(lo)) continue;
    out.push({ band: b, label: `pays ${money(N.mul(lo, rate(b)))} at ${written(text, b.lower!)}` });
  }
  return out;
}

function value(e: Expr): N.Num | undefined {
  return e.kind === "money" || e.kind === "number" ? N.num(e.text) : undefined;
}

function written(text: string, e: Expr): string {
  return text.slice(e.span.start, e.span.end);
}

/** `4%`, `4.67%` (rounded to 2 decimals, with `≈` when rounded). */
function percent(ratio: N.Num): string {
  const exact = N.mul(ratio, N.num(100));
  const shown = N.round(exact, 2, "half up");
  const text = N.formatExact(shown);
  return `${N.cmp(shown, exact) === 0 ? "" : "≈ "}${text}%`;
}

/** `1,500.00`. */
function money(amount: N.Num): string {
  const [whole, cents] = N.formatFixed(N.round(amount, 2, "half up"), 2).split(".");
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${cents}`;
}
