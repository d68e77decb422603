/**
 * `npm run db:report`, the nightly drift report: new/resolved from stored runs (pure), the real CLI against a
 * real server with a good and two broken targets, and report.html opened from disk in Debian's Chromium at a
 * desktop's and a phone's width (screenshots in test-artifacts/screenshots/).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PHASES, step } from '../src/catalog/model.js';
import type { CheckResult } from '../src/check/result.js';
import { withConnection } from '../src/database/connect.js';
import type { Finding } from '../src/findings/finding.js';
import type { TargetOutcome } from '../src/report/check-target.js';
import { diffKeys, previousCheck } from '../src/report/diff.js';
import { historyFileName, readHistory, writeHistory, type HistoryEntry } from '../src/report/run-history.js';
import { readLock } from '../src/catalog/lock.js';
import { buildTrend, runLabels } from '../src/report/chart.js';
import { drawSchemaPicture } from '../src/report/diagram.js';
import { diffValues, renderNightlyHtml } from '../src/report/html.js';
import { renderNightlyMarkdown } from '../src/report/markdown.js';
import { progressLine } from '../src/report/format.js';
import { buildReport, reportExitCode, toHistoryEntry, type NightlyReport } from '../src/report/report.js';
import { parseTargetsFile, resolveTargets } from '../src/report/targets.js';
import { launchChromium, screenshot } from './support/chromium.js';
import { holdLock } from './support/backends.js';
import { childEnv, createTestDatabase, projectRoot, run, type TestDatabase } from './support/template.js';

const REPORT_CLI = path.join(projectRoot, 'dist', 'cli', 'report.js');

const finding = (code: Finding['code'], findingPath: string, extra: Partial<Finding> = {}): Finding => ({
  code,
  path: findingPath,
  severity: 'error',
  table: findingPath.split('.')[1],
  message: `${code} on ${findingPath}`,
  fix: `SELECT 'fix ${findingPath}';`,
  fixSteps: [step(PHASES.columns, `SELECT 'fix ${findingPath}';`)],
  ...extra,
});

const IS_MOCK = finding('column.unexpected', 'public.users.is_mock', { expected: null, actual: 'boolean', message: 'column users.is_mock exists in the database but not in the schema' });
const SCOPE = finding('column.default_mismatch', 'public.discovery_flows.learning_scope', { expected: "'engagement'", actual: "'global'" });
const INDEX = finding('index.missing', 'public.discovery_flows.ix_discovery_flows_status');
const STRAY_ENUM = finding('enum.unexpected', 'public.stray_mood', { severity: 'warning', table: undefined });

/** A checked outcome as checkTarget returns it, built from findings alone (only what the report reads). */
function checked(name: string, findings: Finding[]): TargetOutcome {
  const result = { target: { database: `postgresql://u:****@db/${name}`, schema: 'public', serverVersion: '18.4' }, summary: { drift: findings.length > 0, failed: findings.some((f) => f.severity === 'error') }, findings } as unknown as CheckResult;
  return { name, schema: 'public', status: 'checked', database: result.target.database, result };
}

const failed = (name: string, error: string): TargetOutcome => ({ name, schema: 'public', status: 'error', database: null, error });

const NIGHT_1 = '2026-11-22T02:00:00.000Z';
const NIGHT_2 = '2026-11-23T02:00:00.000Z';
const NIGHT_3 = '2026-11-24T02:00:00.000Z';
const AFTERNOON = '2026-11-24T14:30:00.000Z';

const scratch: string[] = [];
const scratchDir = async (prefix: string) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};
afterAll(async () => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

/** Two stored runs (staging drifted on both, production unreachable on the second) and tonight's report. */
async function twoStoredRuns(): Promise<{ dir: string; history: HistoryEntry[]; report: NightlyReport }> {
  const dir = await scratchDir('aiforce-db-history-');
  const first = buildReport(NIGHT_1, [checked('staging', [IS_MOCK, SCOPE]), checked('production', [])], []);
  await writeHistory(dir, toHistoryEntry(first));
  const second = buildReport(NIGHT_2, [checked('staging', [IS_MOCK, SCOPE]), failed('production', 'connection refused by db:5432')], await readHistory(dir, () => undefined));
  await writeHistory(dir, toHistoryEntry(second));
  const history = await readHistory(dir, () => undefined);
  return { dir, history, report: buildReport(NIGHT_3, [checked('staging', [IS_MOCK, INDEX, STRAY_ENUM]), checked('production', [])], history) };
}

describe('new and resolved, from stored runs (pure)', () => {
  it('stores one small file per run, named by its time', async () => {
    const { dir, history } = await twoStoredRuns();
    expect((await readdir(dir)).sort()).toEqual(['2026-11-22T02-00-00Z.json', '2026-11-23T02-00-00Z.json']);
    expect(history.map((run) => run.generatedAt)).toEqual([NIGHT_1, NIGHT_2]);
    expect(history[1]!.targets).toEqual([
      { name: 'staging', status: 'drift', count: 2, keys: ['column.unexpected public.users.is_mock', 'column.default_mismatch public.discovery_flows.learning_scope'] },
      { name: 'production', status: 'error', count: 0, keys: [] },
    ]);
  });

  it('reports what appeared and what went away since the previous run', async () => {
    const { report } = await twoStoredRuns();
    const staging = report.targets[0]!;
    expect(staging).toMatchObject({ status: 'drift', previous: NIGHT_2 });
    expect(staging.new).toEqual([{ code: 'index.missing', path: INDEX.path }, { code: 'enum.unexpected', path: STRAY_ENUM.path }]);
    expect(staging.resolved).toEqual([{ code: 'column.default_mismatch', path: SCOPE.path }]);
    expect(report.summary).toEqual({ targets: 2, total: 3, new: 2, resolved: 1, errors: 0 });
    expect(reportExitCode(report)).toBe(1);
  });

  it('skips a night on which a target could not be checked, so an outage does not make everything new', async () => {
    const { report, history } = await twoStoredRuns();
    expect(previousCheck(history, 'production', NIGHT_3)?.generatedAt).toBe(NIGHT_1);
    expect(report.targets[1]).toMatchObject({ status: 'ok', new: [], resolved: [], previous: NIGHT_1 });
  });

  it('counts every finding as new on a first run, and nothing for a target that could not be checked', () => {
    const report = buildReport(NIGHT_1, [checked('staging', [IS_MOCK]), failed('production', 'environment variable PRODUCTION_DATABASE_URL is not set')], []);
    expect(report.targets.map((t) => [t.status, t.new.length, t.previous])).toEqual([['drift', 1, null], ['error', 0, null]]);
    expect(report.summary).toEqual({ targets: 2, total: 1, new: 1, resolved: 0, errors: 1 });
    expect(reportExitCode(report)).toBe(2);
    expect(reportExitCode(buildReport(NIGHT_1, [checked('staging', [])], []))).toBe(0);
  });

  it('diffs keys both ways and names history files for every file system', () => {
    expect(diffKeys(['a', 'b'], ['b', 'c'])).toEqual({ added: ['a'], resolved: ['c'] });
    expect(historyFileName('2026-11-24T02:00:00.000Z')).toBe('2026-11-24T02-00-00Z.json');
  });

  it('skips an unreadable history file with a warning', async () => {
    const other = await scratchDir('aiforce-db-history-');
    await writeFile(path.join(other, 'broken.json'), '{"version": 1');
    const warnings: string[] = [];
    expect(await readHistory(other, (line) => warnings.push(line))).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(await readHistory(path.join(other, 'absent'), () => undefined)).toEqual([]);
  });

  it('renders new and resolved in report.md', async () => {
    const md = renderNightlyMarkdown((await twoStoredRuns()).report);
    expect(md).toContain('## staging: ❌ drift');
    expect(md).toMatch(/### New since the previous run \(2\)\n\n- ❌ `index.missing` `public.discovery_flows.ix_discovery_flows_status`/);
    expect(md).toContain('### Resolved since the previous run (1)\n\n- ✔ `column.default_mismatch` `public.discovery_flows.learning_scope`');
  });

  it('says "no drift" only of a target where nothing was found: one whose findings all pass says "passes"', () => {
    const report = buildReport(NIGHT_1, [checked('staging', [STRAY_ENUM]), checked('production', [])], []);
    expect(reportExitCode(report)).toBe(0);
    const md = renderNightlyMarkdown(report);
    expect(md).toContain('## staging: ✅ passes');
    expect(md).toContain('## production: ✅ no drift');
    expect(md).not.toMatch(/staging: ✅ no drift/);
    const warningOnly = checked('staging', [STRAY_ENUM]);
    expect(progressLine(warningOnly, 800, 1, 2)).toBe('[1/2] staging: passes, 1 finding (0.8 s)');
    expect(progressLine(checked('production', []), 800, 2, 2)).toBe('[2/2] production: no drift, 0 findings (0.8 s)');
  });
});

describe('targets file', () => {
  it('names environments and the variables holding their URLs', () => {
    const file = parseTargetsFile({ targets: [{ name: 'staging', urlEnv: 'STAGING_DATABASE_URL' }, { name: 'production', urlEnv: 'PROD_URL', schema: 'migration' }] }, 'targets.json');
    expect(resolveTargets(file, { STAGING_DATABASE_URL: 'postgresql://u:p@h/db' })).toEqual([
      { name: 'staging', schema: 'public', source: 'STAGING_DATABASE_URL', url: 'postgresql://u:p@h/db' },
      { name: 'production', schema: 'migration', source: 'PROD_URL' },
    ]);
  });

  it('refuses a URL written in the file, with a message that says where it belongs', () => {
    expect(() => parseTargetsFile({ targets: [{ name: 'staging', urlEnv: 'X', url: 'postgresql://u:secret@h/db' }] }, 'targets.json')).toThrow(
      /targets file targets.json: targets.0: a database URL must not be written in the targets file: put it in an environment variable and name that variable with "urlEnv"/,
    );
  });

  it('refuses missing variables, bad names, duplicates and an empty list', () => {
    expect(() => parseTargetsFile({ targets: [{ name: 'staging' }] }, 'f')).toThrow(/targets.0.urlEnv/);
    expect(() => parseTargetsFile({ targets: [{ name: 'a b', urlEnv: 'X' }] }, 'f')).toThrow(/targets.0.name/);
    expect(() => parseTargetsFile({ targets: [{ name: 'a', urlEnv: 'X' }, { name: 'a', urlEnv: 'Y' }] }, 'f')).toThrow(/must be unique/);
    expect(() => parseTargetsFile({ targets: [] }, 'f')).toThrow(/at least one target/);
  });
});

describe('db:report on a real server', () => {
  const PASSWORD = 's3cret-pw';
  let work: string;
  let db: TestDatabase;

  beforeAll(async () => {
    expect(existsSync(REPORT_CLI), `${REPORT_CLI} is missing: run npm run build first`).toBe(true);
    work = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-report-'));
    db = await createTestDatabase(inject('adminUrl'));
    await writeFile(
      path.join(work, 'targets.json'),
      JSON.stringify({
        targets: [
          { name: 'staging', urlEnv: 'STAGING_DATABASE_URL' },
          { name: 'production', urlEnv: 'PRODUCTION_DATABASE_URL' },
          { name: 'qa', urlEnv: 'QA_DATABASE_URL' },
        ],
      }),
    );
  });
  afterAll(async () => {
    await db?.drop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const sql = (statement: string) => withConnection(db.url, async (client) => void (await client.query(statement)));
  const report = async (out: string, env: NodeJS.ProcessEnv = {}) => {
    const result = await run(process.execPath, [REPORT_CLI, '--targets', path.join(work, 'targets.json'), '--out', path.join(work, out), '--history', path.join(work, 'history')], {
      STAGING_DATABASE_URL: db.url,
      PRODUCTION_DATABASE_URL: '',
      // Nothing listens on port 1 of loopback: an unreachable server, whose URL carries a password.
      QA_DATABASE_URL: `postgresql://qa:${PASSWORD}@127.0.0.1:1/aiforce`,
      ...env,
    });
    return { ...result, json: JSON.parse(await readFile(path.join(work, out, 'report.json'), 'utf8')) as NightlyReport };
  };

  it('reports the drifted target and the two broken ones, then what changed the next night', async () => {
    await sql('ALTER TABLE users ADD COLUMN is_mock boolean');
    const first = await report('night-1');
    expect(first.code, first.stderr).toBe(2);
    expect(first.json.summary).toEqual({ targets: 3, total: 1, new: 1, resolved: 0, errors: 2 });
    const [staging, production, qa] = first.json.targets;
    expect(staging).toMatchObject({ name: 'staging', status: 'drift', new: [{ code: 'column.unexpected', path: 'public.users.is_mock' }], resolved: [], previous: null });
    expect(staging!.findings.map((f) => f.path)).toEqual(['public.users.is_mock']);
    expect(staging!.database).toContain('****');
    expect(production).toMatchObject({ status: 'error', database: null, error: 'environment variable PRODUCTION_DATABASE_URL is not set' });
    expect(qa).toMatchObject({ status: 'error', database: 'postgresql://qa:****@127.0.0.1:1/aiforce' });
    expect(qa!.error).toMatch(/connection refused by 127\.0\.0\.1:1/);
    expect(first.stdout).toMatch(/^staging\s+drift\s+1 finding \(1 new, 0 resolved\)/m);
    // Progress on stderr, one line per target as it finishes; stdout keeps the summary only.
    const progress = first.stderr.split('\n').filter((line) => /^\[\d\/3\] /.test(line));
    expect(progress.map((line) => line.replace(/^\[\d\/3\] /, '').replace(/\(\d+\.\d s\)/, '(T)')).sort()).toEqual([
      'production: not checked (T): environment variable PRODUCTION_DATABASE_URL is not set',
      expect.stringMatching(/^qa: not checked \(T\): connection refused by 127\.0\.0\.1:1/),
      'staging: drift, 1 finding (T)',
    ]);
    expect(progress.map((line) => line.slice(0, 5))).toEqual(['[1/3]', '[2/3]', '[3/3]']);
    expect(first.stdout).not.toMatch(/^\[\d\/3\]/m);
    for (const file of ['report.json', 'report.md', 'report.html']) {
      expect(await readFile(path.join(work, 'night-1', file), 'utf8')).not.toContain(PASSWORD);
    }
    expect(first.stdout + first.stderr).not.toContain(PASSWORD);

    // The next night: the stray column is gone, an index was dropped.
    await sql('ALTER TABLE users DROP COLUMN is_mock; DROP INDEX ix_discovery_flows_status');
    const second = await report('night-2');
    expect(second.json.targets[0]).toMatchObject({
      status: 'drift',
      new: [{ code: 'index.missing', path: 'public.discovery_flows.ix_discovery_flows_status' }],
      resolved: [{ code: 'column.unexpected', path: 'public.users.is_mock' }],
      previous: first.json.generatedAt,
    });
    expect(second.json.summary).toMatchObject({ total: 1, new: 1, resolved: 1, errors: 2 });
    expect(await readdir(path.join(work, 'history'))).toHaveLength(2);
  });

  it('exits 0 for one clean target from DATABASE_URL, named "default"', async () => {
    const clean = await createTestDatabase(inject('adminUrl'));
    try {
      const out = path.join(work, 'clean');
      const result = await run(process.execPath, [REPORT_CLI, '--out', out, '--history', path.join(work, 'clean-history')], { DATABASE_URL: clean.url });
      expect(result.code, result.stderr).toBe(0);
      const json = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as NightlyReport;
      expect(json.targets.map((t) => [t.name, t.status])).toEqual([['default', 'ok']]);
      expect(json.summary).toEqual({ targets: 1, total: 0, new: 0, resolved: 0, errors: 0 });
    } finally {
      await clean.drop();
    }
  });

  it('refuses a targets file with a URL in it (exit 2, one line)', async () => {
    const file = path.join(work, 'leaky.json');
    await writeFile(file, JSON.stringify({ targets: [{ name: 'staging', urlEnv: 'X', url: `postgresql://u:${PASSWORD}@h/db` }] }));
    const result = await run(process.execPath, [REPORT_CLI, '--targets', file, '--out', path.join(work, 'leaky'), '--history', path.join(work, 'leaky-history')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('a database URL must not be written in the targets file');
    expect(result.stderr).not.toContain(PASSWORD);
    // Refused before anything was written: no empty report or history folder is left behind.
    expect(existsSync(path.join(work, 'leaky')) || existsSync(path.join(work, 'leaky-history'))).toBe(false);
  });
});

describe('db:report: live progress and per-target deadlines', () => {
  const CONNECT_MS = 5000;
  const TARGET_MS = 9000;
  let work: string;
  let good: TestDatabase;
  let locked: TestDatabase;
  let silent: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    work = await scratchDir('aiforce-db-progress-');
    [good, locked] = await Promise.all([createTestDatabase(inject('adminUrl')), createTestDatabase(inject('adminUrl'))]);
    // A server that accepts connections and never says a word: the login never completes.
    silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    await writeFile(
      path.join(work, 'targets.json'),
      JSON.stringify({ targets: [{ name: 'silent', urlEnv: 'SILENT_URL' }, { name: 'locked', urlEnv: 'LOCKED_URL' }, { name: 'good', urlEnv: 'GOOD_URL' }] }),
    );
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    await Promise.all([good?.drop(), locked?.drop()]);
  });

  /** Runs db:report, noting when each stderr line arrives (ms after the "checking" line that starts the checks). */
  function reportWithTimes(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; lines: Array<{ at: number; text: string }> }> {
    const args = [REPORT_CLI, '--targets', path.join(work, 'targets.json'), '--out', path.join(work, 'out'), '--history', path.join(work, 'history')];
    const child = spawn(process.execPath, [...args, '--connect-timeout', String(CONNECT_MS), '--target-timeout', String(TARGET_MS)], { cwd: projectRoot, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: Array<{ at: number; text: string }> = [];
    let started: number | undefined;
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    createInterface({ input: child.stderr }).on('line', (text) => {
      const now = performance.now();
      if (text.startsWith('checking ')) started = now;
      lines.push({ at: started === undefined ? 0 : now - started, text });
    });
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, lines }));
    });
  }

  it('prints each target on stderr as it finishes; a silent server and a blocked check end at their deadlines, the good one first', async () => {
    // The check waits for this lock when it reads the migration history, after its catalog snapshot.
    const lock = await holdLock(locked.url, 'LOCK TABLE _prisma_migrations IN ACCESS EXCLUSIVE MODE');
    try {
      const silentPort = (silent.address() as AddressInfo).port;
      const result = await reportWithTimes({ GOOD_URL: good.url, LOCKED_URL: locked.url, SILENT_URL: `postgresql://app:pw@127.0.0.1:${silentPort}/aiforce` });
      expect(result.code).toBe(2);
      const progress = result.lines.filter((line) => /^\[\d\/3\] /.test(line.text));
      expect(progress.map((line) => line.text.replace(/ \(\d+\.\d s\)/, '').slice(6))).toEqual([
        'good: no drift, 0 findings',
        expect.stringMatching(new RegExp(`^silent: not checked: the server at 127\\.0\\.0\\.1:${silentPort} accepted the connection but did not complete the login within ${CONNECT_MS} ms`)),
        `locked: not checked: the check of target locked did not finish within ${TARGET_MS} ms (--target-timeout MS): the database stopped answering or is too slow (frozen, overloaded, or waiting for a lock), or the schema is too large for the limit; check the server, or raise the limit`,
      ]);
      const [goodLine, silentLine, lockedLine] = progress;
      // The good target is on stderr before the first deadline passes, and each stalled one ends at its own deadline.
      expect(goodLine!.at).toBeLessThan(CONNECT_MS);
      expect(silentLine!.at).toBeGreaterThanOrEqual(CONNECT_MS - 100);
      expect(silentLine!.at).toBeLessThan(CONNECT_MS + 1000);
      expect(lockedLine!.at).toBeGreaterThanOrEqual(TARGET_MS - 100);
      expect(lockedLine!.at).toBeLessThan(TARGET_MS + 1000);

      const json = JSON.parse(await readFile(path.join(work, 'out', 'report.json'), 'utf8')) as NightlyReport;
      expect(json.targets.map((t) => [t.name, t.status])).toEqual([['silent', 'error'], ['locked', 'error'], ['good', 'ok']]);
      expect(json.targets[1]!.error).toMatch(/^the check of target locked did not finish within 9000 ms/);
      expect(result.stdout).toMatch(/^summary: 3 targets · 0 findings · 0 new · 0 resolved · 2 could not be checked$/m);
      expect(result.stdout).not.toMatch(/^\[\d\/3\]/m);
    } finally {
      await lock.release();
    }
  });
});

describe('the trend per environment (pure)', () => {
  it('tells two runs of one day apart, down to the minute, second or millisecond as needed', () => {
    expect(runLabels([NIGHT_1, NIGHT_2])).toEqual(['2026-11-22', '2026-11-23']);
    expect(runLabels([NIGHT_2, NIGHT_3, AFTERNOON])).toEqual(['2026-11-23 02:00', '2026-11-24 02:00', '2026-11-24 14:30']);
    expect(runLabels(['2026-11-24T02:00:00.000Z', '2026-11-24T02:00:30.000Z'])).toEqual(['2026-11-24 02:00:00', '2026-11-24 02:00:30']);
    expect(runLabels(['2026-11-24T02:00:00.100Z', '2026-11-24T02:00:00.200Z'])).toEqual(['2026-11-24 02:00:00.100', '2026-11-24 02:00:00.200']);
  });

  it('keeps environments apart: a fix in one and a new finding in another do not cancel out', () => {
    const runs = [
      toHistoryEntry(buildReport(NIGHT_1, [checked('staging', [IS_MOCK, SCOPE]), checked('production', [])], [])),
      toHistoryEntry(buildReport(NIGHT_2, [checked('staging', [IS_MOCK]), checked('production', [INDEX])], [])),
      toHistoryEntry(buildReport(NIGHT_3, [checked('staging', [IS_MOCK]), failed('production', 'connection refused')], [])),
    ];
    const trend = buildTrend(runs, ['staging', 'production', 'qa']);
    expect(trend.runs.map((run) => run.label)).toEqual(['2026-11-22', '2026-11-23', '2026-11-24']);
    expect(trend.targets.map((t) => [t.name, t.points])).toEqual([
      ['staging', [{ status: 'checked', open: 2, fresh: 2, resolved: 0 }, { status: 'checked', open: 1, fresh: 0, resolved: 1 }, { status: 'checked', open: 1, fresh: 0, resolved: 0 }]],
      ['production', [{ status: 'checked', open: 0, fresh: 0, resolved: 0 }, { status: 'checked', open: 1, fresh: 1, resolved: 0 }, { status: 'error' }]],
      ['qa', [{ status: 'absent' }, { status: 'absent' }, { status: 'absent' }]],
    ]);
  });

  it('marks what differs between expected and actual, on whole characters', () => {
    expect(diffValues("'engagement'::character varying", "'global'::character varying")).toEqual([
      "<code>&#39;<mark>engagement</mark>&#39;::character varying</code>",
      "<code>&#39;<mark>global</mark>&#39;::character varying</code>",
    ]);
    expect(diffValues('a😀b', 'a😁b')).toEqual(['<code>a<mark>😀</mark>b</code>', '<code>a<mark>😁</mark>b</code>']);
    expect(diffValues(null, 'boolean')).toEqual(['<span class="absent">none</span>', '<code>boolean</code>']);
    expect(diffValues('x\n<i>', 'x\n<b>')[1]).toBe('<code>x␊&lt;<mark>b</mark>&gt;</code>');
  });
});

describe('report.html in headless Chromium', () => {
  const AFTERNOON_SCRATCH = finding('table.unexpected', 'public.scratch_copy', { severity: 'warning', expected: null, actual: 'table' });

  /** Four runs, the last two on one day: staging fixed an index that afternoon while production drifted. */
  async function sameDayRuns() {
    const { history } = await twoStoredRuns();
    const morning = buildReport(NIGHT_3, [checked('staging', [IS_MOCK, INDEX, STRAY_ENUM]), checked('production', [])], history);
    const runs = [...history, toHistoryEntry(morning)];
    const report = buildReport(AFTERNOON, [checked('staging', [IS_MOCK, STRAY_ENUM]), checked('production', [SCOPE, AFTERNOON_SCRATCH])], runs);
    return { report, runs: [...runs, toHistoryEntry(report)] };
  }

  it('opens from disk at 1280 and 420 px with no request and no console error, showing the diagram, the tables, the script and the trend', async () => {
    const userDataDir = await scratchDir('aiforce-db-chromium-');
    const dir = await scratchDir('aiforce-db-html-');
    const { report, runs } = await sameDayRuns();
    const { catalog: expected } = await readLock(path.join(projectRoot, 'prisma', 'schema.lock.json'));
    const file = path.join(dir, 'report.html');
    await writeFile(file, renderNightlyHtml(report, runs, await drawSchemaPicture(report, { catalog: expected })));
    const browser = await launchChromium(userDataDir);
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      const requests: string[] = [];
      const problems: string[] = [];
      browser.on('request', (request) => requests.push(request.url()));
      page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
      page.on('pageerror', (error) => problems.push(error.message));
      const url = pathToFileURL(file).href;
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(url, { waitUntil: 'load' });

      expect(requests).toEqual([url]);
      expect(problems).toEqual([]);
      const staging = page.locator('#target-staging');
      const production = page.locator('#target-production');
      expect(await staging.locator('.new li').count()).toBe(0);
      expect(await staging.locator('.resolved li').allTextContents()).toEqual([expect.stringContaining(INDEX.path)]);
      expect(await production.locator('.new li').allTextContents()).toEqual([expect.stringContaining(SCOPE.path), expect.stringContaining(AFTERNOON_SCRATCH.path)]);

      // One aligned table per environment, a row per finding, expected and actual side by side with the difference marked.
      expect(await staging.locator('table.findings').count()).toBe(1);
      expect(await staging.locator('table.findings tr.finding').count()).toBe(2);
      expect(await staging.locator('tr.finding.error .sev svg.icon').count()).toBe(1);
      expect(await staging.locator('tr.finding.warning .sev svg.icon').count()).toBe(1);
      expect(await production.locator('tr.finding .expected mark').allTextContents()).toEqual(['engagement']);
      expect(await production.locator('tr.finding .actual mark').allTextContents()).toEqual(['global']);

      // The environment's suggested SQL as one script, selected whole by one click.
      const script = staging.locator('pre.copy-all');
      expect(await script.evaluate((pre) => getComputedStyle(pre).userSelect)).toBe('all');
      expect(await script.textContent()).toMatch(/\nBEGIN;\n[\s\S]*\nSELECT 'fix public\.users\.is_mock';\n[\s\S]*COMMIT;\n$/);
      expect(await staging.locator('details.script summary').textContent()).toBe('Suggested SQL for staging: one script, 2 statements');

      // The trend: one chart per environment, one bar per run, no two runs with the same label.
      expect(await page.locator('figure.multiple figcaption').allTextContents()).toEqual(['staging', 'production']);
      for (const chart of await page.locator('figure.multiple svg.chart').all()) expect(await chart.locator('g.run').count()).toBe(4);
      const titles = await page.locator('figure.multiple').first().locator('g.run title').allTextContents();
      expect(titles).toEqual([
        expect.stringContaining('2026-11-22 02:00 UTC'),
        expect.stringContaining('2026-11-23 02:00 UTC'),
        expect.stringContaining('2026-11-24 02:00 UTC'),
        'staging, 2026-11-24 14:30 UTC: 2 findings (0 new, 1 resolved)',
      ]);
      expect(await page.locator('figure.multiple').nth(1).locator('g.run.failed').count()).toBe(1);

      // The diagram: every table once, every foreign key once, the drifted tables outlined.
      const erd = page.locator('svg.erd');
      expect(await erd.locator('g.node.table').count()).toBe(expected.tables.length);
      expect(await erd.locator('g.edge.fk').count()).toBe(expected.foreignKeys.length);
      expect((await erd.locator('g.node.drift > title').allTextContents()).sort()).toEqual(['discovery_flows', 'users']);
      expect(await erd.locator('g.node.drift.error').count()).toBe(2);
      expect(await page.locator('#schema li').allTextContents()).toEqual(['production: scratch_copy']);
      await screenshot(page, 'report-1280');

      // A phone: nothing wider than the screen; tables become cards; the diagram scrolls inside its box at full size.
      await page.setViewportSize({ width: 420, height: 900 });
      const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
      expect(await pageWidth()).toBeLessThanOrEqual(420);
      expect(await staging.locator('table.findings td').first().evaluate((td) => getComputedStyle(td).display)).toBe('block');
      await screenshot(page, 'report-420');
      await page.locator('label[for="diagram-zoom"]').click();
      expect(await erd.evaluate((svg) => svg.getBoundingClientRect().width)).toBeGreaterThan(1000);
      expect(await pageWidth()).toBeLessThanOrEqual(420);
      expect(requests).toEqual([url]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
