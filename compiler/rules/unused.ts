/** Unused rule: a declared input, table, field, measure, tier or rate table, window or balance that nothing uses is a warning. */
import { diagnostic, type Diagnostic } from "../../language/diagnostics.js";
import type { PlanFile } from "../../language/syntax.js";
import type { Symbols } from "../symbols.js";

/** Warns about declarations never referred to. Pays and outputs are the plan's results, so they are always used. */
export function reportUnused(plan: PlanFile, symbols: Symbols, diagnostics: Diagnostic[]): void {
  for (const [name, record] of symbols.records) {
    if (!symbols.used.has(name)) {
      diagnostics.push(diagnostic("A104", record.decl.name.span, [record.decl.role === "input" ? "the input" : "the table", name]));
      continue;
    }
    const keys = new Set(record.decl.key.map((k) => k.text));
    for (const [fieldName, field] of record.fields) {
      if (!symbols.used.has(`${name}.${fieldName}`) && !keys.has(fieldName)) {
        diagnostics.push(diagnostic("A104", field.decl.name.span, ["the field", `${name}.${fieldName}`]));
      }
    }
  }
  for (const [name, decl] of symbols.measures) if (!symbols.used.has(name) && !isOutput(plan, name)) diagnostics.push(diagnostic("A104", decl.name.span, ["the measure", name]));
  for (const [name, decl] of symbols.tiers) if (!symbols.used.has(name)) diagnostics.push(diagnostic("A104", decl.name.span, ["the tier table", name]));
  for (const [name, decl] of symbols.rates) if (!symbols.used.has(name)) diagnostics.push(diagnostic("A104", decl.name.span, ["the rate table", name]));
  for (const [name, decl] of symbols.windows) if (!symbols.used.has(name)) diagnostics.push(diagnostic("A104", decl.name.span, ["the window", name]));
  for (const [name, decl] of symbols.balances) if (!symbols.used.has(name)) diagnostics.push(diagnostic("A104", decl.name.span, ["the balance", name]));
  for (const [name, at] of symbols.declaredReasons ?? []) {
    if (!symbols.reasons.includes(name)) diagnostics.push(diagnostic("A311", at.span, [name]));
  }
}

function isOutput(plan: PlanFile, name: string): boolean {
  return plan.decls.some((d) => d.kind === "output" && d.columns.some((c) => c.name.text === name && !c.value));
}
