/**
 * Publications (logical replication) that publish the schema's tables: every table of the database, the whole
 * schema, or some of its tables, each with its column list and row filter; and what they publish (which
 * operations, through the partition root, generated columns). A publication belongs to the database, so only
 * what it says about this schema is compared: one that publishes none of its tables is not read.
 */
import * as z from 'zod';
import { namesOf, type CatalogKind, type CompareContext } from '../kind.js';
import { PHASES, step, type Difference, type FixStep } from '../model.js';
import { differingClauses } from './clauses.js';

const OPERATIONS = ['insert', 'update', 'delete', 'truncate'] as const;

const memberObject = z.lazy(() => z.object({
  table: z.string(),
  /** The published columns (a set: sorted by name), or null for every column. */
  columns: z.array(z.string()).nullable(),
  /** The row filter (WHERE), deparsed, or null. */
  where: z.string().nullable(),
}));
type Member = z.infer<typeof memberObject>;

const publicationObject = z.lazy(() => z.object({
  name: z.string(),
  /** FOR ALL TABLES. */
  allTables: z.boolean(),
  /** FOR TABLES IN SCHEMA of the checked schema. */
  wholeSchema: z.boolean(),
  /** The schema's tables published one by one, by name. */
  tables: z.array(memberObject),
  publish: z.array(z.enum(OPERATIONS)),
  viaRoot: z.boolean(),
  /** publish_generated_columns = stored (PostgreSQL 18). */
  generatedColumns: z.boolean(),
}));
export type Publication = z.infer<typeof publicationObject>;

type PublicationRow = [
  name: string,
  allTables: boolean,
  wholeSchema: boolean,
  members: Array<[table: string, attnums: number[] | null, where: string | null]>,
  operations: boolean[],
  viaRoot: boolean,
  generatedColumns: boolean,
];

/** One table of a publication as the SQL names it, or as messages do (plain names). */
const memberText = (member: Member, ident: (name: string) => string, table: (name: string) => string) =>
  `${table(member.table)}${member.columns ? ` (${member.columns.map(ident).join(', ')})` : ''}${member.where === null ? '' : ` WHERE (${member.where})`}`;
const plain = (name: string) => name;
const memberWords = (member: Member) => memberText(member, plain, plain);
/**
 * `TABLE ONLY a (x) WHERE (...), ONLY b`: TABLE written once, as PostgreSQL 14 requires (15 and later accept
 * either). ONLY: the tables of an inheritance tree are published one by one.
 */
const tableList = (members: readonly Member[], { names }: CompareContext) =>
  `TABLE ${members.map((member) => memberText(member, (name) => names.ident(name), (name) => `ONLY ${names.qualified(name)}`)).join(', ')}`;
/** The tables alone, a renamed table as read (the statement runs before the rename). */
const tableNames = (members: readonly Member[], { names, renames }: CompareContext) =>
  `TABLE ${members.map((member) => `ONLY ${names.qualified(renames.tableAsRead(member.table))}`).join(', ')}`;

/** What a publication publishes short of every table: the schema (named by `schema`), then its tables as `tables` lists them. */
const scopeParts = (publication: Publication, schema: string, tables: (members: readonly Member[]) => string) =>
  [publication.wholeSchema ? `TABLES IN SCHEMA${schema}` : '', publication.tables.length ? tables(publication.tables) : ''].filter(Boolean);
const scope = (publication: Publication) =>
  publication.allTables ? 'FOR ALL TABLES' : scopeParts(publication, '', (members) => `TABLE ${members.map(memberWords).join(', ')}`).join(', ');
const options = (publication: Publication) =>
  `WITH (publish = '${publication.publish.join(', ')}'${publication.viaRoot ? ', publish_via_partition_root = true' : ''}${publication.generatedColumns ? ', publish_generated_columns = stored' : ''})`;
const aspects = (publication: Publication) => [scope(publication), options(publication)];
const describe = (publication: Publication) => aspects(publication).filter(Boolean).join(' ');

/**
 * ALTER PUBLICATION ... SET (...) from `actual`'s options to `expected`'s: an option not written keeps its
 * value, so each is written; publish_generated_columns only where either side sets it (PostgreSQL 18's).
 */
const setOptions = (expected: Publication, actual: Publication, { names }: CompareContext) =>
  step(
    PHASES.dependants,
    `ALTER PUBLICATION ${names.ident(expected.name)} SET (publish = '${expected.publish.join(', ')}', publish_via_partition_root = ${expected.viaRoot}${expected.generatedColumns || actual.generatedColumns ? `, publish_generated_columns = ${expected.generatedColumns ? 'stored' : 'none'}` : ''});`,
  );

/**
 * The statements that take `from`'s tables of the schema to `to`'s. A member whose columns or filter change is
 * dropped and added again: ALTER PUBLICATION ... SET TABLE would replace the other schemas' tables too. Drops
 * run before the tables themselves are dropped (or renamed: they name a renamed table as read); adds once the
 * tables exist.
 */
function republish(from: Publication, to: Publication, context: CompareContext): FixStep[] {
  const alter = (phase: typeof PHASES.dropDependants | typeof PHASES.dependants, rest: string) => step(phase, `ALTER PUBLICATION ${context.names.ident(to.name)} ${rest};`);
  const schema = context.names.ident(context.names.schema);
  const had = new Map(from.tables.map((member) => [member.table, member]));
  const wanted = new Map(to.tables.map((member) => [member.table, member]));
  const same = (a: Member, b: Member) => memberWords(a) === memberWords(b);
  const dropped = from.tables.filter((member) => !wanted.has(member.table) || !same(member, wanted.get(member.table)!));
  const added = to.tables.filter((member) => !had.has(member.table) || !same(member, had.get(member.table)!));
  return [
    ...(from.wholeSchema && !to.wholeSchema ? [alter(PHASES.dropDependants, `DROP TABLES IN SCHEMA ${schema}`)] : []),
    ...(dropped.length ? [alter(PHASES.dropDependants, `DROP ${tableNames(dropped, context)}`)] : []),
    ...(!from.wholeSchema && to.wholeSchema ? [alter(PHASES.dependants, `ADD TABLES IN SCHEMA ${schema}`)] : []),
    ...(added.length ? [alter(PHASES.dependants, `ADD ${tableList(added, context)}`)] : []),
  ];
}

const nothing: Omit<Publication, 'name'> = { allTables: false, wholeSchema: false, tables: [], publish: [...OPERATIONS], viaRoot: false, generatedColumns: false };

export const publications: CatalogKind<Publication> = {
  kind: 'publication',
  object: publicationObject,
  read: {
    // pg_publication_namespace and the column lists and row filters are PostgreSQL 15's; it is left out of
    // `catalogs` (which the role's privileges are checked against) so that a 14 server still gets to its line.
    sql: (version) => `
      SELECT coalesce(json_agg(json_build_array(
               p.pubname, p.puballtables,
               ${version >= 150000 ? 'EXISTS (SELECT FROM pg_publication_namespace s WHERE s.pnpubid = p.oid AND s.pnnspid = $SCHEMA)' : 'false'},
               (SELECT coalesce(json_agg(json_build_array(c.relname, ${version >= 150000 ? 'r.prattrs::int2[], pg_get_expr(r.prqual, r.prrelid)' : 'NULL, NULL'})), '[]')
                  FROM pg_publication_rel r JOIN pg_class c ON c.oid = r.prrelid
                 WHERE r.prpubid = p.oid AND c.relnamespace = $SCHEMA),
               json_build_array(p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate), p.pubviaroot,
               ${version >= 180000 ? "p.pubgencols = 's'" : 'false'})), '[]')::text AS data
        FROM pg_publication p
       WHERE p.puballtables
          OR EXISTS (SELECT FROM pg_publication_rel r JOIN pg_class c ON c.oid = r.prrelid WHERE r.prpubid = p.oid AND c.relnamespace = $SCHEMA)
          ${version >= 150000 ? 'OR EXISTS (SELECT FROM pg_publication_namespace s WHERE s.pnpubid = p.oid AND s.pnnspid = $SCHEMA)' : ''}`,
    present: `EXISTS (SELECT FROM pg_publication)`,
    catalogs: ['pg_publication', 'pg_publication_rel', 'pg_class'],
    functions: ['pg_get_expr'],
    assemble: (rows, attributes) =>
      (rows as unknown as PublicationRow[]).map(([name, allTables, wholeSchema, members, operations, viaRoot, generatedColumns]) => ({
        name,
        allTables,
        wholeSchema,
        tables: members
          .map(([table, attnums, where]) => ({ table, columns: attnums && namesOf(attributes, table, attnums).sort(), where }))
          .sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0)),
        publish: OPERATIONS.filter((_, at) => operations[at]),
        viaRoot,
        generatedColumns,
      })),
  },
  ref: (publication) => ({ kind: 'publication', name: publication.name }),
  noun: (publication) => `publication ${publication.name}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: "A publication the schema defines does not publish the schema's tables" },
    unexpected: { severity: 'warning', summary: "A publication publishes the schema's tables where the schema defines none" },
    mismatch: { severity: 'error', summary: 'A publication publishes other tables, columns or rows of the schema, or other operations' },
  },
  create: (publication, context) => {
    const scopes = scopeParts(publication, ` ${context.names.ident(context.names.schema)}`, (members) => tableList(members, context));
    const target = publication.allTables ? ' FOR ALL TABLES' : scopes.length ? ` FOR ${scopes.join(', ')}` : '';
    return [step(PHASES.dependants, `CREATE PUBLICATION ${context.names.ident(publication.name)}${target} ${options(publication)};`)];
  },
  // What it says about this schema is taken back; the publication itself may publish other schemas' tables.
  drop: (publication, context) => (publication.allTables ? [step(PHASES.dropDependants, `DROP PUBLICATION ${context.names.ident(publication.name)};`)] : republish(publication, { ...publication, ...nothing }, context)),
  differences(expected, actual, context): Difference[] {
    if (describe(expected) === describe(actual)) return [];
    const fix = (): Difference['fix'] => {
      if (expected.allTables !== actual.allTables) {
        return { unsafe: `publication ${expected.name} ${expected.allTables ? 'must' : 'must not'} publish every table of the database, which ALTER PUBLICATION cannot change: drop it and create it by hand` };
      }
      return [...republish(actual, expected, context), ...(options(expected) === options(actual) ? [] : [setOptions(expected, actual, context)])];
    };
    return [{
      code: 'mismatch',
      message: `publication ${expected.name} is ${differingClauses(aspects(expected), aspects(actual))}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: fix(),
    }];
  },
  retarget: (publication, renames) => ({
    ...publication,
    tables: publication.tables
      .map((member) => {
        const table = renames.table(member.table);
        return { table, columns: member.columns && member.columns.map((column) => renames.column(table, column)).sort(), where: member.where === null ? null : renames.expression(table, member.where) };
      })
      .sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0)),
  }),
};
