/** Hand-built catalogs for the pure tests (kinds, comparison, contract): the defaults of one plain table. */
import { compareCatalogs, type CompareOptions } from '../../src/catalog/compare.js';
import type { Column } from '../../src/catalog/kinds/columns.js';
import type { Index } from '../../src/catalog/kinds/indexes.js';
import type { Table } from '../../src/catalog/kinds/tables.js';
import { emptyCatalog, type Catalog } from '../../src/catalog/registry.js';

export const table = (name: string, extra: Partial<Table> = {}): Table => ({ name, partitionBy: null, partitionOf: null, inherits: [], unlogged: false, options: [], ...extra });

export const column = (tableName: string, name: string, type: string, extra: Partial<Column> = {}): Column => ({
  table: tableName,
  name,
  type,
  nullable: true,
  default: null,
  collation: null,
  identity: null,
  generated: null,
  ...extra,
});

export const index = (tableName: string, name: string, definition: string, extra: Partial<Index> = {}): Index => ({
  table: tableName,
  name,
  unique: false,
  method: 'btree',
  definition,
  columns: [],
  ...extra,
});

/** A catalog with `users (id uuid pk, email varchar unique, team_id uuid -> teams)` and enum `level`, overridable per kind. */
export function catalog(overrides: Partial<Catalog> = {}): Catalog {
  return {
    ...emptyCatalog(),
    tables: [table('teams'), table('users')],
    columns: [
      column('teams', 'id', 'uuid', { nullable: false }),
      column('users', 'id', 'uuid', { nullable: false, default: 'gen_random_uuid()' }),
      column('users', 'email', 'character varying(255)', { nullable: false }),
      column('users', 'team_id', 'uuid'),
    ],
    primaryKeys: [
      { table: 'teams', name: 'teams_pkey', columns: ['id'], definition: 'PRIMARY KEY (id)' },
      { table: 'users', name: 'users_pkey', columns: ['id'], definition: 'PRIMARY KEY (id)' },
    ],
    indexes: [index('users', 'users_email_key', '(email)', { unique: true, columns: ['email'] })],
    foreignKeys: [
      {
        table: 'users',
        name: 'users_team_id_fkey',
        columns: ['team_id'],
        referencedTable: 'teams',
        referencedColumns: ['id'],
        onDelete: 'CASCADE',
        onDeleteColumns: [],
        onUpdate: 'NO ACTION',
        match: 'SIMPLE',
        deferrable: 'not deferrable',
        validated: true,
      },
    ],
    enums: [{ name: 'level', values: ['A', 'B', 'C'] }],
    ...overrides,
  };
}

/** `code path` of every finding between two catalogs. */
export const findingsOf = (expected: Catalog, actual: Catalog, options: Partial<CompareOptions> = {}) =>
  compareCatalogs(expected, actual, { schema: 'public', ...options }).map((finding) => `${finding.code} ${finding.path}`);
