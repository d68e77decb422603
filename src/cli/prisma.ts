#!/usr/bin/env node
/**
 * `aiforce-db prisma <args>` (npm run prisma -- <args>): any Prisma 6 CLI command on aiforce-db's configured
 * database. With no DATABASE_URL it starts the embedded PostgreSQL for the command and stops it after.
 */
import { runPrismaOnDatabase } from '../database/prisma-cli.js';
import { runMain } from './run-main.js';

const HELP = `usage: aiforce-db prisma <command> [args]        (also: npm run prisma -- <command> [args])
Runs Prisma 6.19.3's CLI (JavaScript schema engine, offline) on DATABASE_URL, or aiforce-db's embedded
database: e.g. aiforce-db prisma migrate status, aiforce-db prisma migrate dev --name add_x.
aiforce-db prisma <command> --help prints Prisma's own help for that command. Prisma's output is its own
(stdout and stderr as Prisma writes them).
exit codes: Prisma's own; 2 before Prisma starts (bad DATABASE_URL, unreachable server, embedded server did
not start), 3 a bug in aiforce-db`;

runMain(async () => {
  const args = process.argv.slice(2);
  if (args.length === 0 || (args.length === 1 && ['--help', '-h'].includes(args[0]!))) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  return runPrismaOnDatabase(args);
});
