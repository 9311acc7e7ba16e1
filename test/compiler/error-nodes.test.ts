/**
 * An IR exists only when no error remains. The checker used to turn an error into the constant
 * `K[-1]`, which compiled and paid nothing; now an error is an IR node of its own, every one is
 * explained by a diagnostic (A004 when nothing else explains it), and the code generator
 * refuses them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkPlan } from "../../compiler/check-plan.js";
import { checkSource } from "../../compiler/compile.js";
import { emitBody } from "../../compiler/emit.js";
import type { IrExpr } from "../../compiler/ir.js";
import { ERROR } from "../../compiler/types.js";
import { parsePlan } from "../../language/parse.js";
import { SourceFile } from "../../language/source.js";
import type { Decl } from "../../language/syntax.js";

const PLAN = fileURLToPath(new URL("../../examples/01-marginal-tiers/plan.accrue", import.meta.url));
const text = readFileSync(PLAN, "utf8");

describe("error nodes", () => {
  it("an error node that no diagnostic explains is reported where it stands, and the plan gets no IR", () => {
    const { plan, diagnostics } = parsePlan(text);
    expect(diagnostics).toEqual([]);
    const measure = plan.decls.find((d): d is Extract<Decl, { kind: "measure" }> => d.kind === "measure")!;
    const span = measure.value.span;
    measure.value = { kind: "error", span };
    const checked = checkPlan(plan, new SourceFile("plan.accrue", text));
    expect(checked.ir).toBeUndefined();
    expect(checked.diagnostics.filter((d) => d.severity === "error").map((d) => ({ code: d.code, span: d.span }))).toEqual([{ code: "A004", span }]);
  });

  it("after a syntax error, the holes it left are not reported again", () => {
    const { plan } = parsePlan(text);
    const measure = plan.decls.find((d): d is Extract<Decl, { kind: "measure" }> => d.kind === "measure")!;
    measure.value = { kind: "error", span: measure.value.span };
    const checked = checkPlan(plan, new SourceFile("plan.accrue", text), true);
    expect(checked.ir).toBeUndefined();
    expect(checked.diagnostics.map((d) => d.code)).not.toContain("A004");
  });

  it("the code generator refuses an error node", () => {
    const ir = checkSource(text, "plan.accrue").ir!;
    expect(() => emitBody(ir)).not.toThrow();
    const broken: IrExpr = { k: "error", ty: ERROR, span: { start: 3, end: 4 } };
    const withError = { ...ir, measures: ir.measures.map((m, i) => (i === 0 ? { ...m, value: broken } : m)) };
    expect(() => emitBody(withError)).toThrow(/error node at offset 3/);
  });

  for (const [name, line] of [
    ["a look-back in weeks", "pay p = net_sales 2 weeks earlier"],
    ["a look-back of an expression", "pay p = (net_sales + net_sales) 1 month earlier"],
    ["`any of previous` in weeks", "measure up = net_sales > 0\npay p = if any of up over previous 3 weeks then net_sales else 0.00"],
    ["a window of 0 days", "window w from 2026-01-01 for 0 days\nmeasure c = count where credit.date within w\npay p = net_sales when c > 0"],
    ["a tier use of a field", "pay p = sale.amount at net_sales"],
  ] as const) {
    it(`${name} is a located error, not a plan that pays nothing`, () => {
      const plan = `${text}\n${line}\n`;
      const checked = checkSource(plan, "plan.accrue");
      expect(checked.ir).toBeUndefined();
      const errors = checked.diagnostics.filter((d) => d.severity === "error");
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(e.span.start).toBeGreaterThanOrEqual(text.length);
    });
  }
});
