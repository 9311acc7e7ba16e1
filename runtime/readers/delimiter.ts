/**
 * Choosing a CSV delimiter when the run does not give one: exports from European spreadsheets
 * use `;`, database dumps often `|` or tab, so the header line decides.
 */

/** Candidates after the comma, in the order they are tried. */
const ALTERNATIVES = ["|", ";", "\t"];

/** The delimiter of a header line: `,` if it has one, else the first of `|`, `;`, tab it contains, else `,`. */
export function detectDelimiter(headerLine: string): string {
  if (headerLine.includes(",")) return ",";
  return ALTERNATIVES.find((d) => headerLine.includes(d)) ?? ",";
}

/** Why a delimiter given by the caller cannot work, or undefined when it can. */
export function delimiterProblem(delimiter: string): string | undefined {
  if (delimiter === "") return "the delimiter is empty";
  if (delimiter.length !== 1) return `the delimiter ${JSON.stringify(delimiter)} is not one character`;
  if (/["\r\n]/.test(delimiter)) return `the delimiter ${JSON.stringify(delimiter)} contains a quote or a line break`;
  return undefined;
}
