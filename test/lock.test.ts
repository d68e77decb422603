import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { withoutIgnored } from '../src/catalog/ignore.js';
import { parseLock, readLock, serializeLock } from '../src/catalog/lock.js';
import { readCatalog } from '../src/catalog/read.js';
import { DEFAULT_IGNORES, ignoreMatcher } from '../src/check/ignore.js';
import { connect, withConnection } from '../src/database/connect.js';
import { listMigrations } from '../src/migration-history/index.js';
import { checkContract } from '../src/contract/check-contract.js';
import { readContract } from '../src/contract/contract.js';
import { KIND_ENTRIES } from '../src/catalog/registry.js';
import { MUTATIONS } from './support/mutations.js';
import { createTestDatabase, projectRoot } from './support/template.js';

const lockFile = path.join(projectRoot, 'prisma', 'schema.lock.json');

describe('prisma/schema.lock.json', () => {
  it('is exactly what prisma migrate deploy of the committed migrations produces on this server', async () => {
    const db = await createTestDatabase(inject('adminUrl'));
    try {
      const live = await withConnection(db.url, async (client) => withoutIgnored((await readCatalog(client, 'public', { owners: true })).catalog, ignoreMatcher(DEFAULT_IGNORES)));
      const lock = await readLock(lockFile);
      expect(live).toEqual(lock.catalog);
      expect(lock.migrations).toEqual(await listMigrations(path.join(projectRoot, 'prisma', 'migrations')));
      // Read on two connections sharing one snapshot, or with a second one that could not open: the same catalog.
      for (const helper of [connect(db.url), Promise.resolve(undefined)]) {
        const split = await withConnection(db.url, async (client) => withoutIgnored((await readCatalog(client, 'public', { owners: true, helper })).catalog, ignoreMatcher(DEFAULT_IGNORES)));
        expect(split).toEqual(lock.catalog);
      }
    } finally {
      await db.drop();
    }
  });

  it('parsed against the database it was written from, is made of that database\'s own objects (every kind reads in its written form)', async () => {
    const db = await createTestDatabase(inject('adminUrl'));
    try {
      // Every mutation that still applies after the ones before it: objects of every kind the mutations create.
      const live = await withConnection(db.url, async (client) => {
        await client.query('BEGIN');
        for (const mutation of MUTATIONS) {
          await client.query('SAVEPOINT mutation');
          await client.query(mutation.sql).then(
            () => client.query('RELEASE SAVEPOINT mutation'),
            () => client.query('ROLLBACK TO SAVEPOINT mutation'),
          );
        }
        await client.query('COMMIT');
        // And the objects that hold nested ones (identity, generation, owner column, a column as target).
        await client.query(`CREATE TABLE reuse_probe (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n int, twice int GENERATED ALWAYS AS (n * 2) STORED, s serial);
          CREATE SEQUENCE reuse_probe_n_seq OWNED BY reuse_probe.n;
          COMMENT ON COLUMN reuse_probe.n IS 'n'; GRANT SELECT (n) ON reuse_probe TO PUBLIC`);
        return (await readCatalog(client, 'public', { owners: true })).catalog;
      });
      const text = serializeLock({ serverMajor: 18, migrations: [], catalog: live });
      const parsed = parseLock({ text, label: 'lock' }, live);
      for (const [key] of KIND_ENTRIES) {
        expect(live[key].length, key).toBe(parsed.catalog[key].length);
        live[key].forEach((object, index) => expect(parsed.catalog[key][index], `${key} ${JSON.stringify(object)}`).toBe(object));
      }
      expect(KIND_ENTRIES.filter(([key]) => live[key].length === 0).map(([key]) => key)).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('is stored in its canonical, reviewable form (one line per object)', async () => {
    const { readFile } = await import('node:fs/promises');
    const lock = await readLock(lockFile);
    expect(await readFile(lockFile, 'utf8')).toBe(serializeLock(lock));
  });

  it("satisfies the spec contract", async () => {
    const lock = await readLock(lockFile);
    const contract = await readContract(path.join(projectRoot, 'prisma', 'spec-contract.json'));
    expect(checkContract(contract, lock.catalog, 'public')).toEqual([]);
  });
});

describe('prisma/spec-contract.json', () => {
  it('names the same seed rows the seed writes (one set of values, checked by db:check --data)', async () => {
    const { DEMO_CLIENT, DEMO_ENGAGEMENT, PLATFORM_ADMIN } = await import('../src/seed/data.js');
    const { seed } = await readContract(path.join(projectRoot, 'prisma', 'spec-contract.json'));
    expect(seed).toEqual({
      adminEmail: PLATFORM_ADMIN.email,
      adminRole: PLATFORM_ADMIN.roleType,
      adminAccess: PLATFORM_ADMIN.accessLevel,
      client: DEMO_CLIENT,
      engagement: { name: DEMO_ENGAGEMENT.name, type: DEMO_ENGAGEMENT.engagementType, status: DEMO_ENGAGEMENT.status },
    });
  });
});
