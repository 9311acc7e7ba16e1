/**
 * Constant expressions: the value of an IR expression made of literals only (`100% / 7`,
 * `-500.00`, `min(10%, 20%)`), computed with the runtime's own numeric module so that the
 * checker sees exactly the number the run will see (1/7 at the run's precision, not a
 * rational 1/7 that would add up to 100% where the run's decimals do not).
 */
import * as N from "../runtime/numeric.js";
import type { Constant, IrExpr } from "./ir.js";

/** The number a constant expression evaluates to; undefined when it reads data, or is not a number. */
export function constantValue(x: IrExpr, constants: readonly Constant[]): N.Num | undefined {
  switch (x.k) {
    case "const": {
      const c = constants[x.index];
      return c?.kind === "num" ? N.num(c.text) : undefined;
    }
    case "neg": {
      const a = constantValue(x.a, constants);
      return a && N.neg(a);
    }
    case "arith": {
      const a = constantValue(x.a, constants);
      const b = constantValue(x.b, constants);
      if (!a || !b) return undefined;
      switch (x.op) {
        case "+": return N.add(a, b);
        case "-": return N.sub(a, b);
        case "*": return N.mul(a, b);
        case "/": return N.div(a, b);
      }
      return undefined;
    }
    case "round": {
      const a = constantValue(x.a, constants);
      return a && N.round(a, x.places, x.mode);
    }
    case "call": {
      if (x.fn !== "min" && x.fn !== "max" && x.fn !== "abs") return undefined;
      const args = x.args.map((a) => constantValue(a, constants));
      if (!args.every((a): a is N.Num => a !== undefined)) return undefined;
      if (x.fn === "abs") return N.abs(args[0]!);
      return args.reduce((a, b) => (x.fn === "min" ? N.min(a, b) : N.max(a, b)));
    }
    default: return undefined;
  }
}
