/**
 * The CSV tokenizer: a state machine fed text chunk by chunk, producing each record's cells and
 * the physical line it starts on. Every character is looked at once, whatever the chunking, so
 * reading is linear in the file's size (wide headers, long cells and long lines included).
 *
 * The dialect is what exports write: any of CRLF, LF or CR ends a record; a cell whose first
 * non-blank character is `"` is quoted (`""` is a quote inside it, line breaks are kept); a quote
 * inside an unquoted cell is taken literally (`12" pipe`); whitespace around cells is layout;
 * lines that are empty or blank are skipped. A quoted cell followed by anything but blanks and
 * the delimiter (`"1.00"x`) makes its record a Problem, and reading goes on at the next line.
 */
import { DataError } from "./data-error.js";

/** One CSV record: its cells, the 1-based line where it starts, and why it cannot be read, if so. */
export interface CsvRecord {
  cells: string[];
  line: number;
  /** A malformed record: which cell (0-based) and why; its cells are only those read before. */
  problem?: { cell: number; reason: string };
}

/** A record larger than this (characters) is almost surely an unclosed quote swallowing the file. */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;

const QUOTE = 34;
const CR = 13;
const LF = 10;

const enum State {
  /** Before a cell's first character (blanks skipped). */
  CellStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted cell: `""` or the closing quote. */
  QuoteInQuoted,
  /** After a closing quote: only blanks, then the delimiter or the line end. */
  AfterClose,
  /** The rest of a malformed record's line. */
  SkipLine,
}

/** Whitespace as String.prototype.trim sees it, minus line breaks (which end records). */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Tokenizes one file; `feed` each chunk of text, then `finish`. */
export class CsvTokenizer {
  private state = State.CellStart;
  /** 1-based line of the next character. */
  private line = 1;
  /** The previous character was a CR (a following LF belongs to the same line break). */
  private afterCR = false;
  /** Characters before the current chunk, and where the current line starts, for columns. */
  private offset = 0;
  private lineStart = 0;
  /** The record being read: whether it has begun, its line, where it began, its cells. */
  private inRecord = false;
  private hasContent = false;
  private recordLine = 1;
  private recordStart = 0;
  private cells: string[] = [];
  private problem: CsvRecord["problem"];
  /** The cell being read: text from earlier chunks, and where its text starts in this chunk (-1: none). */
  private parts: string[] = [];
  private segment = -1;
  private quoteLine = 0;

  constructor(private readonly delimiter: number, private readonly file: string) {}

  /** Tokenizes a chunk; complete records are pushed to `out`. */
  feed(text: string, out: CsvRecord[]): void {
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === LF && this.afterCR) {
        // The LF of a CRLF: the CR already ended the line (and the record, outside quotes).
        this.afterCR = false;
        this.lineStart = this.offset + i + 1;
        continue;
      }
      this.afterCR = c === CR;
      const lineBreak = c === LF || c === CR;
      if (!this.inRecord && !lineBreak) this.begin(i);
      switch (this.state) {
        case State.CellStart:
          if (c === this.delimiter) this.endCell("");
          else if (lineBreak) { this.endCell(""); this.endRecord(out); }
          else if (c === QUOTE) { this.state = State.Quoted; this.segment = i + 1; this.hasContent = true; this.quoteLine = this.line; }
          else if (!isBlank(c)) { this.state = State.Unquoted; this.segment = i; this.hasContent = true; }
          break;
        case State.Unquoted:
          if (c === this.delimiter || lineBreak) {
            this.endCell(this.take(text, i).trim());
            if (lineBreak) this.endRecord(out);
          }
          break;
        case State.Quoted:
          if (c === QUOTE) { this.parts.push(text.slice(this.segment, i)); this.segment = -1; this.state = State.QuoteInQuoted; }
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) { this.parts.push('"'); this.segment = i + 1; this.state = State.Quoted; break; }
          this.state = State.AfterClose;
          this.afterClose(c, lineBreak, i, out);
          break;
        case State.AfterClose:
          this.afterClose(c, lineBreak, i, out);
          break;
        case State.SkipLine:
          if (lineBreak) this.endRecord(out);
          break;
      }
      if (lineBreak) {
        this.line++;
        this.lineStart = this.offset + i + 1;
      }
    }
    if (this.segment >= 0) {
      this.parts.push(text.slice(this.segment));
      this.segment = 0;
    }
    this.offset += n;
    if (this.inRecord && this.offset - this.recordStart > MAX_RECORD_CHARS) {
      throw new DataError(this.file, this.recordLine, undefined, `a record is larger than ${MAX_RECORD_CHARS / 1024 / 1024} MB (probably a quote that is never closed)`);
    }
  }

  /** Ends the file: the last record needs no line break; a quote still open is a file error. */
  finish(out: CsvRecord[]): void {
    if (this.state === State.Quoted) {
      throw new DataError(this.file, this.quoteLine, undefined, "a quoted field starting on this line is not closed before the end of the file");
    }
    if (!this.inRecord) return;
    if (this.state === State.QuoteInQuoted) this.endCell(this.parts.join(""));
    else if (this.state === State.Unquoted) this.endCell(this.parts.join("").trim());
    else if (this.state === State.CellStart) this.endCell("");
    else if (this.state === State.AfterClose) this.endCell(this.closedCell);
    this.endRecord(out);
  }

  private closedCell = "";

  private afterClose(c: number, lineBreak: boolean, i: number, out: CsvRecord[]): void {
    if (this.parts.length > 0) {
      this.closedCell = this.parts.join("");
      this.parts = [];
    }
    if (c === this.delimiter) this.endCell(this.closedCell);
    else if (lineBreak) { this.endCell(this.closedCell); this.endRecord(out); }
    else if (!isBlank(c)) {
      const column = this.offset + i - this.lineStart + 1;
      this.problem = {
        cell: this.cells.length,
        reason: `${JSON.stringify(String.fromCharCode(c))} follows the closing quote of a quoted cell at line ${this.line}, character ${column} (a quote inside a quoted cell is written "")`,
      };
      this.state = State.SkipLine;
    }
  }

  private begin(i: number): void {
    this.inRecord = true;
    this.recordLine = this.line;
    this.recordStart = this.offset + i;
  }

  /** The unquoted cell's text up to i (exclusive), from earlier chunks and this one. */
  private take(text: string, i: number): string {
    const here = this.segment >= 0 ? text.slice(this.segment, i) : "";
    if (this.parts.length === 0) return here;
    this.parts.push(here);
    return this.parts.join("");
  }

  private endCell(value: string): void {
    this.cells.push(value);
    this.parts = [];
    this.segment = -1;
    this.closedCell = "";
    this.state = State.CellStart;
  }

  private endRecord(out: CsvRecord[]): void {
    // An empty or blank line is no record; a quoted empty cell is one.
    if (this.hasContent || this.cells.length > 1 || this.problem !== undefined) {
      out.push(this.problem === undefined ? { cells: this.cells, line: this.recordLine } : { cells: this.cells, line: this.recordLine, problem: this.problem });
    }
    this.cells = [];
    this.problem = undefined;
    this.inRecord = false;
    this.hasContent = false;
    this.parts = [];
    this.segment = -1;
    this.state = State.CellStart;
  }
}
