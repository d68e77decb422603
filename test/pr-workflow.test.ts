import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { withConnection } from '../src/database/connect.js';
import { createTestDatabase, projectRoot, run, type TestDatabase } from './support/template.js';

interface Step {
  name?: string;
  run?: string;
}

/** The run: steps of the pull-request job after the install, in order, exactly as GitHub would run them. */
async function pullRequestSteps(): Promise<Step[]> {
  const workflow = parse(await readFile(path.join(projectRoot, '.github', 'workflows', 'db-check.yml'), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
  const steps = workflow.jobs['db-check']!.steps.filter((step) => step.run);
  return steps.slice(steps.findIndex((step) => step.run!.includes('npm ci')) + 1);
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
  it('passes, step by step, on an empty database, then fails with an annotation on drift', { timeout: 240_000 }, async () => {
    const steps = await pullRequestSteps();
    expect(steps.map((step) => step.name)).toEqual([
      'schema.prisma, migrations and schema.lock.json agree',
      'Migrate',
      'Seed',
      'Drift report (job summary)',
      'Drift check on Node ${{ matrix.node }} (annotations, fails on drift)',
    ]);
    const summary = path.join(dir, 'summary.md');
    const env = { DATABASE_URL: db.url, GITHUB_STEP_SUMMARY: summary, CI: 'true', NO_COLOR: '1' };
    const runStep = (step: Step) => run('bash', ['-eo', 'pipefail', '-c', step.run!], env);

    for (const step of steps) {
      const result = await runStep(step);
      expect(result.code, `${step.name}\n${result.stdout}\n${result.stderr}`).toBe(0);
    }
    expect(await readFile(summary, 'utf8')).toMatch(/## aiforce-db drift check[\s\S]*✔ no drift/);

    await withConnection(db.url, (client) => client.query('ALTER TABLE users ADD COLUMN is_mock boolean'));
    const annotations = await runStep(steps.at(-1)!);
    expect(annotations.code).toBe(1);
    expect(annotations.stdout).toMatch(/^::error file=prisma\/schema\.prisma,line=\d+,title=column\.unexpected public\.users\.is_mock::/m);
  });
});
