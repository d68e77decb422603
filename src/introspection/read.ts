import type pg from 'pg';
import { quoteIdent, quoteLiteral } from '../database/quote.js';
import { UserError } from '../errors/index.js';
import { CATALOG_QUERIES } from './queries.js';
import type { CatalogSnapshot, ColumnSnapshot, ForeignKeySnapshot, IndexSnapshot, KeySnapshot, ReferentialAction, TableSnapshot } from './snapshot.js';

type TableRow = [oid: number, name: string];
type ColumnRow = [table: number, attnum: number, name: string, type: string, nullable: boolean, defaultValue: string | null, quoted: string | null];
type IndexRow = [
  table: number,
  name: string,
  unique: boolean,
  primary: boolean,
  method: string,
  predicate: string | null,
  keys: number[],
  expressions: string[] | null,
  options: number[],
];
type ConstraintRow = [
  table: number,
  name: string,
  type: 'p' | 'f',
  keys: number[],
  refTable: number,
  refKeys: number[] | null,
  onDelete: string,
  onUpdate: string,
  elsewhere: [table: string, columns: string[]] | null,
];
type EnumRow = [name: string, values: string[]];

const ACTIONS: Record<string, ReferentialAction> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };


/** From this many tables on, the snapshot reads with two connections (see readSnapshot). */
const PARALLEL_FROM_TABLES = 500;

export interface SnapshotOptions {
  /** Opens a second connection to the same database, for large schemas. */
  openHelper?: () => Promise<pg.Client>;
  /** How many tables make a schema large (default 500). */
  parallelFromTables?: number;
}

type Query = <T>(sql: string) => Promise<T[]>;

/** Starts the snapshot transaction: read-only, repeatable read, with the schema first on the search_path. */
async function begin(client: pg.Client, schema: string, snapshotId?: string): Promise<Query> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  if (snapshotId) await client.query(`SET TRANSACTION SNAPSHOT ${quoteLiteral(snapshotId)}`);
  await client.query(`SET LOCAL search_path = ${quoteIdent(schema)}, pg_catalog`);
  return async <T>(sql: string) => JSON.parse((await client.query<{ data: string }>(sql, [schema])).rows[0]!.data) as T[];
}

/**
 * Reads one schema's catalog in a single read-only, repeatable-read transaction, so every query sees the
 * same moment. The search_path is set to the schema so type names and expressions print unqualified,
 * exactly as they do for `public`: a lock taken in `public` then matches a database in schema `migration`.
 * A large schema is read by two connections sharing one exported snapshot (as pg_dump -j does): the
 * columns query runs on one while the rest run on the other, so the view stays consistent.
 */
export async function readSnapshot(client: pg.Client, schema: string, options: SnapshotOptions = {}): Promise<CatalogSnapshot> {
  let helper: pg.Client | undefined;
  try {
    const query = await begin(client, schema);
    const found = await client.query<{ tables: number }>(CATALOG_QUERIES.schema, [schema]);
    if (!found.rows[0]) {
      throw new UserError(`schema "${schema}" does not exist in this database: check --schema (the platform's older databases use "migration")`);
    }
    let other = query;
    if (options.openHelper && found.rows[0].tables >= (options.parallelFromTables ?? PARALLEL_FROM_TABLES)) {
      const exported = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id;
      helper = await options.openHelper();
      other = await begin(helper, schema, exported);
    }
    // On one connection these run one after the other; with a helper, columns overlap with the rest.
    const [columns, [tables, indexes, constraints, enums]] = await Promise.all([
      query<ColumnRow>(CATALOG_QUERIES.columns),
      (async () =>
        [
          await other<TableRow>(CATALOG_QUERIES.tables),
          await other<IndexRow>(CATALOG_QUERIES.indexes),
          await other<ConstraintRow>(CATALOG_QUERIES.constraints),
          await other<EnumRow>(CATALOG_QUERIES.enums),
        ] as const)(),
    ]);
    return assembleSnapshot(tables, columns, indexes, constraints, enums);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await helper?.end().catch(() => undefined);
  }
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

// pg_index.indoption bits: DESC, NULLS FIRST (btree's defaults are ASC NULLS LAST, DESC NULLS FIRST).
const INDOPTION_DESC = 1;
const INDOPTION_NULLS_FIRST = 2;

/** A table being assembled: its snapshot plus attnum -> column name (raw and as SQL prints it). */
interface TableParts {
  snapshot: TableSnapshot;
  names: string[];
  quoted: string[];
}

/** Builds the snapshot from the flat catalog rows, each in one pass, resolving oids and attnums by lookup. */
function assembleSnapshot(tables: TableRow[], columns: ColumnRow[], indexes: IndexRow[], constraints: ConstraintRow[], enums: EnumRow[]): CatalogSnapshot {
  const byOid = new Map<number, TableParts>();
  for (const [oid, name] of tables) byOid.set(oid, { snapshot: { name, columns: [], primaryKey: null, indexes: [], foreignKeys: [] }, names: [], quoted: [] });

  const ordinals = new Map<TableParts, number[]>();
  for (const [table, attnum, name, type, nullable, defaultValue, quoted] of columns) {
    const parts = byOid.get(table);
    if (!parts) continue;
    parts.snapshot.columns.push({ name, type, nullable, default: defaultValue } satisfies ColumnSnapshot);
    parts.names[attnum] = name;
    parts.quoted[attnum] = quoted ?? name;
    const seen = ordinals.get(parts);
    if (seen) seen.push(attnum);
    else ordinals.set(parts, [attnum]);
  }
  // Columns arrive unordered (sorting 200,000 rows in SQL costs more than sorting 20 per table here).
  for (const [parts, attnums] of ordinals) {
    const position = new Map(attnums.map((attnum, index) => [parts.snapshot.columns[index]!.name, attnum]));
    parts.snapshot.columns.sort((a, b) => position.get(a.name)! - position.get(b.name)!);
  }

  const primaryKeyNames = new Set<string>();
  for (const [table, name, type, keys, refTable, refKeys, onDelete, onUpdate, elsewhere] of constraints) {
    const parts = byOid.get(table);
    if (!parts) continue;
    const keyColumns = keys.map((attnum) => parts.names[attnum] ?? String(attnum));
    if (type === 'p') {
      parts.snapshot.primaryKey = { name, columns: keyColumns } satisfies KeySnapshot;
      primaryKeyNames.add(`${table}\u0000${name}`);
      continue;
    }
    const target = byOid.get(refTable);
    parts.snapshot.foreignKeys.push({
      name,
      columns: keyColumns,
      referencedTable: elsewhere?.[0] ?? target?.snapshot.name ?? String(refTable),
      referencedColumns: elsewhere?.[1] ?? (refKeys ?? []).map((attnum) => target?.names[attnum] ?? String(attnum)),
      onDelete: ACTIONS[onDelete] ?? 'NO ACTION',
      onUpdate: ACTIONS[onUpdate] ?? 'NO ACTION',
    } satisfies ForeignKeySnapshot);
  }

  for (const [table, name, unique, primary, method, predicate, keys, expressions, options] of indexes) {
    const parts = byOid.get(table);
    if (!parts || primary || primaryKeyNames.has(`${table}\u0000${name}`)) continue;
    const keyColumns = keys.map((attnum, position) => {
      const key = attnum === 0 ? (expressions?.[position] ?? '?') : (parts.quoted[attnum] ?? String(attnum));
      const option = options[position] ?? 0;
      const descending = (option & INDOPTION_DESC) !== 0;
      const nullsFirst = (option & INDOPTION_NULLS_FIRST) !== 0;
      return `${key}${descending ? ' DESC' : ''}${nullsFirst !== descending ? (nullsFirst ? ' NULLS FIRST' : ' NULLS LAST') : ''}`;
    });
    parts.snapshot.indexes.push({ name, columns: keyColumns, unique, method, predicate } satisfies IndexSnapshot);
  }

  const assembled = [...byOid.values()].map((parts) => parts.snapshot);
  for (const table of assembled) {
    table.indexes.sort(byName);
    table.foreignKeys.sort(byName);
  }
  return {
    tables: assembled.sort(byName),
    enums: enums.map(([name, values]) => ({ name, values })).sort(byName),
  };
}
