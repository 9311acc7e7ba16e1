/**
 * Opening input files. Any failure to open or read becomes a DataError naming the file, so a
 * run reports "no such file" rather than a Node stack trace.
 */
import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { DataError } from "./data-error.js";

const REASONS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EISDIR: "is a directory, not a file",
  ENOTDIR: "a folder in the path is not a directory",
};

/** Opens a file for streaming; the stream yields Buffers, or text when an encoding is given. */
export async function openFileStream(path: string, file: string, encoding?: BufferEncoding): Promise<Readable> {
  try {
    const handle = await open(path, "r");
    return handle.createReadStream(encoding === undefined ? {} : { encoding });
  } catch (err) {
    throw fileError(err, file);
  }
}

/** Turns an I/O error into a DataError; DataErrors pass through unchanged. */
export function fileError(err: unknown, file: string): DataError {
  if (err instanceof DataError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const reason = typeof code === "string" && REASONS[code] !== undefined ? REASONS[code] : `cannot read the file (${String((err as Error)?.message ?? err)})`;
  return new DataError(file, 0, undefined, reason);
}
