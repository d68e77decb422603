import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withConnection } from '../src/database/connect.js';
import { readYaml, WORKFLOWS, type Workflow, type WorkflowStep } from './support/github.js';
import { parseJunit, sarifValidator } from './support/report-files.js';
import { createTestDatabase, run, type TestDatabase } from './support/template.js';

interface SarifLog {
  runs: Array<{ results: Array<{ ruleId: string; message: { text: string } }> }>;
}

/** The pull-request job: its environment and its run: steps after the install, in order, as GitHub runs them. */
async function pullRequestJob(): Promise<{ env: Record<string, string>; steps: WorkflowStep[] }> {
  const job = ((await readYaml(path.join(WORKFLOWS, 'db-check.yml'))) as Workflow).jobs['db-check']!;
  const steps = job.steps.filter((step) => step.run);
  return { env: job.env ?? {}, steps: steps.slice(steps.findIndex((step) => step.run!.includes('npm ci')) + 1) };
}

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'), { migrated: false });
  dir = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-pr-'));
});
afterAll(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('the pull-request workflow (.github/workflows/db-check.yml)', () => {
  it('passes, step by step, on an empty database, then writes its reports and fails with an annotation on drift', { timeout: 240_000 }, async () => {
    const { env: jobEnv, steps } = await pullRequestJob();
    expect(steps.map((step) => step.name)).toEqual([
      'schema.prisma, migrations and schema.lock.json agree',
      'Migrate',
      'Seed',
      'Drift report (job summary)',
      'Drift reports for code scanning and test results (SARIF, JUnit)',
      'Drift check on Node ${{ matrix.node }} (annotations, fails on drift)',
    ]);
    // The job's own environment (the checker commands), with this test's database and folders.
    for (const [name, value] of Object.entries(jobEnv)) expect(value, name).not.toContain('${{');
    const summary = path.join(dir, 'summary.md');
    const reports = path.join(dir, 'reports');
    const env = { ...jobEnv, DATABASE_URL: db.url, DB_CHECK_REPORTS: reports, GITHUB_STEP_SUMMARY: summary, CI: 'true', NO_COLOR: '1' };
    const runStep = (step: WorkflowStep) => run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], env);

    for (const step of steps) {
      const result = await runStep(step);
      expect(result.code, `${step.name}\n${result.stdout}\n${result.stderr}`).toBe(0);
    }
    expect(await readFile(summary, 'utf8')).toMatch(/## aiforce-db drift check[\s\S]*✔ no drift/);
    const validateSarif = await sarifValidator();
    const readReports = async () => {
      const sarif = JSON.parse(await readFile(path.join(reports, 'drift.sarif'), 'utf8')) as SarifLog;
      expect(validateSarif(sarif), JSON.stringify(validateSarif.errors)).toBe(true);
      return { sarif, junit: parseJunit(await readFile(path.join(reports, 'drift-junit.xml'), 'utf8')) };
    };
    const clean = await readReports();
    expect(clean.sarif.runs[0]!.results).toEqual([]);
    expect(clean.junit.testsuites.failures).toBe('0');
    expect(clean.junit.testsuites.testsuite.testcase.map((c) => c.name)).toContain('public.users');

    await withConnection(db.url, (client) => client.query('ALTER TABLE users ADD COLUMN is_mock boolean'));
    // The report steps still succeed on drift, so the upload steps get the findings...
    const reportStep = steps.find((step) => step.name!.includes('(SARIF, JUnit)'))!;
    const reported = await runStep(reportStep);
    expect(reported.code, reported.stderr).toBe(0);
    const drifted = await readReports();
    expect(drifted.sarif.runs[0]!.results.map((result) => result.ruleId)).toEqual(['column.unexpected']);
    expect(drifted.sarif.runs[0]!.results[0]!.message.text).toContain('is_mock');
    expect(drifted.junit.testsuites.failures).toBe('1');
    expect(drifted.junit.testsuites.testsuite.testcase.find((c) => c.name === 'public.users')!.failure).toMatchObject({ type: 'column.unexpected' });
    // ...and the deciding step fails the job with an annotation.
    const annotations = await runStep(steps.at(-1)!);
    expect(annotations.code).toBe(1);
    expect(annotations.stdout).toMatch(/^::error file=prisma\/schema\.prisma,line=\d+,title=column\.unexpected public\.users\.is_mock::/m);

    // A check that could not run (nothing listens on port 1) fails the report steps themselves.
    for (const step of steps.filter((step) => step.name!.startsWith('Drift report'))) {
      const unreachable = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { ...env, DATABASE_URL: 'postgresql://app:pw@127.0.0.1:1/aiforce' });
      expect(unreachable.code, step.name).not.toBe(0);
      expect(unreachable.stderr, step.name).toMatch(/^error: .*connection refused/m);
    }
  });
});
