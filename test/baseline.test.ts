import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { acceptFindings, applyBaseline, readBaseline, serializeBaseline, type BaselineEntry } from '../src/baseline/index.js';
import { withConnection } from '../src/database/connect.js';
import type { Finding } from '../src/findings/finding.js';
import { check, codesAndPaths } from './support/check.js';
import { createTestDatabase, type TestDatabase } from './support/template.js';

const finding = (code: Finding['code'], path: string, severity: Finding['severity'] = 'error'): Finding => ({ code, path, severity, message: `${code} at ${path}` });
const entry = (code: BaselineEntry['code'], path: string, extra: Partial<BaselineEntry> = {}): BaselineEntry => ({ code, path, reason: 'legacy', owner: 'ana@example.com', ...extra });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-baseline-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('applyBaseline (pure)', () => {
  const stray = finding('column.unexpected', 'public.users.is_mock');
  const index = finding('index.unexpected', 'public.assets.ix_extra', 'warning');

  it('moves matched findings to baselined with who, why and until when; leaves the rest', () => {
    const outcome = applyBaseline([stray, index], [entry('column.unexpected', 'public.users.is_mock', { expires: '2030-01-31' })], '2026-11-25');
    expect(outcome.findings).toEqual([index]);
    expect(outcome.baselined).toEqual([{ ...stray, baseline: { reason: 'legacy', owner: 'ana@example.com', expires: '2030-01-31' } }]);
    expect(outcome.stale).toEqual([]);
  });

  it('matches code and path exactly: another code at the same path is not accepted', () => {
    const outcome = applyBaseline([finding('column.type_mismatch', 'public.users.is_mock')], [entry('column.unexpected', 'public.users.is_mock')], '2026-11-25');
    expect(outcome.baselined).toEqual([]);
    expect(outcome.stale).toHaveLength(1);
  });

  it('holds through the expiry day and fails from the next day on, as an error naming the expiry', () => {
    const entries = [entry('index.unexpected', 'public.assets.ix_extra', { expires: '2026-11-25' })];
    expect(applyBaseline([index], entries, '2026-11-25').baselined).toHaveLength(1);
    const expired = applyBaseline([index], entries, '2026-11-26');
    expect(expired.baselined).toEqual([]);
    expect(expired.findings).toEqual([{ ...index, severity: 'error', message: expect.stringContaining('baseline entry expired on 2026-11-25') }]);
    expect(expired.stale).toEqual([]);
  });

  it('reports entries that match nothing as stale', () => {
    const gone = entry('table.unexpected', 'public.scratch');
    expect(applyBaseline([stray], [gone], '2026-11-25')).toEqual({ findings: [stray], baselined: [], stale: [gone] });
  });
});

describe('acceptFindings (pure)', () => {
  it('keeps live entries as they were, adds the new findings, renews expired ones and drops stale ones', () => {
    const kept = entry('column.unexpected', 'public.users.is_mock', { reason: 'first reason', expires: '2030-01-01' });
    const expired = entry('index.unexpected', 'public.assets.ix_extra', { expires: '2020-01-01' });
    const stale = entry('table.unexpected', 'public.scratch');
    const findings = [finding('column.unexpected', 'public.users.is_mock'), finding('index.unexpected', 'public.assets.ix_extra'), finding('enum.unexpected', 'public.mood')];
    const accepted = acceptFindings(findings, [kept, expired, stale], { reason: 'new reason', owner: 'bo@example.com' }, '2026-11-25');
    expect(accepted).toEqual([
      { code: 'index.unexpected', path: 'public.assets.ix_extra', reason: 'new reason', owner: 'bo@example.com' },
      { code: 'enum.unexpected', path: 'public.mood', reason: 'new reason', owner: 'bo@example.com' },
      kept,
    ]);
  });
});

describe('the baseline file', () => {
  const write = async (name: string, content: unknown) => {
    const file = path.join(dir, name);
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  const read = (file: string, required = true) => readBaseline(file, { required, display: path.basename(file) });

  it('round-trips through its stable text', async () => {
    const entries = [entry('column.unexpected', 'public.users.is_mock', { expires: '2027-01-31' }), entry('index.unexpected', 'public.assets.ix_extra')];
    const file = await write('ok.json', serializeBaseline(entries));
    expect(await read(file)).toEqual(entries);
    expect(await readFile(file, 'utf8')).toContain('"reason": "legacy"');
  });

  it('is optional unless named explicitly', async () => {
    expect(await read(path.join(dir, 'absent.json'), false)).toEqual([]);
    await expect(read(path.join(dir, 'absent.json'))).rejects.toThrow(/baseline absent\.json cannot be read \(ENOENT\)/);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['a missing reason', { version: 1, entries: [entry('column.unexpected', 'a.b'), { code: 'column.unexpected', path: 'a.c', owner: 'x' }] }, /invalid: entries\[1\]\.reason: reason is required/],
    ['an empty owner', { version: 1, entries: [{ ...entry('column.unexpected', 'a.b'), owner: ' ' }] }, /entries\[0\]\.owner: owner is required/],
    ['an unknown code', { version: 1, entries: [entry('column.unexpected', 'a.b'), entry('column.whatever' as never, 'a.b')] }, /entries\[1\]\.code: unknown finding code/],
    ['a bad date', { version: 1, entries: [{ ...entry('column.unexpected', 'a.b'), expires: '2027-02-30' }] }, /entries\[0\]\.expires: not a calendar date/],
    ['a date in another format', { version: 1, entries: [{ ...entry('column.unexpected', 'a.b'), expires: '31/01/2027' }] }, /entries\[0\]\.expires: use YYYY-MM-DD/],
    ['an unknown field', { version: 1, entries: [{ ...entry('column.unexpected', 'a.b'), note: 'x' }] }, /entries\[0\]: Unrecognized key/],
    ['a duplicate', { version: 1, entries: [entry('column.unexpected', 'a.b'), entry('column.unexpected', 'a.b')] }, /entries\[1\]: duplicates entries\[0\] \(column\.unexpected a\.b\)/],
    ['another version', { version: 2, entries: [] }, /version: /],
    ['broken JSON', '{"version": 1,', /is not valid JSON/],
  ];
  for (const [name, content, message] of bad) {
    it(`rejects ${name} with one line naming the entry`, async () => {
      const error = await read(await write(`bad-${name.replaceAll(' ', '-')}.json`, content)).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    });
  }
});

describe('baseline lifecycle on a real server', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(inject('adminUrl'));
    await withConnection(db.url, (client) => client.query('ALTER TABLE users ADD COLUMN is_mock boolean; CREATE INDEX ix_extra_tags_name ON tags (name)'));
  });
  afterAll(async () => db.drop());

  it('accepts, reports as baselined (exit 0), fails once expired, and lists stale entries', async () => {
    const file = path.join(dir, 'lifecycle.json');
    const baseline = (extra: object = {}) => ({ baseline: { file, required: false, ...extra } });

    const before = await check(db.url, baseline());
    expect(before.summary).toMatchObject({ failed: true, errors: 1, warnings: 1, baselined: 0 });

    const accepted = await check(db.url, {
      ...baseline({ accept: { reason: 'legacy flag, removal planned', owner: 'ana@example.com', expires: '2027-01-31' } }),
      today: '2026-11-25',
    });
    expect(accepted.notes).toContainEqual(expect.stringMatching(/^wrote 2 entries to .*lifecycle\.json \(--update-baseline\)$/));
    expect(accepted.summary).toMatchObject({ failed: false, drift: false, errors: 0, warnings: 0, baselined: 2, stale: 0 });
    const written = JSON.parse(await readFile(file, 'utf8')) as { entries: BaselineEntry[] };
    expect(written.entries.map((e) => `${e.code} ${e.path} ${e.owner} ${e.expires}`)).toEqual([
      'index.unexpected public.tags.ix_extra_tags_name ana@example.com 2027-01-31',
      'column.unexpected public.users.is_mock ana@example.com 2027-01-31',
    ]);

    const later = await check(db.url, { ...baseline(), today: '2026-12-01' });
    expect(later.summary).toMatchObject({ failed: false, baselined: 2 });
    expect(later.baselined.map((f) => f.baseline.reason)).toEqual(['legacy flag, removal planned', 'legacy flag, removal planned']);

    const expired = await check(db.url, { ...baseline(), today: '2027-02-01' });
    expect(expired.summary).toMatchObject({ failed: true, errors: 2, baselined: 0 });
    expect(expired.findings.every((f) => f.message.includes('baseline entry expired on 2027-01-31'))).toBe(true);

    await withConnection(db.url, (client) => client.query('DROP INDEX ix_extra_tags_name'));
    const stale = await check(db.url, { ...baseline(), today: '2026-12-01' });
    expect(stale.summary).toMatchObject({ failed: false, baselined: 1, stale: 1 });
    expect(codesAndPaths(stale.staleBaseline)).toEqual(['index.unexpected public.tags.ix_extra_tags_name']);
    // Stale entries are warnings: --fail-on warning wants the baseline cleaned up.
    expect((await check(db.url, { ...baseline(), today: '2026-12-01', failOn: 'warning' })).summary.failed).toBe(true);
  });
});
