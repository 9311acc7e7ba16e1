/**
 * Formatting and quick fixes over the protocol: Format Document gives the formatter's layout
 * (nothing for a plan with syntax errors); a did-you-mean fix, a split fix and a rounding fix
 * each make their diagnostic go away once applied.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeAction, Diagnostic, Position, TextEdit } from "vscode-languageserver-protocol";
import { formatPlan } from "../../language/format.js";
import { LspClient, openMarked, REPO, testUri } from "./lsp-client.js";
import { badPlans, SMALL_PLAN } from "./plans.js";

let client: LspClient;
beforeAll(async () => { client = await LspClient.start(); });
afterAll(async () => { await client.stop(); });

function offset(text: string, p: Position): number {
  return text.split("\n").slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}

function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(text, b.range.start) - offset(text, a.range.start))) {
    out = out.slice(0, offset(text, e.range.start)) + e.newText + out.slice(offset(text, e.range.end));
  }
  return out;
}

/** Opens a bad fixture, takes the quick fix for its diagnostic `code`, applies it, and returns the diagnostics after. */
async function fixAndRecheck(name: string, code: string): Promise<{ title: string; before: Diagnostic[]; after: Diagnostic[]; fixed: string }> {
  const plan = badPlans.find((p) => p.name === name)!;
  const uri = testUri(`fix-${name}`);
  await client.open(uri, plan.text);
  const before = await client.diagnostics(uri, 1);
  const target = before.find((d) => d.code === code)!;
  expect(target).toBeDefined();
  const actions = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: target.range, context: { diagnostics: [target] } });
  const action = actions.find((a) => a.diagnostics?.some((d) => d.code === code))!;
  expect(action.kind).toBe("quickfix");
  const fixed = apply(plan.text, action.edit!.changes![uri]!);
  const version = await client.replace(uri, fixed);
  const after = await client.diagnostics(uri, version);
  await client.close(uri);
  return { title: action.title, before, after, fixed };
}

describe("formatting", () => {
  it("formats a messy plan as `accrue fmt` does", async () => {
    const messy = readFileSync(join(REPO, "test", "fixtures", "format", "messy.accrue"), "utf8");
    const uri = testUri("format.accrue");
    await client.open(uri, messy);
    const edits = await client.request<TextEdit[]>("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    expect(edits).toHaveLength(1);
    expect(apply(messy, edits)).toBe(formatPlan(messy));
    const v2 = await client.replace(uri, apply(messy, edits));
    await client.diagnostics(uri, v2);
    expect(await client.request<TextEdit[]>("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    await client.close(uri);
  });

  it("gives no edit for a plan with syntax errors", async () => {
    const { uri } = await openMarked(client, "format-broken.accrue", badPlans.find((p) => p.name === "syntax-missing-brace.accrue")!.text);
    expect(await client.request<TextEdit[]>("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    await client.close(uri);
  });
});

describe("quick fixes", () => {
  it("puts the name a did-you-mean suggests in place", async () => {
    const { title, after, fixed } = await fixAndRecheck("unknown-name.accrue", "A101");
    expect(title).toBe("Change to `net_sales`");
    expect(fixed).toContain("pay commission = net_sales × 5%");
    expect(after).toEqual([]);
  });

  it("makes a split add up to 100%", async () => {
    const { title, after } = await fixAndRecheck("split-not-100.accrue", "A301");
    expect(title).toBe("Make the last share 40% so the split adds up to 100%");
    expect(after.map((d) => d.code)).not.toContain("A301");
  });

  it("adds the missing rounding of a payout", async () => {
    const { title, after, fixed } = await fixAndRecheck("pay-without-rounding.accrue", "A204");
    expect(title).toMatch(/round/i);
    expect(fixed).toContain("pay commission = net_sales × 5% rounded half up to cents");
    expect(after).toEqual([]);
  });

  const bareColumns = [
    { what: "a bare money column to cents", code: "A204", measure: "third = net_sales / 3", rounding: "rounded half up to cents" },
    { what: "a bare ratio column to 4 decimals, not to cents", code: "A210", measure: "third = net_sales / 1,000.00", rounding: "rounded half up to 4 decimals" },
  ];
  for (const { what, code, measure, rounding } of bareColumns) {
    it(`rounds ${what} by giving it a value`, async () => {
      const plan = `${SMALL_PLAN}\nmeasure ${measure} per payee per month\n\noutput "thirds.csv" per payee per month {\n  payee\n  third\n}\n`;
      const uri = testUri(`fix-column-${code}.accrue`);
      await client.open(uri, plan);
      const [target] = (await client.diagnostics(uri, 1)).filter((d) => d.code === code);
      const [action] = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: target!.range, context: { diagnostics: [target!] } });
      expect(action!.title).toBe(`Add \`${rounding}\``);
      const fixed = apply(plan, action!.edit!.changes![uri]!);
      expect(fixed).toContain(`  third = third ${rounding}\n`);
      const version = await client.replace(uri, fixed);
      expect(await client.diagnostics(uri, version)).toEqual([]);
      await client.close(uri);
    });
  }

  it("offers nothing where no diagnostic has a fix", async () => {
    const { uri } = await openMarked(client, "no-fix.accrue", badPlans.find((p) => p.name === "measure-cycle.accrue")!.text);
    const diagnostics = await client.diagnostics(uri, 1);
    expect(await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: diagnostics[0]!.range, context: { diagnostics } })).toEqual([]);
    await client.close(uri);
  });

  it("logged no error", () => {
    expect(client.errors).toEqual([]);
  });
});
