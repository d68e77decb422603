/**
 * Where a relation's storage lives: the tablespace of a table, a materialized view or an index (a key's
 * included) that is not the database's default. pg_dump writes it (SET default_tablespace), a migration can
 * choose it (TABLESPACE ...), and moving a table rewrites it under an exclusive lock, so it is compared.
 */
import * as z from 'zod';
import type { CatalogKind, CompareContext } from '../kind.js';
import { objectRefSchema, PHASES, step, type Difference, type FixStep, type ObjectRef } from '../model.js';
import { notExtensionMember } from '../sql.js';
import { aboutTarget, targetNoun } from './designators.js';

const tablespaceObject = z.lazy(() => z.object({
  /** The relation: a table, a materialized view (view), an index, or the index of a primary key or constraint. */
  target: objectRefSchema,
  /** Its tablespace's name. */
  tablespace: z.string(),
}));
export type Tablespace = z.infer<typeof tablespaceObject>;

type TablespaceRow = [on: 'table' | 'view' | 'index' | 'primary_key' | 'constraint', table: string | null, name: string, tablespace: string];

/** The tablespace a relation without one of its own is moved back to (where the database's default is pg_default). */
const DEFAULT_TABLESPACE = 'pg_default';

/** ALTER ... SET TABLESPACE for `target`: a key's index is altered as an index, under the key's name. */
function moveTo(target: ObjectRef, tablespace: string, { names }: CompareContext): FixStep {
  const relation = target.kind === 'table' ? 'TABLE' : target.kind === 'view' ? 'MATERIALIZED VIEW' : 'INDEX';
  return step(PHASES.dependants, `ALTER ${relation} ${names.qualified(target.name)} SET TABLESPACE ${names.ident(tablespace)};`);
}

export const tablespaces: CatalogKind<Tablespace> = {
  kind: 'tablespace',
  object: tablespaceObject,
  read: {
    // Only relations placed outside the database's default have a row: reltablespace 0, or the default named
    // (a partitioned table or index keeps pg_default after the database's default moved to it). An index that
    // backs a primary key, unique or exclusion constraint is named as that key; a partition's index attached
    // to its parent's belongs to the parent's, as the indexes and keys kinds read them.
    sql: `
      SELECT coalesce(json_agg(json_build_array(
               CASE WHEN c.relkind IN ('r', 'p') THEN 'table' WHEN c.relkind = 'm' THEN 'view'
                    WHEN k.contype = 'p' THEN 'primary_key' WHEN k.contype IS NOT NULL THEN 'constraint' ELSE 'index' END,
               t.relname, c.relname, s.spcname)), '[]')::text AS data
        FROM pg_class c
        JOIN pg_tablespace s ON s.oid = c.reltablespace
        LEFT JOIN pg_index x ON x.indexrelid = c.oid
        LEFT JOIN pg_class t ON t.oid = x.indrelid
        LEFT JOIN pg_constraint k ON k.conindid = c.oid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x')
       WHERE c.relnamespace = $SCHEMA AND c.relkind IN ('r', 'p', 'm', 'i', 'I')
         AND c.reltablespace NOT IN (0, (SELECT d.dattablespace FROM pg_database d WHERE d.datname = current_database()))
         AND NOT (c.relkind IN ('i', 'I') AND EXISTS (SELECT FROM pg_inherits h WHERE h.inhrelid = c.oid))
         AND ${notExtensionMember('pg_class', 'coalesce(t.oid, c.oid)')}`,
    // A row names a tablespace other than the database's default: a created one, or pg_default while a created
    // one is the default, which cannot be dropped. So none can exist while only pg_default and pg_global (oids
    // fixed) do: no scan of pg_class (10,000 tables: 12 ms).
    present: `EXISTS (SELECT FROM pg_tablespace s WHERE s.oid NOT IN (1663, 1664))`,
    catalogs: ['pg_class', 'pg_tablespace', 'pg_index', 'pg_constraint', 'pg_inherits', 'pg_depend', 'pg_database'],
    assemble: (rows) =>
      (rows as unknown as TablespaceRow[]).map(([on, table, name, tablespace]) => ({ target: { kind: on, ...(table === null ? {} : { table }), name }, tablespace })),
  },
  // A relation that is missing (or extra) as a whole is reported as such; its creation places it.
  ...aboutTarget<Tablespace>('tablespace'),
  noun: (placed) => `the tablespace of ${targetNoun(placed.target)}`,
  describe: (placed) => `tablespace ${placed.tablespace}`,
  absence: {
    missing: (placed, { actualLabel }) => `${targetNoun(placed.target)} is in the default tablespace in ${actualLabel}, expected tablespace ${placed.tablespace}`,
    unexpected: (placed, { actualLabel, expectedLabel }) =>
      `${targetNoun(placed.target)} is in tablespace ${placed.tablespace} in ${actualLabel}, where ${expectedLabel} keeps it in the default one`,
  },
  codes: {
    missing: { severity: 'warning', summary: 'A relation is in the default tablespace where the schema places it in another' },
    unexpected: { severity: 'warning', summary: 'A relation is placed in a tablespace where the schema keeps it in the default one' },
    mismatch: { severity: 'warning', summary: 'A relation is in another tablespace than the schema places it in' },
  },
  create: (placed, context) => [moveTo(placed.target, placed.tablespace, context)],
  drop: (placed, context) => [moveTo(placed.target, DEFAULT_TABLESPACE, context)],
  differences(expected, actual, context): Difference[] {
    if (expected.tablespace === actual.tablespace) return [];
    return [{
      code: 'mismatch',
      message: `${targetNoun(expected.target)} is in tablespace ${actual.tablespace}, expected ${expected.tablespace}`,
      expected: tablespaces.describe(expected),
      actual: tablespaces.describe(actual),
      fix: [moveTo(expected.target, expected.tablespace, context)],
    }];
  },
};
