/** The language layer's public surface: tokens, syntax tree, parser, diagnostics and the formatter. */
export { parsePlan, type ParseResult } from "./parse.js";
export { lexPlan } from "./lexer.js";
export * from "./syntax.js";
export { CODES, diagnostic, sortDiagnostics, type Code, type Diagnostic, type Severity } from "./diagnostics.js";
export { SourceFile, formatDiagnostic, renderDiagnostic, type Position } from "./source.js";
export { keywords } from "./tokens.js";
export { formatPlan, isFormatted } from "./format.js";
