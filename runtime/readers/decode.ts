/**
 * Bytes to text, streaming. The byte order mark decides for UTF-8 and UTF-16 files; otherwise
 * the input's declared encoding (UTF-8 by default). A byte the encoding cannot decode is never
 * replaced silently: it becomes a lone surrogate (U+DC00 + byte, as Python's surrogateescape
 * does), which no valid decoding produces, so the row holding it is rejected with its location
 * (see `undecodableProblem`). UTF-16 text keeps its own lone surrogates, which are as bad.
 */
import { isAscii, isUtf8 } from "node:buffer";
import type { TextEncoding } from "../schema.js";
import { DataError } from "./data-error.js";

/** Decodes one stream of chunks; `write` returns the text of the complete characters so far. */
interface ChunkDecoder {
  write(bytes: Buffer): string;
  end(): string;
}

/**
 * A file's text, streamed: the byte order mark is read and dropped, then every chunk decoded.
 * `encoding` is the one decoding the file (its mark's, else the declared one) once text flows.
 */
export class DecodedText implements AsyncIterable<string> {
  encoding: TextEncoding;

  constructor(
    private readonly chunks: AsyncIterable<Buffer>,
    private readonly declared: TextEncoding | undefined,
    private readonly file: string,
  ) {
    this.encoding = declared ?? "utf8";
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    let decoder: ChunkDecoder | undefined;
    let head = Buffer.alloc(0);
    for await (const chunk of this.chunks) {
      if (decoder !== undefined) {
        yield decoder.write(chunk);
        continue;
      }
      head = Buffer.concat([head, chunk]);
      // Four bytes tell every byte order mark apart (UTF-32LE starts like UTF-16LE).
      if (head.length < 4) continue;
      decoder = this.open(head);
      yield decoder.write(head.subarray(this.skip));
    }
    if (decoder === undefined) {
      if (head.length === 0) return;
      decoder = this.open(head);
      yield decoder.write(head.subarray(this.skip));
    }
    yield decoder.end();
  }

  private skip = 0;

  private open(head: Buffer): ChunkDecoder {
    const chosen = chooseEncoding(head, this.declared, this.file);
    this.encoding = chosen.encoding;
    this.skip = chosen.skip;
    return decoderFor(chosen.encoding);
  }
}

/** The encoding of a file from its first bytes and the declaration; conflicts are file errors. */
function chooseEncoding(head: Buffer, declared: TextEncoding | undefined, file: string): { encoding: TextEncoding; skip: number } {
  const bom = byteOrderMark(head);
  if (bom === "utf32") throw new DataError(file, 1, undefined, "the file is UTF-32 (by its byte order mark), which Accrue does not read: save it as UTF-8");
  if (bom !== undefined) {
    if (declared !== undefined && declared !== bom.encoding) {
      throw new DataError(file, 1, undefined, `the file starts with a ${label(bom.encoding)} byte order mark, but the input declares \`encoding ${declared}\``);
    }
    return { encoding: bom.encoding, skip: bom.length };
  }
  if (declared === undefined) {
    const looks = looksUtf16(head);
    if (looks !== undefined) {
      throw new DataError(file, 1, undefined, `the file looks like ${label(looks)} without a byte order mark (every other byte is zero): declare \`encoding ${looks}\` on the input`);
    }
  }
  return { encoding: declared ?? "utf8", skip: 0 };
}

function byteOrderMark(b: Buffer): { encoding: TextEncoding; length: number } | "utf32" | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: "utf8", length: 3 };
  if ((b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) || (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff)) return "utf32";
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: "utf16le", length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: "utf16be", length: 2 };
  return undefined;
}

/** ASCII text in UTF-16 has a zero in every other byte; UTF-8 text has no zero bytes at all. */
function looksUtf16(b: Buffer): "utf16le" | "utf16be" | undefined {
  if (b.length < 4) return undefined;
  if (b[0] !== 0 && b[1] === 0 && b[2] !== 0 && b[3] === 0) return "utf16le";
  if (b[0] === 0 && b[1] !== 0 && b[2] === 0 && b[3] !== 0) return "utf16be";
  return undefined;
}

function label(encoding: TextEncoding): string {
  return { utf8: "UTF-8", utf16le: "UTF-16LE", utf16be: "UTF-16BE", latin1: "Latin-1", windows1252: "Windows-1252" }[encoding];
}

function decoderFor(encoding: TextEncoding): ChunkDecoder {
  switch (encoding) {
    case "utf8": return new Utf8Decoder();
    case "utf16le": return new Utf16Decoder(false);
    case "utf16be": return new Utf16Decoder(true);
    case "latin1": return new SingleByteDecoder(LATIN1);
    case "windows1252": return new SingleByteDecoder(WINDOWS_1252);
  }
}

/** The escape of a byte no decoding accepts: a lone low surrogate. */
function escapeByte(byte: number): number {
  return 0xdc00 + byte;
}

/** Code units to text in slices, so no call gets more arguments than the engine allows. */
function fromCodes(codes: number[]): string {
  let out = "";
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode(...codes.slice(i, i + 8192));
  return out;
}

/** UTF-8: valid chunks through Node's decoder; a chunk with bad bytes through the escaping one. */
class Utf8Decoder implements ChunkDecoder {
  private carry: Buffer | undefined;

  write(chunk: Buffer): string {
    const bytes = this.carry === undefined ? chunk : Buffer.concat([this.carry, chunk]);
    const end = completeEnd(bytes);
    this.carry = end < bytes.length ? Buffer.from(bytes.subarray(end)) : undefined;
    const body = bytes.subarray(0, end);
    return isUtf8(body) ? body.toString("utf8") : decodeUtf8Escaping(body);
  }

  end(): string {
    const rest = this.carry;
    this.carry = undefined;
    return rest === undefined ? "" : decodeUtf8Escaping(rest);
  }
}

/** Where the last complete UTF-8 sequence ends: a sequence cut by the chunk's end waits for the next chunk. */
function completeEnd(b: Buffer): number {
  let i = b.length - 1;
  const stop = Math.max(0, b.length - 4);
  while (i > stop && (b[i]! & 0xc0) === 0x80) i--;
  const lead = b[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return i + need > b.length ? i : b.length;
}

/** Decodes UTF-8 by the Unicode rules, escaping each byte that starts no valid sequence. */
function decodeUtf8Escaping(b: Buffer): string {
  const codes: number[] = [];
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) { codes.push(c); i++; continue; }
    const n = sequenceLength(b, i);
    if (n === 0) { codes.push(escapeByte(c)); i++; continue; }
    let cp = n === 2 ? c & 0x1f : n === 3 ? c & 0x0f : c & 0x07;
    for (let k = 1; k < n; k++) cp = (cp << 6) | (b[i + k]! & 0x3f);
    if (cp > 0xffff) {
      cp -= 0x10000;
      codes.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else {
      codes.push(cp);
    }
    i += n;
  }
  return fromCodes(codes);
}

/** The length of the valid sequence starting at i, or 0 (no overlong forms, no surrogates, nothing past U+10FFFF). */
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** UTF-16: pairs of bytes; an odd byte or a surrogate cut by the chunk's end waits for the next chunk. */
class Utf16Decoder implements ChunkDecoder {
  private carry: Buffer | undefined;

  constructor(private readonly bigEndian: boolean) {}

  write(chunk: Buffer): string {
    const bytes = this.carry === undefined ? chunk : Buffer.concat([this.carry, chunk]);
    let end = bytes.length - (bytes.length % 2);
    if (end >= 2) {
      const last = this.bigEndian ? (bytes[end - 2]! << 8) | bytes[end - 1]! : (bytes[end - 1]! << 8) | bytes[end - 2]!;
      if (last >= 0xd800 && last <= 0xdbff) end -= 2;
    }
    this.carry = end < bytes.length ? Buffer.from(bytes.subarray(end)) : undefined;
    return this.decode(bytes.subarray(0, end));
  }

  end(): string {
    const rest = this.carry;
    this.carry = undefined;
    if (rest === undefined) return "";
    const even = rest.length - (rest.length % 2);
    const odd = rest.length % 2 === 1 ? String.fromCharCode(escapeByte(rest[rest.length - 1]!)) : "";
    return this.decode(rest.subarray(0, even)) + odd;
  }

  private decode(b: Buffer): string {
    if (!this.bigEndian) return b.toString("utf16le");
    const copy = Buffer.from(b);
    copy.swap16();
    return copy.toString("utf16le");
  }
}

/** A byte table: the character of each byte, or -1 where the encoding has none. */
type ByteTable = Int32Array;

/** ISO-8859-1: bytes 0x80 to 0x9F are C1 controls that text never means (they suggest Windows-1252). */
const LATIN1: ByteTable = Int32Array.from({ length: 256 }, (_, b) => (b >= 0x80 && b <= 0x9f ? -1 : b));

/** Windows-1252: Latin-1 with printable characters at 0x80 to 0x9F, five of which are unassigned. */
const WINDOWS_1252: ByteTable = (() => {
  const high = [0x20ac, -1, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, -1, 0x017d, -1,
    -1, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, -1, 0x017e, 0x0178];
  return Int32Array.from({ length: 256 }, (_, b) => (b >= 0x80 && b <= 0x9f ? high[b - 0x80]! : b));
})();

class SingleByteDecoder implements ChunkDecoder {
  constructor(private readonly table: ByteTable) {}

  write(chunk: Buffer): string {
    // Bytes below 0x80 are the same in every supported table: the common case needs no lookup.
    if (isAscii(chunk)) return chunk.toString("latin1");
    const codes = new Array<number>(chunk.length);
    for (let i = 0; i < chunk.length; i++) {
      const c = this.table[chunk[i]!]!;
      codes[i] = c < 0 ? escapeByte(chunk[i]!) : c;
    }
    return fromCodes(codes);
  }

  end(): string {
    return "";
  }
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Why a cell's text did not decode, or undefined when it did: bytes the encoding has no
 * character for (escaped as lone surrogates by the decoders above), or an unpaired UTF-16 surrogate.
 */
export function undecodableProblem(text: string, encoding: TextEncoding): string | undefined {
  if (!SURROGATE.test(text)) return undefined;
  const bad: string[] = [];
  for (let i = 0; i < text.length && bad.length < 4; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { i++; continue; }
    if (c >= 0xd800 && c <= 0xdfff) bad.push(encoding.startsWith("utf16") ? `0x${c.toString(16).toUpperCase()} (an unpaired surrogate)` : `0x${(c - 0xdc00).toString(16).toUpperCase().padStart(2, "0")}`);
  }
  if (bad.length === 0) return undefined;
  const hint = encoding === "utf8" ? ": declare the input's encoding (for example `encoding latin1`) if the file is not UTF-8" : "";
  return `has bytes that are not valid ${label(encoding)} (${bad.join(", ")})${hint}`;
}
