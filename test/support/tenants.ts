/**
 * Tenant rows for the isolation tests, built from the database's own catalog so that every tenant table (one
 * added later too) gets rows without editing this file: a row's NOT NULL columns without a default get a value
 * of their type, its tenant columns the scope's client and engagement, and each foreign key a row of the
 * referenced table made for the same scope. Written as the owner, who is not bound by the policies.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { columnsOf, type Column } from '../../src/catalog/kinds/columns.js';
import type { Catalog } from '../../src/catalog/registry.js';
import { quoteIdent } from '../../src/database/quote.js';
import type { TenantIsolationRule } from '../../src/contract/contract.js';

export interface Scope {
  clientAccountId: string;
  /** null: rows that belong to no engagement (only tables whose engagement_id may be NULL take them). */
  engagementId: string | null;
}

export type Row = Record<string, unknown>;

/** The tenant tables by the contract's rule: those with the tenant column, and its child tables. */
export function tenantTables(catalog: Catalog, rule: TenantIsolationRule): string[] {
  return catalog.tables
    .map((table) => table.name)
    .filter((table) => Object.hasOwn(rule.childTables, table) || columnsOf(catalog, table).some((column) => column.name === rule.tenantColumn))
    .sort();
}

let counter = 0;

function valueOf(column: Column, catalog: Catalog): unknown {
  const type = column.type;
  counter += 1;
  if (type === 'uuid') return randomUUID();
  if (type.endsWith('[]')) return '{}';
  const length = /^character varying\((\d+)\)$/.exec(type)?.[1];
  if (type === 'text' || type.startsWith('character varying')) return `${column.name}-${counter}`.slice(-(Number(length ?? 100)));
  if (/^(integer|bigint|smallint|double precision|real|numeric)/.test(type)) return 1;
  if (type === 'boolean') return false;
  if (type === 'json' || type === 'jsonb') return '{}';
  if (type.startsWith('timestamp') || type === 'date') return '2025-01-01T00:00:00Z';
  const values = catalog.enums.find((candidate) => candidate.name === type)?.values;
  if (values) return values[0];
  throw new Error(`the tenant fixture has no value for a column of type ${type} (${column.table}.${column.name})`);
}

/**
 * Inserts one row into each of `tables` for `scope` (and the rows their foreign keys need), returning every row
 * made, by table. Rows of tables outside the tenant (users, migrations) are made once per scope too.
 */
export async function fillTenant(client: pg.Client, catalog: Catalog, rule: TenantIsolationRule, scope: Scope, tables: string[]): Promise<Map<string, Row>> {
  const made = new Map<string, Row>();
  const fixed: Record<string, Record<string, string | null>> = {
    client_accounts: { id: scope.clientAccountId },
    engagements: { id: scope.engagementId, [rule.tenantColumn]: scope.clientAccountId },
  };

  async function rowOf(table: string, path: string[] = []): Promise<Row> {
    const existing = made.get(table);
    if (existing) return existing;
    if (path.includes(table)) throw new Error(`the tenant fixture cannot fill a cycle of required foreign keys: ${[...path, table].join(' -> ')}`);
    const columns = columnsOf(catalog, table);
    const values = new Map<string, unknown>();
    for (const column of columns) {
      if (column.name === rule.tenantColumn) values.set(column.name, scope.clientAccountId);
      else if (column.name === rule.engagementColumn) values.set(column.name, scope.engagementId);
    }
    for (const key of catalog.foreignKeys.filter((candidate) => candidate.table === table)) {
      const required = key.columns.some((name) => columns.find((column) => column.name === name)?.nullable === false);
      if (!required || key.columns.every((name) => values.has(name))) continue;
      const parent = Object.hasOwn(fixed, key.referencedTable) ? fixed[key.referencedTable]! : await rowOf(key.referencedTable, [...path, table]);
      key.columns.forEach((name, index) => values.set(name, parent[key.referencedColumns[index]!]));
    }
    for (const column of columns) {
      if (!values.has(column.name) && !column.nullable && column.default === null && column.identity === null && column.generated === null) values.set(column.name, valueOf(column, catalog));
    }
    const names = [...values.keys()];
    const { rows } = await client.query<{ row: Row }>(
      `INSERT INTO ${quoteIdent(table)} (${names.map(quoteIdent).join(', ')}) VALUES (${names.map((_, index) => `$${index + 1}`).join(', ')}) RETURNING to_jsonb(${quoteIdent(table)}) AS row`,
      [...values.values()],
    );
    made.set(table, rows[0]!.row);
    return rows[0]!.row;
  }

  for (const table of tables) await rowOf(table);
  return made;
}
