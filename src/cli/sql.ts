#!/usr/bin/env node
/**
 * `aiforce-db sql "<SQL>"` (npm run db:sql -- "<SQL>"): runs one statement on the configured database
 * (DATABASE_URL, or the project's embedded one) and prints its rows as JSON lines; handy for demos and for
 * planting drift by hand.
 */
import type { QueryResult } from 'pg';
import { readEnv } from '../config/env.js';
import { findProjectRoot } from '../config/project.js';
import { withConnection } from '../database/connect.js';
import { explainDatabaseError } from '../database/errors.js';
import { withDatabase } from '../database/resolve.js';
import { UserError } from '../errors/index.js';
import { runMain } from './run-main.js';

const HELP = `usage: aiforce-db sql "<SQL>"        (also: npm run db:sql -- "<SQL>")
Runs the statement on DATABASE_URL (or the project's embedded database) and prints each row as one JSON line
on stdout; the command tag and row count (SELECT 3) go to stderr.
exit codes: 0 done, 1 the statement failed, 2 bad usage, no connection, a server failure or a deadline,
3 a bug in aiforce-db`;

runMain(async () => {
  const args = process.argv.slice(2);
  if (args[0] === '--help' || args[0] === '-h') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (args.length !== 1 || !args[0]!.trim()) throw new UserError('give exactly one SQL statement, quoted (see --help)');
  const statement = args[0]!;
  return withDatabase(readEnv(), findProjectRoot(), (db) =>
    withConnection(db.url, async (client) => {
      // Exit 1 is the statement's own failure; a server, connection or deadline failure stays exit 2.
      const outcome: unknown = await client.query(statement).catch((error: { message?: string }) => {
        throw explainDatabaseError(error) ?? new UserError(`the statement failed: ${error.message ?? String(error)}`, 1);
      });
      // Several statements in one string give one result each.
      for (const result of (Array.isArray(outcome) ? outcome : [outcome]) as QueryResult[]) {
        for (const row of result.rows ?? []) process.stdout.write(`${JSON.stringify(row)}\n`);
        process.stderr.write(`${result.command ?? 'done'}${typeof result.rowCount === 'number' ? ` ${result.rowCount}` : ''}\n`);
      }
      return 0;
    }),
  );
});
