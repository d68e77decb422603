/**
 * A kind whose `present` condition is false is not queried at all (catalog/read.ts), so the condition must be
 * true wherever the kind's own query returns a row, or the check would be blind to that kind. Each mutation
 * of the property test (objects of every kind, made in every way it knows) is applied alone, in a
 * transaction rolled back after: every kind's query is run and compared with kindsToQuery. On the migrated
 * schema as it is, most kinds' conditions are false, so their queries are skipped.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { catalogBatch, kindsToRead, kindsToQuery } from '../src/catalog/read.js';
import { withConnection } from '../src/database/connect.js';
import { MUTATIONS } from './support/mutations.js';
import { createTestDatabase, type TestDatabase } from './support/template.js';

const KINDS = kindsToRead({ owners: true });
const GATED = KINDS.filter(([, kind]) => kind.read.present !== undefined).map(([key]) => key);

/** Each kind's row count and the kinds kindsToQuery keeps, inside the caller's transaction. */
async function census(client: pg.Client): Promise<{ rows: Map<string, number>; queried: Set<string> }> {
  const { oid, version } = (await client.query<{ oid: number; version: number }>("SELECT 'public'::regnamespace::oid::int AS oid, current_setting('server_version_num')::int AS version")).rows[0]!;
  const rows = new Map<string, number>();
  for (const entry of KINDS) {
    const { data } = (await client.query<{ data: string }>(catalogBatch([entry], version, oid))).rows[0]!;
    rows.set(entry[0], (JSON.parse(data) as unknown[]).length);
  }
  return { rows, queried: new Set((await kindsToQuery(client, KINDS, oid)).map(([key]) => key)) };
}

/** The kinds that hold rows but would not be queried. */
const blindTo = ({ rows, queried }: Awaited<ReturnType<typeof census>>) => [...rows].filter(([key, count]) => count > 0 && !queried.has(key)).map(([key]) => key);

describe('which kinds are queried', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(inject('adminUrl'));
  });
  afterAll(() => db?.drop());

  it('the migrated schema: every kind it holds, and not most of the others', async () => {
    const found = await withConnection(db.url, async (client) => {
      await client.query('BEGIN');
      return census(client).finally(() => client.query('ROLLBACK'));
    });
    expect(blindTo(found)).toEqual([]);
    expect(GATED.filter((key) => !found.queried.has(key)).length).toBeGreaterThanOrEqual(10);
  });

  it('every mutation alone: every kind that then holds a row is queried', async () => {
    const serverMajor = Number.parseInt(inject('serverVersion'), 10);
    const exercised = new Set<string>();
    const failures: string[] = [];
    await withConnection(db.url, async (client) => {
      for (const mutation of MUTATIONS.filter((one) => (one.since ?? 0) <= serverMajor)) {
        await client.query('BEGIN');
        try {
          // A mutation that cannot run inside a transaction is left out.
          const applied = await client.query(mutation.sql).then(() => true, () => false);
          if (!applied) continue;
          const found = await census(client);
          const blind = blindTo(found);
          if (blind.length) failures.push(`${mutation.name}: ${blind.join(', ')}`);
          for (const key of GATED) if (found.rows.get(key)! > 0) exercised.add(key);
        } finally {
          await client.query('ROLLBACK');
        }
      }
    });
    expect(failures).toEqual([]);
    // Not true by emptiness: the mutations make objects of (nearly) every kind with a condition.
    expect(GATED.filter((key) => !exercised.has(key))).toEqual([]);
  });
});
