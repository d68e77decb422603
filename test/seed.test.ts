import { existsSync } from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import pg from 'pg';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { createPrismaAdapter } from '../src/database/prisma-adapter.js';
import { UserError } from '../src/errors/index.js';
import { PrismaClient } from '../src/generated/prisma/client.js';
import { readContract } from '../src/contract/contract.js';
import { DEMO_CLIENT, DEMO_ENGAGEMENT, PLATFORM_ADMIN, REQUIRED_ROWS, SECOND_TENANT } from '../src/seed/data.js';
import { seed, SeedStepError, type SeedOptions, type SeedStep } from '../src/seed/index.js';
import { style } from '../src/formats/style.js';
import { formatSummary } from '../src/seed/summary.js';
import { createTestDatabase, projectRoot, run } from './support/template.js';

const PASSWORD = 'correct horse battery staple';
const seedCli = path.join(projectRoot, 'dist', 'cli', 'seed.js');

interface SeedDatabase {
  url: string;
  sql: pg.Client;
  /** Runs the seed library against this database, as the CLI does (generated client + the project's adapter). */
  seed(options?: SeedOptions): ReturnType<typeof seed>;
}

/** A fresh migrated database with a pg connection for checks; dropped when the test ends. */
async function freshDatabase(): Promise<SeedDatabase> {
  const db = await createTestDatabase(inject('adminUrl'));
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const prisma = new PrismaClient({ adapter: await createPrismaAdapter(db.url), errorFormat: 'minimal' });
  onTestFinished(async () => {
    await prisma.$disconnect();
    await sql.end();
    await db.drop();
  });
  return { url: db.url, sql, seed: (options = {}) => seed(prisma, options) };
}

async function rows<T extends pg.QueryResultRow = Record<string, unknown>>(sql: pg.Client, text: string, params: unknown[] = []): Promise<T[]> {
  return (await sql.query<T>(text, params)).rows;
}

/** Every row of every spec table (all 32), each row as JSON with all its columns, in a stable order. */
async function dumpAllTables(sql: pg.Client): Promise<Record<string, unknown[]>> {
  const tables = await rows<{ name: string }>(
    sql,
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1",
  );
  expect(tables).toHaveLength(32);
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    dump[name] = (await rows<{ row: unknown }>(sql, `SELECT to_jsonb(t) AS row FROM "${name}" t ORDER BY to_jsonb(t)::text`)).map((r) => r.row);
  }
  return dump;
}

const rowCount = (dump: Record<string, unknown[]>) => Object.values(dump).reduce((sum, table) => sum + table.length, 0);

describe('seed(): the required rows', () => {
  it('inserts exactly the spec rows, with the given password hashed by bcrypt at cost 12', async () => {
    const db = await freshDatabase();
    const report = await db.seed({ adminPassword: PASSWORD });

    expect(report.createdRows).toBe(5);
    expect(report.generatedPassword).toBeUndefined();
    expect(report.differing).toEqual([]);
    const [client] = await rows(db.sql, 'SELECT * FROM client_accounts');
    expect(client).toMatchObject({ name: 'Demo Corporation', slug: 'DEMO', subscription_tier: 'standard', is_active: true });
    const [engagement] = await rows(db.sql, 'SELECT * FROM engagements');
    expect(engagement).toMatchObject({
      client_account_id: client!.id,
      name: 'Q1 2025 Cloud Migration',
      slug: 'q1-2025-cloud-migration',
      engagement_type: 'cloud_migration',
      status: 'active',
    });
    const [admin] = await rows<{ id: string; password_hash: string }>(db.sql, 'SELECT * FROM users');
    expect(admin).toMatchObject({ email: 'admin@aiforce.com', is_active: true, is_verified: true, default_client_id: client!.id });
    expect(bcrypt.getRounds(admin!.password_hash)).toBeGreaterThanOrEqual(12);
    expect(await bcrypt.compare(PASSWORD, admin!.password_hash)).toBe(true);
    expect(await bcrypt.compare(`${PASSWORD}!`, admin!.password_hash)).toBe(false);
    expect(await rows(db.sql, 'SELECT user_id, role_type::text, is_active, assigned_by FROM user_roles')).toEqual([
      { user_id: admin!.id, role_type: 'PLATFORM_ADMIN', is_active: true, assigned_by: admin!.id },
    ]);
    expect(await rows(db.sql, 'SELECT user_profile_id, client_account_id, access_level::text, granted_by, is_active FROM client_access')).toEqual([
      { user_profile_id: admin!.id, client_account_id: client!.id, access_level: 'SUPER_ADMIN', granted_by: admin!.id, is_active: true },
    ]);
    expect(rowCount(await dumpAllTables(db.sql))).toBe(5);
  });

  it('exports the values it writes, for the drift checker, the same the spec contract requires', async () => {
    expect(DEMO_CLIENT).toEqual({ name: 'Demo Corporation', slug: 'DEMO', subscriptionTier: 'standard' });
    expect(DEMO_ENGAGEMENT).toMatchObject({ name: 'Q1 2025 Cloud Migration', engagementType: 'cloud_migration', status: 'active' });
    expect(PLATFORM_ADMIN).toMatchObject({ email: 'admin@aiforce.com', roleType: 'PLATFORM_ADMIN', accessLevel: 'SUPER_ADMIN' });
    expect(REQUIRED_ROWS).toEqual((await readContract(path.join(projectRoot, 'prisma', 'spec-contract.json'))).seed);
  });

  it('keeps a required row whose fields differ from the spec, and reports which field, instead of "nothing to do"', async () => {
    const db = await freshDatabase();
    await db.seed({ adminPassword: PASSWORD });
    await db.sql.query("UPDATE users SET is_active = false; UPDATE client_accounts SET subscription_tier = 'enterprise'");
    const before = await dumpAllTables(db.sql);

    const report = await db.seed();

    expect(report.createdRows).toBe(0);
    expect(report.differing).toEqual([
      { row: 'users admin@aiforce.com', fields: [{ column: 'is_active', expected: 'true', actual: 'false' }] },
      { row: 'client_accounts DEMO', fields: [{ column: 'subscription_tier', expected: "'standard'", actual: "'enterprise'" }] },
    ]);
    expect(await dumpAllTables(db.sql)).toEqual(before);
    expect(formatSummary(report, style(false)).split('\n')).toEqual([
      'seed: created nothing: all 5 rows already exist, 2 of them not as the spec requires',
      expect.stringMatching(/^ {2}client_accounts/),
      expect.stringMatching(/^ {2}engagements/),
      expect.stringMatching(/^ {2}users/),
      expect.stringMatching(/^ {2}user_roles/),
      expect.stringMatching(/^ {2}client_access/),
      'kept 2 rows that differ from the spec (the seed inserts missing rows and never changes existing ones):',
      '  users admin@aiforce.com: is_active is false (expected true)',
      "  client_accounts DEMO: subscription_tier is 'enterprise' (expected 'standard')",
      'db:check --data reports them, and db:check --data --fix-sql prints the UPDATE',
      '',
    ]);
  });

  it('changes nothing on a second run, keeps the first password, and says there is nothing to do', async () => {
    const db = await freshDatabase();
    await db.seed({ adminPassword: PASSWORD });
    const before = await dumpAllTables(db.sql);

    const again = await db.seed({ adminPassword: 'another long password' });
    const withoutPassword = await db.seed();

    for (const report of [again, withoutPassword]) {
      expect(report.createdRows).toBe(0);
      expect(report.generatedPassword).toBeUndefined();
      expect(report.tables.every((table) => table.existing === 1 && table.created === 0)).toBe(true);
    }
    expect(await dumpAllTables(db.sql)).toEqual(before);
    const [admin] = await rows<{ password_hash: string }>(db.sql, 'SELECT password_hash FROM users');
    expect(await bcrypt.compare(PASSWORD, admin!.password_hash)).toBe(true);
  });

  it('serialises two runs started at once: one creates the rows, the other waits and finds them', async () => {
    const db = await freshDatabase();
    const reports = await Promise.all([db.seed({ adminPassword: PASSWORD }), db.seed({ adminPassword: PASSWORD })]);

    expect(reports.map((report) => report.createdRows).sort()).toEqual([0, 5]);
    expect(rowCount(await dumpAllTables(db.sql))).toBe(5);
  });

  it('generates a strong password when none is given, and reports it', async () => {
    const db = await freshDatabase();
    const { generatedPassword } = await db.seed();

    expect(generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const [admin] = await rows<{ password_hash: string }>(db.sql, 'SELECT password_hash FROM users');
    expect(await bcrypt.compare(generatedPassword!, admin!.password_hash)).toBe(true);
  });

  it.each(['', 'short', 'eleven char'])('refuses the password %j before touching the database', async (password) => {
    const db = await freshDatabase();
    await expect(db.seed({ adminPassword: password })).rejects.toThrow(new UserError('admin password: must be at least 12 characters long'));
    expect(rowCount(await dumpAllTables(db.sql))).toBe(0);
  });
});

describe('seed(): all or nothing', () => {
  it.each<[SeedStep, boolean]>([
    ['demo client account', false],
    ['admin client access', false],
    ['sample data import', true],
    ['sample assets', true],
  ])('leaves every table empty when it fails after step "%s" (sample: %s)', async (step, sample) => {
    const db = await freshDatabase();
    const failure = db.seed({ adminPassword: PASSWORD, sample, failAfterStep: step });

    await expect(failure).rejects.toThrow(SeedStepError);
    await expect(failure).rejects.toThrow(`seed failed at step "${step}": failure injected by the failAfterStep test hook`);
    expect(rowCount(await dumpAllTables(db.sql))).toBe(0);
  });

  it('names the step of a real database error in one line, and keeps the rows that were there before', async () => {
    const db = await freshDatabase();
    // Another client already owns a tag named "production": tags.name is unique across clients.
    await db.sql.query("INSERT INTO client_accounts (name, slug) VALUES ('Other', 'OTHER')");
    await db.sql.query("INSERT INTO tags (client_account_id, name, category) SELECT id, 'production', 'environment' FROM client_accounts");
    const before = await dumpAllTables(db.sql);

    const error = await db.seed({ adminPassword: PASSWORD, sample: true }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SeedStepError);
    expect((error as SeedStepError).step).toBe('sample assets');
    expect((error as Error).message).toMatch(/^seed failed at step "sample assets": .*unique constraint "tags_name_key"/);
    expect((error as Error).message).not.toContain('\n');
    expect(await dumpAllTables(db.sql)).toEqual(before);
  });

  it('names the step and what to do when the server refuses it for its own reason (a read-only database)', async () => {
    const db = await freshDatabase();
    await db.sql.query("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET default_transaction_read_only = on', current_database()); END $$");

    const error = await db.seed({ adminPassword: PASSWORD }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SeedStepError);
    expect((error as Error).message).toMatch(
      /^seed failed at step "demo client account": the database is read-only \(25006: cannot execute INSERT in a read-only transaction\): .*turn default_transaction_read_only off/,
    );
    expect(rowCount(await dumpAllTables(db.sql))).toBe(0);
  });
});

describe('seed(): the --sample data', () => {
  it('sets the tenant columns on every sample row, and never mixes the two tenants', async () => {
    const db = await freshDatabase();
    const report = await db.seed({ adminPassword: PASSWORD, sample: true });
    const dump = await dumpAllTables(db.sql);

    const sampleTables = ['crewai_flow_state_extensions', 'discovery_flows', 'data_import_sessions', 'data_imports', 'raw_import_records', 'import_field_mappings', 'assets', 'asset_dependencies', 'tags', 'asset_tags'];
    for (const table of sampleTables) expect(dump[table], table).not.toHaveLength(0);
    expect(report.tables.map((table) => table.table)).toEqual(expect.arrayContaining(sampleTables));

    const tenantColumns = await rows<{ table_name: string; column_name: string }>(
      db.sql,
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name IN ('client_account_id', 'engagement_id') AND table_name = ANY($1)",
      [sampleTables],
    );
    expect(tenantColumns).toHaveLength(14);
    for (const { table_name, column_name } of tenantColumns) {
      const [unset] = await rows<{ n: number }>(db.sql, `SELECT count(*)::int AS n FROM ${table_name} WHERE ${column_name} IS NULL`);
      expect(unset!.n, `${table_name}.${column_name} IS NULL`).toBe(0);
    }

    // Each query counts rows whose links cross from one tenant into another: all must be zero.
    const crossings: Record<string, string> = {
      'engagement of another client': `SELECT count(*)::int AS n FROM (
          SELECT client_account_id, engagement_id FROM crewai_flow_state_extensions UNION ALL
          SELECT client_account_id, engagement_id FROM discovery_flows UNION ALL
          SELECT client_account_id, engagement_id FROM data_import_sessions UNION ALL
          SELECT client_account_id, engagement_id FROM data_imports UNION ALL
          SELECT client_account_id, engagement_id FROM raw_import_records UNION ALL
          SELECT client_account_id, engagement_id FROM assets) r
        JOIN engagements e ON e.id = r.engagement_id WHERE e.client_account_id <> r.client_account_id`,
      'flow of another tenant than its master flow': `SELECT count(*)::int AS n FROM discovery_flows f JOIN crewai_flow_state_extensions m ON m.flow_id = f.master_flow_id
        WHERE (m.client_account_id, m.engagement_id) <> (f.client_account_id, f.engagement_id)`,
      'import of another tenant than its flows': `SELECT count(*)::int AS n FROM data_imports i
        LEFT JOIN crewai_flow_state_extensions m ON m.id = i.master_flow_id
        LEFT JOIN discovery_flows f ON f.data_import_id = i.id
        WHERE (m.client_account_id, m.engagement_id) <> (i.client_account_id, i.engagement_id)
           OR (f.client_account_id, f.engagement_id) <> (i.client_account_id, i.engagement_id)`,
      'record or mapping of another tenant than its import': `SELECT count(*)::int AS n FROM data_imports i
        JOIN (SELECT data_import_id, client_account_id FROM raw_import_records UNION ALL SELECT data_import_id, client_account_id FROM import_field_mappings) c
          ON c.data_import_id = i.id WHERE c.client_account_id <> i.client_account_id`,
      'asset of another tenant than its flow or session': `SELECT count(*)::int AS n FROM assets a
        JOIN discovery_flows f ON f.flow_id = a.flow_id JOIN data_import_sessions s ON s.id = a.session_id
        WHERE (f.client_account_id, f.engagement_id) <> (a.client_account_id, a.engagement_id)
           OR (s.client_account_id, s.engagement_id) <> (a.client_account_id, a.engagement_id)`,
      'dependency between two tenants': `SELECT count(*)::int AS n FROM asset_dependencies d
        JOIN assets a ON a.id = d.asset_id JOIN assets b ON b.id = d.depends_on_asset_id WHERE a.engagement_id <> b.engagement_id`,
      'tag of another client than its asset': `SELECT count(*)::int AS n FROM asset_tags x
        JOIN assets a ON a.id = x.asset_id JOIN tags t ON t.id = x.tag_id WHERE a.client_account_id <> t.client_account_id`,
    };
    for (const [crossing, query] of Object.entries(crossings)) {
      const [found] = await rows<{ n: number }>(db.sql, query);
      expect(found!.n, crossing).toBe(0);
    }
  });

  it('gives each tenant its own flow: database defaults for the demo, other memory settings for the second', async () => {
    const db = await freshDatabase();
    await db.seed({ adminPassword: PASSWORD, sample: true });

    const flows = await rows(
      db.sql,
      `SELECT c.slug, e.name AS engagement, f.learning_scope, f.memory_isolation_level, f.assessment_ready, f.phase_state, f.agent_state,
              f.flow_id = f.master_flow_id AS shares_master_flow_id
         FROM discovery_flows f JOIN client_accounts c ON c.id = f.client_account_id JOIN engagements e ON e.id = f.engagement_id ORDER BY c.slug`,
    );
    expect(flows).toEqual([
      { slug: 'DEMO', engagement: 'Q1 2025 Cloud Migration', learning_scope: 'engagement', memory_isolation_level: 'strict', assessment_ready: false, phase_state: {}, agent_state: {}, shares_master_flow_id: true },
      { slug: SECOND_TENANT.client.slug, engagement: SECOND_TENANT.engagement.name, learning_scope: 'client', memory_isolation_level: 'moderate', assessment_ready: false, phase_state: {}, agent_state: {}, shares_master_flow_id: true },
    ]);
    const masters = await rows(db.sql, 'SELECT count(*)::int AS n, count(DISTINCT client_account_id)::int AS clients FROM crewai_flow_state_extensions');
    expect(masters).toEqual([{ n: 2, clients: 2 }]);
  });

  it('changes nothing on a second run', async () => {
    const db = await freshDatabase();
    await db.seed({ adminPassword: PASSWORD, sample: true });
    const before = await dumpAllTables(db.sql);

    const again = await db.seed({ sample: true });

    expect(again.createdRows).toBe(0);
    expect(await dumpAllTables(db.sql)).toEqual(before);
  });

  it('added to an earlier plain seed, creates only the sample rows', async () => {
    const db = await freshDatabase();
    await db.seed({ adminPassword: PASSWORD });
    const report = await db.seed({ sample: true });

    const byTable = Object.fromEntries(report.tables.map((table) => [table.table, table]));
    for (const table of ['users', 'user_roles', 'client_access']) expect(byTable[table]).toEqual({ table, created: 0, existing: 1 });
    expect(byTable.client_accounts).toEqual({ table: 'client_accounts', created: 1, existing: 1 });
    expect(byTable.assets?.created).toBe(6);
  });
});

describe('the summary', () => {
  const report = { tables: [{ table: 'users', created: 1, existing: 0 }], createdRows: 1, differing: [] };

  it('is coloured when colours are on, and plain when they are off', () => {
    expect(formatSummary(report, style(true))).toContain('\u001b[');
    expect(formatSummary(report, style(false))).toBe('seed: created 1 row\n  users  created  1  existing  0\n');
  });
});

describe('db:seed, the CLI (dist/cli/seed.js)', () => {
  const cli = (args: string[], env: NodeJS.ProcessEnv) => {
    if (!existsSync(seedCli)) throw new Error(`${seedCli} is missing: run npm run build before the tests`);
    // Unset SEED_ADMIN_PASSWORD unless the case sets it, and never color: the output is parsed.
    return run(process.execPath, [seedCli, ...args], { SEED_ADMIN_PASSWORD: undefined, NO_COLOR: '1', ...env });
  };
  const lines = (text: string) => text.split('\n').filter(Boolean);

  it('seeds, then on a second run exits 0 with "nothing to do", or names the row that differs from the spec', async () => {
    const db = await freshDatabase();

    const first = await cli([], { DATABASE_URL: db.url, SEED_ADMIN_PASSWORD: PASSWORD });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^seed: created 5 rows\n/);
    expect(first.stdout).not.toMatch(/password/i);
    expect(first.stderr).toMatch(/^database: postgresql:\/\/.*:\*\*\*\*@.* \(DATABASE_URL\)\n$/);

    const second = await cli([], { DATABASE_URL: db.url });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^seed: nothing to do: all 5 rows already exist\n/);
    expect(second.stdout).not.toMatch(/password/i);

    // An admin deactivated by hand stays so (exit 0: the seed did its job), and the seed says so.
    await db.sql.query('UPDATE users SET is_active = false');
    const third = await cli([], { DATABASE_URL: db.url });
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toMatch(/^seed: created nothing: all 5 rows already exist, 1 of them not as the spec requires\n/);
    expect(third.stdout).toContain('\nkept 1 row that differs from the spec (the seed inserts missing rows and never changes existing ones):\n  users admin@aiforce.com: is_active is false (expected true)\ndb:check --data reports it');
    expect(third.stdout).not.toContain('nothing to do');
  });

  it('prints a generated password once, on stdout, when SEED_ADMIN_PASSWORD is unset', async () => {
    const db = await freshDatabase();

    const result = await cli(['--sample'], { DATABASE_URL: db.url });

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('\u001b[');
    const password = result.stdout.match(/shown only this once.*\n {2}(\S+)\n$/)?.[1];
    expect(password).toBeDefined();
    expect(result.stdout.split(password!)).toHaveLength(2);
    expect(result.stderr).not.toContain(password);
    const [admin] = await rows<{ password_hash: string }>(db.sql, 'SELECT password_hash FROM users');
    expect(await bcrypt.compare(password!, admin!.password_hash)).toBe(true);
  });

  it.each<[string, string[], NodeJS.ProcessEnv, RegExp]>([
    ['a short password', [], { SEED_ADMIN_PASSWORD: 'too short' }, /^error: environment: SEED_ADMIN_PASSWORD: must be at least 12 characters long$/],
    ['an unknown option', ['--samples'], {}, /^error: Unknown option '--samples' \(see --help\)$/],
    ['a value for a flag', ['--sample=yes'], {}, /^error: Option '--sample' does not take an argument \(see --help\)$/],
    ['an unreachable database', [], { DATABASE_URL: 'postgresql://seed:hunter2-secret@127.0.0.1:1/nowhere' }, /^error: connection refused by 127\.0\.0\.1:1: /],
  ])('refuses %s with exit 2 and one error line', async (_case, args, env, expected) => {
    const result = await cli(args, { DATABASE_URL: 'postgresql://unused@127.0.0.1:1/never-dialled', ...env });

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const errors = lines(result.stderr).filter((line) => !line.startsWith('database: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(expected);
    expect(result.stderr).not.toContain('hunter2-secret');
  });

  it('shows its usage with --help, without the test hook', async () => {
    const result = await cli(['--help'], {});

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('usage: aiforce-db seed');
    expect(result.stdout).toContain('SEED_ADMIN_PASSWORD');
    expect(result.stdout).not.toMatch(/failAfterStep|inject/i);
  });
});
