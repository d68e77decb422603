import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { syntheticSchema, type SchemaCounts } from '../scripts/bench/synthetic.js';
import { createTestDatabase, type TestDatabase } from './support/template.js';

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'), { migrated: false });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await db?.drop();
});

const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n);

/** What the catalog holds in `public`, counted the same way the generator counts its model. */
async function catalogCounts(): Promise<SchemaCounts> {
  const inPublic = "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'";
  return {
    tables: await count(`SELECT count(*) AS n FROM pg_class c ${inPublic}`),
    columns: await count(`SELECT count(*) AS n FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid ${inPublic} AND a.attnum > 0 AND NOT a.attisdropped`),
    indexes: await count(`SELECT count(*) AS n FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'm')`),
    foreignKeys: await count(`SELECT count(*) AS n FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid ${inPublic} AND k.contype = 'f'`),
    enums: await count("SELECT count(*) AS n FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'"),
    checks: await count(`SELECT count(*) AS n FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid ${inPublic} AND k.contype = 'c'`),
    policies: await count(`SELECT count(*) AS n FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid ${inPublic}`),
    triggers: await count(`SELECT count(*) AS n FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid ${inPublic} AND NOT g.tgisinternal`),
    views: await count("SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm')"),
    grants: await count(`SELECT count(*) AS n FROM pg_class c ${inPublic} AND c.relacl::text LIKE '%bench_reader=%'`),
    comments: await count(`SELECT count(*) AS n FROM pg_description d JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid ${inPublic}`),
  };
}

describe('the benchmark synthetic schema generator', () => {
  // Batches of 20 tables: the 50-table script then spans several transactions, as the 10,000-table one does.
  const schema = syntheticSchema(50, 20);

  it('describes about 20 columns a table, with indexes, foreign keys, a few enums and the other kinds', () => {
    expect(schema.counts.tables).toBe(50);
    expect(schema.counts.columns / schema.counts.tables).toBeCloseTo(20, 0);
    expect(schema.counts.indexes).toBeGreaterThan(2 * schema.counts.tables);
    expect(schema.counts.foreignKeys).toBeGreaterThanOrEqual(schema.counts.tables - 1);
    expect(schema.counts.enums).toBeGreaterThanOrEqual(3);
    for (const kind of ['checks', 'policies', 'triggers', 'views', 'grants', 'comments'] as const) expect(schema.counts[kind], kind).toBeGreaterThan(0);
  });

  it('applies in one round trip and creates exactly what it describes', async () => {
    await client.query(schema.sql);
    expect(await catalogCounts()).toEqual(schema.counts);
  });

  it('varies column types and defaults', async () => {
    const types = await count(
      "SELECT count(DISTINCT format_type(a.atttypid, NULL)) AS n FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0",
    );
    const defaults = await count("SELECT count(*) AS n FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'");
    const partial = await count("SELECT count(*) AS n FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND x.indpred IS NOT NULL");
    expect(types).toBeGreaterThanOrEqual(15);
    expect(defaults).toBeGreaterThan(schema.counts.tables * 5);
    expect(partial).toBeGreaterThan(0);
  });

  it('is deterministic, so every run measures the same schema', () => {
    expect(syntheticSchema(50, 20).sql).toBe(schema.sql);
  });
});
