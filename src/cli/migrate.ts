#!/usr/bin/env node
/** `aiforce-db migrate` (npm run db:migrate): `prisma migrate deploy` on aiforce-db's configured database. */
import * as z from 'zod';
import { parseOptions } from '../config/cli-options.js';
import { runPrismaOnDatabase } from '../database/prisma-cli.js';
import { runMain } from './run-main.js';

const HELP = `usage: aiforce-db migrate        (also: npm run db:migrate)
Applies aiforce-db's prisma/migrations with prisma migrate deploy to DATABASE_URL, or to the embedded database
(started for the command, its data kept in .aiforce-db). Prisma's output is its own.
exit codes: 0 applied (or nothing to apply), Prisma's own non-zero code when a migration failed, 2 before
Prisma starts (bad DATABASE_URL, unreachable server, embedded server did not start), 3 a bug in aiforce-db`;

runMain(async () => {
  const options = parseOptions(process.argv.slice(2), { help: { type: 'boolean', short: 'h' } }, z.object({ help: z.boolean().default(false) }));
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  return runPrismaOnDatabase(['migrate', 'deploy']);
});
