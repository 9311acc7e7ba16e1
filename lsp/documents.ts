/**
 * The plans the editor has open, in two caches, after Malloy's language server and Langium's
 * document lifecycle (changed → parsed → checked → validated):
 * - parsed: lexing, parsing and the name index, per document version. Cheap; symbols, folding,
 *   semantic tokens, completion, definition, references and rename read it.
 * - checked: the full front end (`checkSource`, the same as `accrue check`) and the types it
 *   found, per version. Diagnostics, hover types, inlay hints and quick fixes read it.
 * Both are filled on demand and dropped when a newer version arrives. Diagnostics are published
 * after the document has been quiet for a moment (200 ms by default), so typing never waits
 * for the checker.
 */
import type { IToken } from "chevrotain";
import { fileURLToPath } from "node:url";
import type { TextDocuments } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { checkSource, type CheckedPlan } from "../compiler/compile.js";
import type { Diagnostic } from "../language/diagnostics.js";
import { lexPlan } from "../language/lexer.js";
import { parsePlan } from "../language/parse.js";
import type { PlanFile } from "../language/syntax.js";
import { buildNameIndex, type NameIndex } from "./name-index.js";
import { typesOfIr, type PlanTypes } from "./plan-types.js";

/** A plan version as parsed: tree, tokens, comments and names. */
export interface ParsedDocument {
  uri: string;
  version: number;
  /** A snapshot of the text for offset ↔ position conversions (the live document changes in place). */
  doc: TextDocument;
  text: string;
  plan: PlanFile;
  syntaxDiagnostics: Diagnostic[];
  tokens: IToken[];
  comments: IToken[];
  names: NameIndex;
}

/** A plan version as checked. */
export interface CheckedDocument {
  parsed: ParsedDocument;
  checked: CheckedPlan;
  /** Types from this version, or from the last version that checked without errors. */
  types?: PlanTypes;
  /** True when `types` come from an earlier version (this one has errors). */
  typesFromEarlierVersion: boolean;
}

/** Parses a plan's text (also used for workspace files that are not open). */
export function parseDocument(uri: string, version: number, text: string): ParsedDocument {
  // One lexing for the parser and the features that read tokens (start offsets and images are all they use).
  const lexed = lexPlan(text, "offsets");
  const parsed = parsePlan(text, lexed);
  return {
    uri, version, doc: TextDocument.create(uri, "accrue", version, text), text, plan: parsed.plan,
    syntaxDiagnostics: parsed.diagnostics, tokens: lexed.tokens, comments: lexed.comments, names: buildNameIndex(parsed.plan),
  };
}

/** A path to show for a document: the file path for `file:` URIs, the URI otherwise. */
export function displayPath(uri: string): string {
  try {
    return uri.startsWith("file:") ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}

/** The open plans and their caches. */
export class PlanStore {
  private readonly parsedCache = new Map<string, ParsedDocument>();
  private readonly checkedCache = new Map<string, CheckedDocument>();
  private readonly lastTypes = new Map<string, PlanTypes>();
  private readonly lastClean = new Map<string, ParsedDocument>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly documents: TextDocuments<TextDocument>, private readonly diagnosticsDelayMs = 200) {}

  /** The open document's current version, parsed. */
  parsed(uri: string): ParsedDocument | undefined {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    const cached = this.parsedCache.get(uri);
    if (cached?.version === doc.version) return cached;
    const parsed = parseDocument(uri, doc.version, doc.getText());
    this.parsedCache.set(uri, parsed);
    if (parsed.syntaxDiagnostics.length === 0) this.lastClean.set(uri, parsed);
    return parsed;
  }

  /** The open document's current version, checked. */
  checked(uri: string): CheckedDocument | undefined {
    const parsed = this.parsed(uri);
    if (!parsed) return undefined;
    const cached = this.checkedCache.get(uri);
    if (cached?.parsed.version === parsed.version) return cached;
    const checked = checkSource(parsed.text, displayPath(uri), { plan: parsed.plan, diagnostics: parsed.syntaxDiagnostics });
    let types = checked.ir ? typesOfIr(checked.ir) : undefined;
    if (types) this.lastTypes.set(uri, types);
    const typesFromEarlierVersion = !types && this.lastTypes.has(uri);
    types ??= this.lastTypes.get(uri);
    const entry: CheckedDocument = { parsed, checked, typesFromEarlierVersion, ...(types ? { types } : {}) };
    this.checkedCache.set(uri, entry);
    return entry;
  }

  /** Runs `validate` once the document has not changed for the delay (the caller guards it: it runs in a timer). */
  scheduleValidation(uri: string, validate: () => void): void {
    this.cancelValidation(uri);
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      validate();
    }, this.diagnosticsDelayMs));
  }

  /** The types known for a document without running the checker: this version's if checked already, else the last ones. */
  knownTypes(uri: string): PlanTypes | undefined {
    const cached = this.checkedCache.get(uri);
    return cached?.types ?? this.lastTypes.get(uri);
  }

  /** Forgets a pending validation. */
  cancelValidation(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  /** The last version parsed without syntax errors (completion's memory of declarations being retyped). */
  lastCleanParse(uri: string): ParsedDocument | undefined {
    return this.lastClean.get(uri);
  }

  /** Stops every pending validation (at shutdown). */
  cancelAll(): void {
    for (const uri of [...this.timers.keys()]) this.cancelValidation(uri);
  }

  /** Drops everything known of a closed document. */
  forget(uri: string): void {
    this.cancelValidation(uri);
    this.parsedCache.delete(uri);
    this.checkedCache.delete(uri);
    this.lastTypes.delete(uri);
    this.lastClean.delete(uri);
  }

  /** The URIs of the open documents. */
  openUris(): string[] {
    return this.documents.keys();
  }
}
