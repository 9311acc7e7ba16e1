/**
 * Validating objects rather than files: NDJSON lines and rows handed over by an embedding
 * program go through the same column matching and value rules as CSV cells.
 */
import { compositeKey } from "../keys.js";
import type { RecordSchema } from "../schema.js";
import { bindKeys, type ColumnSlot } from "./columns.js";
import { validateCells } from "./row-validation.js";
import { rejected, type SourceRow } from "./source-row.js";

/** Rows of one source tend to share their keys; a few bindings cover them, but cap the cache for odd inputs. */
const MAX_BINDINGS = 64;

/** Validates objects one at a time, matching their keys to the schema once per distinct key set. */
export class ObjectValidator {
  private readonly bindings = new Map<string, ColumnSlot[]>();

  /** `acceptFieldNames`: keys may also be the fields' plan names (embedding), not only their columns. */
  constructor(
    private readonly schema: RecordSchema,
    private readonly acceptFieldNames: boolean,
  ) {}

  /** One object to a row, or its rejects. */
  validate(object: Record<string, unknown>, file: string, line: number): SourceRow {
    const keys = Object.keys(object);
    const signature = compositeKey(keys);
    let slots = this.bindings.get(signature);
    if (slots === undefined) {
      if (this.bindings.size >= MAX_BINDINGS) this.bindings.clear();
      slots = bindKeys(keys, this.schema, this.acceptFieldNames);
      this.bindings.set(signature, slots);
    }
    return validateCells(Object.values(object), slots, this.schema.numbers, file, line);
  }
}

/**
 * Validates in-memory rows (objects keyed by field name or column name, values as text or JS
 * values: string, number, bigint, boolean, null) for embedding; `source` names them in rejects
 * (line = index + 1). A JavaScript number that may have lost digits (past 2^53, or more than 15
 * significant digits) is rejected: pass such values as text.
 */
export async function* validateObjects(
  objects: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
  schema: RecordSchema,
  source: string,
): AsyncGenerator<SourceRow> {
  const validator = new ObjectValidator(schema, true);
  let line = 0;
  for await (const object of objects) {
    line++;
    if (object === null || typeof object !== "object" || Array.isArray(object)) {
      yield rejected(source, line, "*", "expected an object");
      continue;
    }
    yield validator.validate(object, source, line);
  }
}
