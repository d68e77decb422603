import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../src/database/connect.js';
import { readSnapshot } from '../src/introspection/index.js';
import { createTestDatabase, type TestDatabase } from './support/template.js';

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
  client = await connect(db.url);
  await client.query(`
    CREATE SCHEMA other;
    CREATE TABLE other.owners (id int PRIMARY KEY, "Display Name" text);
    CREATE TABLE tricky ("select" int, "Mixed Case" text, owner_id int REFERENCES other.owners (id) ON DELETE SET NULL, created timestamptz);
    CREATE INDEX ix_tricky_desc ON tricky ("select" DESC, created NULLS FIRST);
    CREATE INDEX ix_tricky_expr ON tricky (lower("Mixed Case")) WHERE "select" > 0;
  `);
});
afterAll(async () => {
  await client.end();
  await db.drop();
});

describe('readSnapshot', () => {
  it('prints index keys as PostgreSQL does: quoted names, ordering options, expressions and predicates', async () => {
    const tricky = (await readSnapshot(client, 'public')).tables.find((table) => table.name === 'tricky')!;
    expect(tricky.columns.map((column) => column.name)).toEqual(['select', 'Mixed Case', 'owner_id', 'created']);
    expect(tricky.indexes).toEqual([
      { name: 'ix_tricky_desc', columns: ['"select" DESC', 'created NULLS FIRST'], unique: false, method: 'btree', predicate: null },
      { name: 'ix_tricky_expr', columns: ['lower("Mixed Case")'], unique: false, method: 'btree', predicate: '("select" > 0)' },
    ]);
  });

  it('names a foreign key target in another schema with its schema', async () => {
    const tricky = (await readSnapshot(client, 'public')).tables.find((table) => table.name === 'tricky')!;
    expect(tricky.foreignKeys).toEqual([
      { name: 'tricky_owner_id_fkey', columns: ['owner_id'], referencedTable: 'other.owners', referencedColumns: ['id'], onDelete: 'SET NULL', onUpdate: 'NO ACTION' },
    ]);
  });

  it('reads the same catalog with two connections sharing one exported snapshot', async () => {
    const single = await readSnapshot(client, 'public');
    let helpers = 0;
    const parallel = await readSnapshot(client, 'public', {
      parallelFromTables: 1,
      openHelper: async () => {
        helpers += 1;
        return connect(db.url);
      },
    });
    expect(helpers).toBe(1);
    expect(parallel).toEqual(single);
  });
});
