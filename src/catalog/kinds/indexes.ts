/**
 * Indexes that back no constraint: method, keys with their operator classes, collations and sort order,
 * INCLUDE columns, NULLS NOT DISTINCT, storage parameters and predicate, all as pg_get_indexdef() prints them;
 * the statistics targets of expression keys (ALTER INDEX ... ALTER COLUMN n SET STATISTICS); and whether
 * PostgreSQL holds them valid (index-validity.ts).
 */
import * as z from 'zod';
import { namesOf, rebuild, type CatalogKind } from '../kind.js';
import type { CompareContext } from '../kind.js';
import { afterViews, PHASES, step, type Difference, type FixStep } from '../model.js';
import { dropKey, rebuildKeyDependants } from './key-dependants.js';
import { differingClauses } from './clauses.js';
import { INVALID_CODE, invalidIndexDifferences, validity, validSchema } from './index-validity.js';
import { comparedIndexDefinition } from './storage-parameters.js';

const indexObject = z.lazy(() => z.object({
  table: z.string(),
  name: z.string(),
  unique: z.boolean(),
  method: z.string(),
  /** pg_get_indexdef() after `USING <method> `: keys, INCLUDE, NULLS NOT DISTINCT, WITH (...), WHERE (...). */
  definition: z.string(),
  /** The plain key columns (an expression key is left out): where schema.prisma declares the index. */
  columns: z.array(z.string()),
  /** Absent unless PostgreSQL marks it invalid (index-validity.ts). */
  valid: validSchema,
  /** Statistics targets set on its columns (only an expression key takes one), by column number; absent when none is. */
  statistics: z.array(z.object({ column: z.number().int(), target: z.number().int() })).optional(),
}));
export type Index = z.infer<typeof indexObject>;

const definitionOf = (index: Index) => `${index.unique ? 'UNIQUE ' : ''}${index.method} ${index.definition}`;
const statisticsOf = (index: Index) => (index.statistics ?? []).map(({ column, target }) => `column ${column} ${target}`).join(', ') || 'none';
const describe = (index: Index) => `${definitionOf(index)}${index.statistics ? `; statistics ${statisticsOf(index)}` : ''}`;
/** What is compared: the definition with its storage parameters as PostgreSQL reads them (deduplicate_items='on' is =true). */
const compared = (index: Index) => definitionOf({ ...index, definition: comparedIndexDefinition(index.definition) });
/** One clause per aspect, for naming what differs. */
const aspects = (index: Index) => [index.unique ? 'UNIQUE' : 'not UNIQUE', `USING ${index.method}`, index.definition];

/** Where statements on the index go: where the index is created, after the tables' keys, or on a materialized view after the view. */
function placement(index: Index, { expected }: CompareContext): (sql: string) => FixStep {
  return expected.views.some((view) => view.name === index.table) ? afterViews : (sql) => step(PHASES.keys, sql);
}

/** ALTER INDEX statements that give `actual`'s columns (none: an index just created) `expected`'s statistics targets. */
function statisticsSteps(expected: Index, actual: Index | undefined, context: CompareContext): FixStep[] {
  const had = new Map(actual?.statistics?.map(({ column, target }) => [column, target]));
  const wanted = new Map(expected.statistics?.map(({ column, target }) => [column, target]));
  const columns = [...new Set([...had.keys(), ...wanted.keys()])].sort((a, b) => a - b).filter((column) => had.get(column) !== wanted.get(column));
  const place = placement(expected, context);
  return columns.map((column) => place(`ALTER INDEX ${context.names.qualified(expected.name)} ALTER COLUMN ${column} SET STATISTICS ${wanted.get(column) ?? -1};`));
}

export const indexes: CatalogKind<Index> = {
  kind: 'index',
  object: indexObject,
  read: {
    // pg_get_indexdef() costs a catalog-cache miss per index, its table, each key's column and operator class,
    // plus a scan of pg_opclass per key (the default-class test): about 0.1 ms an index in a fresh session, most
    // of the read at 10,000 tables. So the common index (btree or hash, plain column keys, built-in operator
    // classes, the column's collation, no storage parameters, at most a predicate of one simple condition) is
    // written here, in one set-based pass, exactly as pg_get_indexdef() writes it (test/index-definitions.test.ts
    // holds the two to the same text); any other index is left to pg_get_indexdef(),
    // whose text is cut after the prefix it writes (the index and the schema-qualified table), so the
    // definition never depends on the schema's name. Indexes that back a constraint belong to it, and a
    // partition's attached indexes to the parent's.
    sql: (version) => `
      SELECT coalesce(json_agg(json_build_array(
               g.tname, g.iname, g.indisunique, g.amname,
               coalesce(g.written, (SELECT CASE WHEN left(d.def, length(d.prefix)) = d.prefix THEN substr(d.def, length(d.prefix) + 1) ELSE d.def END
                            FROM (SELECT pg_get_indexdef(g.indexrelid) AS def,
                                         'CREATE ' || CASE WHEN g.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || quote_ident(g.iname) || ' ON '
                                         || CASE WHEN g.relkind = 'p' THEN 'ONLY ' ELSE '' END || quote_ident(n.nspname) || '.' || quote_ident(g.tname)
                                         || ' USING ' || g.amname || ' ' AS prefix
                                    FROM pg_namespace n WHERE n.oid = $SCHEMA) d)),
               g.keys, g.indisvalid, g.statistics)), '[]')::text AS data
        FROM (
          -- One row per key column, grouped back per index: no join across indexes, so the plan stays linear
          -- even on a catalog never analyzed (a schema just migrated), where every relation looks like one row.
          SELECT x.indexrelid, x.indisunique, x.indisvalid, t.relname AS tname, t.relkind, i.relname AS iname, am.amname,
                 (x.indkey::int2[])[0:x.indnkeyatts - 1] AS keys,
                 -- The text written here, or null where pg_get_indexdef() must write it: btree or hash, plain
                 -- column keys, no storage parameters, and a predicate that is one condition with no list inside
                 -- it (deparsed alone, as pg_get_indexdef() writes it; a list of conditions is its AND).
                 CASE WHEN bool_and(k.key IS NOT NULL) AND am.amname IN ('btree', 'hash') AND x.indexprs IS NULL AND i.reloptions IS NULL THEN
                   '(' || string_agg(k.key, ', ' ORDER BY k.n) FILTER (WHERE k.n <= x.indnkeyatts) || ')'
                   || coalesce(' INCLUDE (' || string_agg(k.key, ', ' ORDER BY k.n) FILTER (WHERE k.n > x.indnkeyatts) || ')', '')
                   || CASE WHEN ${version >= 150000 ? 'x.indnullsnotdistinct' : 'false'} THEN ' NULLS NOT DISTINCT' ELSE '' END
                   || CASE WHEN x.indpred IS NULL THEN '' WHEN x.indpred::text NOT LIKE '%} {%' THEN ' WHERE ' || pg_get_expr(x.indpred, x.indrelid) END
                 END AS written,
                 -- Only an expression key takes a statistics target.
                 CASE WHEN x.indexprs IS NOT NULL THEN
                   (SELECT json_agg(json_build_array(ia.attnum, ia.attstattarget) ORDER BY ia.attnum) FROM pg_attribute ia WHERE ia.attrelid = x.indexrelid AND ia.attstattarget >= 0)
                 END AS statistics
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_am am ON am.oid = i.relam
            CROSS JOIN LATERAL (
              SELECT u.n,
                     CASE WHEN u.n > x.indnkeyatts THEN quote_ident(a.attname)
                          WHEN (u.coll = 0 OR u.coll = a.attcollation) AND (u.opt = 0 OR am.amname = 'btree') AND o.opcnamespace = 'pg_catalog'::regnamespace THEN
                            quote_ident(a.attname)
                            -- The default class for the column's type is not written, as GetDefaultOpClass() decides:
                            -- its own type's default, or for a type with none of its own and no binary cast of a user's,
                            -- the built-in class it is binary-coercible to (varchar to text, enum, array).
                            || CASE WHEN o.opcdefault AND (o.opcintype = a.atttypid OR (a.typtype <> 'd'
                                       AND a.atttypid NOT IN (SELECT d.opcintype FROM pg_opclass d WHERE d.opcdefault AND d.opcmethod IN (SELECT m.oid FROM pg_am m WHERE m.amname IN ('btree', 'hash')))
                                       AND a.atttypid NOT IN (SELECT c.castsource FROM pg_cast c WHERE c.castmethod = 'b' AND c.oid >= 16384)
                                       AND ((a.atttypid = 'pg_catalog.varchar'::regtype AND o.opcintype = 'pg_catalog.text'::regtype)
                                         OR (a.typtype = 'e' AND o.opcintype = 'pg_catalog.anyenum'::regtype)
                                         OR (a.typcategory = 'A' AND a.typelem <> 0 AND a.typtype = 'b' AND o.opcintype = 'pg_catalog.anyarray'::regtype)))) THEN ''
                                    WHEN NOT o.opcdefault AND NOT EXISTS (SELECT FROM pg_opclass s WHERE s.opcnamespace = $SCHEMA) THEN ' ' || quote_ident(o.opcname) END
                            || CASE WHEN u.opt & 1 = 1 THEN ' DESC' || CASE WHEN u.opt & 2 = 0 THEN ' NULLS LAST' ELSE '' END
                                    WHEN u.opt & 2 = 2 THEN ' NULLS FIRST' ELSE '' END END AS key
                FROM unnest(x.indkey::int2[], x.indclass::oid[], x.indcollation::oid[], x.indoption::int2[]) WITH ORDINALITY AS u(attnum, opclass, coll, opt, n)
                -- Looked up one by one (OFFSET 0 keeps the planner from hashing all of pg_attribute per index).
                LEFT JOIN LATERAL (SELECT a.attname, a.atttypid, a.attcollation, ty.typtype, ty.typcategory, ty.typelem
                                     FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid
                                    WHERE a.attrelid = x.indrelid AND a.attnum = u.attnum OFFSET 0) a ON true
                LEFT JOIN pg_opclass o ON o.oid = u.opclass) k
           WHERE t.relnamespace = $SCHEMA AND t.relkind IN ('r', 'p', 'm')
             AND x.indexrelid NOT IN (SELECT c.conindid FROM pg_constraint c WHERE c.contype IN ('p', 'u', 'x'))
             AND x.indexrelid NOT IN (SELECT h.inhrelid FROM pg_inherits h)
           GROUP BY x.indexrelid, i.oid, t.oid, am.oid) g`,
    heavy: true,
    catalogs: ['pg_index', 'pg_class', 'pg_namespace', 'pg_am', 'pg_constraint', 'pg_inherits', 'pg_attribute', 'pg_type', 'pg_opclass', 'pg_cast'],
    functions: ['pg_get_indexdef', 'pg_get_expr', 'quote_ident'],
    assemble: (rows, attributes) =>
      rows.map(([table, name, unique, method, definition, keys, valid, statistics]) => ({
        table: table as string,
        name: name as string,
        unique: unique as boolean,
        method: method as string,
        definition: definition as string,
        // An expression key has number 0: only plain columns are named.
        columns: namesOf(attributes, table as string, (keys as number[]).filter((key) => key !== 0)),
        ...validity(valid),
        ...(statistics ? { statistics: (statistics as Array<[number, number]>).map(([column, target]) => ({ column, target })) } : {}),
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
    mismatch: { severity: 'error', summary: 'An index differs in keys, uniqueness, method, operator classes, INCLUDE, NULLS NOT DISTINCT, predicate or statistics targets' },
    invalid: INVALID_CODE,
  },
  create: (index, context) => {
    const using = index.method === 'btree' ? '' : ` USING ${index.method}`;
    const sql = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${context.names.ident(index.name)} ON ${context.names.qualified(index.table)}${using} ${index.definition};`;
    return [placement(index, context)(sql), ...statisticsSteps(index, undefined, context)];
  },
  drop: (index, context) => dropKey(index, `DROP INDEX ${context.names.qualified(index.name)};`, context),
  differences(expected, actual, context): Difference[] {
    const rebuilt = () => [...rebuild(indexes, actual, expected, context), ...rebuildKeyDependants(actual, expected, context)];
    // With another definition it is built again anyway, and comes back valid, with its statistics targets.
    if (compared(expected) === compared(actual)) {
      const statistics = statisticsSteps(expected, actual, context);
      const targets: Difference[] = statistics.length
        ? [{ code: 'mismatch', message: `index ${expected.name} on ${expected.table} has statistics targets ${statisticsOf(actual)}, expected ${statisticsOf(expected)}`, expected: describe(expected), actual: describe(actual), fix: statistics }]
        : [];
      return [...targets, ...invalidIndexDifferences(indexes.noun(expected), expected, actual, rebuilt, context)];
    }
    return [{
      code: 'mismatch',
      message: `index ${expected.name} on ${expected.table} is ${differingClauses(aspects(expected), aspects(actual))}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: rebuilt(),
    }];
  },
  rename: {
    shape: (index) => JSON.stringify([index.table, compared(index)]),
    sql: (from, to, { names }) => [step(PHASES.keys, `ALTER INDEX ${names.qualified(from.name)} RENAME TO ${names.ident(to.name)};`, 0)],
  },
  retarget: (index, renames) => {
    const table = renames.table(index.table);
    return { ...index, table, definition: renames.expression(table, index.definition), columns: index.columns.map((column) => renames.column(table, column)) };
  },
};
