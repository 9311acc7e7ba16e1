/**
 * The server never falls over while a plan is typed or mangled. For every example plan, every
 * prefix (every 5th character, then the last 100 one by one) is sent as an incremental edit, as
 * if typed, with requests of every kind along the way; then 100 seeded random deletions are sent
 * as whole-text changes. Afterwards the server still answers, no handler logged an exception,
 * and every published diagnostic range lies inside the text of the version it was published for.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic, Position, Range } from "vscode-languageserver-protocol";
import { LspClient, testUri } from "./lsp-client.js";
import { positionAt } from "./markers.js";
import { examplePlans } from "./plans.js";
import { seeded } from "../seeded.js";

let client: LspClient;
beforeAll(async () => { client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 } }); });
afterAll(async () => { await client.stop(); });


/** The prefix lengths to type: every 5th character, then the last 100 one by one. */
function prefixEnds(length: number): number[] {
  const ends = new Set<number>();
  for (let end = 5; end < length; end += 5) ends.add(end);
  for (let end = Math.max(1, length - 100); end <= length; end++) ends.add(end);
  return [...ends].sort((a, b) => a - b);
}

/** Requests of every kind at a position, fired without waiting (their answers are awaited in bulk). */
function requestsAt(uri: string, position: Position): Promise<unknown>[] {
  const doc = { textDocument: { uri } };
  const range: Range = { start: { line: 0, character: 0 }, end: position };
  return [
    client.request("textDocument/completion", { ...doc, position }),
    client.request("textDocument/hover", { ...doc, position }),
    client.request("textDocument/definition", { ...doc, position }),
    client.request("textDocument/references", { ...doc, position, context: { includeDeclaration: true } }),
    client.request("textDocument/documentSymbol", doc),
    client.request("textDocument/foldingRange", doc),
    client.request("textDocument/semanticTokens/full", doc),
    client.request("textDocument/formatting", { ...doc, options: { tabSize: 2, insertSpaces: true } }),
    client.request("textDocument/codeAction", { ...doc, range, context: { diagnostics: [] } }),
    client.request("textDocument/inlayHint", { ...doc, range }),
    client.request("textDocument/prepareRename", { ...doc, position }).catch(() => null),
  ];
}

/** Problems with a diagnostic's ranges against the text it was published for. */
function outside(text: string, d: Diagnostic): string | undefined {
  const lines = text.split("\n");
  const inside = (p: Position) => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line]!.length;
  for (const r of [d.range, ...(d.relatedInformation ?? []).map((x) => x.location.range)]) {
    const ordered = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
    if (!inside(r.start) || !inside(r.end) || !ordered) return `${d.code} ${JSON.stringify(r)}`;
  }
  return undefined;
}

describe("the server survives typing and mangling", () => {
  examplePlans.forEach(({ name, text }, n) => {
    it(name, async () => {
      const uri = testUri(`robust-${name}.accrue`);
      const texts = new Map<number, string>([[1, ""]]);
      await client.open(uri, "");
      const pending: Promise<unknown>[] = [];
      let typed = 0;
      let step = 0;
      for (const end of prefixEnds(text.length)) {
        const at = positionAt(text, typed);
        const version = await client.edit(uri, { start: at, end: at }, text.slice(typed, end));
        texts.set(version, text.slice(0, end));
        typed = end;
        if (step++ % 8 === 0) pending.push(...requestsAt(uri, positionAt(text, end)));
      }
      const random = seeded(4000 + n);
      for (let i = 0; i < 100; i++) {
        const start = Math.floor(random() * text.length);
        const cut = text.slice(0, start) + text.slice(start + 1 + Math.floor(random() * 40));
        const version = await client.replace(uri, cut);
        texts.set(version, cut);
        pending.push(...requestsAt(uri, positionAt(cut, Math.min(start, cut.length))));
      }
      await Promise.all(pending);
      const last = await client.replace(uri, text);
      texts.set(last, text);
      await client.diagnostics(uri, last, 30_000);
      expect(client.alive).toBe(true);
      expect(await client.request("textDocument/documentSymbol", { textDocument: { uri } })).not.toHaveLength(0);
      const problems: string[] = [];
      for (const p of client.allPublished(uri)) {
        if (p.version === undefined) continue;
        for (const d of p.diagnostics) {
          const problem = outside(texts.get(p.version)!, d);
          if (problem) problems.push(`version ${p.version}: ${problem}`);
        }
      }
      expect(problems.slice(0, 10)).toEqual([]);
      expect(client.allPublished(uri).length).toBeGreaterThan(10);
      expect(client.errors.slice(0, 3)).toEqual([]);
      await client.close(uri);
    }, 120_000);
  });
});
