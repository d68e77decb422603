/**
 * What hangs on a key or index that a fix drops and creates again (another definition): the foreign keys onto
 * the columns of a unique key (PostgreSQL will not drop the key while they exist), the table's REPLICA
 * IDENTITY (the new index is no longer the one PostgreSQL recorded). What hangs on the key itself (its
 * comment, its tablespace) comes back with rebuild().
 */
import { rebuildLater, type CompareContext } from '../kind.js';
import { PHASES, step, type FixStep } from '../model.js';
import { foreignKeys, type ForeignKey } from './foreign-keys.js';
import { setReplicaIdentity } from './tables.js';

const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((column) => b.includes(column));

/** The foreign keys onto `table (columns)`: dropped before the key is (actual side), created after it (expected side). */
function rebuildForeignKeysOnto(table: string, columns: readonly string[], context: CompareContext): FixStep[] {
  const onto = (key: ForeignKey) => key.referencedSchema === null && key.referencedTable === table && sameColumns(key.referencedColumns, columns);
  return rebuildLater(foreignKeys, (catalog) => catalog.foreignKeys, onto, context);
}

/** REPLICA IDENTITY set again where the schema makes the rebuilt index the table's. */
function replicaIdentityAfterRebuild(table: string, index: string, context: CompareContext): FixStep[] {
  const expected = context.expected.tables.find((entry) => entry.name === table);
  const identity = expected?.replicaIdentity;
  return expected && typeof identity === 'object' && identity.index === index ? [setReplicaIdentity(expected, context.names)] : [];
}

/** The steps that go with rebuilding `actual` (a key or index; `unique` if foreign keys can reference it) as `expected`. */
export function rebuildKeyDependants(
  actual: { table: string; columns: readonly string[]; unique: boolean },
  expected: { table: string; name: string },
  context: CompareContext,
): FixStep[] {
  return [
    ...(actual.unique ? rebuildForeignKeysOnto(actual.table, actual.columns, context) : []),
    ...replicaIdentityAfterRebuild(expected.table, expected.name, context),
  ];
}

/**
 * Drops a key or index that the schema does not have (`sql`, a DROP statement): where foreign keys reference its
 * columns, PostgreSQL refuses the drop while they exist, so they go first and come back after the keys phase,
 * onto whichever unique key the schema has there (a UNIQUE constraint that should be a unique index, or back).
 */
export function dropKey(actual: { table: string; columns: readonly string[]; unique: boolean }, sql: string, context: CompareContext): FixStep[] {
  return [step(PHASES.dropKeys, sql), ...(actual.unique ? rebuildForeignKeysOnto(actual.table, actual.columns, context) : [])];
}
