/**
 * Counts and ranks of rows that share key values within one input (`count sharing outlet`,
 * `rank sharing outlet, product, invoice by claim_date, claim_id`). They need every row of the
 * input before the first is credited, so an input that uses them is read in full first. A row
 * with an absent key part shares with no other row (count 1, rank 1); rows equal in every
 * order key rank in file order.
 */
import type { Env } from "./env.js";
import { compareValues } from "./ops.js";
import type { Row, Value } from "./schema.js";
import { compositeKey } from "./keys.js";

type Fn = (e: Env) => Value;

/** Values per row (by the row's values object) for each sharing expression of an input. */
export type SharingValues = Map<Record<string, Value>, Map<number, number>>;

/** Computes, for every row, the count or rank of each sharing expression. */
export function computeSharings(
  rows: Row[],
  specs: { index: number; fn: "count" | "rank"; keys: Fn[]; order: Fn[] }[],
  envOf: (row: Row) => Env,
): SharingValues {
  const out: SharingValues = new Map(rows.map((r) => [r.values, new Map()]));
  for (const spec of specs) {
    const groups = new Map<string, { row: Row; order: Value[]; seq: number }[]>();
    rows.forEach((row, seq) => {
      const env = envOf(row);
      const keys = spec.keys.map((f) => f(env));
      // A row with an absent key part shares its key with no other row: absent is no value.
      if (keys.includes(null)) {
        out.get(row.values)!.set(spec.index, 1);
        return;
      }
      const k = compositeKey(keys);
      const list = groups.get(k) ?? [];
      list.push({ row, order: spec.order.map((f) => f(env)), seq });
      groups.set(k, list);
    });
    for (const list of groups.values()) {
      if (spec.fn === "count") {
        for (const item of list) out.get(item.row.values)!.set(spec.index, list.length);
        continue;
      }
      // Rank 1 is the first in the given order; rows equal in every order key keep file order.
      const sorted = [...list].sort((a, b) => {
        for (let i = 0; i < a.order.length; i++) {
          const c = compareValues(a.order[i]!, b.order[i]!);
          if (c !== 0) return c;
        }
        return a.seq - b.seq;
      });
      sorted.forEach((item, i) => out.get(item.row.values)!.set(spec.index, i + 1));
    }
  }
  return out;
}
