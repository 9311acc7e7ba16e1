/**
 * Symbols: the outline of one plan (its header, declarations, and the fields of inputs and
 * tables) and workspace symbols, searched over the open plans and every `*.accrue` file in the
 * workspace folders (read from disk, parsed only, cached by modification time).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SymbolKind, type DocumentSymbol, type WorkspaceSymbol } from "vscode-languageserver";
import type { Decl } from "../language/syntax.js";
import { parseDocument, type ParsedDocument } from "./documents.js";
import { rangeOf } from "./ranges.js";

/** The outline of a plan. */
export function documentSymbols(parsed: ParsedDocument): DocumentSymbol[] {
  const { doc, plan } = parsed;
  const out: DocumentSymbol[] = [];
  if (plan.header?.span) {
    out.push({ name: `plan "${plan.header.name}"`, kind: SymbolKind.Module, range: rangeOf(doc, plan.header.span), selectionRange: rangeOf(doc, plan.header.nameSpan) });
  }
  for (const decl of plan.decls) {
    if (!decl?.span) continue;
    const { name, kind, selection, detail } = describe(decl);
    const symbol: DocumentSymbol = { name: name || "(unnamed)", kind, range: rangeOf(doc, decl.span), selectionRange: rangeOf(doc, selection), ...(detail ? { detail } : {}) };
    if (decl.kind === "record") {
      symbol.children = decl.fields.filter((f) => f?.name).map((f) => ({
        name: f.name.text, kind: SymbolKind.Field, range: rangeOf(doc, f.span), selectionRange: rangeOf(doc, f.name.span), detail: parsed.text.slice(f.type?.span.start ?? 0, f.type?.span.end ?? 0),
      }));
    }
    out.push(symbol);
  }
  return out;
}

function describe(decl: Decl): { name: string; kind: SymbolKind; selection: { start: number; end: number }; detail?: string } {
  switch (decl.kind) {
    case "record": return { name: decl.name.text, kind: SymbolKind.Struct, selection: decl.name.span, detail: decl.role };
    case "window": return { name: decl.name.text, kind: SymbolKind.Event, selection: decl.name.span, detail: "window" };
    case "credit": return { name: `credit each ${decl.input?.text ?? ""}`.trim(), kind: SymbolKind.Event, selection: decl.input?.span ?? decl.span, detail: "credit rule" };
    case "measure": return { name: decl.name.text, kind: SymbolKind.Variable, selection: decl.name.span, detail: "measure" };
    case "constant": return { name: decl.name.text, kind: SymbolKind.Constant, selection: decl.name.span, detail: "constant" };
    case "tiers": return { name: decl.name.text, kind: SymbolKind.Array, selection: decl.name.span, detail: `tiers ${decl.mode}` };
    case "rates": return { name: decl.name.text, kind: SymbolKind.Enum, selection: decl.name.span, detail: "rates" };
    case "pay": return { name: decl.name.text, kind: SymbolKind.Function, selection: decl.name.span, detail: "pay" };
    case "balance": return { name: decl.name.text, kind: SymbolKind.Variable, selection: decl.name.span, detail: "balance" };
    case "combined": return { name: `combined cap on ${(decl.pays ?? []).map((p) => p.text).join(", ")}`, kind: SymbolKind.Function, selection: decl.span, detail: "combined cap" };
    case "output": return { name: decl.file?.text ?? "output", kind: SymbolKind.File, selection: decl.file?.span ?? decl.span, detail: "output" };
    case "participants": return { name: "participants", kind: SymbolKind.Object, selection: decl.span, detail: "participants" };
    case "reasons": return { name: "reasons", kind: SymbolKind.EnumMember, selection: decl.span, detail: (decl.names ?? []).map((n) => n.text).join(", ") };
  }
}

/** Parsed plans read from disk, by path, with the modification time they were read at. */
const diskCache = new Map<string, { mtimeMs: number; parsed: ParsedDocument }>();

/** At most this many files are read from the workspace, so a huge folder cannot stall the server. */
const MAX_WORKSPACE_FILES = 2000;
const SKIPPED_FOLDERS = new Set(["node_modules", "dist", "out"]);

/** Symbols whose name contains the query (case-insensitive, letters in order), over open plans and workspace files. */
export async function workspaceSymbols(query: string, open: ParsedDocument[], folders: string[]): Promise<WorkspaceSymbol[]> {
  const plans = new Map<string, ParsedDocument>(open.map((p) => [p.uri, p]));
  for (const folder of folders) {
    for (const path of await accrueFiles(folderPath(folder))) {
      const uri = pathToFileURL(path).href;
      if (plans.has(uri)) continue;
      const parsed = await parseFromDisk(path, uri);
      if (parsed) plans.set(uri, parsed);
    }
  }
  const out: WorkspaceSymbol[] = [];
  for (const parsed of plans.values()) {
    for (const symbol of flatten(documentSymbols(parsed))) {
      if (!matches(symbol.name, query)) continue;
      out.push({ name: symbol.name, kind: symbol.kind, location: { uri: parsed.uri, range: symbol.selectionRange }, ...(symbol.container ? { containerName: symbol.container } : {}) });
    }
  }
  return out;
}

function flatten(symbols: DocumentSymbol[], container?: string): (DocumentSymbol & { container?: string })[] {
  return symbols.flatMap((s) => [{ ...s, ...(container ? { container } : {}) }, ...flatten(s.children ?? [], s.name)]);
}

/** Fuzzy match: the query's letters appear in the name in order, ignoring case. */
export function matches(name: string, query: string): boolean {
  const n = name.toLowerCase();
  let i = 0;
  for (const ch of query.toLowerCase()) {
    i = n.indexOf(ch, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}

function folderPath(folder: string): string {
  try {
    return folder.startsWith("file:") ? fileURLToPath(folder) : folder;
  } catch {
    return folder;
  }
}

async function accrueFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [root];
  while (pending.length > 0 && found.length < MAX_WORKSPACE_FILES) {
    const dir = pending.shift()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      if (e.isDirectory() && !SKIPPED_FOLDERS.has(e.name)) pending.push(join(dir, e.name));
      else if (e.isFile() && e.name.endsWith(".accrue")) found.push(join(dir, e.name));
    }
  }
  return found.slice(0, MAX_WORKSPACE_FILES).sort();
}

async function parseFromDisk(path: string, uri: string): Promise<ParsedDocument | undefined> {
  try {
    const { mtimeMs } = await stat(path);
    const cached = diskCache.get(path);
    if (cached?.mtimeMs === mtimeMs) return cached.parsed;
    const parsed = parseDocument(uri, 0, await readFile(path, "utf8"));
    diskCache.set(path, { mtimeMs, parsed });
    return parsed;
  } catch {
    return undefined;
  }
}
