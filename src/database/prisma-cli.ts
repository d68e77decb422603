import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { readEnv, readTimeoutEnv } from '../config/env.js';
import { packageRoot } from '../config/project.js';
import { assertReachable } from './connect.js';
import { DeadlineError } from './deadline.js';
import { PRISMA_CLI_RUN_TIMEOUT_MS } from './prisma-adapter.js';
import { withDatabase } from './resolve.js';

/** The Prisma 6 CLI's entry file, run with this process's Node. */
export const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

export interface PrismaRun {
  code: number;
  stdout: string;
}

/** How long a Prisma CLI process that stopped answering gets, after SIGTERM, before SIGKILL. */
const KILL_GRACE_MS = 5_000;

/**
 * Runs the Prisma 6 CLI (this project's prisma.config.ts picks the JS schema engine and the adapter)
 * against `databaseUrl`. Output is inherited, or captured when `capture` is set; `env` is added to ours.
 * The process has a deadline of ours (AIFORCE_DB_TIMEOUT_MS, default 30 min: a migration may build an
 * index): past it, it is stopped and the run fails with a DeadlineError (exit 2).
 */
export function runPrisma(args: string[], databaseUrl: string | undefined, options: { capture?: boolean; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<PrismaRun> {
  const limitMs = readTimeoutEnv().AIFORCE_DB_TIMEOUT_MS ?? PRISMA_CLI_RUN_TIMEOUT_MS;
  const env = { ...process.env, ...options.env };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const child = spawn(process.execPath, [prismaCli, ...args], {
    cwd: options.cwd,
    env,
    stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
  }, limitMs);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new DeadlineError(`prisma ${args.slice(0, 2).join(' ')} did not finish within ${limitMs} ms and was stopped: the database may be locked or overloaded (AIFORCE_DB_TIMEOUT_MS sets the limit)`));
        return;
      }
      const status = code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1);
      if (options.capture && status !== 0) reject(new Error(`prisma ${args.join(' ')} failed: ${stderr.trim().split('\n').slice(-3).join(' ')}`));
      else resolve({ code: status, stdout });
    });
  });
}

/**
 * Runs a Prisma CLI command on the database of aiforce-db's own schema: DATABASE_URL, or its embedded
 * PostgreSQL, started for the command and stopped after it. Resolves with Prisma's exit code.
 */
export async function runPrismaOnDatabase(args: string[]): Promise<number> {
  return withDatabase(readEnv(), packageRoot, async (db) => {
    await assertReachable(db.url);
    return (await runPrisma(args, db.url)).code;
  });
}
