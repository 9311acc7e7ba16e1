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
  A004: { severity: "error", message: () => "this part of the plan could not be checked, and no other problem explains why: please report it with the plan" },
  A005: { severity: "error", message: (what: string) => `${what}: split it into measures (or smaller blocks)` },
  A006: { severity: "error", message: (more: string, errors: string) => `${more} more problems are not shown (${errors}): fix these first` },
  A007: { severity: "warning", message: (more: string) => `${more} more warnings are not shown` },
  A008: { severity: "error", message: () => "this text has no closing `\"` on its line" },
  A009: { severity: "error", message: () => "this comment has no closing `*/`" },
  A010: { severity: "error", message: (old: string, now: string) => `\`${old}\` is no longer written so: write \`${now}\`` },
  // Names (A1xx).
  A101: { severity: "error", message: (name: string, hint: string) => `unknown name \`${name}\`${hint}` },
  A102: { severity: "error", message: (name: string) => `\`${name}\` is declared more than once` },
  A103: { severity: "error", message: (record: string, field: string, hint: string) => `\`${record}\` has no field \`${field}\`${hint}` },
  A104: { severity: "warning", message: (what: string, name: string) => `${what} \`${name}\` is declared but never used` },
  A105: { severity: "error", message: (name: string, hint: string) => `unknown window or period \`${name}\`${hint}` },
  A106: { severity: "error", message: (what: string, why: string) => `${what} is not available here: ${why}` },
  A107: { severity: "error", message: (name: string, hint: string) => `unknown type \`${name}\`${hint}` },
  A110: { severity: "error", message: (file: string, why: string) => `the output file ${file} is not a plain file name: ${why}` },
  A108: { severity: "error", message: (name: string) => `\`${name}\` is a pay, not a value: a pay cannot be used in an expression; declare a measure that holds the amount and use it in the pay and here` },
  // Types and units (A2xx).
  A201: { severity: "error", message: (op: string, left: string, right: string) => `cannot ${op} ${left} and ${right}` },
  A202: { severity: "error", message: (what: string, expected: string, found: string) => `${what} must be ${expected}, found ${found}` },
  A203: { severity: "error", message: (left: string, right: string) => `cannot compare ${left} with ${right}` },
  A204: { severity: "error", message: (what: string) => `${what} produces fractions of a cent: declare a rounding (for example \`rounded half up to cents\`)` },
  A205: { severity: "error", message: (table: string, keys: string, found: string) => `\`${table}\` is looked up by ${keys}, found ${found}` },
  A206: { severity: "error", message: (what: string) => `${what} mixes periods of different lengths` },
  A210: { severity: "error", message: (what: string, kind: string) => `${what} is ${kind} with no fixed number of decimals: round it to print it (for example \`rounded half up to 4 decimals\`)` },
  A207: { severity: "error", message: (name: string) => `\`${name}\` is not a value: use \`${name} at x\` or \`${name} applied to x\`` },
  A211: { severity: "error", message: (written: string, unit: string) => `\`${written}\` is not a whole number of ${unit}s: a duration counts whole days, weeks, months, quarters or years` },
  A212: { severity: "error", message: (what: string) => `${what} is a length of time, not a value: add it to a date or a period, as in \`sale.date + 10 days\`` },
  A213: { severity: "error", message: (detail: string) => detail },
  A214: { severity: "error", message: () => "one date minus another is not a value: write `days from A to B` (or `months from A to B`), the days or whole months from A to B" },
  // Plan rules (A3xx).
  A319: { severity: "error", message: (detail: string) => `${detail}` },
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
  A315: { severity: "error", message: (detail: string) => detail },
  A314: { severity: "error", message: (what: string) => `a budget is shared by every payee of a period: it cannot depend on ${what}` },
  A312: { severity: "error", message: (share: string, rule: string) => `this share is ${share}: ${rule}` },
  A316: { severity: "error", message: (name: string) => `the combined cap lists \`${name}\` twice: name each pay once` },
  A317: { severity: "error", message: (floor: string, cap: string) => `this floor of ${floor} is above the cap of ${cap}: no amount can meet both, and the cap wins (a limit is never exceeded); lower the floor or raise the cap` },
  A318: { severity: "error", message: (grain: string) => `a second \`participants\` per ${grain}: who takes part per ${grain} is declared once; keep one declaration (a table may list every participant)` },
} as const satisfies Record<string, { severity: Severity; message: Formatter }>;

export type Code = keyof typeof CODES;

/**
 * The most diagnostics a check reports; the rest are counted in one last diagnostic (A006 or
 * A007). A plan with a problem on every line would otherwise print millions of them.
 */
export const MAX_DIAGNOSTICS = 200;

/** The most characters of one argument (a name, a quoted text, a list) a message repeats. */
export const MAX_ECHO = 300;

/**
 * User text as a message may repeat it: on one line (a line break, which a quoted text can hold
 * through `\\n`, reads as `⏎`) and at most MAX_ECHO characters, so that a message stays one
 * readable line whatever the plan holds (a name of 100,000 letters, a list of 10,000 values).
 */
export function echo(text: string): string {
  const oneLine = text.replace(/\r\n|[\r\n\u2028\u2029]/g, "⏎");
  if (oneLine.length <= MAX_ECHO) return oneLine;
  // Cut at a code point, never between the halves of a surrogate pair.
  let cut = MAX_ECHO - 1;
  if (/[\uD800-\uDBFF]/.test(oneLine[cut - 1]!)) cut--;
  return `${oneLine.slice(0, cut)}…`;
}

/** Builds a diagnostic from the registry; every argument (and note) is echoed on one bounded line. */
export function diagnostic<C extends Code>(
  code: C,
  span: Span,
  args: Parameters<(typeof CODES)[C]["message"]>,
  extra: Pick<Diagnostic, "related" | "fix"> = {},
): Diagnostic {
  const entry = CODES[code];
  const message = (entry.message as Formatter)(...(args as string[]).map(echo));
  const related = extra.related?.map((r) => ({ ...r, message: echo(r.message) }));
  return { code, severity: entry.severity, message, span, ...extra, ...(related ? { related } : {}) };
}

/** Sorts diagnostics by position, then code, then message (by code unit, so no locale decides), so every report has one order. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => a.span.start - b.span.start || byCodeUnit(a.code, b.code) || byCodeUnit(a.message, b.message));
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The first MAX_DIAGNOSTICS of a sorted list, and in place of the rest one diagnostic that
 * counts them, located at the first one not shown: an error (A006) if any of them is an error.
 */
export function capDiagnostics(sorted: readonly Diagnostic[]): Diagnostic[] {
  if (sorted.length <= MAX_DIAGNOSTICS) return [...sorted];
  const hidden = sorted.slice(MAX_DIAGNOSTICS);
  const errors = hidden.filter((d) => d.severity === "error").length;
  const warnings = hidden.length - errors;
  const at = hidden[0]!.span;
  const summary = errors > 0
    ? diagnostic("A006", at, [String(hidden.length), [plural(errors, "error"), ...(warnings > 0 ? [plural(warnings, "warning")] : [])].join(", ")])
    : diagnostic("A007", at, [String(hidden.length)]);
  return [...sorted.slice(0, MAX_DIAGNOSTICS), summary];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
