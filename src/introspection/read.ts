import type pg from 'pg';
import { UserError } from '../errors/index.js';
import { CATALOG_QUERIES } from './queries.js';
import type { CatalogSnapshot, ColumnSnapshot, ForeignKeySnapshot, IndexSnapshot, KeySnapshot, ReferentialAction, TableSnapshot } from './snapshot.js';

type ColumnRow = [table: string, name: string, type: string, nullable: boolean, defaultValue: string | null];
type IndexRow = [table: string, name: string, unique: boolean, primary: boolean, method: string, predicate: string | null, columns: string[]];
type ConstraintRow = [table: string, name: string, type: 'p' | 'f', columns: string[], refTable: string | null, refColumns: string[] | null, onDelete: string, onUpdate: string];
type EnumRow = [name: string, values: string[]];

const ACTIONS: Record<string, ReferentialAction> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** Always-quoted SQL identifier (safe for any name, keywords included). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Reads one schema's catalog in a single read-only, repeatable-read transaction, so every query sees the
 * same moment. The search_path is set to the schema so type names and expressions print unqualified,
 * exactly as they do for `public`: a lock taken in `public` then matches a database in schema `migration`.
 */
export async function readSnapshot(client: pg.Client, schema: string): Promise<CatalogSnapshot> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    await client.query(`SET LOCAL search_path = ${quoteIdent(schema)}, pg_catalog`);
    const found = await client.query<{ found: number }>(CATALOG_QUERIES.schema, [schema]);
    if (!found.rows[0]?.found) {
      throw new UserError(`schema "${schema}" does not exist in this database: check --schema (the platform's older databases use "migration")`);
    }
    const json = async <T>(sql: string): Promise<T[]> => JSON.parse((await client.query<{ data: string }>(sql, [schema])).rows[0]!.data) as T[];
    // One after the other: a pg connection runs one query at a time anyway.
    const tables = await json<string>(CATALOG_QUERIES.tables);
    const columns = await json<ColumnRow>(CATALOG_QUERIES.columns);
    const indexes = await json<IndexRow>(CATALOG_QUERIES.indexes);
    const constraints = await json<ConstraintRow>(CATALOG_QUERIES.constraints);
    const enums = await json<EnumRow>(CATALOG_QUERIES.enums);
    return assembleSnapshot(tables, columns, indexes, constraints, enums);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Groups the flat catalog rows by table in one pass each (rows arrive sorted by table). */
function assembleSnapshot(tables: string[], columns: ColumnRow[], indexes: IndexRow[], constraints: ConstraintRow[], enums: EnumRow[]): CatalogSnapshot {
  const byTable = new Map<string, TableSnapshot>(tables.map((name) => [name, { name, columns: [], primaryKey: null, indexes: [], foreignKeys: [] }]));
  for (const [table, name, type, nullable, defaultValue] of columns) {
    byTable.get(table)?.columns.push({ name, type, nullable, default: defaultValue } satisfies ColumnSnapshot);
  }
  const primaryKeyIndexes = new Set<string>();
  for (const [table, name, type, keyColumns, refTable, refColumns, onDelete, onUpdate] of constraints) {
    const target = byTable.get(table);
    if (!target) continue;
    if (type === 'p') {
      target.primaryKey = { name, columns: keyColumns } satisfies KeySnapshot;
      primaryKeyIndexes.add(`${table}\u0000${name}`);
    } else {
      target.foreignKeys.push({
        name,
        columns: keyColumns,
        referencedTable: refTable ?? '',
        referencedColumns: refColumns ?? [],
        onDelete: ACTIONS[onDelete] ?? 'NO ACTION',
        onUpdate: ACTIONS[onUpdate] ?? 'NO ACTION',
      } satisfies ForeignKeySnapshot);
    }
  }
  for (const [table, name, unique, primary, method, predicate, keyColumns] of indexes) {
    if (primary || primaryKeyIndexes.has(`${table}\u0000${name}`)) continue;
    byTable.get(table)?.indexes.push({ name, columns: keyColumns, unique, method, predicate } satisfies IndexSnapshot);
  }
  for (const table of byTable.values()) {
    table.indexes.sort(byName);
    table.foreignKeys.sort(byName);
  }
  return {
    tables: [...byTable.values()].sort(byName),
    enums: enums.map(([name, values]) => ({ name, values })).sort(byName),
  };
}
