/**
 * Progress on long inputs, for a person watching a terminal: `sale: 50000 rows…` rewritten in
 * place on stderr. Nothing is printed when stderr is a file or a pipe, so logs and tests stay
 * exactly the same from run to run.
 */
import type { RunOptions } from "../runtime/index.js";

/** The engine reports every 10,000 rows; a line this often is enough to show the run is alive. */
const EVERY_ROWS = 50_000;

/** An onProgress callback for the engine, or undefined when stderr is not a terminal. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): RunOptions["onProgress"] {
  if (!stream.isTTY) return undefined;
  let shown = false;
  return ({ input, rows, done }) => {
    if (done) {
      // Clear the line so the run's own output starts on a clean one.
      if (shown) stream.write("\r\x1b[K");
      shown = false;
    } else if (rows % EVERY_ROWS === 0) {
      stream.write(`\r\x1b[K${input}: ${rows} rows…`);
      shown = true;
    }
  };
}
