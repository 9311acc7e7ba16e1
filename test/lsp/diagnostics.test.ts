/**
 * Diagnostics over the protocol: the same codes, ranges, messages and severities as
 * `checkSource` (what `accrue check` prints), with notes as related information, published
 * per document version as the text is edited incrementally.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiagnosticSeverity, DiagnosticTag } from "vscode-languageserver-protocol";
import { checkSource } from "../../compiler/compile.js";
import { LspClient, testUri } from "./lsp-client.js";
import { markers, positionAt } from "./markers.js";
import { badPlans, examplePlans, SMALL_PLAN } from "./plans.js";

let client: LspClient;
beforeAll(async () => { client = await LspClient.start(); });
afterAll(async () => { await client.stop(); });

/** What checkSource says, in LSP terms. */
function expected(text: string) {
  return checkSource(text, "plan.accrue").diagnostics.map((d) => ({
    code: d.code,
    message: d.message,
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    range: { start: positionAt(text, d.span.start), end: positionAt(text, d.span.end) },
  }));
}

describe("diagnostics", () => {
  it.each(badPlans)("are those of accrue check for bad/$name", async ({ name, text }) => {
    const uri = testUri(`bad-${name}`);
    await client.open(uri, text);
    const got = await client.diagnostics(uri, 1);
    expect(got.map(({ code, message, severity, range }) => ({ code, message, severity, range }))).toEqual(expected(text));
    expect(got.length).toBeGreaterThan(0);
    for (const d of got) expect(d.source).toBe("accrue");
    await client.close(uri);
  });

  it("are those of accrue check for every example plan", async () => {
    for (const { name, text } of examplePlans) {
      const uri = testUri(`example-${name}.accrue`);
      await client.open(uri, text);
      const got = await client.diagnostics(uri, 1);
      expect(got.map(({ code, message, range }) => ({ code, message, range })), name).toEqual(expected(text).map(({ code, message, range }) => ({ code, message, range })));
      await client.close(uri);
    }
  });

  it("say where each side's type came from, as related information", async () => {
    const plan = badPlans.find((p) => p.name === "date-compared-to-money.accrue")!;
    const uri = testUri("related.accrue");
    await client.open(uri, plan.text);
    const [d] = (await client.diagnostics(uri, 1)).filter((x) => x.code === "A203");
    expect(d!.relatedInformation!.map((r) => r.message)).toEqual(["`sale.date` is a date: the field declared here", "this is money"]);
    for (const r of d!.relatedInformation!) expect(r.location.uri).toBe(uri);
    await client.close(uri);
  });

  it("follow incremental edits, version by version", async () => {
    const { text, positions } = markers(SMALL_PLAN.replace("pay bonus = slices applied to launch_sales", "pay bonus = slices applied to launch_sale‸"));
    const uri = testUri("incremental.accrue");
    await client.open(uri, text);
    const first = await client.diagnostics(uri, 1);
    expect(first.map((d) => d.code)).toContain("A101");
    expect(first.find((d) => d.code === "A101")!.message).toBe("unknown name `launch_sale`; did you mean `launch_sales`?");
    // Type the missing `s`: the error goes, and with it the warning that launch_sales was unused.
    const v2 = await client.edit(uri, { start: positions[0]!, end: positions[0]! }, "s");
    expect(await client.diagnostics(uri, v2)).toEqual([]);
    // Break the tier table: a band that leaves a gap.
    const band = positionAt(text, text.indexOf("from 50,000 to 100,000: 5%"));
    const v3 = await client.edit(uri, { start: { line: band.line, character: band.character + 5 }, end: { line: band.line, character: band.character + 11 } }, "60,000");
    expect((await client.diagnostics(uri, v3)).map((d) => d.code)).toEqual(["A302"]);
    await client.close(uri);
  });

  it("fade unused names and clear when the document closes", async () => {
    const plan = badPlans.find((p) => p.name === "unused-field-and-table.accrue")!;
    const uri = testUri("unused.accrue");
    await client.open(uri, plan.text);
    const got = await client.diagnostics(uri, 1);
    const unused = got.filter((d) => d.code === "A104");
    expect(unused.length).toBeGreaterThan(0);
    for (const d of unused) {
      expect(d.severity).toBe(DiagnosticSeverity.Warning);
      expect(d.tags).toEqual([DiagnosticTag.Unnecessary]);
    }
    await client.close(uri);
    await expect.poll(() => client.allPublished(uri).at(-1)?.diagnostics.length).toBe(0);
  });

  it("logged no error", () => {
    expect(client.errors).toEqual([]);
  });
});
