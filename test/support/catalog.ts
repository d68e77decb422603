/** Hand-built catalogs for the pure tests (kinds, comparison, contract): the defaults of each kind's objects. */
import { expect, it } from 'vitest';
import type { AttributeNames } from '../../src/catalog/kind.js';
import { compareCatalogs, type CompareOptions } from '../../src/catalog/compare.js';
import { fixPlan } from '../../src/catalog/fix-plan.js';
import type { AnyKind } from '../../src/catalog/kind.js';
import type { Column } from '../../src/catalog/kinds/columns.js';
import type { Constraint } from '../../src/catalog/kinds/constraints.js';
import type { Domain } from '../../src/catalog/kinds/domains.js';
import type { ForeignKey } from '../../src/catalog/kinds/foreign-keys.js';
import type { RoutineObject } from '../../src/catalog/kinds/functions.js';
import type { Index } from '../../src/catalog/kinds/indexes.js';
import type { Policy } from '../../src/catalog/kinds/policies.js';
import type { Privilege } from '../../src/catalog/kinds/privileges.js';
import type { Sequence } from '../../src/catalog/kinds/sequences.js';
import type { Table } from '../../src/catalog/kinds/tables.js';
import type { Trigger } from '../../src/catalog/kinds/triggers.js';
import type { View } from '../../src/catalog/kinds/views.js';
import type { ObjectRef } from '../../src/catalog/model.js';
import { emptyCatalog, type Catalog } from '../../src/catalog/registry.js';
import type { Finding } from '../../src/findings/finding.js';

export const table = (name: string, extra: Partial<Table> = {}): Table => ({ name, partitionBy: null, partitionOf: null, inherits: [], unlogged: false, options: [], replicaIdentity: 'default', ...extra });

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

export const primaryKey = (tableName: string, columns: string[], name = `${tableName}_pkey`): Catalog['primaryKeys'][number] => ({
  table: tableName,
  name,
  columns,
  definition: `PRIMARY KEY (${columns.join(', ')})`,
  options: [],
});

export const constraint = (tableName: string, name: string, type: Constraint['type'], definition: string, extra: Partial<Constraint> = {}): Constraint => ({
  table: tableName,
  name,
  type,
  definition,
  columns: [],
  deferrable: 'not deferrable',
  validated: true,
  options: [],
  ...extra,
});

export const foreignKey = (tableName: string, name: string, columns: string[], referencedTable: string, referencedColumns: string[], extra: Partial<ForeignKey> = {}): ForeignKey => ({
  table: tableName,
  name,
  columns,
  referencedSchema: null,
  referencedTable,
  referencedColumns,
  onDelete: 'NO ACTION',
  onDeleteColumns: [],
  onUpdate: 'NO ACTION',
  match: 'SIMPLE',
  deferrable: 'not deferrable',
  enforced: true,
  validated: true,
  period: false,
  ...extra,
});

export const domain = (name: string, type: string, extra: Partial<Domain> = {}): Domain => ({ name, type, collation: null, default: null, notNull: false, checks: [], ...extra });

/** A bigint sequence with PostgreSQL's defaults. */
export const sequence = (name: string, extra: Partial<Sequence> = {}): Sequence => ({
  name,
  type: 'bigint',
  start: '1',
  increment: '1',
  min: '1',
  max: '9223372036854775807',
  cache: '1',
  cycle: false,
  ownedBy: null,
  unlogged: false,
  ...extra,
});

export const view = (name: string, definition: string, extra: Partial<View> = {}): View => ({ name, materialized: false, definition, options: [], uses: [], defaults: [], ...extra });

/** A SQL function without arguments returning integer, with CREATE FUNCTION's defaults. */
export const routine = (name: string, extra: Partial<RoutineObject> = {}): RoutineObject => ({
  name,
  argumentTypes: '',
  arguments: '',
  procedure: false,
  returns: 'integer',
  language: 'sql',
  volatility: 'volatile',
  strict: false,
  securityDefiner: false,
  leakproof: false,
  parallel: 'unsafe',
  cost: 100,
  rows: 0,
  settings: [],
  body: 'SELECT 1',
  atomic: false,
  ...extra,
});

export const trigger = (tableName: string, name: string, definition: string, extra: Partial<Trigger> = {}): Trigger => ({ table: tableName, name, definition, constraint: false, enabled: 'origin', ...extra });

export const policy = (tableName: string, name: string, extra: Partial<Policy> = {}): Policy => ({
  table: tableName,
  name,
  command: 'ALL',
  permissive: true,
  roles: ['PUBLIC'],
  using: null,
  check: null,
  ...extra,
});

export const privilege = (target: ObjectRef, grantee: string, privileges: string[], grantable: string[] = []): Privilege => ({ target, grantee, privileges, grantable });

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
      { table: 'teams', name: 'teams_pkey', columns: ['id'], definition: 'PRIMARY KEY (id)', options: [] },
      { table: 'users', name: 'users_pkey', columns: ['id'], definition: 'PRIMARY KEY (id)', options: [] },
    ],
    indexes: [index('users', 'users_email_key', '(email)', { unique: true, columns: ['email'] })],
    foreignKeys: [
      {
        table: 'users',
        name: 'users_team_id_fkey',
        columns: ['team_id'],
        referencedSchema: null,
        referencedTable: 'teams',
        referencedColumns: ['id'],
        onDelete: 'CASCADE',
        onDeleteColumns: [],
        onUpdate: 'NO ACTION',
        match: 'SIMPLE',
        deferrable: 'not deferrable',
        enforced: true,
        validated: true,
        period: false,
      },
    ],
    enums: [{ name: 'level', values: ['A', 'B', 'C'] }],
    ...overrides,
  };
}

/**
 * `of` with table `from` renamed to `to`, in its table and in the columns, keys and indexes on it (what a
 * RENAME TO changes), then `overrides`: the kinds' tests of a renamed table compare their objects under it.
 */
export function renameTable(of: Catalog, from: string, to: string, overrides: Partial<Catalog> = {}): Catalog {
  const renamed = (name: string) => (name === from ? to : name);
  const onTable = <T extends { table: string }>(entries: T[]) => entries.map((entry) => ({ ...entry, table: renamed(entry.table) }));
  return {
    ...of,
    tables: of.tables.map((entry) => ({ ...entry, name: renamed(entry.name) })),
    columns: onTable(of.columns),
    primaryKeys: onTable(of.primaryKeys),
    indexes: onTable(of.indexes),
    foreignKeys: onTable(of.foreignKeys),
    ...overrides,
  };
}

/** Every finding between two catalogs of schema `public` (unless the options say otherwise). */
export const compare = (expected: Catalog, actual: Catalog, options: Partial<CompareOptions> = {}): Finding[] => compareCatalogs(expected, actual, { schema: 'public', ...options });

/** `code path` of every finding between two catalogs. */
export const findingsOf = (expected: Catalog, actual: Catalog, options: Partial<CompareOptions> = {}) => compare(expected, actual, options).map((finding) => `${finding.code} ${finding.path}`);

/** The one finding between two catalogs (fails, listing them, when there are none or several). */
export function onlyFinding(expected: Catalog, actual: Catalog, options: Partial<CompareOptions> = {}): Finding {
  const findings = compare(expected, actual, options);
  expect(findings.map((finding) => `${finding.code} ${finding.path}`)).toHaveLength(1);
  return findings[0]!;
}

/** The fix script of all findings between two catalogs, one statement per entry, in the order it runs. */
export const fixScript = (expected: Catalog, actual: Catalog, options: Partial<CompareOptions> = {}): string[] => fixPlan(compare(expected, actual, options)).map((step) => step.sql);

/**
 * One test per finding code of `kind`: `scenarios` holds, for each suffix of its codes table, an expected
 * and an actual catalog between which the comparison reports that code (no code left without a scenario).
 */
export function producesEveryCode(kind: AnyKind, scenarios: Record<string, [expected: Catalog, actual: Catalog]>): void {
  it(`has a scenario for each code of ${kind.kind}`, () => {
    expect(Object.keys(scenarios).sort()).toEqual(Object.keys(kind.codes).sort());
  });
  it.each(Object.entries(scenarios))(`reports ${kind.kind}.%s`, (suffix, [expected, actual]) => {
    expect(compare(expected, actual).map((finding) => finding.code)).toContain(`${kind.kind}.${suffix}`);
  });
}

/** Attribute names by table, numbered from 1 as PostgreSQL numbers them: what the columns query lets other kinds name. */
export function attributesOf(tables: Record<string, string[]> = {}): AttributeNames {
  return { name: (table, attnum) => tables[table]?.[attnum - 1] };
}

/** A server_version_num for rows read from a current server (text that older servers print differently). */
export const NEWEST_SERVER = 180004;

/** What PostgreSQL grants PUBLIC on every new function, aggregate or type (acldefault). */
const USUAL_PUBLIC_GRANTS: Array<[key: 'functions' | 'aggregates' | 'enums' | 'domains' | 'compositeTypes' | 'rangeTypes', kind: ObjectRef['kind'], privilege: string]> = [
  ['functions', 'function', 'EXECUTE'],
  ['aggregates', 'aggregate', 'EXECUTE'],
  ['enums', 'enum', 'USAGE'],
  ['domains', 'domain', 'USAGE'],
  ['compositeTypes', 'composite_type', 'USAGE'],
  ['rangeTypes', 'range_type', 'USAGE'],
];

/**
 * `catalog(overrides)` as a database would read it: each function, aggregate and type with the grant PostgreSQL
 * gives PUBLIC on it, added to the overrides' privileges.
 */
export function catalogAsCreated(overrides: Partial<Catalog> = {}): Catalog {
  const built = catalog(overrides);
  const usual = USUAL_PUBLIC_GRANTS.flatMap(([key, kind, name]) =>
    (built[key] as Array<{ name: string; argumentTypes?: string }>).map((object) =>
      privilege({ kind, name: object.argumentTypes === undefined ? object.name : `${object.name}(${object.argumentTypes})` }, 'PUBLIC', [name]),
    ),
  );
  return { ...built, privileges: [...built.privileges, ...usual] };
}
