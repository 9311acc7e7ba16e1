/**
 * What an input or table declares about its files beyond field types: the encoding of their
 * bytes (`encoding latin1`), how their text cells write numbers (`numbers "1.234,56"`, a sample
 * of 1234.56), and per percent field what a bare number means (`percent as fraction`).
 */
import { diagnostic, type Diagnostic } from "../language/diagnostics.js";
import type { FieldDecl } from "../language/syntax.js";
import { TEXT_ENCODINGS, type NumberFormat, type PercentForm, type TextEncoding } from "../runtime/schema.js";
import type { RecordDecl } from "./symbols.js";

const PERCENT_FORMS: readonly PercentForm[] = ["fraction", "number"];

/** `1234.56` written with an optional thousands separator and a decimal mark: `1.234,56`, `1 234,56`, `1,234.56`. */
const NUMBER_SAMPLE = /^1([,. '])?234([.,])56$/;

/** The declared encoding and number format of a record, with a diagnostic for each one that is not understood. */
export function inputFormat(decl: RecordDecl, diagnostics: Diagnostic[]): { encoding?: TextEncoding; numbers?: NumberFormat } {
  const out: { encoding?: TextEncoding; numbers?: NumberFormat } = {};
  if (decl.encoding) {
    const name = decl.encoding.text;
    if ((TEXT_ENCODINGS as readonly string[]).includes(name)) out.encoding = name as TextEncoding;
    else diagnostics.push(diagnostic("A202", decl.encoding.span, ["the encoding", `one of ${TEXT_ENCODINGS.join(", ")}`, `\`${name}\``]));
  }
  if (decl.numbers) {
    const numbers = numberFormatOf(decl.numbers.text);
    if (numbers) out.numbers = numbers;
    else {
      diagnostics.push(diagnostic("A202", decl.numbers.span, [
        "a number format", "1234.56 as the files write it, with its decimal mark and any thousands separator (\"1.234,56\", \"1,234.56\", \"1 234,56\", \"1234,56\")",
        JSON.stringify(decl.numbers.text),
      ]));
    }
  }
  return out;
}

/** The format a sample of 1234.56 shows, or undefined when it is not one (or uses one mark for both). */
export function numberFormatOf(sample: string): NumberFormat | undefined {
  const m = NUMBER_SAMPLE.exec(sample);
  if (!m) return undefined;
  const thousands = m[1] as NumberFormat["thousands"];
  const decimal = m[2] as NumberFormat["decimal"];
  if (thousands === decimal) return undefined;
  return thousands === undefined ? { decimal } : { decimal, thousands };
}

/** What a bare number in a percent field means, as declared (`as fraction`, `as number`); undefined when undeclared or unknown. */
export function percentForm(field: FieldDecl, diagnostics: Diagnostic[]): PercentForm | undefined {
  const form = field.percentAs;
  if (!form) return undefined;
  if (field.type.kind !== "percent") {
    diagnostics.push(diagnostic("A304", form.span, ["`as fraction` and `as number` apply to percent fields only"]));
    return undefined;
  }
  if ((PERCENT_FORMS as readonly string[]).includes(form.text)) return form.text as PercentForm;
  diagnostics.push(diagnostic("A202", form.span, ["what a bare percent means", "`fraction` (0.045 is 4.5%) or `number` (4.5 is 4.5%)", `\`${form.text}\``]));
  return undefined;
}
