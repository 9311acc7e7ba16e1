/**
 * The compiler pipeline, named step by step: parsePlan (language/) → checkPlan (names, types,
 * rules; produces IR) → emitBody/emitModule (JavaScript) → closures. The CLI, the language
 * server and embedding jobs all come through here.
 */
import { parsePlan, type ParseResult } from "../language/parse.js";
import { capDiagnostics, sortDiagnostics, type Diagnostic } from "../language/diagnostics.js";
import type { PlanFile } from "../language/syntax.js";
import { SourceFile } from "../language/source.js";
import type { CompiledPlan, PlanFunctions } from "../runtime/plan-module.js";
import { checkPlan } from "./check-plan.js";
import { emitBody, emitModule, planMeta } from "./emit.js";
import type { PlanIr } from "./ir.js";

/** Everything the front end learned about a plan. */
export interface CheckedPlan {
  source: SourceFile;
  syntax: PlanFile;
  ir?: PlanIr;
  diagnostics: Diagnostic[];
}

/**
 * Parses and checks a plan; diagnostics are sorted by position, and capped (capDiagnostics).
 * A caller that has parsed the text already (the language server) passes the parse along.
 */
export function checkSource(text: string, path: string, parsed: Pick<ParseResult, "plan" | "diagnostics"> = parsePlan(text)): CheckedPlan {
  const source = new SourceFile(path, text);
  const syntaxErrors = parsed.diagnostics.length > 0;
  // After a syntax error the tree has holes; checking it anyway reports the rest, but names
  // that were lost in the hole would show up as false "unused" warnings, so those are dropped.
  const checked = checkPlan(parsed.plan, source, syntaxErrors);
  const diagnostics = syntaxErrors ? [...parsed.diagnostics, ...checked.diagnostics.filter((d) => d.severity === "error")] : checked.diagnostics;
  return { source, syntax: parsed.plan, ir: syntaxErrors ? undefined : checked.ir, diagnostics: capDiagnostics(sortDiagnostics(diagnostics)) };
}

/** A plan compiled in this process, or the diagnostics that stopped it. */
export interface CompileResult extends CheckedPlan {
  plan?: CompiledPlan;
}

/** Checks a plan and turns it into closures, ready to run. */
export function compilePlan(text: string, path: string): CompileResult {
  const checked = checkSource(text, path);
  if (!checked.ir) return checked;
  return { ...checked, plan: closuresOf(checked.ir) };
}

/** The generated module's text for `accrue compile`, or the diagnostics that stopped it. */
export function compileToModule(text: string, path: string): CheckedPlan & { module?: string } {
  const checked = checkSource(text, path);
  if (!checked.ir) return checked;
  return { ...checked, module: emitModule(checked.ir) };
}

/** The generated body as a function of the runtime API: the same code the module file holds. */
function closuresOf(ir: PlanIr): CompiledPlan {
  const build = new Function("rt", emitBody(ir)) as (rt: unknown) => PlanFunctions;
  return { meta: planMeta(ir), build };
}
