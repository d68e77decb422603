/**
 * Extended statistics (CREATE STATISTICS): the columns or expressions they cover, which statistics they
 * gather, and their statistics target. The planner's estimates, and so its plans, rest on them.
 */
import * as z from 'zod';
import { rebuild, type CatalogKind, type CompareContext } from '../kind.js';
import { PHASES, step, type Difference } from '../model.js';
import { notExtensionMember } from '../sql.js';

/** The kinds of statistics, in the order CREATE STATISTICS lists them; all of them is the default. */
const KINDS = { d: 'ndistinct', f: 'dependencies', m: 'mcv' } as const;

const statisticsObject = z.lazy(() => z.object({
  table: z.string(),
  name: z.string(),
  /** What they cover, as pg_get_statisticsobjdef_columns() writes it: `name, category` or `lower(name), id`. */
  columns: z.string(),
  /** The statistics gathered, in CREATE STATISTICS order (none for statistics on one expression). */
  kinds: z.array(z.enum(['ndistinct', 'dependencies', 'mcv'])),
  /** ALTER STATISTICS ... SET STATISTICS, or null for the default (the columns' own targets). */
  target: z.number().nullable(),
}));
export type Statistics = z.infer<typeof statisticsObject>;

/**
 * The part of CREATE STATISTICS after the name: the kinds (unless all of them, or none: statistics on one
 * expression gather only that expression's), what it covers and the table.
 */
const definition = (statistics: Statistics, table: string) => {
  const some = statistics.kinds.length > 0 && statistics.kinds.length < Object.keys(KINDS).length;
  return `${some ? `(${statistics.kinds.join(', ')}) ` : ''}ON ${statistics.columns} FROM ${table}`;
};
const describe = (statistics: Statistics) => `${definition(statistics, statistics.table)}${statistics.target === null ? '' : `, target ${statistics.target}`}`;

const setTarget = (statistics: Statistics, { names }: CompareContext) =>
  step(PHASES.dependants, `ALTER STATISTICS ${names.qualified(statistics.name)} SET STATISTICS ${statistics.target ?? -1};`, 1);

export const statistics: CatalogKind<Statistics> = {
  kind: 'statistics',
  object: statisticsObject,
  read: {
    // Up to 16 the default target is -1, from 17 on it is null.
    sql: `
      SELECT coalesce(json_agg(json_build_array(c.relname, s.stxname, pg_get_statisticsobjdef_columns(s.oid), s.stxkind::text[],
               CASE WHEN s.stxstattarget >= 0 THEN s.stxstattarget END)), '[]')::text AS data
        FROM pg_statistic_ext s JOIN pg_class c ON c.oid = s.stxrelid
       WHERE s.stxnamespace = $SCHEMA AND c.relnamespace = $SCHEMA AND ${notExtensionMember('pg_statistic_ext', 's.oid')}`,
    present: `EXISTS (SELECT FROM pg_statistic_ext s WHERE s.stxnamespace = $SCHEMA)`,
    catalogs: ['pg_statistic_ext', 'pg_class', 'pg_depend'],
    functions: ['pg_get_statisticsobjdef_columns'],
    assemble: (rows) =>
      (rows as Array<[string, string, string, string[], number | null]>).map(([table, name, columns, kinds, target]) => ({
        table,
        name,
        columns,
        kinds: (Object.keys(KINDS) as Array<keyof typeof KINDS>).filter((code) => kinds.includes(code)).map((code) => KINDS[code]),
        target,
      })),
  },
  ref: (statistics) => ({ kind: 'statistics', table: statistics.table, name: statistics.name }),
  parent: (statistics) => ({ kind: 'table', name: statistics.table }),
  noun: (statistics) => `statistics ${statistics.name} on ${statistics.table}`,
  describe,
  codes: {
    missing: { severity: 'warning', summary: 'Extended statistics the schema defines do not exist (the planner estimates without them)' },
    unexpected: { severity: 'warning', summary: 'Extended statistics exist that the schema does not define' },
    renamed: { severity: 'warning', summary: 'Extended statistics exist under another name' },
    mismatch: { severity: 'warning', summary: 'Extended statistics cover other columns, gather other statistics or have another target' },
  },
  create: (statistics, context) => [
    step(PHASES.dependants, `CREATE STATISTICS ${context.names.qualified(statistics.name)} ${definition(statistics, context.names.qualified(statistics.table))};`),
    ...(statistics.target === null ? [] : [setTarget(statistics, context)]),
  ],
  drop: (statistics, { names }) => [step(PHASES.dropDependants, `DROP STATISTICS IF EXISTS ${names.qualified(statistics.name)};`)],
  differences(expected, actual, context): Difference[] {
    if (describe(expected) === describe(actual)) return [];
    const onlyTarget = definition(expected, expected.table) === definition(actual, actual.table);
    return [{
      code: 'mismatch',
      message: `${statistics.noun(expected)} is ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: onlyTarget ? [setTarget(expected, context)] : rebuild(statistics, actual, expected, context),
    }];
  },
  rename: {
    // The target too can differ after a rename: it is compared under the new name.
    shape: (statistics) => JSON.stringify([statistics.table, statistics.columns, statistics.kinds]),
    sql: (from, to, { names }) => [step(PHASES.dependants, `ALTER STATISTICS ${names.qualified(from.name)} RENAME TO ${names.ident(to.name)};`, 0)],
  },
  retarget: (statistics, renames) => {
    const table = renames.table(statistics.table);
    return { ...statistics, table, columns: renames.expression(table, statistics.columns) };
  },
};
