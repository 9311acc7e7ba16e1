/**
 * A compact, indented text rendering of a syntax tree, for golden files. One line per node:
 * `label: kind @start-end` followed by its plain values (`op=+`, `name=net_sales@3:9-3:18`);
 * nested nodes follow, indented. Ranges are `line:col-line:col`, 1-based, end exclusive (as
 * editors count). The walk is generic, so a new node kind or field shows up without changes here.
 */
import type { PlanFile, Span } from "../../language/syntax.js";
import type { SourceFile } from "../../language/source.js";

/** Renders a parsed plan as indented text, one node a line. */
export function renderTree(plan: PlanFile, source: SourceFile): string {
  const lines: string[] = [];
  renderNode("file", plan as unknown as Obj, 0, source, lines);
  return lines.join("\n") + "\n";
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isSpan(v: unknown): v is Span {
  return isObject(v) && typeof v.start === "number" && typeof v.end === "number" && Object.keys(v).length === 2;
}

/** A name or a quoted text with its place: `{ text, span }`. */
function isPlaced(v: unknown): v is { text: string; span: Span } {
  return isObject(v) && typeof v.text === "string" && isSpan(v.span) && Object.keys(v).length === 2;
}

function isInline(v: unknown): boolean {
  return v === null || typeof v !== "object" || isPlaced(v) || isSpan(v);
}

function range(span: Span, source: SourceFile): string {
  const a = source.position(span.start);
  const b = source.position(span.end);
  return `${a.line}:${a.column}-${b.line}:${b.column}`;
}

/** Words and numbers print bare; anything else (spaces, quotes, empty) as a JSON string. */
function text(value: string): string {
  return /^[A-Za-z0-9_.\-]+$/.test(value) ? value : JSON.stringify(value);
}

/** A plain value as it prints: `net_sales@3:9-3:18`, `"half up"`, `2`. */
function shown(value: unknown, source: SourceFile): string {
  if (isPlaced(value)) return `${text(value.text)}@${range(value.span, source)}`;
  if (isSpan(value)) return `@${range(value, source)}`;
  return typeof value === "string" ? text(value) : String(value);
}

/** `key=value`, or nothing for absent values and false flags (a boolean literal's `value` excepted). */
function inline(key: string, value: unknown, node: Obj, source: SourceFile): string | undefined {
  if (value === undefined || (value === false && key !== "value")) return undefined;
  const place = node[`${key}Span`];
  return `${key}=${shown(value, source)}${isSpan(place) ? `@${range(place, source)}` : ""}`;
}

function renderNode(label: string, node: Obj, depth: number, source: SourceFile, lines: string[]): void {
  const head: string[] = [`${label}:`];
  if (typeof node.kind === "string") head.push(node.kind);
  if (isSpan(node.span)) head.push(`@${range(node.span, source)}`);
  const children: [string, Obj][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "kind" || key === "span") continue;
    if (key.endsWith("Span") && key.slice(0, -4) in node) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      if (value.every(isInline)) head.push(`${key}=[${value.map((v) => shown(v, source)).join(", ")}]`);
      else value.forEach((item, i) => children.push([`${key}[${i}]`, item as Obj]));
      continue;
    }
    if (isObject(value) && !isPlaced(value) && !isSpan(value)) {
      children.push([key, value]);
      continue;
    }
    const part = inline(key, value, node, source);
    if (part) head.push(part);
  }
  lines.push("  ".repeat(depth) + head.join(" "));
  for (const [key, child] of children) renderNode(key, child, depth + 1, source, lines);
}
