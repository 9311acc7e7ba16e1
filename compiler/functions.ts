/**
 * The functions a plan calls by name, `name(args)`, and what the checker knows of each: how many
 * arguments, of which types, and the type and decimals of the result. The runtime computes
 * them (`runtime/functions.ts`), the reference interpreter too (`interpreter/functions.ts`);
 * the operators that read as words (`+ 10 days`, `starts with`, `start of`) lower to the same
 * calls in the checker. A new function is an entry in each of the three, never a new keyword.
 */
import type { FunctionName } from "../runtime/functions.js";
import { COUNT, describe, isNumeric, joinType, TEXT, type Ty } from "./types.js";

/** A checked argument: its type and, when known, its decimals. */
export interface Arg {
  ty: Ty;
  scale?: number;
}

/** A function as the plan names it. */
interface Signature {
  fn: FunctionName;
  /** What the arguments must be, as a message says it. */
  takes: string;
  /** How many arguments: exactly, or at least. */
  arity: number | { atLeast: number };
  /** The result for arguments of the right count, or undefined when their types do not fit. */
  result(args: Arg[]): Arg | undefined;
}

const textual = (t: Ty) => t.kind === "text" || t.kind === "enum";

/** min, max: numbers of one unit; the result has that unit and the largest scale. */
function extreme(fn: "min" | "max"): Signature {
  return {
    fn, takes: "two or more numbers of one unit", arity: { atLeast: 2 },
    result(args) {
      let ty: Ty | undefined = args[0]!.ty;
      for (const a of args.slice(1)) ty = ty && joinType(ty, a.ty);
      if (!ty || !isNumeric(ty)) return undefined;
      const scale = args.reduce<number | undefined>((s, a) => (s === undefined || a.scale === undefined ? undefined : Math.max(s, a.scale)), 0);
      return { ty, ...(scale !== undefined ? { scale } : {}) };
    },
  };
}

function periodOfDate(fn: "month" | "quarter" | "year"): Signature {
  return { fn, takes: "one date", arity: 1, result: ([d]) => (d!.ty.kind === "date" ? { ty: { kind: "period", grain: fn } } : undefined) };
}

function textToText(fn: "upper" | "lower" | "trim"): Signature {
  return { fn, takes: "one text", arity: 1, result: ([t]) => (textual(t!.ty) ? { ty: TEXT } : undefined) };
}

/** The functions by the name a plan writes. A map, not an object: `constructor(x)` is no function. */
const SIGNATURES = new Map<string, Signature>([
  ["min", extreme("min")],
  ["max", extreme("max")],
  ["abs", { fn: "abs", takes: "one number", arity: 1, result: ([a]) => (isNumeric(a!.ty) ? a : undefined) }],
  ["month", periodOfDate("month")],
  ["quarter", periodOfDate("quarter")],
  ["year", periodOfDate("year")],
  ["day", { fn: "day_of_month", takes: "one date", arity: 1, result: ([d]) => (d!.ty.kind === "date" ? { ty: COUNT, scale: 0 } : undefined) }],
  ["text", {
    fn: "text", takes: "one number, date, period or text", arity: 1,
    result: ([v]) => (isNumeric(v!.ty) || textual(v!.ty) || v!.ty.kind === "date" || v!.ty.kind === "period" || v!.ty.kind === "boolean" ? { ty: TEXT } : undefined),
  }],
  ["upper", textToText("upper")],
  ["lower", textToText("lower")],
  ["trim", textToText("trim")],
  ["length", { fn: "length", takes: "one text", arity: 1, result: ([t]) => (textual(t!.ty) ? { ty: COUNT, scale: 0 } : undefined) }],
]);

/** The names of the functions, for "did you mean". */
export function functionNames(): Iterable<string> {
  return SIGNATURES.keys();
}

/** What checking a call found: the function and its result, or what is wrong. */
export type CallCheck =
  | { ok: true; fn: FunctionName; result: Arg }
  | { ok: false; problem: "unknown" }
  | { ok: false; problem: "arity" | "types"; takes: string; found: string };

/** Checks a call of `name` with arguments of these types. */
export function checkCall(name: string, args: Arg[]): CallCheck {
  const sig = SIGNATURES.get(name);
  if (!sig) return { ok: false, problem: "unknown" };
  const countFits = typeof sig.arity === "number" ? args.length === sig.arity : args.length >= sig.arity.atLeast;
  if (!countFits) return { ok: false, problem: "arity", takes: sig.takes, found: `${args.length} value${args.length === 1 ? "" : "s"}` };
  if (args.some((a) => a.ty.kind === "error")) return { ok: true, fn: sig.fn, result: { ty: { kind: "error" } } };
  const result = sig.result(args);
  if (!result) return { ok: false, problem: "types", takes: sig.takes, found: args.map((a) => describe(a.ty)).join(" and ") };
  return { ok: true, fn: sig.fn, result };
}
