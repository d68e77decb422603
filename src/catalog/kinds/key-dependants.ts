/**
 * Foreign keys hang on the unique key (primary key, unique constraint or unique index) of the columns they
 * reference: PostgreSQL will not drop that key while they exist, so a key rebuilt by a fix takes them along.
 */
import type { CompareContext } from '../kind.js';
import type { FixStep } from '../model.js';
import { foreignKeys, type ForeignKey } from './foreign-keys.js';

const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((column) => b.includes(column));

/** The foreign keys onto `table (columns)`: dropped before the key is (actual side), created after it (expected side). */
export function rebuildForeignKeysOnto(table: string, columns: readonly string[], context: CompareContext): FixStep[] {
  const onto = (key: ForeignKey) => key.referencedSchema === null && key.referencedTable === table && sameColumns(key.referencedColumns, columns);
  return [
    ...context.actual.foreignKeys.filter(onto).flatMap((key) => foreignKeys.drop(key, context)),
    ...context.expected.foreignKeys.filter(onto).flatMap((key) => foreignKeys.create(key, context)),
  ];
}
