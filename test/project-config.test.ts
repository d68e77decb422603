import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { judge } from '../src/check/judge.js';
import { findProjectRoot, loadProject, readProjectConfig } from '../src/config/project.js';
import type { Finding } from '../src/findings/finding.js';
import { applySeverityRules } from '../src/severity/index.js';
import { check } from './support/check.js';
import { withTestDatabase } from './support/databases.js';

const finding = (code: Finding['code'], path: string, severity: Finding['severity'] = 'error'): Finding => ({ code, path, severity, message: code });
const severities = (findings: Finding[]) => findings.map((f) => `${f.code} ${f.path} ${f.severity}`);

describe('severity rules (pure)', () => {
  const findings = [
    finding('index.unexpected', 'public.assets.ix_extra', 'warning'),
    finding('column.unexpected', 'public.audit_log.ip'),
    finding('column.unexpected', 'public.users.is_mock'),
    finding('data.missing', 'public.audit_log[email=a]'),
    finding('migration.pending', 'public._prisma_migrations.2_b'),
  ];

  it('override by code, by code pattern, and by path pattern (the object and everything inside it)', () => {
    const rules = [
      { match: { code: 'index.unexpected' }, severity: 'error' as const },
      { match: { code: 'migration.*' }, severity: 'warning' as const },
      { match: { path: 'public.audit_*' }, severity: 'warning' as const },
    ];
    expect(severities(applySeverityRules(findings, rules))).toEqual([
      'index.unexpected public.assets.ix_extra error',
      'column.unexpected public.audit_log.ip warning',
      'column.unexpected public.users.is_mock error',
      'data.missing public.audit_log[email=a] warning',
      'migration.pending public._prisma_migrations.2_b warning',
    ]);
  });

  it('needs both parts of a rule that gives both, and lets the last matching rule win', () => {
    const rules = [
      { match: { path: 'public.*' }, severity: 'warning' as const },
      { match: { code: 'column.*', path: 'public.users' }, severity: 'error' as const },
    ];
    expect(severities(applySeverityRules(findings, rules))).toEqual([
      'index.unexpected public.assets.ix_extra warning',
      'column.unexpected public.audit_log.ip warning',
      'column.unexpected public.users.is_mock error',
      'data.missing public.audit_log[email=a] warning',
      'migration.pending public._prisma_migrations.2_b warning',
    ]);
  });

  it('a path pattern does not match a longer name that merely starts the same', () => {
    expect(severities(applySeverityRules([finding('table.unexpected', 'public.users_archive')], [{ match: { path: 'public.users' }, severity: 'warning' }]))).toEqual([
      'table.unexpected public.users_archive error',
    ]);
  });
});

describe('failing policy (pure)', () => {
  const warning = finding('index.unexpected', 'public.assets.ix_extra', 'warning');
  it('fails on errors by default, on warnings too with failOn warning', () => {
    expect(judge([warning], { severity: [], failOn: 'error' }, [], '2026-11-25')).toMatchObject({ errors: 0, warnings: 1, failed: false });
    expect(judge([warning], { severity: [], failOn: 'warning' }, [], '2026-11-25')).toMatchObject({ failed: true });
    expect(judge([warning], { severity: [{ match: { code: 'index.*' }, severity: 'error' }], failOn: 'error' }, [], '2026-11-25')).toMatchObject({ errors: 1, failed: true });
  });

  it('applies severities before the baseline: an expired entry is an error whatever the rules say', () => {
    const entries = [{ code: 'index.unexpected' as const, path: 'public.assets.ix_extra', reason: 'r', owner: 'o', expires: '2026-01-01' }];
    expect(judge([warning], { severity: [], failOn: 'error' }, entries, '2026-11-25')).toMatchObject({ errors: 1, failed: true });
  });
});

describe('the project config (aiforce-db.config.json or package.json "db")', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-config-'));
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));
  const put = (file: string, json: unknown) => writeFile(path.join(root, file), typeof json === 'string' ? json : JSON.stringify(json));

  it('defaults to no overrides when there is none', async () => {
    await put('package.json', { name: 'x' });
    expect(await readProjectConfig(root)).toEqual({ severity: [], compare: { owners: false } });
  });

  it('reads aiforce-db.config.json', async () => {
    await put('package.json', { name: 'x' });
    await put('aiforce-db.config.json', { failOn: 'warning', severity: [{ match: { code: 'index.unexpected' }, severity: 'error' }], compare: { owners: true } });
    expect(await readProjectConfig(root)).toEqual({ failOn: 'warning', severity: [{ match: { code: 'index.unexpected' }, severity: 'error' }], compare: { owners: true } });
  });

  it('reads the "db" key of package.json', async () => {
    await put('package.json', { name: 'x', db: { severity: [{ match: { path: 'public.audit_*' }, severity: 'warning' }] } });
    expect(await readProjectConfig(root)).toEqual({ severity: [{ match: { path: 'public.audit_*' }, severity: 'warning' }], compare: { owners: false } });
  });

  it('resolves the project files: today\'s layout by default, the config\'s "paths" over it; no contract file is no contract', async () => {
    await put('package.json', { name: 'x' });
    const at = (...parts: string[]) => path.join(root, ...parts);
    expect((await loadProject(root)).paths).toEqual({
      root,
      schema: at('prisma', 'schema.prisma'),
      migrations: at('prisma', 'migrations'),
      lock: at('prisma', 'schema.lock.json'),
      contract: null,
      noContract: 'none at prisma/spec-contract.json; "paths": {"contract": …} in aiforce-db.config.json names one',
      baseline: at('prisma', 'drift-baseline.json'),
      diagram: at('docs', 'schema.svg'),
    });
    await mkdir(at('prisma'));
    await put(path.join('prisma', 'spec-contract.json'), {});
    expect((await loadProject(root)).paths.contract).toBe(at('prisma', 'spec-contract.json'));

    await put('aiforce-db.config.json', { paths: { schema: 'db/schema.prisma', migrations: 'db/migrations', lock: 'db/expected.json', contract: 'db/rules.json', baseline: '/etc/accepted.json' } });
    expect((await loadProject(root)).paths).toEqual({
      root,
      schema: at('db', 'schema.prisma'),
      migrations: at('db', 'migrations'),
      lock: at('db', 'expected.json'),
      contract: at('db', 'rules.json'),
      baseline: '/etc/accepted.json',
      diagram: at('docs', 'schema.svg'),
    });
  });

  it('finds the project from any folder inside it: the nearest with aiforce-db.config.json or package.json', async () => {
    await put('package.json', { name: 'x' });
    await mkdir(path.join(root, 'a', 'b'), { recursive: true });
    expect(findProjectRoot(path.join(root, 'a', 'b'))).toBe(root);
    await put(path.join('a', 'aiforce-db.config.json'), {});
    expect(findProjectRoot(path.join(root, 'a', 'b'))).toBe(path.join(root, 'a'));
  });

  const bad: Array<[string, () => Promise<void>, RegExp]> = [
    ['an unknown code', () => put('aiforce-db.config.json', { severity: [{ match: { code: 'idx.unexpected' }, severity: 'error' }] }), /^config aiforce-db\.config\.json is invalid: severity\.0\.match\.code: matches no finding code \("idx\.unexpected"\)/],
    ['an empty match', () => put('aiforce-db.config.json', { severity: [{ match: {}, severity: 'error' }] }), /severity\.0\.match: give code, path or both/],
    ['a bad severity', () => put('aiforce-db.config.json', { severity: [{ match: { code: 'table.*' }, severity: 'fatal' }] }), /severity\.0\.severity/],
    ['a bad failOn', () => put('aiforce-db.config.json', { failOn: 'info' }), /failOn/],
    ['an unknown key', () => put('aiforce-db.config.json', { failon: 'error' }), /Unrecognized key/],
    ['an unknown path', () => put('aiforce-db.config.json', { paths: { schemas: 'x' } }), /^config aiforce-db\.config\.json is invalid: paths: Unrecognized key: "schemas"/],
    ['an empty path', () => put('aiforce-db.config.json', { paths: { lock: ' ' } }), /^config aiforce-db\.config\.json is invalid: paths\.lock: must not be empty/],
    ['broken JSON', () => put('aiforce-db.config.json', '{'), /^config aiforce-db\.config\.json is not valid JSON/],
    ['a bad "db" key', () => put('package.json', { db: { failOn: 1 } }), /^config package\.json "db" is invalid: failOn/],
    [
      'both places at once',
      async () => {
        await put('package.json', { db: {} });
        await put('aiforce-db.config.json', {});
      },
      /both aiforce-db\.config\.json and the "db" key of package\.json/,
    ],
  ];
  for (const [name, setup, message] of bad) {
    it(`rejects ${name} with one clear line`, async () => {
      await setup();
      const error = (await readProjectConfig(root).catch((e: Error) => e)) as Error;
      expect(error.name).toBe('UserError');
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('\n');
    });
  }
});

describe('severity overrides on a real server', () => {
  it('turns a warning into an error and back with rules; failOn decides the exit', async () => {
    await withTestDatabase(inject('adminUrl'), ['CREATE INDEX ix_extra_users_first_name ON users (first_name)'], async (db) => {
      expect((await check(db.url)).summary).toMatchObject({ warnings: 1, failed: false });
      expect((await check(db.url, { failOn: 'warning' })).summary).toMatchObject({ failed: true, failOn: 'warning' });
      const raised = await check(db.url, { severity: [{ match: { code: 'index.unexpected', path: 'public.users' }, severity: 'error' }] });
      expect(raised.summary).toMatchObject({ errors: 1, warnings: 0, failed: true });
    });
  });
});
