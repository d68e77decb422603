/**
 * The composite action (action.yml) run step by step as GitHub runs it, on a real database: its `run:` steps in
 * order with their env and working-directory, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP. Its `uses:`
 * step (the code-scanning upload) cannot run here; the SARIF file it would upload is checked instead.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withConnection } from '../src/database/connect.js';
import { runAction } from './support/action.js';
import { sarifValidator } from './support/report-files.js';
import { createTestDatabase, projectRoot, type TestDatabase } from './support/template.js';

let db: TestDatabase;
let scratch: string;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
  scratch = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-action-'));
});
afterAll(async () => {
  await db.drop();
  await rm(scratch, { recursive: true, force: true });
});

/** A fresh folder for one run's files. */
async function folder(name: string): Promise<string> {
  const dir = path.join(scratch, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

describe('the composite action (action.yml)', () => {
  it('in another repository (its own copy of aiforce-db): passes on a clean database, fails with annotations and SARIF on drift', { timeout: 120_000 }, async () => {
    // An empty workspace: the action uses its own copy (here, this project, already installed).
    const workspace = await folder('other-repository');
    const clean = await runAction({ 'database-url': db.url, 'upload-sarif': 'true' }, workspace, await folder('clean'));
    expect(clean.steps.map((step) => [step.name, step.code]), clean.steps.map((step) => step.stderr).join('\n')).toEqual([
      ['Find or install aiforce-db', 0],
      ['Drift check', 0],
      ['Result', 0],
    ]);
    expect(clean.skipped).toEqual(['Upload to code scanning']);
    expect(clean.outputs['exit-code']).toBe('0');
    expect(clean.summary).toMatch(/## aiforce-db drift check[\s\S]*✔ no drift/);
    const validateSarif = await sarifValidator();
    const cleanSarif: unknown = JSON.parse(await readFile(clean.outputs['sarif-file']!, 'utf8'));
    expect(validateSarif(cleanSarif), JSON.stringify(validateSarif.errors)).toBe(true);

    await withConnection(db.url, (client) => client.query('ALTER TABLE users ADD COLUMN is_mock boolean'));
    const drifted = await runAction({ 'database-url': db.url, 'upload-sarif': 'true' }, workspace, await folder('drifted'));
    expect(drifted.steps.map((step) => [step.name, step.code])).toEqual([
      ['Find or install aiforce-db', 0],
      ['Drift check', 0],
      ['Result', 1],
    ]);
    expect(drifted.outputs['exit-code']).toBe('1');
    expect(drifted.steps[1]!.stdout).toMatch(/^::error file=prisma\/schema\.prisma,line=\d+,title=column\.unexpected public\.users\.is_mock::/m);
    expect(drifted.steps[2]!.stdout).toMatch(/^::error title=aiforce-db::drift found/m);
    expect(drifted.summary).toContain('is_mock');
    const sarif = JSON.parse(await readFile(drifted.outputs['sarif-file']!, 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.runs[0]!.results.map((result) => result.ruleId)).toEqual(['column.unexpected']);

    // Options reach the checker whole: an ignored column is no drift, and a warning level makes no difference here.
    const ignored = await runAction({ 'database-url': db.url, 'fail-on': 'warning', format: 'human', args: '--ignore\nusers.is_mock\n' }, workspace, await folder('ignored'));
    expect(ignored.outputs, ignored.steps.map((step) => step.stdout + step.stderr).join('\n')).toEqual({ 'exit-code': '0', 'sarif-file': '' });
    expect(ignored.steps[1]!.stdout).not.toContain('::error');
    await withConnection(db.url, (client) => client.query('ALTER TABLE users DROP COLUMN is_mock'));
  });

  it('in this repository: uses the project itself; refuses an empty URL and a bad upload-sarif with one error, exit 2', { timeout: 60_000 }, async () => {
    const own = await runAction({ 'database-url': db.url }, projectRoot, await folder('own'));
    expect(own.outputs['exit-code'], own.steps.map((step) => step.stderr).join('\n')).toBe('0');

    for (const [inputs, message] of [
      [{ 'database-url': '' }, /^::error title=aiforce-db::database-url is empty/m],
      [{ 'database-url': db.url, 'upload-sarif': 'yes' }, /^::error title=aiforce-db::upload-sarif is 'yes': use true or false/m],
    ] as const) {
      const refused = await runAction(inputs, projectRoot, await folder(`refused-${Object.keys(inputs).length}`));
      const check = refused.steps.find((step) => step.name === 'Drift check')!;
      expect(check.code).toBe(2);
      expect(check.stdout).toMatch(message);
      expect(refused.steps.map((step) => step.name)).not.toContain('Result');
    }

    // Could not check (nothing listens there): exit-code 2, and the last step fails with it.
    const unreachable = await runAction({ 'database-url': 'postgresql://app:secret-pass@127.0.0.1:1/aiforce' }, projectRoot, await folder('unreachable'));
    expect(unreachable.outputs['exit-code']).toBe('2');
    expect(unreachable.steps.at(-1)).toMatchObject({ name: 'Result', code: 2 });
    expect(unreachable.steps.map((step) => step.stdout + step.stderr).join('')).not.toContain('secret-pass');
  });
});
