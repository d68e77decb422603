#!/usr/bin/env node
/**
 * Runs a Prisma CLI command against the configured database: `node dist/cli/prisma.js migrate deploy`.
 * With no DATABASE_URL it starts the project's embedded PostgreSQL for the command and stops it after.
 */
import { readEnv } from '../config/env.js';
import { assertReachable } from '../database/connect.js';
import { runPrisma } from '../database/prisma-cli.js';
import { withDatabase } from '../database/resolve.js';
import { runMain } from './run-main.js';

runMain(async () =>
  withDatabase(readEnv(), async (db) => {
    await assertReachable(db.url);
    return (await runPrisma(process.argv.slice(2), db.url)).code;
  }),
);
