/**
 * Diagnostics as data: one registry of stable codes, each with its severity and a message
 * formatter, shared by the parser, the checker, the CLI and the language server.
 */
import type { Span } from "./syntax.js";

export type Severity = "error" | "warning";

/** A problem found in a plan, always with a range; `related` says where a type or name came from. */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  related?: { message: string; span: Span }[];
  /** A replacement that fixes the problem, where it is clear (used by quick fixes). */
  fix?: { title: string; span: Span; text: string };
}

type Formatter = (...args: string[]) => string;

/** Every diagnostic Accrue reports. Codes are stable: tests, docs and users refer to them. */
export const CODES = {
  // Syntax (A0xx).
  A001: { severity: "error", message: (found: string, expected: string) => `unexpected ${found}; expected ${expected}` },
  A002: { severity: "error", message: (char: string) => `unexpected character ${char}` },
  A003: { severity: "error", message: () => "the plan has no header: start with `plan \"Name\"`" },
  // Names (A1xx).
  A101: { severity: "error", message: (name: string, hint: string) => `unknown name \`${name}\`${hint}` },
  A102: { severity: "error", message: (name: string) => `\`${name}\` is declared more than once` },
  A103: { severity: "error", message: (record: string, field: string, hint: string) => `\`${record}\` has no field \`${field}\`${hint}` },
  A104: { severity: "warning", message: (what: string, name: string) => `${what} \`${name}\` is declared but never used` },
  A105: { severity: "error", message: (name: string, hint: string) => `unknown window or period \`${name}\`${hint}` },
  A106: { severity: "error", message: (what: string, why: string) => `${what} is not available here: ${why}` },
  A107: { severity: "error", message: (name: string, hint: string) => `unknown type \`${name}\`${hint}` },
  A110: { severity: "error", message: (file: string, why: string) => `the output file ${file} is not a plain file name: ${why}` },
  // Types and units (A2xx).
  A201: { severity: "error", message: (op: string, left: string, right: string) => `cannot ${op} ${left} and ${right}` },
  A202: { severity: "error", message: (what: string, expected: string, found: string) => `${what} must be ${expected}, found ${found}` },
  A203: { severity: "error", message: (left: string, right: string) => `cannot compare ${left} with ${right}` },
  A204: { severity: "error", message: (what: string) => `${what} produces fractions of a cent: declare a rounding (for example \`rounded half up to cents\`)` },
  A205: { severity: "error", message: (table: string, keys: string, found: string) => `\`${table}\` is looked up by ${keys}, found ${found}` },
  A206: { severity: "error", message: (what: string) => `${what} mixes periods of different lengths` },
  A210: { severity: "error", message: (what: string, kind: string) => `${what} is ${kind} with no fixed number of decimals: round it to print it (for example \`rounded half up to 4 decimals\`)` },
  A207: { severity: "error", message: (name: string) => `\`${name}\` is not a value: use \`${name} at x\` or \`${name} applied to x\`` },
  // Plan rules (A3xx).
  A301: { severity: "error", message: (sum: string, expected: string) => `the shares of this split add up to ${sum}, ${expected}` },
  A302: { severity: "error", message: (detail: string) => `tier bands ${detail}` },
  A303: { severity: "error", message: (cycle: string) => `measures depend on each other in a cycle: ${cycle}` },
  A304: { severity: "error", message: (detail: string) => `${detail}` },
  A305: { severity: "error", message: (name: string) => `the window \`${name}\` ends before it starts` },
  A306: { severity: "error", message: () => "the plan has no calendar: add `periods monthly from YYYY-MM-DD to YYYY-MM-DD`" },
  A307: { severity: "error", message: (file: string) => `two outputs write \`${file}\`` },
  A308: { severity: "error", message: (value: string, allowed: string) => `\`${value}\` is not one of ${allowed}` },
  A311: { severity: "warning", message: (name: string) => `the reason \`${name}\` is declared but no \`exclude\` rule produces it` },
  A310: { severity: "error", message: (what: string, name: string, known: string) => `${what} \`${name}\`: they are ${known}` },
  A309: { severity: "error", message: (detail: string) => `look-back beyond the loaded history: ${detail}` },
  A313: { severity: "error", message: (what: string, value: string) => `${what} of ${value} is negative: a limit bounds what is paid, from 0.00 up` },
  A314: { severity: "error", message: (what: string) => `a budget is shared by every payee of a period: it cannot depend on ${what}` },
  A312: { severity: "error", message: (share: string, rule: string) => `this share is ${share}: ${rule}` },
} as const satisfies Record<string, { severity: Severity; message: Formatter }>;

export type Code = keyof typeof CODES;

/** Builds a diagnostic from the registry. */
export function diagnostic<C extends Code>(
  code: C,
  span: Span,
  args: Parameters<(typeof CODES)[C]["message"]>,
  extra: Pick<Diagnostic, "related" | "fix"> = {},
): Diagnostic {
  const entry = CODES[code];
  const message = (entry.message as Formatter)(...(args as string[]));
  return { code, severity: entry.severity, message, span, ...extra };
}

/** Sorts diagnostics by position, then code, so every report has one order. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
}
