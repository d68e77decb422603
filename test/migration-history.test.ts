import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withConnection } from '../src/database/connect.js';
import { diagnoseHistory, listMigrations, matchesChecksum, migrationChecksum, type CommittedMigration } from '../src/migration-history/index.js';
import { check, codesAndPaths } from './support/check.js';
import { withReadOnlyRole, withTestDatabase } from './support/databases.js';
import { createTestDatabase, projectRoot, prisma } from './support/template.js';

const adminUrl = () => inject('adminUrl');
const INIT = '20261124215900_init';
const INIT_FILE = path.join(projectRoot, 'prisma', 'migrations', INIT, 'migration.sql');
const HISTORY = `public._prisma_migrations.${INIT}`;

describe('migration checksums, as Prisma computes them', () => {
  it('are the SHA-256 of the exact bytes, zero-padded hex', () => {
    expect(migrationChecksum(Buffer.from('hello'))).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  });

  it('match across LF and CRLF line endings (git autocrlf), as the schema engine decides', () => {
    const variants = [
      ['ab\ncd\nef\ngh\rab', 'ab\r\ncd\r\nef\r\ngh\rab'],
      ['ab\ncd\nef\ngh\rab\n', 'ab\r\ncd\r\nef\r\ngh\rab\r\n'],
    ];
    for (const group of variants) {
      for (const script of group) for (const other of group) expect(matchesChecksum(Buffer.from(script), migrationChecksum(Buffer.from(other)))).toBe(true);
    }
    expect(matchesChecksum(Buffer.from('abc'), migrationChecksum(Buffer.from('abcd')))).toBe(false);
    expect(matchesChecksum(Buffer.from('abc\n'), migrationChecksum(Buffer.from('abc')))).toBe(false);
  });

  it('accept the unpadded checksums early schema engines recorded', () => {
    const script = Buffer.from('SELECT 1;\n');
    const unpadded = [...Buffer.from(migrationChecksum(script), 'hex')].map((byte) => byte.toString(16)).join('');
    expect(unpadded.length).toBeLessThan(64);
    expect(matchesChecksum(script, unpadded)).toBe(true);
  });

  it('hash bytes, not decoded text: a UTF-8 script with CRLF is compared byte for byte', () => {
    const script = Buffer.from("INSERT INTO t VALUES ('café ✓');\r\n", 'utf8');
    expect(migrationChecksum(script)).toBe(createHash('sha256').update(script).digest('hex'));
    expect(matchesChecksum(Buffer.from("INSERT INTO t VALUES ('café ✓');\n", 'utf8'), migrationChecksum(script))).toBe(true);
  });
});

describe('diagnoseHistory (pure)', () => {
  const committed = (name: string, sql = `-- ${name}\n`): CommittedMigration => ({ name, file: path.join('/repo/prisma/migrations', name, 'migration.sql'), script: Buffer.from(sql) });
  const row = (name: string, sql = `-- ${name}\n`, state: Partial<{ finished: boolean; rolledBack: boolean }> = {}) => ({
    name,
    checksum: migrationChecksum(Buffer.from(sql)),
    finished: state.finished ?? true,
    rolledBack: state.rolledBack ?? false,
  });
  const diagnose = (files: CommittedMigration[], rows: ReturnType<typeof row>[]) => diagnoseHistory(files, { status: 'present', rows }, { schema: 'public', root: '/repo', folder: 'prisma/migrations' });

  it('reads a re-applied migration (failed, rolled back, applied again) as applied', () => {
    const { findings } = diagnose([committed('1_a')], [row('1_a', '-- 1_a\n', { finished: false, rolledBack: true }), row('1_a')]);
    expect(findings).toEqual([]);
  });

  it('points committed migrations at line 1 of their migration.sql, relative to the root', () => {
    const [finding] = diagnose([committed('1_a'), committed('2_b')], [row('1_a')]).findings;
    expect(finding).toMatchObject({ code: 'migration.pending', path: 'public._prisma_migrations.2_b', severity: 'error', location: { file: 'prisma/migrations/2_b/migration.sql', line: 1 } });
  });

  it('ignores a migration that was rolled back and then removed from the folder', () => {
    expect(diagnose([committed('1_a')], [row('1_a'), row('2_gone', '', { rolledBack: true })]).findings).toEqual([]);
  });

  it('names the folder an unknown migration is not in, and refuses a folder it cannot read instead of finding it empty', async () => {
    const [finding] = diagnoseHistory([], { status: 'present', rows: [row('1_a')] }, { schema: 'public', root: '/repo', folder: 'db/migrations' }).findings;
    expect(finding).toMatchObject({ code: 'migration.unknown', message: expect.stringContaining('is not in db/migrations:') });
    await expect(listMigrations(path.join(projectRoot, 'no-such-folder'))).rejects.toThrow(/^cannot read the migrations folder .*no-such-folder: no such file or folder \(ENOENT\)/);
    await expect(listMigrations(path.join(projectRoot, 'package.json'))).rejects.toThrow(/^cannot read the migrations folder .*package\.json: a part of the path is not a folder \(ENOTDIR\)/);
  });

  it('says why the history was not read, without a finding', () => {
    const outcome = diagnoseHistory([committed('1_a')], { status: 'unreadable', reason: 'permission denied for table _prisma_migrations' }, { schema: 'public', root: '/repo', folder: 'prisma/migrations' });
    expect(outcome.findings).toEqual([]);
    expect(outcome.note).toMatch(/^migration history not checked: permission denied .*grant SELECT on public\._prisma_migrations/);
  });
});

describe('migration history on a real server', () => {
  it("computes exactly the checksum a real prisma migrate deploy stored", async () => {
    await withTestDatabase(adminUrl(), [], async (db) => {
      const stored = await withConnection(db.url, (client) => client.query<{ migration_name: string; checksum: string }>('SELECT migration_name, checksum FROM _prisma_migrations ORDER BY migration_name'));
      const committed = await listMigrations(path.join(projectRoot, 'prisma', 'migrations'));
      expect(committed).toContain(INIT);
      const expected = await Promise.all(committed.map(async (name) => ({ migration_name: name, checksum: migrationChecksum(await readFile(path.join(projectRoot, 'prisma', 'migrations', name, 'migration.sql'))) })));
      expect(stored.rows).toEqual(expected);
      const result = await check(db.url);
      expect(result.findings).toEqual([]);
      expect(result.historyChecked).toBe(true);
    });
  });

  // Each state is planted on the first migration's row only, so it is exactly one finding.
  const ofInit = `WHERE migration_name = '${INIT}'`;
  const states: Array<{ name: string; sql: string; code: string; path: string; severity: 'error' | 'warning' }> = [
    { name: 'pending (row deleted)', sql: `DELETE FROM _prisma_migrations ${ofInit}`, code: 'migration.pending', path: HISTORY, severity: 'error' },
    {
      name: 'unknown (applied elsewhere)',
      sql: "INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ('x1', 'abc', '20991231000000_from_another_branch', now(), 1)",
      code: 'migration.unknown',
      path: 'public._prisma_migrations.20991231000000_from_another_branch',
      severity: 'error',
    },
    { name: 'failed (never finished)', sql: `UPDATE _prisma_migrations SET finished_at = NULL ${ofInit}`, code: 'migration.failed', path: HISTORY, severity: 'error' },
    { name: 'rolled back', sql: `UPDATE _prisma_migrations SET rolled_back_at = now() ${ofInit}`, code: 'migration.failed', path: HISTORY, severity: 'error' },
    { name: 'modified (checksum differs)', sql: `UPDATE _prisma_migrations SET checksum = repeat('0', 64) ${ofInit}`, code: 'migration.modified', path: HISTORY, severity: 'error' },
    { name: 'unmanaged (no _prisma_migrations)', sql: 'DROP TABLE _prisma_migrations', code: 'migration.unmanaged', path: 'public._prisma_migrations', severity: 'warning' },
  ];
  for (const state of states) {
    it(`reports ${state.name} as ${state.code}`, async () => {
      await withTestDatabase(adminUrl(), [state.sql], async (db) => {
        const result = await check(db.url);
        expect(codesAndPaths(result.findings)).toEqual([`${state.code} ${state.path}`]);
        expect(result.findings[0]!.severity).toBe(state.severity);
        if (state.path === HISTORY) expect(result.findings[0]!.location).toEqual({ file: `prisma/migrations/${INIT}/migration.sql`, line: 1 });
        expect(result.summary.failed).toBe(state.severity === 'error');
      });
    });
  }

  it('calls an Alembic-era database "not managed by Prisma Migrate", a warning, not an error', async () => {
    await withTestDatabase(adminUrl(), ['DROP TABLE _prisma_migrations'], async (db) => {
      const [finding] = (await check(db.url)).findings;
      expect(finding!.message).toMatch(/not managed by Prisma Migrate.*alembic_version/);
    });
  });

  it('reports a migration.sql edited after it was applied (a copy of the migrations folder)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-migrations-'));
    try {
      await cp(path.join(projectRoot, 'prisma', 'migrations'), dir, { recursive: true });
      const edited = path.join(dir, INIT, 'migration.sql');
      await writeFile(edited, `${await readFile(edited, 'utf8')}\n-- a late edit\n`);
      await withTestDatabase(adminUrl(), [], async (db) => {
        const result = await check(db.url, { migrationsDir: dir });
        expect(codesAndPaths(result.findings)).toEqual([`migration.modified ${HISTORY}`]);
        expect(result.findings[0]!.location!.file).toMatch(new RegExp(`${INIT}/migration\\.sql$`));
        expect(result.findings[0]!.actual).toBe(migrationChecksum(await readFile(INIT_FILE)));

        // Line endings alone are no edit: the same script with CRLF still matches.
        await writeFile(edited, (await readFile(INIT_FILE, 'utf8')).replaceAll('\n', '\r\n'));
        expect((await check(db.url, { migrationsDir: dir })).findings).toEqual([]);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is skipped with --no-history (history: false), and says so', async () => {
    await withTestDatabase(adminUrl(), ['DELETE FROM _prisma_migrations'], async (db) => {
      const result = await check(db.url, { history: false });
      expect(result.findings).toEqual([]);
      expect(result.historyChecked).toBe(false);
      expect(result.notes).toContain('migration history not checked (--no-history)');
    });
  });

  it('under a role with only CONNECT and USAGE: one clear note, no finding, the rest still checked', async () => {
    await withTestDatabase(adminUrl(), ['DELETE FROM _prisma_migrations'], (db) =>
      withReadOnlyRole(db, async (url) => {
        const result = await check(url);
        expect(result.findings).toEqual([]);
        expect(result.historyChecked).toBe(false);
        expect(result.notes).toEqual([expect.stringMatching(/^migration history not checked: permission denied for table _prisma_migrations \(grant SELECT on public\._prisma_migrations/)]);
      }),
    );
  });

  it('the same under a role with exit_on_error = on: the denied read is still a note, not a session ended', async () => {
    await withTestDatabase(adminUrl(), [], (db) =>
      withReadOnlyRole(db, async (url) => {
        await withConnection(db.url, (client) => client.query(`ALTER ROLE ${new URL(url).username} SET exit_on_error = on`));
        const result = await check(url);
        expect(result.historyChecked).toBe(false);
        expect(result.notes).toEqual([expect.stringMatching(/^migration history not checked: permission denied for table _prisma_migrations/)]);
      }),
    );
  });
});

describe('line endings, checked against a real prisma migrate deploy', () => {
  let dir: string;
  let url: string;
  let drop: () => Promise<void>;
  const MIGRATION = '20260101000000_crlf_probe';
  const CRLF_SQL = 'CREATE TABLE crlf_probe (\r\n  id integer PRIMARY KEY\r\n);\r\n';

  beforeAll(async () => {
    // A throw-away Prisma project: one CRLF migration, this project's adapter work-around.
    dir = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-crlf-'));
    await mkdir(path.join(dir, 'prisma', 'migrations', MIGRATION), { recursive: true });
    await writeFile(path.join(dir, 'prisma', 'migrations', MIGRATION, 'migration.sql'), CRLF_SQL);
    await writeFile(path.join(dir, 'prisma', 'migrations', 'migration_lock.toml'), 'provider = "postgresql"\n');
    await writeFile(
      path.join(dir, 'prisma', 'schema.prisma'),
      'generator client {\n  provider   = "prisma-client"\n  output     = "./generated"\n  engineType = "client"\n}\n\ndatasource db {\n  provider = "postgresql"\n  url      = env("AIFORCE_DB_SCHEMA_URL")\n}\n',
    );
    const from = (file: string) => JSON.stringify(pathToFileURL(path.join(projectRoot, file)).href);
    await writeFile(
      path.join(dir, 'prisma.config.mjs'),
      [
        `import { defineConfig } from ${from('node_modules/prisma/config.js')};`,
        `const { createPrismaAdapter } = await import(${from('src/database/prisma-adapter.ts')});`,
        "process.env.AIFORCE_DB_SCHEMA_URL ??= 'postgresql://driver-adapter.invalid/x';",
        `export default defineConfig({ schema: ${JSON.stringify(path.join(dir, 'prisma', 'schema.prisma'))}, migrations: { path: ${JSON.stringify(path.join(dir, 'prisma', 'migrations'))} },`,
        "  experimental: { adapter: true }, engine: 'js', adapter: async () => createPrismaAdapter(process.env.DATABASE_URL) });",
        '',
      ].join('\n'),
    );
    const db = await createTestDatabase(adminUrl(), { migrated: false });
    url = db.url;
    drop = db.drop;
    const deployed = await prisma(['migrate', 'deploy', '--config', path.join(dir, 'prisma.config.mjs')], url);
    expect(deployed.code, deployed.stderr).toBe(0);
  });
  afterAll(async () => {
    await drop?.();
    await rm(dir, { recursive: true, force: true });
  });

  it('Prisma stores the checksum of the raw CRLF bytes; an LF checkout still matches it', async () => {
    const stored = (await withConnection(url, (client) => client.query<{ checksum: string }>('SELECT checksum FROM _prisma_migrations'))).rows[0]!.checksum;
    expect(stored).toBe(migrationChecksum(Buffer.from(CRLF_SQL)));
    expect(stored).not.toBe(migrationChecksum(Buffer.from(CRLF_SQL.replaceAll('\r\n', '\n'))));

    const table = { status: 'present' as const, rows: [{ name: MIGRATION, checksum: stored, finished: true, rolledBack: false }] };
    const file = path.join(dir, 'prisma', 'migrations', MIGRATION, 'migration.sql');
    const asCommitted = (sql: string) => [{ name: MIGRATION, file, script: Buffer.from(sql) }];
    expect(diagnoseHistory(asCommitted(CRLF_SQL.replaceAll('\r\n', '\n')), table, { schema: 'public', root: dir, folder: 'prisma/migrations' }).findings).toEqual([]);
    expect(codesAndPaths(diagnoseHistory(asCommitted('CREATE TABLE crlf_probe (id int);\n'), table, { schema: 'public', root: dir, folder: 'prisma/migrations' }).findings)).toEqual([
      `migration.modified public._prisma_migrations.${MIGRATION}`,
    ]);
  });
});
