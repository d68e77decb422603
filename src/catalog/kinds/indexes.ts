/**
 * Indexes that back no constraint: method, keys with their operator classes, collations and sort order,
 * INCLUDE columns, NULLS NOT DISTINCT, storage parameters and predicate, all as pg_get_indexdef() prints them.
 */
import { z } from 'zod';
import { namesOf, type CatalogKind } from '../kind.js';
import { PHASES, step, type Difference } from '../model.js';
import { rebuildForeignKeysOnto } from './key-dependants.js';
import { differingClauses } from './clauses.js';

const indexObject = z.object({
  table: z.string(),
  name: z.string(),
  unique: z.boolean(),
  method: z.string(),
  /** pg_get_indexdef() after `USING <method> `: keys, INCLUDE, NULLS NOT DISTINCT, WITH (...), WHERE (...). */
  definition: z.string(),
  /** The plain key columns (an expression key is left out): where schema.prisma declares the index. */
  columns: z.array(z.string()),
});
export type Index = z.infer<typeof indexObject>;

const describe = (index: Index) => `${index.unique ? 'UNIQUE ' : ''}${index.method} ${index.definition}`;
/** One clause per aspect, for naming what differs. */
const aspects = (index: Index) => [index.unique ? 'UNIQUE' : 'not UNIQUE', `USING ${index.method}`, index.definition];

export const indexes: CatalogKind<Index> = {
  kind: 'index',
  object: indexObject,
  read: {
    // The definition is cut after the prefix pg_get_indexdef() writes (the index and the schema-qualified
    // table, quoted as it quotes them), so it does not depend on the schema's name; indexes that back a
    // constraint belong to it, and a partition's attached indexes to the parent's.
    sql: `
      SELECT coalesce(json_agg(json_build_array(
               t.relname, i.relname, x.indisunique, am.amname,
               CASE WHEN left(d.def, length(d.prefix)) = d.prefix THEN substr(d.def, length(d.prefix) + 1) ELSE d.def END,
               (x.indkey::int2[])[0:x.indnkeyatts - 1])), '[]')::text AS data
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        JOIN pg_am am ON am.oid = i.relam
        CROSS JOIN LATERAL (SELECT pg_get_indexdef(x.indexrelid) AS def,
               'CREATE ' || CASE WHEN x.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || quote_ident(i.relname) || ' ON '
               || CASE WHEN t.relkind = 'p' THEN 'ONLY ' ELSE '' END || quote_ident(n.nspname) || '.' || quote_ident(t.relname)
               || ' USING ' || am.amname || ' ' AS prefix) d
       WHERE t.relnamespace = $SCHEMA AND t.relkind IN ('r', 'p', 'm')
         AND x.indexrelid NOT IN (SELECT k.conindid FROM pg_constraint k WHERE k.contype IN ('p', 'u', 'x'))
         AND x.indexrelid NOT IN (SELECT h.inhrelid FROM pg_inherits h)`,
    catalogs: ['pg_index', 'pg_class', 'pg_namespace', 'pg_am', 'pg_constraint', 'pg_inherits'],
    functions: ['pg_get_indexdef', 'quote_ident'],
    assemble: (rows, attributes) =>
      rows.map(([table, name, unique, method, definition, keys]) => ({
        table: table as string,
        name: name as string,
        unique: unique as boolean,
        method: method as string,
        definition: definition as string,
        // An expression key has number 0: only plain columns are named.
        columns: namesOf(attributes, table as string, (keys as number[]).filter((key) => key !== 0)),
      })),
  },
  ref: (index) => ({ kind: 'index', table: index.table, name: index.name }),
  parent: (index) => ({ kind: 'table', name: index.table }),
  noun: (index) => `${index.unique ? 'unique ' : ''}index ${index.name} on ${index.table}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'An index (or unique index) the schema expects does not exist' },
    unexpected: { severity: 'warning', summary: 'An index exists that the schema does not define' },
    renamed: { severity: 'error', summary: 'An index exists under another name (same definition)' },
    mismatch: { severity: 'error', summary: 'An index differs in keys, uniqueness, method, operator classes, INCLUDE, NULLS NOT DISTINCT or predicate' },
  },
  create: (index, { names, expected }) => {
    const using = index.method === 'btree' ? '' : ` USING ${index.method}`;
    const sql = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${names.ident(index.name)} ON ${names.qualified(index.table)}${using} ${index.definition};`;
    // An index on a materialized view waits for the view (created after the tables' keys).
    const onView = expected.views.some((view) => view.name === index.table);
    return [onView ? step(PHASES.views, sql, Number.MAX_SAFE_INTEGER) : step(PHASES.keys, sql)];
  },
  drop: (index, { names }) => [step(PHASES.dropKeys, `DROP INDEX ${names.qualified(index.name)};`)],
  differences(expected, actual, context): Difference[] {
    if (describe(expected) === describe(actual)) return [];
    return [{
      code: 'mismatch',
      message: `index ${expected.name} on ${expected.table} is ${differingClauses(aspects(expected), aspects(actual))}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: [...indexes.drop(actual, context), ...indexes.create(expected, context), ...(actual.unique ? rebuildForeignKeysOnto(actual.table, actual.columns, context) : [])],
    }];
  },
  rename: {
    shape: (index) => JSON.stringify([index.table, describe(index)]),
    sql: (from, to, { names }) => [step(PHASES.keys, `ALTER INDEX ${names.qualified(from.name)} RENAME TO ${names.ident(to.name)};`, 0)],
  },
  retarget: (index, renames) => {
    const table = renames.table(index.table);
    return { ...index, table, definition: renames.expression(table, index.definition), columns: index.columns.map((column) => renames.column(table, column)) };
  },
};
