/**
 * Where a run's data comes from, as the command line says it: `--config run.json` (its `bind`
 * maps each declared input and table to a file relative to the run.json), then `--input
 * name=path` and `--table name=path`, which win over the config (repeat one to read several
 * files, such as monthly exports, one after the other). The result is the runtime's
 * Bindings; a binding for nothing the plan declares is refused here, with the names it does
 * declare. A declaration left unbound is the engine's to report, with its plan line.
 */
import { InvalidArgumentError, type Command } from "commander";
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import type { Binding, PlanMeta, ReadOptions } from "../runtime/index.js";
import { notAFileReason } from "./file-kind.js";
import { fileSystemReason } from "./report.js";

/** One `name=path` flag. */
export interface NamedPath {
  name: string;
  path: string;
}

/** The binding flags shared by `run`, `explain` and `demo`. */
export interface BindingFlags {
  config?: string;
  input?: NamedPath[];
  table?: NamedPath[];
  delimiter?: string;
}

/** Commander's parser for a repeatable `name=path` flag; a malformed value is a usage error. */
function collectNamedPath(value: string, previous: NamedPath[] = []): NamedPath[] {
  const at = value.indexOf("=");
  if (at <= 0 || at === value.length - 1) throw new InvalidArgumentError(`expected name=path, found ${JSON.stringify(value)}`);
  return [...previous, { name: value.slice(0, at), path: value.slice(at + 1) }];
}

/** The run's bindings by declared name, or the problems that prevent them. */
export type ResolvedBindings = { bindings: Record<string, Binding> } | { problems: string[] };

/** Turns the flags into bindings for a plan's declared inputs and tables. */
export async function resolveBindings(flags: BindingFlags, meta: PlanMeta): Promise<ResolvedBindings> {
  const problems: string[] = [];
  const paths = new Map<string, string[]>();
  if (flags.config !== undefined) {
    const config = await readRunConfig(flags.config);
    if ("problem" in config) return { problems: [config.problem] };
    for (const [name, bound] of Object.entries(config.bind)) {
      if (!meta.records.some((r) => r.name === name)) problems.push(`${flags.config} binds \`${name}\`, but ${declaredNames(meta)}`);
      paths.set(name, (Array.isArray(bound) ? bound : [bound]).map((path) => (isAbsolute(path) ? path : join(dirname(flags.config!), path))));
    }
  }
  const flaggedNames = new Set<string>();
  for (const [kind, flagged] of [["input", flags.input ?? []], ["table", flags.table ?? []]] as const) {
    for (const { name, path } of flagged) {
      const declared = meta.records.find((r) => r.name === name);
      if (declared === undefined) problems.push(`--${kind} ${name}: ${declaredNames(meta)}`);
      else if (declared.kind !== kind) problems.push(`--${kind} ${name}: \`${name}\` is ${declared.kind === "input" ? "an input" : "a table"}; pass it with --${declared.kind} ${name}=${path}`);
      // The first flag for a name replaces what the config bound; more flags add files.
      paths.set(name, flaggedNames.has(name) ? [...(paths.get(name) ?? []), path] : [path]);
      flaggedNames.add(name);
    }
  }
  for (const [name, files] of paths) {
    for (const file of files) {
      const notAFile = notAFileReason(file);
      if (notAFile !== undefined) problems.push(`cannot read ${file}, bound to \`${name}\`: ${notAFile}`);
    }
  }
  if (problems.length > 0) return { problems };
  const options = readOptions(flags.delimiter);
  // The path as the user would type it names the file in messages and rejects.csv.
  const binding = (files: string[]): Binding => (files.length === 1 ? { path: files[0]!, name: files[0]!, options } : { files: files.map((path) => ({ path, name: path })), options });
  return { bindings: Object.fromEntries([...paths].map(([name, files]) => [name, binding(files)])) };
}

/** The `bind` of a run.json, or why it cannot be used. */
async function readRunConfig(path: string): Promise<{ bind: Record<string, string | string[]> } | { problem: string }> {
  const notAFile = notAFileReason(path);
  if (notAFile !== undefined) return { problem: `cannot read the run config ${path}: ${notAFile}` };
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const reason = fileSystemReason(err);
    if (reason === undefined) throw err;
    return { problem: `cannot read the run config ${path}: ${reason}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { problem: `${path} is not valid JSON: ${(err as Error).message}` };
  }
  const shape = `${path} needs a "bind" object mapping each input and table name to a file path (or a list of them), like { "bind": { "sale": "sales.csv" } }`;
  if (json === null || typeof json !== "object" || Array.isArray(json)) return { problem: shape };
  // A misspelt key would be silently ignored: a run.json holds `bind` and, for people, `plan`.
  const unknown = Object.keys(json).find((k) => k !== "bind" && k !== "plan");
  if (unknown !== undefined) return { problem: `${path} has an unknown key ${JSON.stringify(unknown)}: a run config holds "bind" (and optionally "plan", the plan file it is for)` };
  const { bind, plan } = json as { bind?: unknown; plan?: unknown };
  if (plan !== undefined && (typeof plan !== "string" || plan === "")) return { problem: `${path}: "plan" must be the plan's file name, like "plan.accrue"` };
  const isPath = (v: unknown) => typeof v === "string" && v !== "";
  if (bind === null || typeof bind !== "object" || Array.isArray(bind) || Object.values(bind).some((v) => !(isPath(v) || (Array.isArray(v) && v.length > 0 && v.every(isPath))))) {
    return { problem: shape };
  }
  return { bind: bind as Record<string, string | string[]> };
}

/** `the plan declares no ... ; it declares input sale, table quotas`. */
function declaredNames(meta: PlanMeta): string {
  const names = meta.records.map((r) => `${r.kind} ${r.name}`).join(", ");
  return `the plan declares no input or table of that name; it declares ${names || "none"}`;
}

/** `\t` and `tab` as typed in a shell mean the tab character. */
function readOptions(delimiter: string | undefined): ReadOptions {
  if (delimiter === undefined) return {};
  return { delimiter: delimiter === "\\t" || delimiter.toLowerCase() === "tab" ? "\t" : delimiter };
}

/** Adds --config, --input, --table and --delimiter to a command that runs a plan. */
export function addBindingOptions(command: Command): Command {
  return command
    .option("--config <run.json>", "bind inputs and tables from a run.json ({ \"bind\": { name: path } }, paths relative to it)")
    .option("--input <name=path>", "bind a declared input to a CSV or NDJSON file (repeat a name to read several files in order)", collectNamedPath)
    .option("--table <name=path>", "bind a declared table to a CSV or NDJSON file (repeatable)", collectNamedPath)
    .option("--delimiter <char>", "CSV delimiter (default: detected from the header; `tab` for tabs)");
}
