/**
 * Composite keys cannot collide: values holding the separators a join would use, absent values
 * and text that looks like another type all give distinct keys, in the key function itself and
 * in every place the runtime groups or looks rows up by several values (table keys, `count
 * sharing`, payee-period groups, the readers' key bindings).
 */
import { describe, expect, it } from "vitest";
import { compilePlan, formatDiagnostic, numeric as N, runCompiledPlan, type CompiledPlan } from "../../index.js";
import { compositeKey } from "../../runtime/keys.js";
import { validateObjects } from "../../runtime/readers/index.js";
import type { Reject, RecordSchema, Row, Value } from "../../runtime/schema.js";

function compile(text: string): CompiledPlan {
  const r = compilePlan(text, "test.accrue");
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => formatDiagnostic(r.source, d))).toEqual([]);
  return r.plan!;
}

/** Separators and markers a joined key might use, or that look like the key's own syntax. */
const PIECES = ["", "x", "\u0000", "\u0001", ":", ";", "/", ",", "s1:x", "d1;", "_", "T", "n1:1", "1"];

describe("compositeKey", () => {
  it("gives distinct keys to distinct lists of text", () => {
    const lists: string[][] = [[]];
    for (const a of PIECES) {
      lists.push([a]);
      for (const b of PIECES) {
        lists.push([a, b]);
        for (const c of ["", "\u0001", "y"]) lists.push([a, b, c]);
      }
    }
    const seen = new Map<string, string>();
    for (const list of lists) {
      const shown = JSON.stringify(list);
      const key = compositeKey(list);
      const before = seen.get(key);
      if (before !== undefined && before !== shown) expect.fail(`${before} and ${shown} share the key ${JSON.stringify(key)}`);
      seen.set(key, shown);
    }
  });

  it("tells the separators' classic collisions apart", () => {
    expect(compositeKey(["x\u0001y", "z"])).not.toBe(compositeKey(["x", "y\u0001z"]));
    expect(compositeKey(["a\u0000b", "c"])).not.toBe(compositeKey(["a", "b\u0000c"]));
  });

  it("tells values of different types apart, and compares numbers by value", () => {
    const values: Value[] = [null, "", "\u0000", "1", N.num(1), 1, true, "true", false, "T", "_"];
    const keys = values.map((v) => compositeKey([v]));
    expect(new Set(keys).size).toBe(values.length);
    expect(compositeKey([N.num("1.50")])).toBe(compositeKey([N.num("1.5")]));
    expect(compositeKey([N.num("-0")])).toBe(compositeKey([N.num("0")]));
  });
});

describe("keys in a run", () => {
  const plan = compile(`
plan "Keys" version 1
  currency USD
  periods monthly from 2026-01-01 to 2026-01-31
input sale { id: text  date: date  rep: text  region: text  product: text  amount: money  key id }
table region_rates { region: text  product: text  rate: percent  key region, product }
credit sale.amount of each sale on sale.date {
  exclude duplicate when count sharing sale.region, sale.product > 1
  100% to sale.rep as rep
}
measure total = sum of credit.amount × region_rates[sale.region, sale.product].rate per payee per month
pay commission = total rounded half up to cents
`);

  it("loads table rows whose keys would join to the same text, and looks each up", async () => {
    const result = await runCompiledPlan(plan, {
      region_rates: { rows: [{ region: "x\u0001y", product: "z", rate: "10%" }, { region: "x", product: "y\u0001z", rate: "20%" }] },
      sale: {
        rows: [
          { id: "s1", date: "2026-01-05", rep: "A", region: "x\u0001y", product: "z", amount: "100.00" },
          { id: "s2", date: "2026-01-05", rep: "B", region: "x", product: "y\u0001z", amount: "100.00" },
        ],
      },
    });
    expect(result.rejects).toEqual([]);
    expect(result.exclusions).toEqual([]);
    expect(result.payouts.map((p) => [p.payee, p.amount.toString()])).toEqual([["A", "10"], ["B", "20"]]);
  });

  it("groups payees whose names hold a separator apart", async () => {
    const rows = [
      { id: "s1", date: "2026-01-05", rep: "A\u00002026-01", region: "r", product: "p1", amount: "100.00" },
      { id: "s2", date: "2026-01-05", rep: "A", region: "r", product: "p2", amount: "50.00" },
    ];
    const result = await runCompiledPlan(plan, {
      region_rates: { rows: [{ region: "r", product: "p1", rate: "10%" }, { region: "r", product: "p2", rate: "10%" }] },
      sale: { rows },
    });
    expect(result.payouts.map((p) => [p.payee, p.amount.toString()])).toEqual([["A", "5"], ["A\u00002026-01", "10"]]);
  });
});

describe("the readers' key bindings", () => {
  it("bind objects whose key lists would join to the same text separately", async () => {
    const schema: RecordSchema = {
      name: "t", kind: "input", key: [], line: 1,
      fields: [{ name: "a", column: "a", type: { kind: "text" }, optional: true }, { name: "b", column: "b", type: { kind: "text" }, optional: true }],
    };
    const rejects: Reject[] = [];
    const rows: Row[] = [];
    for await (const entry of validateObjects([{ "a\u0000b": "joined" }, { a: "x", b: "y" }], schema, "objects")) {
      if (entry.kind === "row") rows.push(entry.row);
      else rejects.push(...entry.rejects);
    }
    expect(rejects).toEqual([]);
    expect(rows.map((r) => ({ ...r.values }))).toEqual([{ a: null, b: null }, { a: "x", b: "y" }]);
  });
});
