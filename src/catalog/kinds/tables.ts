/** Tables: ordinary and partitioned, with partitioning, inheritance, persistence, storage options, access method and composite type (OF). */
import * as z from 'zod';
import type { CatalogKind, CompareContext, Fix } from '../kind.js';
import { PHASES, step, type Difference } from '../model.js';
import { notExtensionMember } from '../sql.js';
import { listOrNone } from './clauses.js';
import { columnDefinition, columnsOf, settingsSteps } from './columns.js';
import { setPersistence } from './sequences.js';
import { ACCESS_METHOD_SQL, accessMethodField, accessMethodOf, methodOf, setAccessMethod, usingClause } from './access-method.js';
import { RELATION_PARAMETERS, sameParameters, sortedParameters, storageParameterClauses, storageParametersSchema, withoutToastParameters } from './storage-parameters.js';

const tableObject = z.lazy(() => z.object({
  name: z.string(),
  /** The partition key (`RANGE (created_at)`) of a partitioned table, else null. */
  partitionBy: z.string().nullable(),
  /** The parent and bound of a partition, else null. */
  partitionOf: z.object({ parent: z.string(), bound: z.string() }).nullable(),
  /** Parents by plain inheritance, in order (partitions list theirs in partitionOf). */
  inherits: z.array(z.string()),
  unlogged: z.boolean(),
  /** Storage parameters (`fillfactor=70`, its TOAST table's `toast.autovacuum_enabled=false`), sorted. */
  options: storageParametersSchema,
  /** What logical replication sends of an updated or deleted row: the key (default), the whole row, nothing, or an index's columns. */
  replicaIdentity: z.union([z.enum(['default', 'full', 'nothing']), z.object({ index: z.string() })]),
  /**
   * False for a table without a TOAST table (PostgreSQL makes one only where a row may be long), which cannot hold
   * `toast.` parameters; left out otherwise, and in locks written before it was read.
   */
  toastTable: z.literal(false).optional(),
  /** The table access method where it is not heap (`CREATE TABLE ... USING`); absent for heap. */
  accessMethod: accessMethodField(),
  /** The composite type of a typed table (`CREATE TABLE ... OF type`), as format_type() prints it; absent otherwise. */
  ofType: z.string().optional(),
}));
export type Table = z.infer<typeof tableObject>;

/** A parent's name: bare in the checked schema, qualified (as regclass prints it) in another one. */
const PARENT_NAME = 'CASE WHEN p.relnamespace = c.relnamespace THEN p.relname::text ELSE p.oid::regclass::text END';

function partitionText(table: Table): string {
  if (table.partitionOf) return `a partition of ${table.partitionOf.parent} ${table.partitionOf.bound}`;
  return table.partitionBy ? `partitioned by ${table.partitionBy}` : 'not partitioned';
}

const partitioned = (table: Table) => table.partitionOf !== null || table.partitionBy !== null;

/** USING INDEX whose index was dropped since replicates nothing, as PostgreSQL documents. */
const replicaIdentityOf = (read: Table['replicaIdentity'] | { index: string | null }): Table['replicaIdentity'] =>
  typeof read === 'string' ? read : read.index === null ? 'nothing' : { index: read.index };

/** REPLICA IDENTITY's clause as ALTER TABLE takes it (`names` quotes the index), or as messages show it. */
function replicaClause(table: Table, ident: (name: string) => string = (name) => name): string {
  const identity = table.replicaIdentity;
  return typeof identity === 'string' ? identity.toUpperCase() : `USING INDEX ${ident(identity.index)}`;
}

/**
 * A statement that takes a table off a parent (NO INHERIT, DETACH PARTITION) or its type (NOT OF) runs with the
 * drops of dependants: before the parent or type may be dropped, so before the renames too, naming the tables as read.
 */
const detachment = (table: string, rest: string, names: CompareContext['names']) => step(PHASES.dropDependants, names.alterTable(table, rest));

const typeOf = (table: Table) => (table.ofType ? `OF ${table.ofType}` : 'not typed');

/** Binds a table to its composite type once its columns are the type's. */
const bindOfType = (table: Table, names: CompareContext['names']) => step(PHASES.dependants, names.alterTable(table.name, `OF ${table.ofType}`), -1);

/** Sets a table's REPLICA IDENTITY, once its indexes exist. */
export const setReplicaIdentity = (table: Table, names: CompareContext['names']) =>
  step(PHASES.dependants, names.alterTable(table.name, `REPLICA IDENTITY ${replicaClause(table, (name) => names.ident(name))}`));

export const tables: CatalogKind<Table> = {
  kind: 'table',
  object: tableObject,
  read: {
    sql: `
      SELECT coalesce(json_agg(json_build_array(
               c.relname,
               CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
               CASE WHEN c.relispartition THEN json_build_array(inh.parents[1], pg_get_expr(c.relpartbound, c.oid)) END,
               CASE WHEN c.relispartition THEN '{}' ELSE coalesce(inh.parents, '{}') END,
               c.relpersistence = 'u',
               ${RELATION_PARAMETERS},
               CASE WHEN c.relreplident = 'i'
                 THEN json_build_object('index', (SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid AND x.indisreplident))
                 ELSE to_json(CASE c.relreplident WHEN 'f' THEN 'full' WHEN 'n' THEN 'nothing' ELSE 'default' END) END,
               c.reltoastrelid <> 0,
               ${ACCESS_METHOD_SQL},
               CASE WHEN c.reloftype <> 0 THEN format_type(c.reloftype, NULL) END)), '[]')::text AS data
        FROM pg_class c
        LEFT JOIN (SELECT i.inhrelid, array_agg(${PARENT_NAME} ORDER BY i.inhseqno) AS parents
                     FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_class c ON c.oid = i.inhrelid
                    WHERE c.relnamespace = $SCHEMA GROUP BY i.inhrelid) inh ON inh.inhrelid = c.oid
       WHERE c.relnamespace = $SCHEMA AND c.relkind IN ('r', 'p') AND ${notExtensionMember('pg_class', 'c.oid')}`,
    catalogs: ['pg_class', 'pg_inherits', 'pg_index', 'pg_depend', 'pg_am'],
    functions: ['pg_get_partkeydef', 'pg_get_expr', 'format_type'],
    assemble: (rows) =>
      rows.map(([name, partitionBy, partitionOf, inherits, unlogged, options, replicaIdentity, toastTable, accessMethod, ofType]) => ({
        name: name as string,
        partitionBy: partitionBy as string | null,
        partitionOf: partitionOf ? { parent: (partitionOf as string[])[0]!, bound: (partitionOf as string[])[1]! } : null,
        inherits: inherits as string[],
        unlogged: unlogged as boolean,
        options: sortedParameters(options),
        replicaIdentity: replicaIdentityOf(replicaIdentity as Table['replicaIdentity'] | { index: string | null }),
        ...(toastTable === false ? { toastTable: false as const } : {}),
        ...accessMethodOf(accessMethod),
        ...(ofType ? { ofType: ofType as string } : {}),
      })),
  },
  ref: (table) => ({ kind: 'table', name: table.name }),
  // A partition goes and comes with its partitioned table.
  parent: (table) => (table.partitionOf ? { kind: 'table', name: table.partitionOf.parent } : undefined),
  noun: (table) => `table ${table.name}`,
  describe: (table) =>
    [
      partitioned(table) ? partitionText(table) : '',
      table.inherits.length ? `inherits ${table.inherits.join(', ')}` : '',
      table.unlogged ? 'unlogged' : '',
      table.accessMethod ? `using ${table.accessMethod}` : '',
      table.ofType ? `of type ${table.ofType}` : '',
    ].filter(Boolean).join(', ') || 'table',
  codes: {
    missing: { severity: 'error', summary: 'A table the schema expects does not exist' },
    unexpected: { severity: 'error', summary: 'A table exists that the schema does not define' },
    renamed: { severity: 'error', summary: 'A table exists under another name (same columns)' },
    persistence_mismatch: { severity: 'error', summary: 'A table is UNLOGGED where a logged table is expected, or the reverse' },
    partitioning_mismatch: { severity: 'error', summary: 'A table is partitioned (or a partition) differently' },
    inheritance_mismatch: { severity: 'error', summary: 'A table inherits from other parents' },
    options_mismatch: { severity: 'warning', summary: 'A table has other storage parameters (fillfactor, autovacuum settings...)' },
    replica_identity_mismatch: { severity: 'error', summary: 'A table has another REPLICA IDENTITY (what logical replication sends of updated and deleted rows)' },
    access_method_mismatch: { severity: 'error', summary: 'A table is stored by another table access method (CREATE TABLE ... USING)' },
    type_mismatch: { severity: 'error', summary: 'A table is typed by another composite type, or typed where it should not be (CREATE TABLE ... OF)' },
  },
  create: (table, context) => [
    step(PHASES.tables, createTable(table, context)),
    ...columnsOf(context.expected, table.name).flatMap((column) => settingsSteps(column, undefined, context.names)),
    ...(table.replicaIdentity === 'default' ? [] : [setReplicaIdentity(table, context.names)]),
    ...(table.ofType ? [bindOfType(table, context.names)] : []),
  ],
  // Children by inheritance go before their parents.
  drop: (table, { names }) => [step(PHASES.dropTables, `DROP TABLE ${names.qualified(table.name)}; -- check that its data is not needed first`, table.inherits.length ? -1 : 0)],
  differences(expected, actual, context): Difference[] {
    const { names } = context;
    const differences: Difference[] = [];
    const alter = (rest: string) => names.alterTable(expected.name, rest);
    if (expected.unlogged !== actual.unlogged) {
      const word = (table: Table) => (table.unlogged ? 'UNLOGGED' : 'logged');
      differences.push({
        code: 'persistence_mismatch',
        message: `table ${expected.name} is ${word(actual)}, expected ${word(expected)}`,
        expected: word(expected),
        actual: word(actual),
        fix: [
          step(PHASES.tables, alter(expected.unlogged ? 'SET UNLOGGED' : 'SET LOGGED')),
          // Its own sequences follow it: those the schema keeps otherwise are set back.
          ...context.expected.sequences.filter((sequence) => sequence.ownedBy?.table === expected.name && sequence.unlogged !== expected.unlogged).map((sequence) => setPersistence(sequence, names)),
        ],
      });
    }
    if (partitionText(expected) !== partitionText(actual)) {
      differences.push({
        code: 'partitioning_mismatch',
        message: `table ${expected.name} is ${partitionText(actual)}, expected ${partitionText(expected)}`,
        expected: partitionText(expected),
        actual: partitionText(actual),
        fix: partitionFix(expected, actual, context),
      });
    }
    if (expected.inherits.join() !== actual.inherits.join()) {
      differences.push({
        code: 'inheritance_mismatch',
        message: `table ${expected.name} inherits ${listOrNone(actual.inherits)}, expected ${listOrNone(expected.inherits)}`,
        expected: listOrNone(expected.inherits),
        actual: listOrNone(actual.inherits),
        fix: [
          // `actual` keeps its name as read; its parents are renamed.
          ...actual.inherits.filter((parent) => !expected.inherits.includes(parent)).map((parent) => detachment(actual.name, `NO INHERIT ${names.qualified(context.renames.tableAsRead(parent))}`, names)),
          ...expected.inherits.filter((parent) => !actual.inherits.includes(parent)).map((parent) => step(PHASES.tables, alter(`INHERIT ${names.qualified(parent)}`))),
        ],
      });
    }
    // Where the database's table has no TOAST table, a SET (toast.name) would hold nothing: the schema's are not compared.
    const options = actual.toastTable === false ? withoutToastParameters(expected.options) : expected.options;
    if (!sameParameters(options, actual.options)) {
      differences.push({
        code: 'options_mismatch',
        message: `table ${expected.name} has storage parameters ${listOrNone(actual.options)}, expected ${listOrNone(options)}`,
        expected: listOrNone(options),
        actual: listOrNone(actual.options),
        fix: storageParameterClauses(options, actual.options).map((clause) => step(PHASES.tables, alter(clause))),
      });
    }
    if (replicaClause(expected) !== replicaClause(actual)) {
      differences.push({
        code: 'replica_identity_mismatch',
        message: `table ${expected.name} has REPLICA IDENTITY ${replicaClause(actual)}, expected ${replicaClause(expected)}`,
        expected: replicaClause(expected),
        actual: replicaClause(actual),
        fix: [setReplicaIdentity(expected, names)],
      });
    }
    if (methodOf(expected) !== methodOf(actual)) {
      differences.push({
        code: 'access_method_mismatch',
        message: `table ${expected.name} uses access method ${methodOf(actual)}, expected ${methodOf(expected)}`,
        expected: methodOf(expected),
        actual: methodOf(actual),
        // SET ACCESS METHOD is PostgreSQL 15's (and a partitioned table's 17's); it rewrites the table.
        fix:
          context.serverVersion < (expected.partitionBy ? 170000 : 150000)
            ? { unsafe: `this PostgreSQL cannot change the access method of ${expected.partitionBy ? 'a partitioned' : 'a'} table: create ${expected.name} anew USING ${methodOf(expected)} and move its rows` }
            : [step(PHASES.tables, alter(setAccessMethod(expected)))],
      });
    }
    if (typeOf(expected) !== typeOf(actual)) {
      differences.push({
        code: 'type_mismatch',
        message: `table ${expected.name} is ${typeOf(actual)}, expected ${typeOf(expected)}`,
        expected: typeOf(expected),
        actual: typeOf(actual),
        // Freed from the type it has before its columns are fixed (PostgreSQL changes no column of a typed table),
        // then bound to the schema's once they are that type's.
        fix: [...(actual.ofType ? [detachment(actual.name, 'NOT OF', names)] : []), ...(expected.ofType ? [bindOfType(expected, names)] : [])],
      });
    }
    return differences;
  },
  rename: {
    keepsRows: true,
    // The same columns (names and types) and the same table-level facts: a table renamed by hand.
    shape: (table, catalog) =>
      JSON.stringify([partitionText(table), table.inherits, table.unlogged, columnsOf(catalog, table.name).map((column) => [column.name, column.type]).sort()]),
    // First in its phase: the other statements on the table use its new name.
    sql: (from, to, { names }) => [step(PHASES.tables, names.alterTable(from.name, `RENAME TO ${names.ident(to.name)}`), -1)],
  },
  retarget: (table, renames) => ({
    ...table,
    inherits: table.inherits.map((parent) => renames.table(parent)),
    partitionOf: table.partitionOf && { ...table.partitionOf, parent: renames.table(table.partitionOf.parent) },
  }),
};

function createTable(table: Table, context: CompareContext): string {
  const { names } = context;
  const head = `CREATE${table.unlogged ? ' UNLOGGED' : ''} TABLE ${names.qualified(table.name)}`;
  const withOptions = table.options.length ? ` WITH (${table.options.join(', ')})` : '';
  const partitioned = table.partitionBy ? ` PARTITION BY ${table.partitionBy}` : '';
  const using = usingClause(table) && ` ${usingClause(table)}`;
  if (table.partitionOf) {
    return `${head} PARTITION OF ${names.qualified(table.partitionOf.parent)} ${table.partitionOf.bound}${partitioned}${using}${withOptions};`;
  }
  const columns = columnsOf(context.expected, table.name).map((column) => `  ${columnDefinition(column, names)}`);
  const inherits = table.inherits.length ? ` INHERITS (${table.inherits.map((parent) => names.qualified(parent)).join(', ')})` : '';
  return `${head} (\n${columns.join(',\n')}\n)${inherits}${partitioned}${using}${withOptions};`;
}

function partitionFix(expected: Table, actual: Table, { names, renames }: CompareContext): Fix {
  const steps = [];
  if (actual.partitionOf) steps.push(detachment(renames.tableAsRead(actual.partitionOf.parent), `DETACH PARTITION ${names.qualified(actual.name)}`, names));
  if (expected.partitionOf) {
    steps.push(step(PHASES.tables, names.alterTable(expected.partitionOf.parent, `ATTACH PARTITION ${names.qualified(expected.name)} ${expected.partitionOf.bound}`)));
  }
  if ((expected.partitionBy ?? '') !== (actual.partitionBy ?? '')) {
    return { unsafe: `PostgreSQL cannot change how an existing table is partitioned: create ${expected.name} anew (${partitionText(expected)}) and move its rows` };
  }
  return steps;
}
