/**
 * What a path names, before a command reads it. Reading a FIFO with no writer waits forever, and
 * a device or socket is never the plan or data someone meant, so anything but a regular file
 * (or a folder, where a command takes one) is refused with a sentence instead of a hang.
 */
import { statSync } from "node:fs";

/** Why `path` cannot be read as a file, or undefined when it can (or does not exist: the read says so). */
export function notAFileReason(path: string): string | undefined {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return undefined;
  }
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return "is a directory, not a file";
  return "is not a regular file (a pipe, socket or device); give the path of a file";
}
