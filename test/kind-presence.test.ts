/**
 * A kind whose `present` condition is false is not read at all (catalog/read.ts), so the condition must be
 * true wherever the kind's own query returns a row, or the check would be blind to that kind. On a clone
 * holding an object of every kind (the property test's mutations, as many as apply together), each kind's
 * query is run and compared with presentKinds; on the migrated schema as it is, the conditions of the kinds
 * it holds nothing of are false, so their queries are skipped.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { beginRead, catalogBatch, kindsToRead, presentKinds } from '../src/catalog/read.js';
import { withConnection } from '../src/database/connect.js';
import { MUTATIONS } from './support/mutations.js';
import { createTestDatabase, type TestDatabase } from './support/template.js';

const KINDS = kindsToRead({ owners: true });
const GATED = KINDS.filter(([, kind]) => kind.read.present !== undefined).map(([key]) => key);

/** Each kind's row count and what presentKinds says, in the read's own transaction. */
async function census(url: string): Promise<{ rows: Map<string, number>; present: Set<string> }> {
  return withConnection(url, async (client: pg.Client) => {
    await beginRead(client, 'public');
    const { oid, version } = (await client.query<{ oid: number; version: number }>("SELECT 'public'::regnamespace::oid::int AS oid, current_setting('server_version_num')::int AS version")).rows[0]!;
    const rows = new Map<string, number>();
    for (const entry of KINDS) {
      const { data } = (await client.query<{ data: string }>(catalogBatch([entry], version, oid))).rows[0]!;
      rows.set(entry[0], (JSON.parse(data) as unknown[]).length);
    }
    const present = new Set((await presentKinds(client, KINDS, oid)).map(([key]) => key));
    await client.query('ROLLBACK');
    return { rows, present };
  });
}

describe('which kinds are read', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(inject('adminUrl'));
  });
  afterAll(() => db?.drop());

  it('skips the kinds the migrated schema holds nothing of, and only those', async () => {
    const { rows, present } = await census(db.url);
    for (const key of GATED) expect(present.has(key), `${key}: ${rows.get(key)} rows`).toBe(rows.get(key)! > 0);
  });

  it('reads every kind that holds an object, once every mutation that applies is applied', async () => {
    const serverMajor = Number.parseInt(inject('serverVersion'), 10);
    await withConnection(db.url, async (client) => {
      const touched = new Set<string>();
      for (const mutation of MUTATIONS) {
        if ((mutation.since ?? 0) > serverMajor || mutation.touches.some((name) => touched.has(name))) continue;
        // Some mutations exclude each other (a table dropped, then altered): those are left out.
        await client.query('BEGIN');
        const applied = await client.query(mutation.sql).then(() => true, () => false);
        await client.query(applied ? 'COMMIT' : 'ROLLBACK');
        if (applied) for (const name of mutation.touches) touched.add(name);
      }
    });
    const { rows, present } = await census(db.url);
    for (const [key, count] of rows) if (count > 0) expect(present.has(key), `${key} has ${count} rows but is not read`).toBe(true);
    // Not true by emptiness: nearly every kind with a condition holds objects here.
    expect(GATED.filter((key) => rows.get(key)! > 0).length).toBeGreaterThanOrEqual(GATED.length - 2);
  });
});
