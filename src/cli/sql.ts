#!/usr/bin/env node
/**
 * `npm run db:sql -- "<SQL>"`: runs one statement on the configured database (DATABASE_URL, or the embedded
 * one) and prints its rows as JSON lines; handy for demos and for planting drift by hand.
 */
import { readEnv } from '../config/env.js';
import { withConnection } from '../database/connect.js';
import { explainDatabaseError } from '../database/errors.js';
import { withDatabase } from '../database/resolve.js';
import { UserError } from '../errors/index.js';
import { runMain } from './run-main.js';

const HELP = `usage: npm run db:sql -- "<SQL>"
Runs the statement on DATABASE_URL (or the embedded database) and prints each row as one JSON line.
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
  return withDatabase(readEnv(), (db) =>
    withConnection(db.url, async (client) => {
      // Exit 1 is the statement's own failure; a server, connection or deadline failure stays exit 2.
      const result = await client.query(statement).catch((error: { message?: string }) => {
        throw explainDatabaseError(error) ?? new UserError(`the statement failed: ${error.message ?? String(error)}`, 1);
      });
      for (const row of result.rows ?? []) process.stdout.write(`${JSON.stringify(row)}\n`);
      process.stderr.write(`${result.command ?? 'done'}${result.rowCount === null ? '' : ` ${result.rowCount}`}\n`);
      return 0;
    }),
  );
});
