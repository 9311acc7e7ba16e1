/**
 * The Accrue language server: the connection, the document lifecycle, and one guarded handler
 * per feature (each feature lives in its own file). Diagnostics are pushed after a short quiet
 * delay; everything else answers on request from the parse-only or the checked cache
 * (documents.ts). Nothing here throws at the editor: see guard.ts.
 */
import {
  CodeActionKind, TextDocuments, TextDocumentSyncKind, type Connection, type InitializeParams, type InitializeResult,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { codeActions } from "./code-actions.js";
import { completionsAt } from "./completion.js";
import { definitionAt } from "./definition.js";
import { planDiagnostics } from "./diagnostics.js";
import { PlanStore } from "./documents.js";
import { foldingRanges } from "./folding.js";
import { formatDocument } from "./formatting.js";
import { guarded, guardedVoid } from "./guard.js";
import { hoverAt } from "./hover.js";
import { inlayHints } from "./inlay-hints.js";
import { offsetOf } from "./ranges.js";
import { referencesAt } from "./references.js";
import { prepareRenameAt, renameAt } from "./rename.js";
import { semanticTokens, semanticTokensLegend } from "./semantic-tokens.js";
import { documentSymbols, workspaceSymbols } from "./symbols.js";

/** Settings a client may pass in `initializationOptions`. */
export interface InitializationOptions {
  /** How long a document must be quiet before its diagnostics are published (default 200 ms). */
  diagnosticsDelayMs?: number;
}

/** Wires every feature to a connection and starts listening. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const log = { error: (message: string) => connection.console.error(message) };
  let store = new PlanStore(documents);
  let folders: string[] = [];
  let folderEvents = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    if (typeof options.diagnosticsDelayMs === "number" && options.diagnosticsDelayMs >= 0) store = new PlanStore(documents, options.diagnosticsDelayMs);
    folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folderEvents = params.capabilities.workspace?.workspaceFolders === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: ["."] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: semanticTokensLegend, full: true },
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        inlayHintProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: "accrue" },
    };
  });
  connection.onInitialized(guardedVoid(log, "initialized", () => {
    if (!folderEvents) return;
    connection.workspace.onDidChangeWorkspaceFolders(guardedVoid(log, "workspace folders", (e) => {
      const removed = new Set(e.removed.map((f) => f.uri));
      folders = [...folders.filter((f) => !removed.has(f)), ...e.added.map((f) => f.uri)];
    }));
  }));
  connection.onShutdown(() => store.cancelAll());

  const validate = (uri: string) => guardedVoid(log, "diagnostics", () => {
    const entry = store.checked(uri);
    if (entry) connection.sendDiagnostics({ uri, version: entry.parsed.version, diagnostics: planDiagnostics(entry) });
  });
  documents.onDidChangeContent(guardedVoid(log, "change", (e) => store.scheduleValidation(e.document.uri, validate(e.document.uri))));
  documents.onDidClose(guardedVoid(log, "close", (e) => {
    store.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  }));

  const parsedAt = (uri: string) => store.parsed(uri);
  connection.onCompletion(guarded(log, "completion", [], (p) => {
    const parsed = parsedAt(p.textDocument.uri);
    const uri = p.textDocument.uri;
    return parsed ? completionsAt(parsed, offsetOf(parsed.doc, p.position), store.knownTypes(uri), store.lastCleanParse(uri)) : [];
  }));
  connection.onHover(guarded(log, "hover", null, (p) => {
    const entry = store.checked(p.textDocument.uri);
    return entry ? hoverAt(entry, offsetOf(entry.parsed.doc, p.position)) : null;
  }));
  connection.onDefinition(guarded(log, "definition", null, (p) => {
    const parsed = parsedAt(p.textDocument.uri);
    return parsed ? definitionAt(parsed, offsetOf(parsed.doc, p.position)) : null;
  }));
  connection.onReferences(guarded(log, "references", [], (p) => {
    const parsed = parsedAt(p.textDocument.uri);
    return parsed ? referencesAt(parsed, offsetOf(parsed.doc, p.position), p.context.includeDeclaration) : [];
  }));
  connection.onPrepareRename(guarded(log, "prepare rename", null, (p) => {
    const parsed = parsedAt(p.textDocument.uri);
    return parsed ? prepareRenameAt(parsed, offsetOf(parsed.doc, p.position)) : null;
  }));
  connection.onRenameRequest(guarded(log, "rename", null, (p) => {
    const parsed = parsedAt(p.textDocument.uri);
    return parsed ? renameAt(parsed, offsetOf(parsed.doc, p.position), p.newName) : null;
  }));
  connection.onDocumentSymbol(guarded(log, "document symbols", [], (p) => {
    const parsed = parsedAt(p.textDocument.uri);
    return parsed ? documentSymbols(parsed) : [];
  }));
  connection.onWorkspaceSymbol(guarded(log, "workspace symbols", [], (p) => {
    const open = store.openUris().map(parsedAt).filter((x) => x !== undefined);
    return workspaceSymbols(p.query, open, folders);
  }));
  connection.onFoldingRanges(guarded(log, "folding", [], (p) => {
    const parsed = parsedAt(p.textDocument.uri);
    return parsed ? foldingRanges(parsed) : [];
  }));
  connection.languages.semanticTokens.on(guarded(log, "semantic tokens", { data: [] }, (p) => {
    const parsed = parsedAt(p.textDocument.uri);
    return parsed ? semanticTokens(parsed) : { data: [] };
  }));
  connection.onDocumentFormatting(guarded(log, "formatting", [], (p) => {
    const parsed = parsedAt(p.textDocument.uri);
    return parsed ? formatDocument(parsed) : [];
  }));
  connection.onCodeAction(guarded(log, "code actions", [], (p) => {
    const entry = store.checked(p.textDocument.uri);
    return entry ? codeActions(entry, p.range) : [];
  }));
  connection.languages.inlayHint.on(guarded(log, "inlay hints", [], (p) => {
    const entry = store.checked(p.textDocument.uri);
    return entry ? inlayHints(entry, p.range) : [];
  }));

  documents.listen(connection);
  connection.listen();
}
