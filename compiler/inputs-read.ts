/**
 * Which inputs an expression over a credit reads fields of, directly or through per-credit
 * measures. An aggregate over credits runs over the credits of those inputs: on a credit of
 * another input those fields are absent because it is another input, not because a value is
 * missing, so it is not part of the aggregate (see `agg` in ir.ts).
 */
import { children } from "./ir-children.js";
import type { IrExpr } from "./ir.js";

/** The inputs `x` reads fields of, sorted; `measureInputs` gives those a per-credit measure reads. */
export function inputsRead(x: IrExpr, measureInputs: (name: string) => readonly string[]): string[] {
  const found = new Set<string>();
  // An explicit stack: a value is as deep as the parser allows, and walked once.
  const stack: IrExpr[] = [x];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.k === "field") found.add(e.record);
    else if (e.k === "rowMeasure") for (const input of measureInputs(e.name)) found.add(input);
    else for (const c of children(e)) stack.push(c);
  }
  return [...found].sort();
}
