/**
 * Balance rule: a payee's first period opens each balance with `starts at`, and every period
 * closes it with `becomes`, evaluated with that period's opening. Within one period a value may
 * need others of the same period: a closing needs its own opening and whatever its rule reads
 * (other balances' openings and closings, through measures too); a first opening needs what
 * `starts at` reads. Later openings are the closings of the period before, so a loop can only
 * close within the first period, and there the run would have nothing to start from: the
 * checker refuses it (A315), naming the loop. A window over earlier periods (`1 month earlier`,
 * `previous 3 months`) never closes one; a window that reaches later periods (`months of this
 * quarter`, `to date`... from a month before the last) reads later openings of a balance, which
 * follow from this period's closing: it counts as needing that closing.
 */
import { diagnostic, type Diagnostic } from "../../language/diagnostics.js";
import { children } from "../ir-children.js";
import type { BalanceIr, IrExpr } from "../ir.js";

/** A value of the first period: a balance's opening or its closing. */
type Node = `${"open" | "close"} ${string}`;

/** Reports every loop among the first period's openings and closings, once. */
export function checkBalanceCycles(balances: BalanceIr[], measures: ReadonlyMap<string, IrExpr>, diagnostics: Diagnostic[]): void {
  const declared = new Set(balances.map((b) => b.name));
  const needs = new Map<Node, Node[]>();
  /** The measure a need goes through, by `from|to`, for the message. */
  const through = new Map<string, string>();
  const edges = (from: Node, x: IrExpr, own: Node[]) => {
    const refs = balanceRefs(x, measures).filter((r) => declared.has(r.name));
    for (const r of refs) if (r.via && !through.has(`${from}|${nodeOf(r)}`)) through.set(`${from}|${nodeOf(r)}`, r.via);
    needs.set(from, [...new Set<Node>([...own, ...refs.map(nodeOf)])]);
  };
  for (const b of balances) {
    edges(`open ${b.name}`, b.start, []);
    edges(`close ${b.name}`, b.next, [`open ${b.name}`]);
  }
  const reported = new Set<string>();
  for (const b of balances) {
    for (const [start, span] of [[`open ${b.name}`, b.start.span], [`close ${b.name}`, b.next.span]] as const) {
      const loop = loopFrom(start, needs);
      if (!loop || loop.some((n) => reported.has(n))) continue;
      loop.forEach((n) => reported.add(n));
      diagnostics.push(diagnostic("A315", span, [describeLoop(loop, through)]));
    }
  }
}

const nodeOf = (r: { name: string; closing: boolean }): Node => `${r.closing ? "close" : "open"} ${r.name}`;

/** `the opening of a needs itself in the first period: a → (measure m) closing b → a; ...` */
function describeLoop(loop: Node[], through: ReadonlyMap<string, string>): string {
  const shown = (n: Node) => (n.startsWith("open ") ? n.slice(5) : `closing ${n.slice(6)}`);
  const [kind, name] = loop[0]!.split(" ") as ["open" | "close", string];
  const closed = [...loop, loop[0]!];
  const path = closed.map((n, i) => {
    const via = i > 0 ? through.get(`${closed[i - 1]}|${n}`) : undefined;
    return `${via ? `(measure ${via}) ` : ""}${shown(n)}`;
  }).join(" → ");
  const advice = kind === "open" ? "start it from values that do not need it" : `its rule reads its own opening as \`${name}\`, never its closing`;
  return `the ${kind === "open" ? "opening" : "closing"} of \`${name}\` needs itself${path.includes("in later periods") ? "" : " in the first period"}: ${path}; ${advice}`;
}

/**
 * The balances an expression reads in its own period, directly or through measures (with the
 * first measure on the way); through a window that reaches later periods, a balance read there
 * counts as its closing here (its later openings follow from it).
 */
function balanceRefs(x: IrExpr, measures: ReadonlyMap<string, IrExpr>): { name: string; closing: boolean; via?: string }[] {
  const out: { name: string; closing: boolean; via?: string }[] = [];
  const seen = new Set<string>();
  const stack: { node: IrExpr; via?: string; later?: true }[] = [{ node: x }];
  while (stack.length > 0) {
    const { node, via, later } = stack.pop()!;
    const along = { ...(via ? { via } : {}), ...(later ? { later } : {}) };
    if (node.k === "balance") out.push({ name: node.name, closing: node.closing || later === true, ...(via ? { via } : {}) });
    const reached = node.k === "measure" || node.k === "rowMeasure" ? { name: node.name, later } : node.k === "window" ? windowReach(node, later) : undefined;
    if (reached && !seen.has(`${reached.name}|${reached.later ?? ""}`)) {
      seen.add(`${reached.name}|${reached.later ?? ""}`);
      const value = measures.get(reached.name);
      const shown = via ?? (reached.later && !later ? `${reached.name}, in later periods` : reached.name);
      if (value) stack.push({ node: value, via: shown, ...(reached.later ? { later: true as const } : {}) });
    }
    for (const child of children(node)) stack.push({ node: child, ...along });
  }
  return out;
}

/** The measure a window reads in this period or later ones (undefined: earlier periods only, which never close this one). */
function windowReach(w: Extract<IrExpr, { k: "window" }>, later: true | undefined): { name: string; later?: true } | undefined {
  const to = w.window.to;
  if (to !== undefined && to < 0) return undefined;
  return { name: w.measure, ...(later || to === undefined || to > 0 ? { later: true as const } : {}) };
}

/** A path from `start` back to itself through `needs` (without the final repeat), if there is one. */
function loopFrom(start: Node, needs: ReadonlyMap<Node, Node[]>): Node[] | undefined {
  const path: Node[] = [];
  const onPath = new Set<Node>();
  const cleared = new Set<Node>();
  // Depth-first with an explicit stack of iterators: a plan can chain thousands of balances.
  const stack: { node: Node; next: Iterator<Node> }[] = [];
  const enter = (node: Node) => {
    path.push(node);
    onPath.add(node);
    stack.push({ node, next: (needs.get(node) ?? [])[Symbol.iterator]() });
  };
  enter(start);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const step = top.next.next();
    if (step.done) {
      stack.pop();
      path.pop();
      onPath.delete(top.node);
      cleared.add(top.node);
      continue;
    }
    const n = step.value;
    if (n === start) return [...path];
    if (!onPath.has(n) && !cleared.has(n)) enter(n);
  }
  return undefined;
}
