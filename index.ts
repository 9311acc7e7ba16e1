/**
 * Accrue as a library: compile a plan, run it over tables and batches of rows, read the
 * payouts, credits, exclusions and reconciliation as typed objects; format a plan's text.
 */
export { compilePlan, compileToModule, checkSource, type CompileResult, type CheckedPlan } from "./compiler/compile.js";
export { parsePlan, formatPlan, SourceFile, formatDiagnostic, renderDiagnostic, type Diagnostic } from "./language/index.js";
export * from "./runtime/index.js";
