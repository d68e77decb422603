/**
 * Whether an index (or a key's) is valid. A CREATE INDEX CONCURRENTLY that failed (a duplicate key, a cancel)
 * or a DROP INDEX CONCURRENTLY cut short leaves the index in place, marked invalid: queries do not use it and a
 * unique one does not guarantee uniqueness. A partitioned table's index or key made with ON ONLY (ALTER TABLE
 * ONLY) is invalid until every partition's index is attached. A lock never holds one (db:lock builds every
 * index): `valid` is written only where it is false, so locks are written as they were.
 */
import * as z from 'zod';
import type { CompareContext } from '../kind.js';
import { PHASES, step, type CodeInfo, type Difference, type FixStep } from '../model.js';
import type { Catalog } from '../registry.js';

/** The object's `valid` field: absent for a valid index, false for one PostgreSQL marks invalid. */
export const validSchema = z.literal(false).optional();

/** pg_index.indisvalid of constraint `k`'s index (a CHECK constraint, which has none, counts as valid). */
export const KEY_INDEX_VALID = 'coalesce((SELECT x.indisvalid FROM pg_index x WHERE x.indexrelid = k.conindid), true)';

/** The `valid` field of an object read with pg_index.indisvalid (false too for a dead or half-dropped index). */
export const validity = (indisvalid: unknown): { valid?: false } => (indisvalid === false ? { valid: false } : {});

export const INVALID_CODE: CodeInfo = { severity: 'error', summary: 'An index (or the index of a key) is marked invalid, by a failed concurrent build or ONLY on a partitioned table: queries do not use it, a unique one does not guarantee uniqueness' };

/** Whether `table` is partitioned in `catalog`: its indexes and keys cannot be altered or rebuilt in place. */
export const onPartitionedTable = (catalog: Catalog, table: string) => catalog.tables.some((entry) => entry.name === table && entry.partitionBy !== null);

/**
 * The finding for an index or key `actual` left invalid (whatever the expected side says: nobody wants one).
 * REINDEX rebuilds it inside the fix's transaction (REINDEX CONCURRENTLY cannot run in one), after a RENAME in
 * the same phase; a partitioned table's cannot be reindexed in a transaction, so it is `rebuilt` (dropped and
 * created again, which creates or attaches the partitions' indexes).
 */
export function invalidIndexDifferences(
  noun: string,
  expected: { table: string; name: string },
  /** `unique` false for a plain index (a key's index always enforces something). */
  actual: { valid?: false; unique?: boolean },
  rebuilt: () => FixStep[],
  context: CompareContext,
): Difference[] {
  if (actual.valid !== false) return [];
  const { table, name } = expected;
  const partitioned = onPartitionedTable(context.expected, table);
  return [{
    code: 'invalid',
    message: partitioned
      ? `${noun} is not valid: not every partition of ${table} has its index attached (it was made with ONLY); it is dropped and created again, locking ${table} and its partitions until the script commits`
      : `${noun} is not valid (a CREATE INDEX CONCURRENTLY that failed, or one still running, leaves it so): queries do not use it${actual.unique === false ? '' : ' and it does not guarantee uniqueness'}; REINDEX rebuilds it, blocking writes to ${table} until the script commits`,
    expected: 'valid',
    actual: 'not valid',
    fix: partitioned ? rebuilt() : [step(PHASES.keys, `REINDEX INDEX ${context.names.qualified(name)};`, 1)],
  }];
}
