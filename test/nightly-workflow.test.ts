/**
 * The nightly workflow's report and summary steps, run as GitHub runs them, in a scratch workspace (this
 * project linked in, so the report folders stay out of the checkout) with one reachable and one unreachable
 * target: the report step fails the run (db:report exit 2), and the summary step, which runs on every
 * ending, still puts the report in the job summary.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readYaml, WORKFLOWS, type Workflow } from './support/github.js';
import { createTestDatabase, projectRoot, run, type TestDatabase } from './support/template.js';

let db: TestDatabase;
let workspace: string;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
  workspace = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-nightly-'));
  // A checkout of the repository as the job sees it (the project is the folder with package.json: its prisma/ is read).
  for (const entry of ['package.json', 'node_modules', 'dist', 'prisma', '.github']) await symlink(path.join(projectRoot, entry), path.join(workspace, entry));
});
afterAll(async () => {
  await db.drop();
  await rm(workspace, { recursive: true, force: true });
});

describe('the nightly workflow (.github/workflows/nightly-drift.yml)', () => {
  it('fails the run when a target is unreachable, and still writes report.md to the job summary', { timeout: 120_000 }, async () => {
    const steps = ((await readYaml(path.join(WORKFLOWS, 'nightly-drift.yml'))) as Workflow).jobs['drift']!.steps;
    const report = steps.find((step) => step.name === 'Drift report')!;
    const summaryStep = steps.find((step) => step.name === 'Job summary')!;
    expect(summaryStep.if).toMatch(/^\$\{\{ always\(\) /);
    const summary = path.join(workspace, 'summary.md');
    const env = {
      STAGING_DATABASE_URL: db.url,
      // Nothing listens on port 1: refused at once.
      PRODUCTION_DATABASE_URL: 'postgresql://app:prod-secret@127.0.0.1:1/aiforce',
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_RUN_ID: '42',
      CI: 'true',
      NO_COLOR: '1',
    };
    const runStep = (script: string) => run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], env, workspace);

    const reported = await runStep(report.run!);
    expect(reported.code, reported.stderr).toBe(1);
    // What the steps after it read: the report, and the history the cache keeps.
    const json = JSON.parse(await readFile(path.join(workspace, 'reports', 'nightly', 'report.json'), 'utf8')) as {
      summary: { errors: number; total: number };
      targets: Array<{ name: string; status: string }>;
    };
    expect(json.targets.map((target) => [target.name, target.status])).toEqual([
      ['staging', 'ok'],
      ['production', 'error'],
    ]);
    expect(json.summary).toMatchObject({ errors: 1, total: 0 });
    expect(existsSync(path.join(workspace, 'reports', 'history'))).toBe(true);

    const summarized = await runStep(summaryStep.run!);
    expect(summarized.code, summarized.stderr).toBe(0);
    const written = await readFile(summary, 'utf8');
    expect(written).toBe(await readFile(path.join(workspace, 'reports', 'nightly', 'report.md'), 'utf8'));
    expect(written).toContain('production');
    expect(written + reported.stdout + reported.stderr).not.toContain('prod-secret');
  });
});
