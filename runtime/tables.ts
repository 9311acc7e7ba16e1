/**
 * Reference tables held in memory: rows indexed by their declared key, and hierarchies walked
 * from child to parent as they stood on a date.
 */
import { formatDate } from "./calendar.js";
import { compositeKey } from "./keys.js";
import type { RecordSchema, Row, Value } from "./schema.js";

/** One loaded table. */
export class TableStore {
  readonly rows: Record<string, Value>[] = [];
  private readonly byKey = new Map<string, Record<string, Value>>();

  constructor(readonly schema: RecordSchema) {}

  /** Adds a row; its key is unique, as the readers' uniqueKeys stage has made sure. */
  add(row: Row): void {
    if (this.schema.key.length > 0) this.byKey.set(compositeKey(this.schema.key.map((f) => row.values[f] ?? null)), row.values);
    this.rows.push(row.values);
  }

  /** The row with this key, or null. */
  get(keys: Value[]): Record<string, Value> | null {
    return this.byKey.get(compositeKey(keys)) ?? null;
  }
}

/** Parent links of a hierarchy table, by child. */
export class Hierarchy {
  private readonly links = new Map<string, { parent: string; from?: number; to?: number }[]>();

  private readonly name: string;

  constructor(store: TableStore, spec: { table: string; child: string; parent: string; validFrom?: string; validTo?: string }) {
    this.name = spec.table;
    for (const row of store.rows) {
      const child = row[spec.child];
      const parent = row[spec.parent];
      if (typeof child !== "string" || typeof parent !== "string") continue;
      const from = spec.validFrom ? row[spec.validFrom] : undefined;
      const to = spec.validTo ? row[spec.validTo] : undefined;
      const list = this.links.get(child) ?? [];
      list.push({ parent, ...(typeof from === "number" ? { from } : {}), ...(typeof to === "number" ? { to } : {}) });
      this.links.set(child, list);
    }
  }

  /**
   * The parent of `child` on `day`, if a link is valid then. Links valid together that name
   * different parents leave nothing to choose by: that throws, and the engine rejects the row.
   */
  parentOn(child: string, day: number): string | undefined {
    const parents = new Set<string>();
    for (const l of this.links.get(child) ?? []) if ((l.from === undefined || l.from <= day) && (l.to === undefined || day <= l.to)) parents.add(l.parent);
    if (parents.size > 1) throw new HierarchyAmbiguity(this.name, child, day, [...parents]);
    return parents.values().next().value;
  }

  /** Every ancestor of `child` on `day`, nearest first; throws on a cycle, which the engine reports. */
  ancestorsOn(child: string, day: number): string[] {
    const out: string[] = [];
    const seen = new Set([child]);
    let current = this.parentOn(child, day);
    while (current !== undefined) {
      if (seen.has(current)) throw new HierarchyCycle([...seen, current]);
      seen.add(current);
      out.push(current);
      current = this.parentOn(current, day);
    }
    return out;
  }
}

/** A child with links to more than one parent valid on one date. */
export class HierarchyAmbiguity extends Error {
  constructor(readonly hierarchy: string, readonly child: string, readonly day: number, readonly parents: string[]) {
    super(`in the hierarchy ${hierarchy}, ${child} has ${parents.length} parents on ${formatDate(day)} (${parents.join(", ")}): close the link that no longer holds`);
  }
}

/** A hierarchy whose links loop back on themselves on some date. */
export class HierarchyCycle extends Error {
  constructor(readonly path: string[]) {
    super(`the hierarchy loops: ${path.join(" → ")}`);
  }
}
