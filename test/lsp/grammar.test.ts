/**
 * The TextMate grammar of the VS Code extension (vscode-extension/syntaxes/accrue.tmLanguage.json),
 * tested with vscode-tmgrammar-test on the annotated plans of test/lsp/grammar/ (`// SYNTAX TEST`
 * files: each `^` line says which scopes the characters above it must have). The grammar is
 * found through the extension's package.json, so its `contributes.grammars` entry is tested too.
 * Also: every keyword of the language (language/tokens.ts) is known to the grammar.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { keywords } from "../../language/tokens.js";
import { REPO } from "./lsp-client.js";

const EXTENSION = join(REPO, "vscode-extension");
const GRAMMAR = join(EXTENSION, "syntaxes", "accrue.tmLanguage.json");

describe("the TextMate grammar", () => {
  it("gives the annotated test plans the scopes they assert", async () => {
    const cli = join(dirname(createRequire(import.meta.url).resolve("vscode-tmgrammar-test/package.json")), "dist", "unit.js");
    const result = await new Promise<{ code: number; out: string }>((resolve) => {
      execFile(process.execPath, [cli, "--compact", "--config", join(EXTENSION, "package.json"), "test/lsp/grammar/*.accrue"], { cwd: REPO }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, out: stdout + stderr });
      });
    });
    expect(result.out).not.toMatch(/ERROR|failed/);
    expect(result.out.match(/run successfuly/g)?.length).toBeGreaterThanOrEqual(2);
    expect(result.code).toBe(0);
  });

  it("knows every keyword of the language", () => {
    const grammar = readFileSync(GRAMMAR, "utf8");
    const known = new Set([...grammar.matchAll(/\\\\b\(\?:([a-z|]+)\)\\\\b/g)].flatMap((m) => m[1]!.split("|")));
    expect(keywords.filter((k) => !known.has(k))).toEqual([]);
  });

  it("is declared by the extension for the accrue language and .accrue files", () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION, "package.json"), "utf8")) as {
      contributes: { languages: { id: string; extensions: string[] }[]; grammars: { language: string; scopeName: string; path: string }[] };
    };
    expect(manifest.contributes.languages).toContainEqual(expect.objectContaining({ id: "accrue", extensions: [".accrue"] }));
    expect(manifest.contributes.grammars).toEqual([{ language: "accrue", scopeName: "source.accrue", path: "./syntaxes/accrue.tmLanguage.json" }]);
    expect((JSON.parse(readFileSync(GRAMMAR, "utf8")) as { scopeName: string }).scopeName).toBe("source.accrue");
  });
});
