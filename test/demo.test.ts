/**
 * `npm run demo` end to end: the real CLI (dist/cli/demo.js) as a newcomer runs it, with no DATABASE_URL.
 * It starts its own throw-away PostgreSQL, so it does not use the shared test server.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithPlanted, DEMO_DRIFTS } from '../src/demo/drifts.js';
import type { Finding } from '../src/findings/finding.js';
import { projectRoot } from './support/template.js';

const DEMO_CLI = path.join(projectRoot, 'dist', 'cli', 'demo.js');

/** Runs the demo with CI=true and without DATABASE_URL (removed, not just emptied). */
function runDemo(extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', ...extraEnv };
  delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO_CLI], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run demo', () => {
  it('migrates, seeds, checks, plants three drifts, finds exactly them with their SQL, and cleans up', async () => {
    expect(existsSync(DEMO_CLI), `${DEMO_CLI} is missing: run npm run build first`).toBe(true);
    const { code, stdout, stderr } = await runDemo();
    expect(code, `${stdout}\n${stderr}`).toBe(0);

    for (let step = 1; step <= 6; step += 1) expect(stdout).toContain(`${step}/6 `);
    expect(stdout).toContain('no drift');
    // The three findings, by object path...
    expect(stdout).toContain('public.users.is_mock');
    expect(stdout).toContain('public.discovery_flows.learning_scope');
    expect(stdout).toContain('public.discovery_flows.ix_discovery_flows_status');
    // ...and the suggested SQL that would undo each of them.
    expect(stdout).toContain('ALTER TABLE public.users DROP COLUMN is_mock;');
    expect(stdout).toMatch(/ALTER TABLE public\.discovery_flows ALTER COLUMN learning_scope SET DEFAULT 'engagement'/);
    expect(stdout).toContain('CREATE INDEX ix_discovery_flows_status ON public.discovery_flows (status);');
    expect(stdout).toContain('found exactly the 3 planted drifts');

    // Plain output for a pipe in CI: no colors, no spinner frames.
    expect(stdout + stderr).not.toMatch(/\u001b\[/);
    // The server lived in a temporary folder, which is gone now.
    const home = /Cleaned up: stopped the throw-away PostgreSQL and deleted (\S+)\.$/m.exec(stdout)?.[1];
    expect(home).toBeDefined();
    expect(path.dirname(home!)).toBe(os.tmpdir());
    expect(existsSync(home!)).toBe(false);
  }, 180_000);

  it('stops at a step that cannot run, with one line naming it', async () => {
    // os.tmpdir() follows TMPDIR: the throw-away folder cannot be created.
    const { code, stdout, stderr } = await runDemo({ TMPDIR: path.join(projectRoot, 'no-such-folder') });
    expect(code).toBe(2);
    expect(stdout).toContain('1/6 Starting a throw-away PostgreSQL');
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: demo step 1\/6 \(start PostgreSQL\) failed: ENOENT/)]);
  });
});

describe('compareWithPlanted', () => {
  const found = (keys: Array<[string, string]>) => keys.map(([code, path]) => ({ code, path, severity: 'error', message: '' }) as Finding);

  it('accepts exactly the planted findings, in any order', () => {
    expect(compareWithPlanted(found(DEMO_DRIFTS.map((d) => [d.code, d.path] as [string, string]).reverse()), DEMO_DRIFTS)).toEqual({ missing: [], unexpected: [] });
  });

  it('names what was missed and what else was reported', () => {
    const [first, second] = DEMO_DRIFTS;
    const result = compareWithPlanted(found([[first!.code, first!.path], ['table.unexpected', 'public.scratch']]), DEMO_DRIFTS.slice(0, 2));
    expect(result).toEqual({ missing: [`${second!.code} ${second!.path}`], unexpected: ['table.unexpected public.scratch'] });
  });
});
