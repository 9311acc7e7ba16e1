/**
 * Checker diagnostics as LSP diagnostics: the same codes, messages and spans as `accrue check`
 * (both come from `checkSource`), the severity, the notes as related information, unused names
 * faded, and the quick fix (if any) carried in `data` for code actions.
 */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import type { Diagnostic } from "../language/diagnostics.js";
import type { CheckedDocument } from "./documents.js";
import { rangeOf } from "./ranges.js";

/** What a published diagnostic carries for its quick fix. */
export interface DiagnosticData {
  fix?: Diagnostic["fix"];
}

/** The LSP diagnostics of a checked document. */
export function planDiagnostics(entry: CheckedDocument): LspDiagnostic[] {
  const { doc, uri } = entry.parsed;
  return entry.checked.diagnostics.map((d): LspDiagnostic => ({
    range: rangeOf(doc, d.span),
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: "accrue",
    message: d.message,
    ...(d.related?.length ? { relatedInformation: d.related.map((r) => ({ location: { uri, range: rangeOf(doc, r.span) }, message: r.message })) } : {}),
    ...(d.code === "A104" ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    ...(d.fix ? { data: { fix: d.fix } satisfies DiagnosticData } : {}),
  }));
}
