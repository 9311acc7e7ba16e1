/**
 * Language server latency (`npm run bench`, after bench/run.ts): a generated plan of about
 * 2,000 lines (or as many as the first argument says: `tsx bench/lsp.ts 5000`) is opened in the bundled server (dist/lsp-server.mjs, built if missing) and
 * edited; printed are the time from an edit to its diagnostics (checked with no debounce, so
 * this is the checker's cost plus the protocol's) and the latency of completion, hover,
 * semantic tokens, document symbols and formatting. Numbers are printed, not asserted.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { checkSource } from "../compiler/compile.js";
import { LspClient, REPO, SERVER, testUri } from "../test/lsp/lsp-client.js";
import { positionAt } from "../test/lsp/markers.js";

/** A plan of about `lines` lines: one input, then blocks of a measure, a tier table and a pay. */
function generatedPlan(lines: number): string {
  const out = [
    "/// A generated plan for the language server benchmark.",
    'plan "Benchmark" version 1',
    "  currency USD",
    "  periods monthly from 2026-01-01 to 2026-12-31",
    "",
    "input sale {",
    "  txn_id: text",
    "  date: date",
    "  rep: text",
    "  region: text",
    "  amount: money",
    "  key txn_id",
    "}",
    "",
    "credit sale.amount of each sale on sale.date {",
    "  100% to sale.rep as rep",
    "}",
    "",
  ];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `/// Sales of region r${i}.`,
      `measure sales_${i} = sum of credit.amount where sale.region = "r${i}" per payee per month`,
      "",
      `tiers rate_${i} marginal {`,
      "  from 0 to 10,000: 1%",
      "  from 10,000: 2%",
      "}",
      "",
      `pay pay_${i} = rate_${i} applied to sales_${i} rounded half up to cents`,
      `  when sales_${i} > 0`,
      "",
    );
  }
  return out.join("\n");
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed(runs: number, f: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return median(times);
}

async function main(): Promise<void> {
  if (!existsSync(SERVER)) execFileSync(process.execPath, [join(REPO, "build.mjs"), "--no-types"], { cwd: REPO, stdio: "inherit" });
  const text = generatedPlan(Number(process.argv[2] ?? 2000));
  const lineCount = text.split("\n").length;
  console.log(`language server on a generated plan of ${lineCount} lines (${text.length} characters):`);
  console.log(`  ${"checkSource in process".padEnd(34)}${(await timed(5, async () => checkSource(text, "bench.accrue"))).toFixed(1)} ms (median of 5)`);

  const client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 } });
  const uri = testUri("bench.accrue");
  let t = performance.now();
  await client.open(uri, text);
  await client.diagnostics(uri, 1, 60_000);
  console.log(`  ${"open to first diagnostics".padEnd(34)}${(performance.now() - t).toFixed(1)} ms`);

  // Edits in the middle of the plan: a digit typed in a bound, then taken back.
  const at = positionAt(text, text.indexOf("from 10,000: 2%", text.length / 2) + "from 10,000: ".length);
  const diagnosticsTimes: number[] = [];
  for (let i = 0; i < 10; i++) {
    t = performance.now();
    const version = i % 2 === 0
      ? await client.edit(uri, { start: at, end: at }, "1")
      : await client.edit(uri, { start: at, end: { line: at.line, character: at.character + 1 } }, "");
    await client.diagnostics(uri, version, 60_000);
    diagnosticsTimes.push(performance.now() - t);
  }
  console.log(`  ${"edit to diagnostics".padEnd(34)}${median(diagnosticsTimes).toFixed(1)} ms (median of 10; add the 200 ms quiet delay in an editor)`);

  const doc = { textDocument: { uri } };
  const member = positionAt(text, text.lastIndexOf("credit.amount") + "credit.".length);
  const value = positionAt(text, text.lastIndexOf("applied to ") + "applied to ".length);
  const grain = positionAt(text, text.lastIndexOf("per payee per ") + "per payee per ".length);
  const name = positionAt(text, text.lastIndexOf("sales_") + 2);
  const rows: [string, () => Promise<unknown>][] = [
    ["completion after `credit.`", () => client.request("textDocument/completion", { ...doc, position: member })],
    ["completion of a value", () => client.request("textDocument/completion", { ...doc, position: value })],
    ["completion after `per payee per`", () => client.request("textDocument/completion", { ...doc, position: grain })],
    ["hover on a measure", () => client.request("textDocument/hover", { ...doc, position: name })],
    ["references of a measure", () => client.request("textDocument/references", { ...doc, position: name, context: { includeDeclaration: true } })],
    ["semantic tokens", () => client.request("textDocument/semanticTokens/full", doc)],
    ["document symbols", () => client.request("textDocument/documentSymbol", doc)],
    ["formatting", () => client.request("textDocument/formatting", { ...doc, options: { tabSize: 2, insertSpaces: true } })],
  ];
  for (const [label, request] of rows) console.log(`  ${label.padEnd(34)}${(await timed(20, request)).toFixed(1)} ms (median of 20)`);
  // The same after an edit, when the parse cache is cold: what typing costs.
  const cold = await timed(10, async () => {
    await client.edit(uri, { start: member, end: member }, "");
    await client.request("textDocument/completion", { ...doc, position: member });
  });
  console.log(`  ${"completion right after an edit".padEnd(34)}${cold.toFixed(1)} ms (median of 10: parses the new version first)`);
  if (client.errors.length > 0) console.log(`  the server logged errors:\n${client.errors.join("\n")}`);
  await client.stop();
}

await main();
