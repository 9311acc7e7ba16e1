/**
 * The runtime on its own: what a backend job needs to run a compiled plan module without the
 * compiler. Generated code receives the operations of `ops.ts` through build(rt).
 */
export { compareText } from "./groups.js";
export { bareRecord, compositeKey } from "./keys.js";
export { runCompiledPlan, type Binding, type RunOptions, type RunResult, type Payout, type Exclusion, type Reconciliation, type Explanation } from "./engine.js";
export type { CompiledPlan, PlanMeta } from "./plan-module.js";
export type { Credit } from "./env.js";
export type { Reject, RecordSchema, Row, Value } from "./schema.js";
export { DataError, type ReadOptions } from "./readers/index.js";
export { makeFolder, writeOutputs, reconciliationLine } from "./write.js";
export { explainsNothing, formatExplanation } from "./explain.js";
export * as numeric from "./numeric.js";
