import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withConnection } from '../src/database/connect.js';
import { checkCli, cliWithBrokenStdout, expectOneClearError } from './support/cli.js';
import { createTestDatabase, projectRoot, run, type TestDatabase } from './support/template.js';

/** db:check's reports for other tools, its baseline and its failing policy, through the compiled CLI. */
const check = checkCli;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
  dir = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-cli-'));
});
afterAll(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run db:check: reports for other tools', () => {
  it('--format sarif --output FILE writes valid SARIF while the human report goes to stdout', async () => {
    await withConnection(db.url, (client) => client.query('ALTER TABLE users ADD COLUMN is_mock boolean'));
    try {
      const file = path.join(dir, 'drift.sarif');
      const result = await check(['--format', 'sarif', '--output', file], db.url);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/✖ drift: 1 error, 0 warnings/);
      expect(result.stderr).toContain(`report: wrote sarif to ${file}`);
      const ajv = new Ajv({ strict: false });
      addFormats(ajv);
      const validate = ajv.compile(JSON.parse(await readFile(path.join(projectRoot, 'test', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8')) as object);
      const log = JSON.parse(await readFile(file, 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
      expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
      expect(log.runs[0]!.results.map((r) => r.ruleId)).toEqual(['column.unexpected']);

      const junit = await check(['--format', 'junit'], db.url);
      expect(junit.code).toBe(1);
      expect(XMLValidator.validate(junit.stdout)).toBe(true);
      expect(junit.stdout).toMatch(/<testcase classname="aiforce-db\.public" name="public\.users">\n\s+<failure message="[^"]*is_mock/);
    } finally {
      await withConnection(db.url, (client) => client.query('ALTER TABLE users DROP COLUMN is_mock'));
    }
  });

  it('--fail-on warning fails on warnings; --strict is the same; they cannot disagree', async () => {
    await withConnection(db.url, (client) => client.query('CREATE INDEX ix_extra_users_last_name ON users (last_name)'));
    try {
      expect((await check([], db.url)).code).toBe(0);
      expect((await check(['--fail-on', 'warning'], db.url)).code).toBe(1);
      expect((await check(['--strict'], db.url)).code).toBe(1);
      expectOneClearError(await check(['--strict', '--fail-on', 'error'], db.url), /--strict means --fail-on warning/);
      expectOneClearError(await check(['--fail-on', 'info'], db.url), /bad option: fail-on/);
    } finally {
      await withConnection(db.url, (client) => client.query('DROP INDEX ix_extra_users_last_name'));
    }
  });
});

describe('npm run db:check: the baseline', () => {
  it('--update-baseline accepts the drift: exit 0, printed as baselined; expired -> exit 1', async () => {
    const baseline = path.join(dir, 'drift-baseline.json');
    await withConnection(db.url, (client) => client.query('ALTER TABLE users ADD COLUMN is_mock boolean'));
    try {
      const accepted = await check(['--baseline', baseline, '--update-baseline', '--reason', 'legacy flag, removal planned', '--owner', 'ana@example.com'], db.url);
      expect(accepted.code).toBe(0);
      const again = await check(['--baseline', baseline], db.url);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/baselined \(accepted in .*drift-baseline\.json; reported, not failing\)/);
      expect(again.stdout).toMatch(/◌ baselined column\.unexpected\s+public\.users\.is_mock/);
      expect(again.stdout).toContain('accepted: "legacy flag, removal planned" (owner ana@example.com)');
      expect(again.stdout).toMatch(/✔ no drift \(1 baselined\)/);

      const file = JSON.parse(await readFile(baseline, 'utf8')) as { entries: Array<Record<string, string>> };
      file.entries[0]!.expires = '2020-01-31';
      await writeFile(baseline, JSON.stringify(file));
      const expired = await check(['--baseline', baseline], db.url);
      expect(expired.code).toBe(1);
      expect(expired.stdout).toContain('baseline entry expired on 2020-01-31');
    } finally {
      await withConnection(db.url, (client) => client.query('ALTER TABLE users DROP COLUMN is_mock'));
    }
    const stale = await check(['--baseline', baseline], db.url);
    expect(stale.code).toBe(0);
    expect(stale.stdout).toMatch(/stale baseline entries .*delete them from/);
  });

  it('could not check: a bad baseline or bad baseline options are one clear line, exit 2', async () => {
    const bad = path.join(dir, 'bad-baseline.json');
    await writeFile(bad, JSON.stringify({ version: 1, entries: [{ code: 'column.unexpected', path: 'public.users.is_mock', owner: 'x' }] }));
    expectOneClearError(await check(['--baseline', bad], db.url), /baseline .*bad-baseline\.json is invalid: entries\[0\]\.reason: reason is required/);
    expectOneClearError(await check(['--baseline', path.join(dir, 'missing.json')], db.url), /baseline .*missing\.json cannot be read \(ENOENT\)/);
    expectOneClearError(await check(['--update-baseline'], db.url), /--update-baseline needs --reason/);
    expectOneClearError(await check(['--reason', 'x'], db.url), /--reason goes with --update-baseline/);
    expectOneClearError(await check(['--update-baseline', '--reason', 'x', '--expires', '2020-01-01', '--baseline', path.join(dir, 'n.json')], db.url), /expires: is in the past/);
    expectOneClearError(await check(['--against', db.url, '--update-baseline', '--reason', 'x'], db.url), /--against compares two databases/);
  });
});

describe('npm run db:check: an input that is a named pipe', () => {
  it('with no writer: never a hang; the run deadline (--timeout) ends it, the input reader after 10 s', async () => {
    const fifo = path.join(dir, 'input.fifo');
    expect((await run('mkfifo', [fifo])).code).toBe(0);
    const started = Date.now();
    expectOneClearError(await check(['--baseline', fifo, '--timeout', '2000'], db.url), /db:check did not finish within 2000 ms \(--timeout MS/);
    expect(Date.now() - started).toBeLessThan(8_000);
    expectOneClearError(await check(['--expected', fifo], db.url), /expected-schema lock .*input\.fifo is a named pipe no program opened for writing within 10 s/);
  }, 40_000);
});

describe('npm run db:check --against', () => {
  it('compares two live databases, says what it skipped, and fails on differences', async () => {
    const other = await createTestDatabase(inject('adminUrl'));
    try {
      await withConnection(other.url, (client) => client.query('ALTER TABLE feedback DROP COLUMN comment'));
      const result = await check(['--against', other.url], db.url);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('column.unexpected');
      expect(result.stdout).toContain('note: compared with another database (--against)');
      expect(result.stdout).toMatch(/against postgresql:\/\/.*\/aiforce_test_\w+/);
      const password = new URL(other.url).password;
      if (password) expect(result.stdout + result.stderr).not.toContain(password);
    } finally {
      await other.drop();
    }
  });

  it('an unreachable --against database is one clear line, and the process still exits', async () => {
    expectOneClearError(await check(['--against', 'postgresql://app:pw@127.0.0.1:1/prod'], db.url), /connection refused by 127\.0\.0\.1:1/);
  });
});

describe('a report that does not reach stdout: exit 2 and one line, never the answer', () => {
  const noSpace = /^error: could not write to standard output: no space left on the device \(ENOSPC\): free some disk space$/;

  it('db:check to a full disk (/dev/full): the JSON, human and --fix-sql reports, with drift or without', async () => {
    for (const args of [['--format', 'json'], [], ['--fix-sql']]) expectOneClearError(await cliWithBrokenStdout('check', args, 'full', { DATABASE_URL: db.url }), noSpace);
    await withConnection(db.url, (client) => client.query('ALTER TABLE users ADD COLUMN is_mock boolean'));
    try {
      expectOneClearError(await cliWithBrokenStdout('check', ['--format', 'json'], 'full', { DATABASE_URL: db.url }), noSpace);
    } finally {
      await withConnection(db.url, (client) => client.query('ALTER TABLE users DROP COLUMN is_mock'));
    }
  });

  it('db:check to a reader that is gone (EPIPE)', async () => {
    expectOneClearError(await cliWithBrokenStdout('check', ['--format', 'json'], 'closed', { DATABASE_URL: db.url }), /^error: could not write to standard output: .*\(EPIPE\)/);
  });

  it('db:sql rows, and aiforce-db --help', async () => {
    expectOneClearError(await cliWithBrokenStdout('sql', ['SELECT 1 AS one'], 'full', { DATABASE_URL: db.url }), noSpace);
    expectOneClearError(await cliWithBrokenStdout('--help', [], 'full'), noSpace);
  });
});
