/** Tier rule: bands ascend, touch without gaps or overlaps, and only the ends may be open. */
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
      diagnostics.push(diagnostic("A302", band.span, ["are not ascending: this band ends where it starts or before"]));
    }
    if (i > 0 && !band.lower) diagnostics.push(diagnostic("A302", band.span, ["leave a band open below in the middle: only the first band may start with `below`"]));
    if (i < bands.length - 1 && !band.upper) diagnostics.push(diagnostic("A302", band.span, ["leave a band open above in the middle: only the last band may omit `to`"]));
    if (band.rate.kind === "money" && !band.perUnit) {
      diagnostics.push(diagnostic("A302", band.rate.span, ["give an amount without `per unit`: write `25.00 per unit`, or a percent"]));
    }
    if (i === 0) return;
    const previousUpper = valueOf(bands[i - 1]!.upper);
    if (!previousUpper || !lower) return;
    const c = N.cmp(lower, previousUpper);
    if (c > 0) diagnostics.push(diagnostic("A302", band.span, [`leave a gap: the previous band ends at ${N.formatExact(previousUpper)}, this one starts at ${N.formatExact(lower)}`]));
    if (c < 0) diagnostics.push(diagnostic("A302", band.span, [`overlap: the previous band ends at ${N.formatExact(previousUpper)}, this one starts at ${N.formatExact(lower)}`]));
  });
}
