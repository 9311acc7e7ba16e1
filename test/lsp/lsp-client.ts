/**
 * A real LSP client for the server tests: spawns `node dist/lsp-server.mjs --stdio` (or any
 * command), talks JSON-RPC over its stdio with vscode-languageserver-protocol, and keeps what
 * the server pushes (diagnostics by document version, log messages) for the tests to wait on.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  createProtocolConnection, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification,
  ExitNotification, InitializedNotification, InitializeRequest, LogMessageNotification, MessageType, PublishDiagnosticsNotification,
  ShutdownRequest, StreamMessageReader, StreamMessageWriter, type Diagnostic, type InitializeResult, type ProtocolConnection,
  type Position, type Range, type WorkspaceFolder,
} from "vscode-languageserver-protocol/node";
import { markers } from "./markers.js";

/** The repository root. */
export const REPO = fileURLToPath(new URL("../../", import.meta.url));
/** The bundled server under test. */
export const SERVER = join(REPO, "dist", "lsp-server.mjs");

/** A URI for a test document (it need not exist on disk). */
export function testUri(name: string): string {
  return pathToFileURL(join(REPO, "test", "lsp", "virtual", name)).href;
}

/** One server process and the connection to it. */
export class LspClient {
  /** Error and warning messages the server logged (a guarded handler that caught an exception logs an error). */
  readonly errors: string[] = [];
  private readonly published = new Map<string, { version?: number; diagnostics: Diagnostic[] }[]>();
  private readonly waiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();
  private exited = false;

  private constructor(readonly process: ChildProcess, readonly connection: ProtocolConnection, readonly capabilities: InitializeResult["capabilities"]) {}

  /** Starts a server and initializes it. */
  static async start(options: { command?: string[]; initializationOptions?: unknown; workspaceFolders?: WorkspaceFolder[] } = {}): Promise<LspClient> {
    const [command, ...args] = options.command ?? [process.execPath, SERVER, "--stdio"];
    const child = spawn(command!, args, { cwd: REPO, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => { stderr += d.toString(); });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const pending: { client?: LspClient; messages: string[] } = { messages: [] };
    connection.onNotification(LogMessageNotification.type, (m) => {
      if (m.type === MessageType.Error || m.type === MessageType.Warning) (pending.client?.errors ?? pending.messages).push(m.message);
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => pending.client?.receive(p.uri, p.version, p.diagnostics));
    connection.listen();
    child.on("exit", () => { if (pending.client) pending.client.exited = true; });
    let result: InitializeResult;
    try {
      result = await connection.sendRequest(InitializeRequest.type, {
        processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: options.workspaceFolders ?? null,
        initializationOptions: options.initializationOptions ?? { diagnosticsDelayMs: 10 },
      });
    } catch (err) {
      throw new Error(`the server did not initialize: ${String(err)}\n${stderr}`);
    }
    await connection.sendNotification(InitializedNotification.type, {});
    const client = new LspClient(child, connection, result.capabilities);
    client.errors.push(...pending.messages);
    pending.client = client;
    return client;
  }

  /** True while the server process runs. */
  get alive(): boolean {
    return !this.exited && this.process.exitCode === null;
  }

  private receive(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    const list = this.published.get(uri) ?? [];
    list.push({ ...(version !== undefined ? { version } : {}), diagnostics });
    this.published.set(uri, list);
    for (const w of this.waiters.splice(0)) w();
  }

  /** Every diagnostics notification received for a document, in order. */
  allPublished(uri: string): { version?: number; diagnostics: Diagnostic[] }[] {
    return this.published.get(uri) ?? [];
  }

  /** Opens a document (version 1). */
  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "accrue", version: 1, text } });
  }

  /** Replaces a document's whole text; returns the new version. */
  async replace(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Edits a range of a document incrementally; returns the new version. */
  async edit(uri: string, range: Range, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  /** Closes a document. */
  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The diagnostics published for a version of a document (the current one by default), waiting for them. */
  async diagnostics(uri: string, version = this.versions.get(uri), timeoutMs = 10_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.allPublished(uri).find((p) => p.version === version);
      if (found) return found.diagnostics;
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} version ${version}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  /** Sends a request by method name. */
  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Shuts the server down as an editor would, and waits for the process to end. */
  async stop(): Promise<void> {
    if (this.alive) {
      const ended = new Promise<void>((resolve) => this.process.once("exit", () => resolve()));
      try {
        await this.connection.sendRequest(ShutdownRequest.type);
        await this.connection.sendNotification(ExitNotification.type);
        await Promise.race([ended, new Promise((r) => setTimeout(r, 2000))]);
      } catch {
        // The process is gone already.
      }
    }
    this.connection.dispose();
    if (this.process.exitCode === null) this.process.kill();
  }
}

/** Opens a source with `‸` markers in a fresh document; returns its URI, text and the marked positions. */
export async function openMarked(client: LspClient, name: string, source: string): Promise<{ uri: string; text: string; at: Position[] }> {
  const { text, positions } = markers(source);
  const uri = testUri(name);
  await client.open(uri, text);
  return { uri, text, at: positions };
}
