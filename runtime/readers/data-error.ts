/**
 * The one exception the readers throw: a problem with a whole file (it cannot be opened, its
 * header lacks a required column, it cannot be parsed past some line). Bad rows are never
 * exceptions; they are Rejects.
 */

/** File-level problem (missing file, missing required column, unreadable header): located, never a stack trace. */
export class DataError extends Error {
  /** `line` is 1-based; 0 when the problem has no line (the file cannot be opened). */
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: string | undefined,
    readonly reason: string,
  ) {
    super(`${line > 0 ? `${file}:${line}` : file}: ${column === undefined ? "" : `${column}: `}${reason}`);
    this.name = "DataError";
  }
}
