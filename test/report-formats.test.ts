import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { CheckResult } from '../src/check/result.js';
import { FINDING_CODES } from '../src/findings/finding.js';
import { renderJunit } from '../src/formats/junit.js';
import { renderSarif } from '../src/formats/sarif.js';
import { check } from './support/check.js';
import { withTestDatabase } from './support/databases.js';
import { parseJunit, sarifValidator } from './support/report-files.js';
import { projectRoot } from './support/template.js';

/** A result with one finding of each kind that matters to the renderers. */
function sampleResult(overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    version: 1,
    target: { database: 'postgresql://app:****@db.example:5432/aiforce', schema: 'public', serverVersion: '18.4' },
    expected: { source: 'prisma/schema.lock.json', migrations: 1 },
    schemaFile: 'prisma/schema.prisma',
    summary: { drift: true, failed: true, failOn: 'error', errors: 2, warnings: 1, baselined: 1, stale: 1, tables: 2, columns: 10, enums: 1, unmigrated: null },
    tables: ['tags', 'users'],
    historyChecked: true,
    notes: ['spec contract not checked (--no-rules)'],
    findings: [
      { code: 'migration.modified', severity: 'error', path: 'public._prisma_migrations.1_init', table: '_prisma_migrations', message: 'migration 1_init was edited', location: { file: 'prisma/migrations/1_init/migration.sql', line: 1 } },
      { code: 'enum.unexpected', severity: 'warning', path: 'public.mood', message: 'enum type mood is not in the schema & <friends>', fix: 'DROP TYPE public.mood;' },
      {
        code: 'column.unexpected',
        severity: 'error',
        path: 'public.users.is_mock',
        table: 'users',
        message: 'column users.is_mock exists in the database but not in the schema "quoted" \u0001',
        expected: null,
        actual: 'boolean',
        location: { file: 'prisma/schema.prisma', line: 270 },
        fix: 'ALTER TABLE public.users DROP COLUMN is_mock;',
      },
    ],
    baselined: [{ code: 'index.unexpected', severity: 'warning', path: 'public.tags.ix_extra', table: 'tags', message: 'index ix_extra on tags', location: { file: 'prisma/schema.prisma', line: 90 }, baseline: { reason: 'legacy', owner: 'ana@example.com', expires: '2027-01-31' } }],
    baselineFile: 'prisma/drift-baseline.json',
    staleBaseline: [{ code: 'table.unexpected', path: 'public.scratch', reason: 'temp', owner: 'bo' }],
    ...overrides,
  };
}

interface SarifLog {
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }> } };
    results: Array<{ ruleId: string; ruleIndex: number; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>; suppressions?: unknown[] }>;
  }>;
}

describe('--format sarif', () => {
  it('validates against the SARIF 2.1.0 schema', async () => {
    const validate = await sarifValidator();
    for (const result of [sampleResult(), sampleResult({ findings: [], baselined: [], staleBaseline: [] })]) {
      const log: unknown = JSON.parse(renderSarif(result));
      expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    }
  });

  it('has one rule per finding code, with its summary and default level', () => {
    const [run] = (JSON.parse(renderSarif(sampleResult())) as SarifLog).runs;
    expect(run!.tool.driver.rules.map((rule) => rule.id)).toEqual(Object.keys(FINDING_CODES));
    const rule = run!.tool.driver.rules.find((r) => r.id === 'index.unexpected')!;
    expect(rule).toMatchObject({ shortDescription: { text: FINDING_CODES['index.unexpected']!.summary }, defaultConfiguration: { level: 'warning' } });
  });

  it('locates results at their line, else at schema.prisma line 1; baselined ones are suppressed, not dropped', () => {
    const [run] = (JSON.parse(renderSarif(sampleResult())) as SarifLog).runs;
    const where = run!.results.map((r) => `${r.ruleId} ${r.level} ${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}${r.suppressions ? ' suppressed' : ''}`);
    expect(where).toEqual([
      'migration.modified error prisma/migrations/1_init/migration.sql:1',
      'enum.unexpected warning prisma/schema.prisma:1',
      'column.unexpected error prisma/schema.prisma:270',
      'index.unexpected warning prisma/schema.prisma:90 suppressed',
    ]);
    for (const result of run!.results) expect(run!.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it('points a real stray column at its model in prisma/schema.prisma', async () => {
    await withTestDatabase(inject('adminUrl'), ['ALTER TABLE users ADD COLUMN is_mock boolean', 'ALTER TABLE tags ALTER COLUMN category TYPE varchar(80)'], async (db) => {
      const log = JSON.parse(renderSarif(await check(db.url))) as SarifLog;
      expect((await sarifValidator())(log)).toBe(true);
      const schemaLines = (await readFile(path.join(projectRoot, 'prisma', 'schema.prisma'), 'utf8')).split('\n');
      const lineOf = (ruleId: string) => {
        const location = log.runs[0]!.results.find((r) => r.ruleId === ruleId)!.locations[0]!.physicalLocation;
        expect(location.artifactLocation.uri).toBe('prisma/schema.prisma');
        return schemaLines[location.region.startLine - 1]!.trim();
      };
      expect(lineOf('column.unexpected')).toMatch(/^model User \{/);
      expect(lineOf('column.type_mismatch')).toMatch(/^category\s.*@db\.VarChar\(50\)/);
    });
  });
});

describe('--format junit', () => {
  const parse = parseJunit;

  it('is well-formed, with one test case per table, one for types and one for the migration history', () => {
    const parsed = parse(renderJunit(sampleResult()));
    const cases = parsed.testsuites.testsuite.testcase;
    expect(cases.map((c) => c.name)).toEqual(['public.tags', 'public.users', 'public (enums and types)', 'migration history']);
    expect(parsed.testsuites).toMatchObject({ tests: '4', failures: '2', skipped: '0' });
    const users = cases[1]!;
    expect(users.failure).toMatchObject({ type: 'column.unexpected' });
    expect(users.failure!.message).toContain('"quoted" \u2401');
    expect(users.failure!['#text']).toContain('ALTER TABLE public.users DROP COLUMN is_mock;');
    expect(cases[0]!.failure).toBeUndefined();
    expect(cases[0]!['system-out']).toMatch(/baselined: warning index\.unexpected/);
    expect(cases[2]!.failure).toBeUndefined();
    expect(cases[2]!['system-out']).toContain('& <friends>');
    expect(cases[3]!.failure).toMatchObject({ type: 'migration.modified' });
  });

  it('fails warnings too under --fail-on warning, and skips the history case when it was not checked', () => {
    const result = sampleResult({ historyChecked: false, notes: ['migration history not checked (--no-history)'] });
    result.summary.failOn = 'warning';
    const cases = parse(renderJunit(result)).testsuites.testsuite.testcase;
    expect(cases[2]!.failure).toMatchObject({ type: 'enum.unexpected' });
    expect(cases[3]!.skipped).toEqual({ message: 'migration history not checked (--no-history)' });
  });
});
