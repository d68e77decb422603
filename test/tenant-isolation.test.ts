/**
 * Tenant isolation (README "Tenant isolation") on a real server: what a login role that is a member of
 * aiforce_tenant sees and may write under each setting, the composite foreign keys and link triggers that keep
 * rows of two tenants apart even for the owner, withTenant on one Prisma pool, and db:check refusing a
 * database where a tenant table is not isolated.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readCatalog } from '../src/catalog/read.js';
import type { Catalog } from '../src/catalog/registry.js';
import { withConnection } from '../src/database/connect.js';
import { createPrismaAdapter } from '../src/database/prisma-adapter.js';
import { quoteIdent } from '../src/database/quote.js';
import { PrismaClient } from '../src/generated/prisma/client.js';
import { readContract, type TenantIsolationRule } from '../src/contract/contract.js';
import { DEMO_CLIENT, SECOND_TENANT } from '../src/seed/data.js';
import { seed } from '../src/seed/index.js';
import { ENGAGEMENT_SETTING, TENANT_SETTING, withTenant } from '../src/tenant/with-tenant.js';
import { checkCli, cli } from './support/cli.js';
import { withTestDatabase } from './support/databases.js';
import { createTestDatabase, projectRoot, run, type TestDatabase } from './support/template.js';
import { fillTenant, tenantTables, type Row, type Scope } from './support/tenants.js';

const A = { client: randomUUID(), engagements: [randomUUID(), randomUUID()] };
const B = { client: randomUUID(), engagements: [randomUUID()] };

let db: TestDatabase;
let owner: pg.Client;
let rule: TenantIsolationRule;
let catalog: Catalog;
let tables: string[];
/** The rows each scope was given, by table: A's first engagement, and B's. */
let rowsOfA: Map<string, Row>;
let rowsOfB: Map<string, Row>;
/** A login role that is a member of aiforce_tenant, as the application connects. */
let appUrl: string;
let appRole: string;

/** Opens a connection as the application's login role; closed when `work` ends. */
async function asApp<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs `work` in a transaction of the application's role with the settings made transaction-local, then rolls back. */
function asTenant<T>(client: pg.Client, settings: { client?: string; engagement?: string }, work: () => Promise<T>): Promise<T> {
  return (async () => {
    await client.query('BEGIN');
    try {
      await client.query('SELECT set_config($1, $2, true), set_config($3, $4, true)', [TENANT_SETTING, settings.client ?? '', ENGAGEMENT_SETTING, settings.engagement ?? '']);
      return await work();
    } finally {
      await client.query('ROLLBACK');
    }
  })();
}

const count = async (client: pg.Client, table: string) => (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdent(table)}`)).rows[0]!.n;

/**
 * The rows of `table` a tenant should see, counted by the owner (who sees every row): its client's rows; with an
 * engagement, only that engagement's and those of no engagement; a child table's rows whose parents it sees.
 * Written here from the documented model, independently of the migration's policies.
 */
function visibleCondition(table: string, alias: string, client: string, engagement?: string): string {
  const literal = (value: string) => `'${value}'`;
  const parents = rule.childTables[table];
  if (parents) {
    return Object.entries(parents)
      .map(([column, parent]) => `EXISTS (SELECT 1 FROM ${quoteIdent(parent)} p_${column} WHERE p_${column}.id = ${alias}.${quoteIdent(column)} AND ${visibleCondition(parent, `p_${column}`, client, engagement)})`)
      .join(' AND ');
  }
  const tenant = `${alias}.${quoteIdent(rule.tenantColumn)} = ${literal(client)}`;
  if (engagement === undefined) return tenant;
  if (table === 'engagements') return `${tenant} AND ${alias}.id = ${literal(engagement)}`;
  const hasEngagement = catalog.columns.some((column) => column.table === table && column.name === rule.engagementColumn);
  return hasEngagement ? `${tenant} AND (${alias}.${quoteIdent(rule.engagementColumn)} = ${literal(engagement)} OR ${alias}.${quoteIdent(rule.engagementColumn)} IS NULL)` : tenant;
}

const ownerCount = async (table: string, client: string, engagement?: string) =>
  (await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdent(table)} t WHERE ${visibleCondition(table, 't', client, engagement)}`)).rows[0]!.n;

/** A new row like `row` (another id, and other values where a unique index would refuse a copy), with `changes`. */
function copyOf(table: string, row: Row, changes: Row): Row {
  const copy: Row = { ...row, id: randomUUID(), ...changes };
  for (const index of catalog.indexes.filter((candidate) => candidate.table === table && candidate.unique)) {
    if (index.columns.some((column) => column in changes || copy[column] === null)) continue;
    for (const column of index.columns) {
      const value = copy[column];
      if (typeof value === 'string') copy[column] = /^[0-9a-f-]{36}$/.test(value) ? randomUUID() : `${value}-copy`;
    }
  }
  return copy;
}

const insertRow = (table: string) => `INSERT INTO ${quoteIdent(table)} SELECT * FROM json_populate_record(NULL::${quoteIdent(table)}, $1)`;

const nullableEngagementTables = () =>
  tables.filter((table) => catalog.columns.some((column) => column.table === table && column.name === rule.engagementColumn && column.nullable));

beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
  owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  rule = (await readContract(path.join(projectRoot, 'prisma', 'spec-contract.json'))).tenantIsolation!;
  catalog = (await readCatalog(owner, 'public')).catalog;
  tables = tenantTables(catalog, rule);

  for (const [name, tenant] of [['A', A], ['B', B]] as const) {
    await owner.query('INSERT INTO client_accounts (id, name, slug) VALUES ($1, $2, $2)', [tenant.client, `tenant ${name}`]);
    for (const [index, engagement] of tenant.engagements.entries()) {
      await owner.query('INSERT INTO engagements (id, client_account_id, name, slug) VALUES ($1, $2, $3, $3)', [engagement, tenant.client, `${name}${index + 1}`]);
    }
  }
  const fill = (scope: Scope, which = tables) => fillTenant(owner, catalog, rule, scope, which);
  rowsOfA = await fill({ clientAccountId: A.client, engagementId: A.engagements[0]! });
  await fill({ clientAccountId: A.client, engagementId: A.engagements[1]! });
  rowsOfB = await fill({ clientAccountId: B.client, engagementId: B.engagements[0]! });
  // Rows of the tenant that belong to no engagement, where the table allows it.
  await fill({ clientAccountId: A.client, engagementId: null }, nullableEngagementTables());
  await fill({ clientAccountId: B.client, engagementId: null }, nullableEngagementTables());

  appRole = `tenant_app_${randomBytes(4).toString('hex')}`;
  await owner.query(`CREATE ROLE ${appRole} LOGIN PASSWORD 'tenant-app-pass' IN ROLE aiforce_tenant`);
  const url = new URL(db.url);
  url.username = appRole;
  url.password = 'tenant-app-pass';
  appUrl = url.toString();
});

afterAll(async () => {
  await owner?.end();
  await db?.drop();
  if (appRole) await withConnection(inject('adminUrl'), (client) => client.query(`DROP ROLE IF EXISTS ${appRole}`));
});

describe('the tenant tables', () => {
  it('are the 22 tables with client_account_id and the 3 child tables, each with row-level security enabled (not forced)', async () => {
    expect(tables).toHaveLength(25);
    expect(tables).toEqual(expect.arrayContaining(Object.keys(rule.childTables)));
    const { rows } = await owner.query<{ relname: string; enabled: boolean; forced: boolean }>(
      "SELECT relname, relrowsecurity AS enabled, relforcerowsecurity AS forced FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname = ANY($1)",
      [tables],
    );
    expect(rows).toHaveLength(25);
    expect(rows.filter((row) => !row.enabled || row.forced)).toEqual([]);
  });

  it('hold rows of both tenants, which the owner sees all of', async () => {
    for (const table of tables) {
      const [ofA, ofB, all] = [await ownerCount(table, A.client), await ownerCount(table, B.client), await count(owner, table)];
      expect(ofA, table).toBeGreaterThan(0);
      expect(ofB, table).toBeGreaterThan(0);
      expect(all, table).toBe(ofA + ofB);
    }
  });
});

describe('a login role that is a member of aiforce_tenant', () => {
  it("with tenant A set, reads exactly A's rows of every tenant table", async () => {
    await asApp(async (app) => {
      const seen = await asTenant(app, { client: A.client }, async () => {
        const counts: Record<string, number> = {};
        for (const table of tables) counts[table] = await count(app, table);
        return counts;
      });
      const expected: Record<string, number> = {};
      for (const table of tables) expected[table] = await ownerCount(table, A.client);
      expect(seen).toEqual(expected);
    });
  });

  it("with an engagement set too, sees that engagement's rows and the tenant's rows of no engagement, not its other engagements'", async () => {
    await asApp(async (app) => {
      const engagement = A.engagements[0]!;
      const seen = await asTenant(app, { client: A.client, engagement }, async () => {
        const counts: Record<string, number> = {};
        for (const table of tables) counts[table] = await count(app, table);
        return counts;
      });
      const expected: Record<string, number> = {};
      for (const table of tables) expected[table] = await ownerCount(table, A.client, engagement);
      expect(seen).toEqual(expected);
      expect(seen.engagements).toBe(1);
      // The other engagement's rows exist and are hidden; rows of no engagement stay visible.
      expect(seen.assets).toBeLessThan(await ownerCount('assets', A.client));
      for (const table of nullableEngagementTables()) {
        const { rows } = await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdent(table)} WHERE client_account_id = $1 AND engagement_id IS NULL`, [A.client]);
        expect(rows[0]!.n, table).toBeGreaterThan(0);
      }
    });
  });

  it('sees no row of any tenant table with no setting, nor after a transaction-local setting has ended', async () => {
    await asApp(async (app) => {
      for (const table of tables) expect(await count(app, table), table).toBe(0);
      await app.query('BEGIN');
      await app.query('SELECT set_config($1, $2, true)', [TENANT_SETTING, A.client]);
      await app.query('COMMIT');
      // The ended setting leaves '' behind in the session, not NULL: still nothing visible, and no ''::uuid error.
      expect((await app.query<{ value: string | null }>('SELECT current_setting($1, true) AS value', [TENANT_SETTING])).rows[0]!.value).toBe('');
      for (const table of tables) expect(await count(app, table), table).toBe(0);
    });
  });

  it("cannot insert a row of tenant B, nor move a row of A to B, nor touch B's rows, with tenant A set", async () => {
    await asApp(async (app) => {
      for (const table of tables) {
        const theirs = rowsOfB.get(table)!;
        const mine = rowsOfA.get(table)!;
        await asTenant(app, { client: A.client }, async () => {
          await app.query('SAVEPOINT attempt');
          await expect(app.query(insertRow(table), [copyOf(table, theirs, {})]), `insert into ${table}`).rejects.toThrow(/new row violates row-level security policy/);
          await app.query('ROLLBACK TO SAVEPOINT attempt');
          // Into B: a table's tenant columns, or a child table's parents, taken from B's row.
          const parents = rule.childTables[table];
          const moved = parents ? Object.keys(parents) : [rule.tenantColumn, rule.engagementColumn].filter((column) => column in theirs);
          const assignments = moved.map((column, index) => `${quoteIdent(column)} = $${index + 2}`).join(', ');
          // A linked asset or tag is refused earlier, by the trigger that keeps link rows within one tenant.
          await expect(app.query(`UPDATE ${quoteIdent(table)} SET ${assignments} WHERE id = $1`, [mine.id, ...moved.map((column) => theirs[column])]), `update of ${table}`).rejects.toThrow(
            /new row violates row-level security policy|cannot move to another client account while/,
          );
          await app.query('ROLLBACK TO SAVEPOINT attempt');
          const touched = await app.query(`UPDATE ${quoteIdent(table)} SET id = id WHERE id = $1`, [theirs.id]);
          expect(touched.rowCount, `update of B's row of ${table}`).toBe(0);
          const deleted = await app.query(`DELETE FROM ${quoteIdent(table)} WHERE id = $1`, [theirs.id]);
          expect(deleted.rowCount, `delete of B's row of ${table}`).toBe(0);
        });
      }
    });
    for (const table of tables) expect((await owner.query(`SELECT 1 FROM ${quoteIdent(table)} WHERE id = $1`, [rowsOfB.get(table)!.id])).rowCount, table).toBe(1);
  });

  it('holds no privilege beyond the tenant tables', async () => {
    await asApp(async (app) => {
      await expect(app.query('SELECT count(*) FROM users')).rejects.toThrow(/permission denied/);
      await expect(asTenant(app, { client: A.client }, () => app.query(`TRUNCATE ${quoteIdent('assets')} CASCADE`))).rejects.toThrow(/permission denied/);
    });
  });
});

describe('rows of two tenants are never joined, even by the owner', () => {
  const engagementTables = () => tables.filter((table) => catalog.columns.some((column) => column.table === table && column.name === rule.engagementColumn));

  it("refuses, on the composite foreign key, a row whose engagement belongs to another client: as the owner and as the tenant", async () => {
    expect(engagementTables()).toHaveLength(18);
    for (const table of engagementTables()) {
      const row = copyOf(table, rowsOfA.get(table)!, { [rule.engagementColumn]: B.engagements[0] });
      const insert = insertRow(table);
      await expect(owner.query(insert, [row]), table).rejects.toMatchObject({ code: '23503', constraint: `${table}_engagement_id_fkey` });
      await asApp((app) =>
        asTenant(app, { client: A.client }, async () => {
          await expect(app.query(insert, [row]), table).rejects.toMatchObject({ code: '23503', constraint: `${table}_engagement_id_fkey` });
        }),
      );
    }
  });

  it('refuses a row that names an engagement but no client, where the client may be NULL', async () => {
    expect(nullableEngagementTables()).toHaveLength(5);
    for (const table of nullableEngagementTables()) {
      const row = copyOf(table, rowsOfA.get(table)!, { [rule.tenantColumn]: null });
      await expect(owner.query(insertRow(table), [row]), table).rejects.toMatchObject({
        code: '23514',
        constraint: `${table}_engagement_needs_client_check`,
      });
    }
  });

  it('refuses a link row between parents of two tenants, and moving a linked parent to another tenant', async () => {
    const assetOf = (rows: Map<string, Row>) => rows.get('assets')!.id;
    await expect(owner.query('INSERT INTO asset_tags (asset_id, tag_id) VALUES ($1, $2)', [assetOf(rowsOfA), rowsOfB.get('tags')!.id])).rejects.toMatchObject({
      code: '23503',
      constraint: 'asset_tags_within_tenant',
      message: 'asset_tags row joins two tenants: its asset_id and tag_id belong to different client accounts',
    });
    await expect(owner.query("INSERT INTO asset_dependencies (asset_id, depends_on_asset_id, dependency_type) VALUES ($1, $2, 'network')", [assetOf(rowsOfA), assetOf(rowsOfB)])).rejects.toMatchObject({
      code: '23503',
      constraint: 'asset_dependencies_within_tenant',
    });
    const link = rowsOfA.get('asset_tags')!;
    await expect(owner.query('UPDATE asset_tags SET tag_id = $2 WHERE id = $1', [link.id, rowsOfB.get('tags')!.id])).rejects.toMatchObject({ code: '23503', constraint: 'asset_tags_within_tenant' });
    await expect(owner.query('UPDATE assets SET client_account_id = $2, engagement_id = $3 WHERE id = $1', [assetOf(rowsOfA), B.client, B.engagements[0]])).rejects.toMatchObject({
      code: '23503',
      constraint: 'assets_tenant_kept_while_linked',
    });
    await expect(owner.query('UPDATE tags SET client_account_id = $2 WHERE id = $1', [rowsOfA.get('tags')!.id, B.client])).rejects.toMatchObject({ code: '23503', constraint: 'tags_tenant_kept_while_linked' });
  });
});

describe('withTenant (src/tenant/with-tenant.ts)', () => {
  it('isolates two concurrent transactions on one pool, and leaves no tenant on its connections', async () => {
    const prisma = new PrismaClient({ adapter: await createPrismaAdapter(appUrl) });
    try {
      let release!: () => void;
      const bothOpen = new Promise<void>((resolve) => (release = resolve));
      let opened = 0;
      const work = (clientAccountId: string) =>
        withTenant(prisma, { clientAccountId }, async (tx) => {
          const before = await tx.asset.findMany({ select: { clientAccountId: true } });
          if (++opened === 2) release();
          await bothOpen;
          const after = await tx.asset.findMany({ select: { clientAccountId: true } });
          const [backend] = await tx.$queryRaw<Array<{ pid: number }>>`SELECT pg_backend_pid() AS pid`;
          return { before, after, pid: backend!.pid };
        });
      const [ofA, ofB] = await Promise.all([work(A.client), work(B.client)]);
      expect(ofA.pid).not.toBe(ofB.pid);
      expect(ofA.before.length).toBe(await ownerCount('assets', A.client));
      expect(ofB.before.length).toBe(await ownerCount('assets', B.client));
      for (const [seen, client] of [[ofA, A.client], [ofB, B.client]] as const) {
        expect(new Set([...seen.before, ...seen.after].map((row) => row.clientAccountId))).toEqual(new Set([client]));
      }
      // The same pool's connections, outside withTenant: no tenant left behind.
      const leftovers = await Promise.all(
        Array.from({ length: 6 }, () => prisma.$queryRaw<Array<{ setting: string | null; assets: number }>>`SELECT current_setting(${TENANT_SETTING}, true) AS setting, (SELECT count(*)::int FROM assets) AS assets`),
      );
      expect(leftovers.flat().filter((row) => (row.setting ?? '') !== '' || row.assets !== 0)).toEqual([]);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('narrows to an engagement, and refuses a scope that is not a uuid before any query', async () => {
    const prisma = new PrismaClient({ adapter: await createPrismaAdapter(appUrl) });
    try {
      const engagements = await withTenant(prisma, { clientAccountId: A.client, engagementId: A.engagements[1]! }, (tx) => tx.engagement.findMany({ select: { id: true } }));
      expect(engagements).toEqual([{ id: A.engagements[1] }]);
      let ran = false;
      const refused = withTenant(prisma, { clientAccountId: "x' OR true --" }, async () => (ran = true));
      await expect(refused).rejects.toThrow(/^withTenant: invalid tenant scope: clientAccountId: must be a uuid$/);
      await expect(withTenant(prisma, { clientAccountId: A.client, tenant: 'A' } as never, async () => (ran = true))).rejects.toThrow(/withTenant: invalid tenant scope: .*tenant/);
      expect(ran).toBe(false);
    } finally {
      await prisma.$disconnect();
    }
  });

  it("shows each --sample tenant only its own rows, while the seed itself runs as the owner", async () => {
    await withTestDatabase(inject('adminUrl'), [], async (seeded) => {
      const ownerPrisma = new PrismaClient({ adapter: await createPrismaAdapter(seeded.url) });
      const url = new URL(seeded.url);
      url.username = appRole;
      url.password = 'tenant-app-pass';
      const appPrisma = new PrismaClient({ adapter: await createPrismaAdapter(url.toString()) });
      try {
        await seed(ownerPrisma, { adminPassword: 'correct horse battery staple', sample: true });
        const clients = await ownerPrisma.clientAccount.findMany({ select: { id: true, slug: true } });
        const idOf = (slug: string) => clients.find((client) => client.slug === slug)!.id;
        const seen = async (slug: string) =>
          withTenant(appPrisma, { clientAccountId: idOf(slug) }, async (tx) => ({
            assets: (await tx.asset.findMany({ select: { clientAccountId: true } })).map((row) => row.clientAccountId),
            tags: await tx.tag.count(),
            assetTags: await tx.assetTag.count(),
            dependencies: await tx.assetDependency.count(),
            flows: await tx.discoveryFlow.count(),
          }));
        const demo = await seen(DEMO_CLIENT.slug);
        const second = await seen(SECOND_TENANT.client.slug);
        expect(new Set(demo.assets)).toEqual(new Set([idOf(DEMO_CLIENT.slug)]));
        expect(new Set(second.assets)).toEqual(new Set([idOf(SECOND_TENANT.client.slug)]));
        expect({ ...demo, assets: demo.assets.length }).toEqual({ assets: 4, tags: 3, assetTags: 8, dependencies: 4, flows: 1 });
        expect({ ...second, assets: second.assets.length }).toEqual({ assets: 2, tags: 1, assetTags: 2, dependencies: 1, flows: 1 });
        expect(await ownerPrisma.asset.count()).toBe(6);
      } finally {
        await Promise.all([ownerPrisma.$disconnect(), appPrisma.$disconnect()]);
      }
    });
  });
});

interface JsonFinding {
  code: string;
  severity: string;
  path: string;
  table?: string;
  message: string;
  fix?: string;
}

describe('db:check guards it', () => {
  const checkJson = async (url: string) => {
    const result = await checkCli(['--format', 'json'], url);
    return { code: result.code, findings: (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings, stderr: result.stderr };
  };

  it.each<[string, string, string, RegExp]>([
    ['row-level security disabled', 'ALTER TABLE assets DISABLE ROW LEVEL SECURITY', 'public.assets."row level security"', /tenant table assets does not enable row-level security/],
    ['the policy dropped', 'DROP POLICY tenant_isolation ON asset_tags', 'public.asset_tags.tenant_isolation', /tenant table asset_tags has no policy tenant_isolation for aiforce_tenant/],
    ['a policy that no longer compares the tenant', 'ALTER POLICY tenant_isolation ON tags USING (true) WITH CHECK (true)', 'public.tags.tenant_isolation', /policy tenant_isolation on tenant table tags does not isolate tenants: its USING expression does not compare client_account_id with the setting aiforce\.client_account_id/],
    ['an extra privilege on a tenant table', 'GRANT TRUNCATE ON data_items TO aiforce_tenant', 'public.data_items[grant to aiforce_tenant]', /aiforce_tenant holds DELETE, INSERT, SELECT, TRUNCATE, UPDATE on tenant table data_items/],
    ['a privilege on another table', 'GRANT SELECT ON users TO aiforce_tenant', 'public.users[grant to aiforce_tenant]', /aiforce_tenant holds SELECT on table users, where the spec contract grants it nothing/],
    ['a privilege on a column', 'GRANT UPDATE (email) ON users TO aiforce_tenant', 'public.users.email[grant to aiforce_tenant]', /aiforce_tenant holds UPDATE on column users\.email/],
    ['a missing privilege', 'REVOKE DELETE ON feedback FROM aiforce_tenant', 'public.feedback[grant to aiforce_tenant]', /aiforce_tenant holds INSERT, SELECT, UPDATE on tenant table feedback, but the spec contract grants exactly DELETE, INSERT, SELECT, UPDATE/],
    ['CREATE on the schema', 'GRANT CREATE ON SCHEMA public TO aiforce_tenant', 'public[grant to aiforce_tenant]', /aiforce_tenant holds CREATE, USAGE on the schema/],
    ['TRUNCATE granted to PUBLIC on a tenant table', 'GRANT TRUNCATE ON feedback TO PUBLIC', 'public.feedback[grant to PUBLIC]', /aiforce_tenant holds TRUNCATE on tenant table feedback through PUBLIC/],
    ['a privilege granted to PUBLIC on another table', 'GRANT SELECT ON users TO PUBLIC', 'public.users[grant to PUBLIC]', /aiforce_tenant holds SELECT on table users through PUBLIC .*, where the spec contract grants it nothing/],
    ['CREATE on the schema granted to PUBLIC', 'GRANT CREATE ON SCHEMA public TO PUBLIC', 'public[grant to PUBLIC]', /aiforce_tenant holds CREATE on the schema through PUBLIC/],
    ['a permissive policy that widens it', 'CREATE POLICY open_notes ON feedback FOR SELECT TO PUBLIC USING (true)', 'public.feedback.open_notes', /policy open_notes on tenant table feedback applies to aiforce_tenant and is permissive/],
  ])('exits 1 naming the table and the piece after %s, and its fix restores a clean check', async (_case, sql, path, message) => {
    await withTestDatabase(inject('adminUrl'), [sql], async (drifted) => {
      const before = await checkJson(drifted.url);
      expect(before.code, before.stderr).toBe(1);
      expect(before.findings.map((finding) => `${finding.code} ${finding.path}`)).toEqual([`contract.tenant_isolation ${path}`]);
      const [finding] = before.findings;
      expect(finding).toMatchObject({ severity: 'error', message: expect.stringMatching(message) });
      await withConnection(drifted.url, (client) => client.query(finding!.fix!));
      const after = await checkJson(drifted.url);
      expect(after.findings).toEqual([]);
      expect(after.code).toBe(0);
    });
  });

  it('exits 1 naming a new table with client_account_id and no policy, with what it lacks', async () => {
    await withTestDatabase(inject('adminUrl'), ['CREATE TABLE tenant_notes (id uuid PRIMARY KEY, client_account_id uuid NOT NULL REFERENCES client_accounts (id), note text)'], async (drifted) => {
      const { code, findings } = await checkJson(drifted.url);
      expect(code).toBe(1);
      expect(findings.map((finding) => `${finding.code} ${finding.path}`)).toEqual(['table.unexpected public.tenant_notes']);
      expect(findings[0]!.message).toContain('tenant table tenant_notes does not enable row-level security');
      expect(findings[0]!.message).toContain('tenant table tenant_notes has no policy tenant_isolation for aiforce_tenant');
      expect(findings[0]!.message).toContain('aiforce_tenant holds nothing on tenant table tenant_notes');
    });
  });

  it('exits 1 when the lock itself has a tenant table without a policy, as a migration that forgot it would make it', async () => {
    const sql = 'CREATE TABLE tenant_notes (id uuid PRIMARY KEY, client_account_id uuid NOT NULL REFERENCES client_accounts (id), note text)';
    await withTestDatabase(inject('adminUrl'), [sql], async (drifted) => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-tenant-lock-'));
      try {
        const lockFile = path.join(dir, 'schema.lock.json');
        const locked = await cli('lock', ['--from-url', drifted.url, '--out', lockFile], {});
        expect(locked.code, locked.stderr).toBe(0);
        const result = await checkCli(['--format', 'json', '--expected', lockFile], drifted.url);
        expect(result.code, result.stderr).toBe(1);
        const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
        expect(findings.map((finding) => `${finding.code} ${finding.severity} ${finding.path}`)).toEqual([
          'contract.violation error public.tenant_notes',
          'contract.tenant_isolation error public.tenant_notes."row level security"',
          'contract.tenant_isolation error public.tenant_notes.tenant_isolation',
          'contract.tenant_isolation error public.tenant_notes[grant to aiforce_tenant]',
        ]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  it('sees the link triggers and their function like any other object', async () => {
    await withTestDatabase(inject('adminUrl'), ['DROP TRIGGER asset_tags_within_tenant ON asset_tags', 'CREATE OR REPLACE FUNCTION assert_tenant_kept_while_linked() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$'], async (drifted) => {
      const { code, findings } = await checkJson(drifted.url);
      expect(code).toBe(1);
      expect(findings.map((finding) => `${finding.code} ${finding.path}`).sort()).toEqual(['function.mismatch public.assert_tenant_kept_while_linked()', 'trigger.missing public.asset_tags.asset_tags_within_tenant']);
    });
  });
});

describe('db:lock --check', () => {
  it('fails a pull request whose migration adds a tenant table without its policy, before any database', { timeout: 180_000 }, async () => {
    // A copy of the project with one more migration: the compiled CLIs find the project above their own folder.
    const copy = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-tenant-pr-'));
    try {
      for (const entry of ['dist', 'prisma', 'package.json', 'prisma.config.ts']) await cp(path.join(projectRoot, entry), path.join(copy, entry), { recursive: true });
      for (const entry of ['node_modules', 'src']) await symlink(path.join(projectRoot, entry), path.join(copy, entry));
      const migration = path.join(copy, 'prisma', 'migrations', '20991231000000_tenant_notes');
      await mkdir(migration);
      await writeFile(path.join(migration, 'migration.sql'), 'CREATE TABLE "tenant_notes" ("id" UUID PRIMARY KEY, "client_account_id" UUID NOT NULL REFERENCES "client_accounts" ("id"), "note" TEXT);\n');

      const result = await run(process.execPath, [path.join(copy, 'dist', 'cli', 'lock.js'), '--check'], { DATABASE_URL: undefined }, copy);

      expect(result.code, result.stderr).toBe(1);
      const section = result.stdout.split('\n✖ ').find((part) => part.includes('prisma/migrations break the spec contract'));
      expect(section, result.stdout).toBeDefined();
      expect(section).toContain('contract.tenant_isolation public.tenant_notes."row level security": tenant table tenant_notes does not enable row-level security');
      expect(section).toContain('fix: ALTER TABLE public.tenant_notes ENABLE ROW LEVEL SECURITY;');
      expect(section).toContain('contract.tenant_isolation public.tenant_notes.tenant_isolation: tenant table tenant_notes has no policy tenant_isolation for aiforce_tenant');
      expect(section).toContain("fix: CREATE POLICY tenant_isolation ON public.tenant_notes AS PERMISSIVE FOR ALL TO aiforce_tenant USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid)");
      expect(section).toContain('contract.tenant_isolation public.tenant_notes[grant to aiforce_tenant]: aiforce_tenant holds nothing on tenant table tenant_notes');
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});
