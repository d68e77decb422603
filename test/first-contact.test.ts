/**
 * What a newcomer meets, through the compiled db:check: a database the migrations never ran on is said to look
 * unmigrated, with what to run, before short details (every format, --verbose for all of them); and every
 * human report ends with the next step.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readLock } from '../src/catalog/lock.js';
import { loadProject } from '../src/config/project.js';
import type { CheckResult } from '../src/check/result.js';
import { withConnection } from '../src/database/connect.js';
import { checkCli } from './support/cli.js';
import { parseJunit } from './support/report-files.js';
import { createTestDatabase, prisma, projectRoot, type TestDatabase } from './support/template.js';

const ADVICE = 'looks unmigrated: 0 of 32 tables, no _prisma_migrations; run `npm run db:migrate` (aiforce-db migrate), then check again';
const lines = (text: string) => text.trimEnd().split('\n');
const findingLines = (human: string) => lines(human).filter((line) => /^ {2}(✖ error|▲ warning) /.test(line));

describe('a database the migrations never ran on', () => {
  let empty: TestDatabase;
  let expectedTables: string[];
  beforeAll(async () => {
    empty = await createTestDatabase(inject('adminUrl'), { migrated: false });
    expectedTables = (await readLock((await loadProject(projectRoot)).paths.lock)).catalog.tables.map((table) => table.name);
  });
  afterAll(async () => empty?.drop());

  it('human: says so first, names the 32 missing tables, 12 enums, 2 functions and the schema grant instead of listing them, and ends with migrate', async () => {
    const result = await checkCli([], empty.url);
    expect(result.code).toBe(1);
    const output = lines(result.stdout);
    expect(output[0]).toBe(ADVICE);
    expect(output).toContain('  missing 32 tables:');
    expect(output).toContain('  missing 12 enums:');
    expect(output).toContain('  missing 2 functions:');
    expect(output).toContain('  missing 1 privilege:');
    expect(output).toContain('    public[grant to aiforce_tenant]');
    for (const table of expectedTables) expect(result.stdout.match(new RegExp(`[ ,]${table}(,|$)`, 'gm')), table).toHaveLength(1);
    expect(findingLines(result.stdout)).toEqual([]);
    expect(result.stdout).not.toContain('CREATE TABLE');
    expect(output.length).toBeLessThan(25);
    expect(output.at(-2)).toMatch(/^✖ drift: 47 errors, 1 warning; 0 tables/);
    expect(output.at(-1)).toBe('next: run `npm run db:migrate` (aiforce-db migrate), then check again');
  });

  it('--verbose lists every finding with its SQL, under the same first and last lines', async () => {
    const result = await checkCli(['--verbose'], empty.url);
    expect(result.code).toBe(1);
    expect(lines(result.stdout)[0]).toBe(ADVICE);
    expect(findingLines(result.stdout)).toHaveLength(48);
    expect(result.stdout.match(/^ {6}CREATE TABLE /gm)).toHaveLength(32);
    expect(lines(result.stdout).at(-1)).toBe('next: run `npm run db:migrate` (aiforce-db migrate), then check again');
  });

  it('json carries summary.unmigrated and every finding; sarif and junit keep full detail', async () => {
    const json = JSON.parse((await checkCli(['--format', 'json'], empty.url)).stdout) as CheckResult;
    expect(json.summary.unmigrated).toEqual({ present: 0, expected: 32, nextStep: 'run `npm run db:migrate` (aiforce-db migrate), then check again' });
    expect(json.findings).toHaveLength(48);
    expect(json.findings.filter((f) => f.code === 'table.missing').map((f) => f.path.slice('public.'.length)).sort()).toEqual([...expectedTables].sort());

    const sarif = JSON.parse((await checkCli(['--format', 'sarif'], empty.url)).stdout) as { runs: Array<{ results: unknown[] }> };
    expect(sarif.runs[0]!.results).toHaveLength(48);
    const junit = parseJunit((await checkCli(['--format', 'junit'], empty.url)).stdout);
    expect(Number(junit.testsuites.failures)).toBeGreaterThanOrEqual(32);
  });

  it('markdown and github lead with the same sentence and name the missing objects; --verbose gives one row or annotation each', async () => {
    const markdown = (await checkCli(['--format', 'markdown'], empty.url)).stdout;
    expect(lines(markdown).slice(0, 3)).toEqual(['## aiforce-db drift check', '', expect.stringMatching(/^> \*\*looks unmigrated\\: 0 of 32 tables\\, no \\_prisma\\_migrations\\; run \\`npm run db\\:migrate\\`/)]);
    expect(markdown).toMatch(/^- missing 32 tables: `agent_insights`, `agent_questions`, /m);
    expect(markdown).not.toContain('| ❌ |');
    expect((await checkCli(['--format', 'markdown', '--verbose'], empty.url)).stdout.match(/^\| ❌ \| `table\.missing` \|/gm)).toHaveLength(32);

    const github = lines((await checkCli(['--format', 'github'], empty.url)).stdout);
    expect(github[0]).toMatch(new RegExp(`^::error title=looks unmigrated::${ADVICE.replace(/[()`.]/g, '\\$&')}%0Amissing 32 tables: agent_insights, `));
    expect(github.filter((line) => line.includes('title=table.missing'))).toEqual([]);
    const verbose = lines((await checkCli(['--format', 'github', '--verbose'], empty.url)).stdout);
    expect(verbose[0]).toMatch(/^::error title=looks unmigrated::/);
    expect(verbose.filter((line) => line.includes('title=table.missing'))).toHaveLength(32);
  });

  it('--fix-sql says to migrate rather than run the script', async () => {
    const script = (await checkCli(['--fix-sql'], empty.url)).stdout;
    expect(lines(script)[2]).toBe(`-- The database ${ADVICE}.`);
  });

  it('once migrated as advised, checks clean, with no advice and no next step', async () => {
    const migrated = await createTestDatabase(inject('adminUrl'), { migrated: false });
    try {
      const deploy = await prisma(['migrate', 'deploy'], migrated.url);
      expect(deploy.code, deploy.stderr).toBe(0);
      const result = await checkCli([], migrated.url);
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain('looks unmigrated');
      expect(result.stdout).not.toContain('next:');
    } finally {
      await migrated.drop();
    }
  });

  it('a database with a few of the tables, made without Prisma Migrate, is told that migrate deploy would stop at them', async () => {
    const legacy = await createTestDatabase(inject('adminUrl'));
    try {
      const dropped = expectedTables.filter((table) => !['users', 'tags', 'alembic_version'].includes(table));
      await withConnection(legacy.url, (client) => client.query(`DROP TABLE _prisma_migrations; DROP TABLE ${dropped.join(', ')} CASCADE`));
      const result = await checkCli([], legacy.url);
      expect(lines(result.stdout)[0]).toMatch(/^looks unmigrated: 3 of 32 tables, no _prisma_migrations; `npm run db:migrate` \(aiforce-db migrate\) would stop at the 3 existing tables/);
      expect(result.stdout).toContain('  missing 29 tables:');
      // Its own advice (record the migrations as applied) stays listed.
      expect(findingLines(result.stdout).some((line) => line.includes('migration.unmanaged'))).toBe(true);
    } finally {
      await legacy.drop();
    }
  });
});

describe('the human report ends with the next step', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(inject('adminUrl'));
  });
  afterAll(async () => db?.drop());
  const sql = (statement: string) => withConnection(db.url, async (client) => void (await client.query(statement)));
  const lastLine = async (args: string[] = []) => {
    const result = await checkCli(args, db.url);
    return { code: result.code, last: lines(result.stdout).at(-1) };
  };

  it('none when there is nothing to do', async () => {
    expect(await lastLine()).toEqual({ code: 0, last: expect.stringMatching(/^✔ no drift: 32 tables/) });
  });

  it('--fix-sql for a warning that has a fix, without a baseline (nothing fails)', async () => {
    await sql('CREATE INDEX ix_extra_tags_name ON tags (name)');
    try {
      expect(await lastLine()).toEqual({ code: 0, last: 'next: print the suggested SQL as one script with --fix-sql and review it before running it' });
    } finally {
      await sql('DROP INDEX ix_extra_tags_name');
    }
  });

  it('--fix-sql, or --update-baseline for failing drift', async () => {
    await sql('ALTER TABLE users ADD COLUMN is_mock boolean');
    try {
      expect(await lastLine()).toEqual({
        code: 1,
        last: 'next: print the suggested SQL as one script with --fix-sql and review it before running it; or accept the drift with --update-baseline --reason "why it is accepted"',
      });
    } finally {
      await sql('ALTER TABLE users DROP COLUMN is_mock');
    }
  });

  it('the seed for missing required rows (--data)', async () => {
    expect(await lastLine(['--data'])).toEqual({ code: 1, last: 'next: insert the missing rows with `npm run db:seed` (aiforce-db seed); or accept the drift with --update-baseline --reason "why it is accepted"' });
  });
});
