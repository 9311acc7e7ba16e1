/** Test helper: a reader's entries split into rows and rejects, with how many entries (physical rows) it gave. */
import type { SourceRow } from "../../runtime/readers/index.js";
import type { Reject, Row } from "../../runtime/schema.js";

export async function collect(entries: AsyncIterable<SourceRow>): Promise<{ rows: Row[]; rejects: Reject[]; entries: number }> {
  const rows: Row[] = [];
  const rejects: Reject[] = [];
  let count = 0;
  for await (const entry of entries) {
    count++;
    if (entry.kind === "row") rows.push(entry.row);
    else rejects.push(...entry.rejects);
  }
  return { rows, rejects, entries: count };
}
