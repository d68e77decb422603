import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withConnection } from '../../src/database/connect.js';
import { prismaCli } from '../../src/database/prisma-cli.js';
import { databaseUrl } from '../../src/database/url.js';

export const TEMPLATE_DATABASE = 'aiforce_test_template';
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export { databaseUrl };

/** The test process's environment with `env` over it; a variable given as undefined is removed. */
export function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const merged = { ...process.env, ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete merged[name];
  return merged;
}

/** Runs a command, resolving with its exit code and output. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = projectRoot): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * Runs a command whose stdout cannot be written: `full` is /dev/full (every write fails with ENOSPC), `closed` a
 * pipe whose reader is gone before the command writes (EPIPE). Resolves with its exit code and stderr.
 */
export async function runWithBrokenStdout(command: string, args: string[], stdout: 'full' | 'closed', env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stderr: string }> {
  const full = stdout === 'full' ? await open('/dev/full', 'w') : undefined;
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(command, args, { cwd: projectRoot, env: childEnv(env), stdio: ['ignore', full?.fd ?? 'pipe', 'pipe'] });
      child.stdout?.destroy();
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
    });
  } finally {
    await full?.close();
  }
}

/** Runs the Prisma CLI (with this project's prisma.config.ts) against `url`. */
export function prisma(args: string[], url: string) {
  return run(process.execPath, [prismaCli, ...args], { DATABASE_URL: url });
}

/** Creates the template database with a real `prisma migrate deploy`; tests clone it. */
export async function migrateTemplate(adminUrl: string): Promise<void> {
  await withConnection(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  });
  const result = await prisma(['migrate', 'deploy'], databaseUrl(adminUrl, TEMPLATE_DATABASE));
  if (result.code !== 0) throw new Error(`migrate deploy of the test template failed:\n${result.stdout}\n${result.stderr}`);
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database of its own: a copy of the migrated template, or empty. */
export async function createTestDatabase(adminUrl: string, options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `aiforce_test_${randomBytes(5).toString('hex')}`;
  const template = options.migrated === false ? 'template0' : TEMPLATE_DATABASE;
  await withConnection(adminUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    name,
    url: databaseUrl(adminUrl, name),
    drop: async () => {
      await withConnection(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
