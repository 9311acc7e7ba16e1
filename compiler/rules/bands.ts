/**
 * Tier rule: bands ascend, touch without gaps or overlaps, only the ends may be open, and the
 * last band is open above: what an amount above the bands earns is written, never implied
 * (`from 1,000,000: 0%` says it earns nothing).
 */
import { diagnostic, type Diagnostic } from "../../language/diagnostics.js";
import type { Decl, Expr } from "../../language/syntax.js";
import * as N from "../../runtime/numeric.js";

type TiersDecl = Extract<Decl, { kind: "tiers" }>;

function valueOf(e: Expr | undefined): N.Num | undefined {
  if (!e) return undefined;
  if (e.kind === "unary" && e.op === "-") {
    const inner = valueOf(e.operand);
    return inner && N.neg(inner);
  }
  if (e.kind === "number" || e.kind === "money") return N.num(e.text);
  if (e.kind === "percent") return N.num(e.text).div(100);
  return undefined;
}

/** A bound as the designer writes it (`50,000`, `80%`, `-5`), for messages. */
function written(e: Expr | undefined): string {
  if (!e) return "";
  switch (e.kind) {
    case "unary": return `-${written(e.operand)}`;
    case "percent": return `${e.text}%`;
    case "money": {
      const [whole, cents] = e.text.split(".");
      return whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (cents !== undefined ? `.${cents}` : "");
    }
    case "number": return e.text;
    default: return "the bound";
  }
}

/** The last band ends: say what an amount above it earns, with a fix that adds a band earning nothing. */
function closedTop(band: TiersDecl["bands"][number]): Diagnostic {
  const top = written(band.upper);
  const text = `from ${top}: ${band.perUnit ? "0.00 per unit" : "0%"}`;
  const at = { start: band.span.end, end: band.span.end };
  return diagnostic("A302", band.span, [`end at ${top} and say nothing of amounts above it: add a last band such as \`${text}\` (earning nothing above ${top})`], {
    fix: { title: `Add \`${text}\`: amounts above ${top} earn nothing`, span: at, text: `\n  ${text}` },
  });
}

/** Reports bands that are empty, not ascending, overlapping, leaving gaps, or open in the middle. */
export function checkBands(decl: TiersDecl, diagnostics: Diagnostic[]): void {
  const bands = decl.bands;
  if (bands.length === 0) {
    diagnostics.push(diagnostic("A302", decl.name.span, ["are missing: give at least one band"]));
    return;
  }
  // A bare number (`from 0`) takes the unit of the other bounds.
  const kinds = new Set(bands.flatMap((b) => [b.lower, b.upper]).filter((e): e is Expr => !!e).map((e) => (e.kind === "unary" ? e.operand.kind : e.kind)).filter((k) => k !== "number"));
  if (kinds.size > 1) diagnostics.push(diagnostic("A302", decl.span, [`mix units (${[...kinds].join(", ")}): write every bound in one unit`]));
  const perUnit = new Set(bands.map((b) => b.perUnit));
  if (perUnit.size > 1) diagnostics.push(diagnostic("A302", decl.span, ["mix percent rates and amounts per unit"]));
  bands.forEach((band, i) => {
    const lower = valueOf(band.lower);
    const upper = valueOf(band.upper);
    if (lower && upper && N.cmp(lower, upper) >= 0) {
      const detail = N.cmp(lower, upper) === 0
        ? `are not ascending: this band starts and ends at ${written(band.lower)}, so it is empty`
        : `are not ascending: this band goes down from ${written(band.lower)} to ${written(band.upper)}`;
      diagnostics.push(diagnostic("A302", band.span, [detail]));
    }
    if (i > 0 && !band.lower) diagnostics.push(diagnostic("A302", band.span, ["leave a band open below in the middle: only the first band may start with `below`"]));
    if (i < bands.length - 1 && !band.upper) diagnostics.push(diagnostic("A302", band.span, ["leave a band open above in the middle: only the last band may omit `to`"]));
    // A last band that goes down is reported as such; one that ends is reported here.
    const descending = lower && upper && N.cmp(lower, upper) >= 0;
    if (i === bands.length - 1 && band.upper && !descending) diagnostics.push(closedTop(band));
    if (band.rate.kind === "money" && !band.perUnit) {
      diagnostics.push(diagnostic("A302", band.rate.span, ["give an amount without `per unit`: write `25.00 per unit`, or a percent"]));
    }
    if (i === 0) return;
    const previousUpper = valueOf(bands[i - 1]!.upper);
    if (!previousUpper || !lower) return;
    const c = N.cmp(lower, previousUpper);
    const ends = `the previous band ends at ${written(bands[i - 1]!.upper)}, this one starts at ${written(band.lower)}`;
    if (c > 0) diagnostics.push(diagnostic("A302", band.span, [`leave a gap: ${ends}`]));
    if (c < 0) diagnostics.push(diagnostic("A302", band.span, [`overlap: ${ends}`]));
  });
}
