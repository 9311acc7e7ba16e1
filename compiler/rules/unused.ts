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
  const outputs = outputColumns(plan);
  for (const [name, decl] of symbols.measures) if (!symbols.used.has(name) && !outputs.has(name)) diagnostics.push(diagnostic("A104", decl.name.span, ["the measure", name]));
  for (const [name, decl] of symbols.tiers) if (!symbols.used.has(name)) diagnostics.push(diagnostic("A104", decl.name.span, ["the tier table", name]));
  for (const [name, decl] of symbols.rates) if (!symbols.used.has(name)) diagnostics.push(diagnostic("A104", decl.name.span, ["the rate table", name]));
  for (const [name, decl] of symbols.windows) if (!symbols.used.has(name)) diagnostics.push(diagnostic("A104", decl.name.span, ["the window", name]));
  for (const [name, decl] of symbols.balances) if (!symbols.used.has(name)) diagnostics.push(diagnostic("A104", decl.name.span, ["the balance", name]));
  const given = new Set(symbols.reasons);
  for (const [name, at] of symbols.declaredReasons ?? []) {
    if (!given.has(name)) diagnostics.push(diagnostic("A311", at.span, [name]));
  }
}

/** The names that output columns list bare (`payee`, `net_sales`): a measure listed so is used. Built once, not per measure. */
function outputColumns(plan: PlanFile): Set<string> {
  const names = new Set<string>();
  for (const d of plan.decls) if (d.kind === "output") for (const c of d.columns) if (!c.value) names.add(c.name.text);
  return names;
}
