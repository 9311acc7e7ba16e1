/**
 * Plan text never becomes code. Names, strings and column names that look like JavaScript
 * (quotes closing a string, `*\/`, backticks and `${}`, U+2028 which ends a line in a JavaScript
 * comment) are compiled into a module; the module must parse with `new Function`, run, leave
 * no trace of the would-be code, and carry every string through as data.
 */
import { describe, expect, it } from "vitest";
import { compileToModule } from "../../compiler/compile.js";
import { renderDiagnostic } from "../../language/source.js";
import type { CompiledPlan } from "../../runtime/plan-module.js";
import { runCompiledPlan } from "../../runtime/engine.js";

/** Each payload, if it ever ran as code, sets a global flag. */
const PAYLOADS = {
  name: "x\"); globalThis.__accrueInjected = 'name'; //",
  version: "1\u2029globalThis.__accrueInjected = 'version'",
  idColumn: "id\"); globalThis.__accrueInjected = 'column'; //",
  dateColumn: "a*/b",
  repColumn: "`${globalThis.__accrueInjected = 'template'}`",
  regionColumn: "line\u2028globalThis.__accrueInjected = 'u2028'",
  quoted: "x\"); throw 1; //",
  comment: "*/ globalThis.__accrueInjected = 'comment' /*",
  separator: "sep\u2028globalThis.__accrueInjected = 'separator'",
  template: "${globalThis.__accrueInjected = 'tag'}",
  file: "out\"); globalThis.__accrueInjected = 'file'; ${1} *.csv",
  path: "plans/\u2028globalThis.__accrueInjected = 'path' //.accrue",
} as const;

/** A string as a plan writes it: quoted, with `"` and `\` escaped and U+2028/U+2029 as `\uXXXX`. */
function planString(value: string): string {
  return JSON.stringify(value).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

const P = Object.fromEntries(Object.entries(PAYLOADS).map(([k, v]) => [k, planString(v)])) as Record<keyof typeof PAYLOADS, string>;

const PLAN = `
plan ${P.name} version ${P.version}
  currency USD
  periods monthly from 2026-01-01 to 2026-01-31

input sale {
  txn_id: text from ${P.idColumn}
  date: date from ${P.dateColumn}
  rep: text from ${P.repColumn}
  region: text from ${P.regionColumn}
  amount: money
  key txn_id
}

credit sale.amount of each sale on sale.date {
  exclude quoted when sale.region = ${P.quoted}
  exclude commented when sale.region in (${P.comment}, ${P.separator})
  100% to sale.rep as rep
}

measure net_sales = sum of credit.amount per payee per month

pay commission = net_sales × 10% rounded half up to cents

output ${P.file} per credit {
  txn = sale.txn_id
  region = sale.region
  tag = if sale.region = ${P.template} then ${P.template} else ${P.quoted}
}
`;

/** The module's text as a function body: its two `export` lines become plain declarations. */
function moduleAsFunctionBody(module: string): string {
  const lines = module.split("\n").map((line) => (line.startsWith("export ") ? line.slice("export ".length) : line));
  return `${lines.join("\n")}\nreturn { meta, build };`;
}

describe("plan text cannot change the generated code", () => {
  it("compiles, parses, runs, and keeps every string as data", async () => {
    const compiled = compileToModule(PLAN, PAYLOADS.path);
    expect(compiled.diagnostics.map((d) => renderDiagnostic(compiled.source, d))).toEqual([]);
    const module = compiled.module!;
    // Line and paragraph separators end a line in JavaScript, even inside a `//` comment.
    expect(module).not.toMatch(/[\u2028\u2029]/);

    delete (globalThis as Record<string, unknown>).__accrueInjected;
    const plan = new Function(moduleAsFunctionBody(module))() as CompiledPlan;
    expect(plan.meta.name).toBe(PAYLOADS.name);
    expect(plan.meta.version).toBe(PAYLOADS.version);
    expect(plan.meta.sourcePath).toBe(PAYLOADS.path);
    expect(plan.meta.records[0]!.fields.map((f) => f.column)).toEqual([
      PAYLOADS.idColumn, PAYLOADS.dateColumn, PAYLOADS.repColumn, PAYLOADS.regionColumn, "amount",
    ]);
    expect(plan.meta.outputs.map((o) => o.file)).toEqual([PAYLOADS.file]);

    const row = (id: string, region: string) => ({
      [PAYLOADS.idColumn]: id, [PAYLOADS.dateColumn]: "2026-01-15", [PAYLOADS.repColumn]: PAYLOADS.template,
      [PAYLOADS.regionColumn]: region, amount: "100.00",
    });
    const result = await runCompiledPlan(plan, {
      sale: {
        rows: [
          row("t1", PAYLOADS.quoted), row("t2", PAYLOADS.comment), row("t3", PAYLOADS.separator),
          row("t4", PAYLOADS.template), row("t5", "North"),
        ],
      },
    });
    expect((globalThis as Record<string, unknown>).__accrueInjected).toBeUndefined();

    expect(result.rejects).toEqual([]);
    expect(result.exclusions.map((x) => [x.transaction, x.reason])).toEqual([["t1", "quoted"], ["t2", "commented"], ["t3", "commented"]]);
    expect(result.credits.map((c) => c.payee)).toEqual([PAYLOADS.template, PAYLOADS.template]);
    expect(result.payouts.map((p) => [p.payee, p.component, p.amount.toString()])).toEqual([[PAYLOADS.template, "commission", "20"]]);
    const file = result.files.find((f) => f.file === PAYLOADS.file);
    expect(file, "the output keeps its odd name").toBeDefined();
    expect(file!.text).toContain(PAYLOADS.template);
    expect(file!.text).toContain(PAYLOADS.quoted.replace(/"/g, '""'));
  });
});
