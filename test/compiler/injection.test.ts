/**
 * Plan text never becomes code, and no name reaches a prototype. Names, strings and column
 * names that look like JavaScript (quotes closing a string, `*\/`, backticks and `${}`, U+2028
 * which ends a line in a JavaScript comment) are compiled into a module; the module must parse
 * with `new Function`, run, leave no trace of the would-be code, and carry every string through
 * as data. Then the corpus of hostile names (test/fixtures/hostile-names.ts) stands as every
 * kind of plan name and in data cells: the checker accepts what is valid, rejects what is not
 * with a located diagnostic, the run gives the right values, and the module holds no hostile
 * name outside a JSON string.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileToModule } from "../../compiler/compile.js";
import type { Diagnostic } from "../../language/diagnostics.js";
import { renderDiagnostic } from "../../language/source.js";
import type { CompiledPlan } from "../../runtime/plan-module.js";
import { runCompiledPlan, type Binding } from "../../runtime/engine.js";
import { CODE_BREAKING_TEXTS, csvCell, HOSTILE_NAMES, isIdentifier, planString, PROTOTYPE_NAMES } from "../fixtures/hostile-names.js";

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

// ---------------------------------------------------------------------------------------------
// The corpus of hostile names.

const HEADER = `  currency USD
  periods monthly from 2026-01-01 to 2026-01-31`;

/** The input most corpus plans credit, with one more field line. */
function saleInput(extra: string): string {
  return `input sale {
  id: text
  date: date
  rep: text
  amount: money
  ${extra}
  key id
}`;
}

const scratch = mkdtempSync(join(tmpdir(), "accrue-hostile-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let fileCount = 0;

/** A CSV file in the scratch folder, bound under a short display name. */
function csvFile(header: string[], rows: string[][]): Binding {
  const path = join(scratch, `data-${++fileCount}.csv`);
  writeFileSync(path, [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n");
  return { path, name: `data-${fileCount}.csv` };
}

/** The module's text with every JSON string literal blanked: what could run as code or read as a comment. */
function outsideStrings(module: string): string {
  return module.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
}

/** Compiles a plan that must be valid, loads its module as a real module would be, and checks the module's text. */
function compileValid(text: string, hostile: string): CompiledPlan {
  const compiled = compileToModule(text, "hostile.accrue");
  const errors = compiled.diagnostics.filter((d) => d.severity === "error").map((d) => renderDiagnostic(compiled.source, d));
  expect(errors, `the plan is valid for ${JSON.stringify(hostile)}`).toEqual([]);
  const code = outsideStrings(compiled.module!);
  if (isIdentifier(hostile)) expect(code).not.toMatch(new RegExp(`(?<![A-Za-z0-9_$])${hostile.replace(/\$/g, "\\$")}(?![A-Za-z0-9_$])`));
  else expect(code.includes(hostile), "the text appears only inside JSON strings").toBe(false);
  expect(compiled.module).not.toMatch(/[\u2028\u2029]/);
  return new Function(moduleAsFunctionBody(compiled.module!))() as CompiledPlan;
}

/** Text of an output file by name. */
function fileText(result: Awaited<ReturnType<typeof runCompiledPlan>>, name: string): string | undefined {
  return result.files.find((f) => f.file === name)?.text;
}

/** A name other than `name` from the same corpus (for a cell that must not match it). */
function another(name: string): string {
  return PROTOTYPE_NAMES.find((n) => n !== name)!;
}

describe("the hostile names corpus", () => {
  it("covers every property of Object.prototype", () => {
    for (const name of Object.getOwnPropertyNames(Object.prototype)) expect(PROTOTYPE_NAMES).toContain(name);
    for (const name of PROTOTYPE_NAMES) expect(isIdentifier(name), name).toBe(true);
    for (const text of CODE_BREAKING_TEXTS) expect(isIdentifier(text), text).toBe(false);
    expect(HOSTILE_NAMES.length).toBe(PROTOTYPE_NAMES.length + CODE_BREAKING_TEXTS.length);
  });
});

describe.each(PROTOTYPE_NAMES)("the name %s", (N) => {
  it("names an input, a field, a column, an enum value, a role, a reason and an output file", async () => {
    const plan = compileValid(`plan "p"
${HEADER}

input ${N} {
  id: text
  date: date
  rep: text
  amount: money
  ${N}: text from "${N}"
  kind: one of ${N}, other
  flag: boolean
  key id
}

credit ${N}.amount of each ${N} on ${N}.date {
  exclude ${N} when ${N}.kind = other
  100% to ${N}.rep as ${N}
}

measure total = sum of credit.amount where credit.role = ${N} per payee per month

pay commission = total × 10% rounded half up to cents

output "${N}" per credit {
  ${N} = ${N}.${N}
  kind = ${N}.kind
  role = credit.role
  flagged = ${N}.flag
} sorted by ${N}

output "excluded.csv" per exclusion {
  ${N} = exclusion.reason
  value = ${N}.${N}
}
`, N);
    const data = csvFile(["id", "date", "rep", "amount", N, "kind", "flag"], [
      ["r1", "2026-01-05", "R1", "100.00", "V1", N, "true"],
      ["r2", "2026-01-06", "R1", "50.00", "V2", "other", "false"],
      ["r3", "2026-01-07", "R1", "10.00", "V3", N, N],
      ["r4", "2026-01-08", "R1", "10.00", "V4", another(N), "no"],
    ]);
    const result = await runCompiledPlan(plan, Object.fromEntries([[N, data]]));
    expect(result.rejects.map((r) => [r.line, r.column, r.reason])).toEqual([
      [4, "flag", `"${N}" is not a boolean (true/false, yes/no, 1/0)`],
      [5, "kind", `"${another(N)}" is not one of ${N}, other`],
    ]);
    expect(result.credits.map((c) => [c.transaction, c.payee, c.role, c.amount.toString()])).toEqual([["r1", "R1", N, "100"]]);
    expect(result.exclusions.map((x) => [x.transaction, x.reason])).toEqual([["r2", N]]);
    expect(result.payouts.map((p) => [p.payee, p.component, p.amount.toString()])).toEqual([["R1", "commission", "10"]]);
    // The field named N keeps its value in every output that reads it.
    expect(fileText(result, N)).toBe(`${N},kind,role,flagged\nV1,${N},${N},true\n`);
    expect(fileText(result, "excluded.csv")).toBe(`${N},value\n${N},V2\n`);
  });

  it("names a table and its key field", async () => {
    const plan = compileValid(`plan "p"
${HEADER}

${saleInput(`region: text from "${N}"`)}

table ${N} {
  ${N}: text
  rate: percent
  key ${N}
}

credit sale.amount of each sale on sale.date {
  100% to sale.rep as rep
}

measure by_region = sum of credit.amount × ${N}[sale.region].rate per payee per month

pay commission = by_region rounded half up to cents

output "${N}.csv" per payee per month {
  payee
  ${N} = by_region rounded half up to cents
}
`, N);
    const bindings = Object.fromEntries([
      ["sale", csvFile(["id", "date", "rep", "amount", N], [["s1", "2026-01-05", "R1", "100.00", N], ["s2", "2026-01-06", "R1", "50.00", "other"]])],
      [N, csvFile([N, "rate"], [[N, "10%"], ["other", "20%"]])],
    ]);
    const result = await runCompiledPlan(plan, bindings);
    expect(result.rejects).toEqual([]);
    expect(result.payouts.map((p) => [p.payee, p.component, p.amount.toString()])).toEqual([["R1", "commission", "20"]]);
    expect(fileText(result, `${N}.csv`)).toBe(`payee,${N}\nR1,20.00\n`);
  });

  it.each(["measure", "pay"])("names a %s and a rate key", async (what) => {
    const measure = what === "measure" ? N : "total";
    const pay = what === "pay" ? N : "commission";
    const plan = compileValid(`plan "p"
${HEADER}

${saleInput("tier: text")}

rates rate_of by sale.tier { "${N}": 10%  otherwise: 1% }

credit sale.amount of each sale on sale.date {
  100% to sale.rep as rep
}

measure ${measure} = sum of credit.amount × rate_of[sale.tier] per payee per month

pay ${pay} = ${measure} rounded half up to cents

output "pays.csv" per payout {
  component = payout.component
  amount = payout.amount
}

output "measures.csv" per payee per month {
  payee
  ${measure} = ${measure} rounded half up to cents
}
`, N);
    const sale = csvFile(["id", "date", "rep", "amount", "tier"], [["s1", "2026-01-05", "R1", "100.00", N], ["s2", "2026-01-06", "R1", "100.00", another(N)]]);
    const result = await runCompiledPlan(plan, { sale });
    expect(result.payouts.map((p) => [p.payee, p.component, p.amount.toString()])).toEqual([["R1", pay, "11"]]);
    expect(fileText(result, "pays.csv")).toBe(`component,amount\n${pay},11.00\n`);
    expect(fileText(result, "measures.csv")).toBe(`payee,${measure}\nR1,11.00\n`);
  });

  const BASE = (line: string, extra = "") => `plan "p"
${HEADER}

window launch from 2026-01-01 to 2026-01-15

${saleInput(extra)}

credit sale.amount of each sale on sale.date {
  100% to sale.rep as rep
}

measure total = sum of credit.amount per payee per month

pay commission = total × 10% rounded half up to cents

${line}
`;
  const MISUSES: [string, string][] = [
    ["a credit field", `measure bad = sum of credit.${N} per payee per month`],
    ["an exclusion field", `output "o.csv" per exclusion { v = exclusion.${N} }`],
    ["a payout field", `output "o.csv" per payout { v = payout.${N} }`],
    ["an undeclared field", `measure bad = sum of sale.${N} per payee per month`],
    ["an unknown name", `measure bad = ${N} per payee per month`],
    ["an unknown table", `measure bad = sum of ${N}[credit.payee].x per payee per month`],
    ["an unknown function", `measure bad = ${N}(total, 1) per payee per month`],
    ["an unknown tier table", `pay bad = ${N} at total rounded half up to cents`],
    ["an unknown window", `measure bad = count where credit.date within ${N} per payee per month`],
    ["an unknown roll-up grain", `measure bad = sum of total over ${N} per payee per quarter`],
    ["an unknown role", `measure bad = sum of credit.amount where credit.role = ${N} per payee per month`],
  ];
  it.each(MISUSES)("is refused, located, as %s", (_what, line) => {
    expectRefused(BASE(line), N);
  });
  it("is refused, located, as a type", () => {
    expectRefused(BASE("", `extra: ${N}`), N);
  });
});

/** The plan has an error whose range covers the hostile name, and no message shows a prototype's value. */
function expectRefused(text: string, name: string): void {
  const checked = compileToModule(text, "hostile.accrue");
  const errors = checked.diagnostics.filter((d) => d.severity === "error");
  const located = (d: Diagnostic) => text.slice(d.span.start, d.span.end).includes(name);
  expect(errors.some(located), errors.map((d) => renderDiagnostic(checked.source, d)).join("\n") || "no error").toBe(true);
  for (const d of checked.diagnostics) expect(d.message).not.toMatch(/\[object |native code|function |=>|undefined/);
  expect(checked.module).toBeUndefined();
}

describe.each(CODE_BREAKING_TEXTS)("the text %j", (T) => {
  const fileOk = !/[/\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(T);

  it("names the plan, a column, a rate key and a literal, and fills data cells", async () => {
    const output = fileOk ? T : "out.csv";
    const plan = compileValid(`plan ${planString(T)} version ${planString(T)}
${HEADER}

input sale {
  id: text
  date: date
  rep: text from ${planString(T)}
  amount: money
  tier: text
  key id
}

rates rate_of by sale.tier { ${planString(T)}: 10%  otherwise: 1% }

credit sale.amount of each sale on sale.date {
  exclude odd when sale.tier = ${planString(`${T}!`)}
  100% to sale.rep as rep
}

measure total = sum of credit.amount × rate_of[sale.tier] per payee per month

pay commission = total rounded half up to cents

output ${planString(output)} per credit {
  id = sale.id
  tier = sale.tier
  tagged = if sale.tier = ${planString(T)} then ${planString(T)} else "other"
}
`, T);
    expect(plan.meta.name).toBe(T);
    const sale = csvFile(["id", "date", T, "amount", "tier"], [
      [T, "2026-01-05", T, "100.00", T],
      ["s2", "2026-01-06", `${T}2`, "100.00", "x"],
      ["s3", "2026-01-07", T, "100.00", `${T}!`],
    ]);
    const result = await runCompiledPlan(plan, { sale });
    expect(result.rejects).toEqual([]);
    expect(result.exclusions.map((x) => [x.transaction, x.reason])).toEqual([["s3", "odd"]]);
    expect(result.payouts.map((p) => [p.payee, p.amount.toString()]).sort()).toEqual([[T, "10"], [`${T}2`, "1"]].sort());
    expect(fileText(result, output)).toContain(csvCell(T).length > T.length + 2 || /[",\r\n]/.test(T) ? csvCell(T) : T);
  });

  it(fileOk ? "names an output file" : "is refused as an output file, located", () => {
    const text = `plan "p"
${HEADER}

input sale {
  id: text
  date: date
  rep: text
  amount: money
}

credit sale.amount of each sale on sale.date {
  100% to sale.rep as rep
}

output ${planString(T)} per credit { amount = credit.amount }
`;
    const checked = compileToModule(text, "hostile.accrue");
    const errors = checked.diagnostics.filter((d) => d.severity === "error");
    if (fileOk) {
      expect(errors).toEqual([]);
      expect(outsideStrings(checked.module!).includes(T)).toBe(false);
    } else {
      expect(errors.map((d) => [d.code, text.slice(d.span.start, d.span.end)])).toEqual([["A110", planString(T)]]);
    }
  });
});
