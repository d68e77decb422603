import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withConnection } from '../src/database/connect.js';
import { checkCli, cli, expectOneClearError } from './support/cli.js';
import { createTestDatabase, type TestDatabase } from './support/template.js';

const check = checkCli;

function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
});
afterAll(async () => db.drop());

describe('npm run db:check (compiled CLI)', () => {
  it('exits 0 and says no drift on a fresh migrate deploy, with the password masked', async () => {
    const result = await check([], db.url);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✔ no drift: 32 tables/);
    const password = new URL(db.url).password;
    if (password) expect(result.stdout + result.stderr).not.toContain(password);
    expect(result.stderr).toMatch(/database: postgresql:\/\/.*(\*\*\*\*@|@)/);
  });

  it('writes its code cache after a whole check, not after --help or a refused run (a partial cache would stay)', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'aiforce-db-cache-'));
    try {
      const caches = () => readdir(path.join(home, 'aiforce-db')).catch(() => []);
      expect((await cli('check', ['--help'], { XDG_CACHE_HOME: home })).code).toBe(0);
      expect((await cli('check', ['--expected', path.join(home, 'absent.json')], { XDG_CACHE_HOME: home, DATABASE_URL: db.url })).code).toBe(2);
      expect(await caches()).toEqual([]);
      expect((await cli('check', [], { XDG_CACHE_HOME: home, DATABASE_URL: db.url })).code).toBe(0);
      expect(await caches()).toEqual([expect.stringMatching(/^check\.cjs-[0-9a-f]{40}\.v8$/)]);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('exits 1 and names public.users.is_mock; --format json lists exactly that finding', async () => {
    await withConnection(db.url, (client) => client.query('ALTER TABLE users ADD COLUMN is_mock boolean'));
    try {
      const human = await check([], db.url);
      expect(human.code).toBe(1);
      expect(human.stdout).toContain('public.users.is_mock');
      expect(human.stdout).toMatch(/drift: 1 error, 0 warnings/);

      const json = await check(['--format', 'json'], db.url);
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout) as { version: number; target: { database: string }; summary: { errors: number }; findings: Array<{ code: string; path: string }> };
      expect(report.version).toBe(1);
      expect(report.findings.map((f) => [f.code, f.path])).toEqual([['column.unexpected', 'public.users.is_mock']]);
      const password = new URL(db.url).password;
      if (password) expect(report.target.database).not.toContain(password);

      const markdown = await check(['--format', 'markdown'], db.url);
      expect(markdown.stdout).toContain('| ❌ | `column.unexpected` | `public.users.is_mock` |');

      const github = await check(['--format', 'github'], db.url);
      expect(github.stdout).toMatch(/^::error file=prisma\/schema\.prisma,line=\d+,title=column\.unexpected public\.users\.is_mock::/m);

      const fix = await check(['--fix-sql'], db.url);
      expect(fix.stdout).toContain('ALTER TABLE public.users DROP COLUMN is_mock;');
    } finally {
      await withConnection(db.url, (client) => client.query('ALTER TABLE users DROP COLUMN is_mock'));
    }
  });

  describe('could not check: exit 2, one clear line, no stack, no password', () => {
    it('refused connection', async () => {
      expectOneClearError(await check([], 'postgresql://app:s3cret-pw@127.0.0.1:1/aiforce'), /connection refused by 127\.0\.0\.1:1/, 's3cret-pw');
    });

    it('unknown host', async () => {
      expectOneClearError(await check([], 'postgresql://app:s3cret-pw@no-such-host.invalid:5432/aiforce'), /cannot resolve database host "no-such-host\.invalid"/, 's3cret-pw');
    });

    it('wrong password', async () => {
      expectOneClearError(await check([], withPassword(db.url, 'wrong-pw-123')), /password authentication failed for user/, 'wrong-pw-123');
    });

    it('no such database', async () => {
      const url = new URL(db.url);
      url.pathname = '/no_such_database_here';
      expectOneClearError(await check([], url.toString()), /database "no_such_database_here" does not exist/);
    });

    it('missing schema', async () => {
      expectOneClearError(await check(['--schema', 'nope'], db.url), /schema "nope" does not exist/);
    });

    it('not a PostgreSQL URL', async () => {
      expectOneClearError(await check([], 'mysql://root:s3cret-pw@localhost/x'), /DATABASE_URL: must start with postgresql:\/\//, 's3cret-pw');
    });

    it('bad options', async () => {
      expectOneClearError(await check(['--format', 'xml'], db.url), /bad option: format/);
      expectOneClearError(await check(['--colour'], db.url), /Unknown option '--colour'/);
    });

    it('db:migrate with a wrong password', async () => {
      expectOneClearError(await cli('prisma', ['migrate', 'deploy'], { DATABASE_URL: withPassword(db.url, 'wrong-pw-456') }), /password authentication failed/, 'wrong-pw-456');
    });
  });
});
