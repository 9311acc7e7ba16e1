/**
 * The reference interpreter: the executable meaning of a checked plan. It evaluates the IR
 * directly (decimal arithmetic, no code generation, nothing remembered between evaluations)
 * and shares only the readers and the value types with the engine, so that the differential
 * fuzzer (fuzz/differential.ts) can hold the compiled closures to what the plan says.
 */
export { interpretPlan, type InterpretedRun } from "./run.js";
