#!/usr/bin/env node
/**
 * Runs a Prisma CLI command against the configured database: `node dist/cli/prisma.js migrate deploy`.
 * With no DATABASE_URL it starts the project's embedded PostgreSQL for the command and stops it after.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readEnv } from '../config/env.js';
import { withConnection } from '../database/connect.js';
import { withDatabase } from '../database/resolve.js';
import { runMain } from './run-main.js';

const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

export async function runPrisma(args: string[], databaseUrl: string): Promise<number> {
  const child = spawn(process.execPath, [prismaCli, ...args], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

runMain(async () => {
  const args = process.argv.slice(2);
  return withDatabase(readEnv(), async (db) => {
    // Connect once first, so a wrong URL or password is one clear line rather than a Prisma error dump.
    await withConnection(db.url, async () => undefined);
    return runPrisma(args, db.url);
  });
});
