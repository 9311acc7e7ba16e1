/**
 * Validating objects rather than files: NDJSON lines and rows handed over by an embedding
 * program go through the same column matching and value rules as CSV cells.
 */
import { compositeKey } from "../keys.js";
import type { RecordSchema, Reject, Row } from "../schema.js";
import { bindKeys, type ColumnSlot } from "./columns.js";
import { validateCells } from "./row-validation.js";

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

  /** One object to a Row, or undefined after rejecting its bad values. */
  validate(object: Record<string, unknown>, file: string, line: number, onReject: (r: Reject) => void): Row | undefined {
    const keys = Object.keys(object);
    const signature = compositeKey(keys);
    let slots = this.bindings.get(signature);
    if (slots === undefined) {
      if (this.bindings.size >= MAX_BINDINGS) this.bindings.clear();
      slots = bindKeys(keys, this.schema, this.acceptFieldNames);
      this.bindings.set(signature, slots);
    }
    return validateCells(Object.values(object), slots, file, line, onReject);
  }
}

/** Validates in-memory rows (objects keyed by field name or column name, values as text or JS values: string, number, boolean, null) for embedding; `source` names them in rejects (line = index + 1). */
export async function* validateObjects(
  objects: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
  schema: RecordSchema,
  source: string,
  onReject: (r: Reject) => void,
): AsyncIterable<Row> {
  const validator = new ObjectValidator(schema, true);
  let line = 0;
  for await (const object of objects) {
    line++;
    if (object === null || typeof object !== "object" || Array.isArray(object)) {
      onReject({ file: source, line, column: "*", reason: "expected an object" });
      continue;
    }
    const row = validator.validate(object, source, line, onReject);
    if (row !== undefined) yield row;
  }
}
