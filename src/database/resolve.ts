import path from 'node:path';
import type { Env } from '../config/env.js';
import { withConnection } from './connect.js';
import { quoteIdent } from './quote.js';
import { maskUrl, parseDatabaseUrl } from './url.js';

export const EMBEDDED_DATABASE = 'aiforce';

export interface DatabaseInUse {
  url: string;
  embedded: boolean;
  /** What to print: the URL with its password masked, and where it comes from. */
  label: string;
}

/**
 * Runs `work` against the configured database: DATABASE_URL when set, otherwise the embedded PostgreSQL of the
 * project at `root` (data in `<root>/.aiforce-db`, or AIFORCE_DB_HOME), started (or joined, when another command
 * is using it) for this command and stopped after it (its data persists). Ctrl-C and SIGTERM stop it too, and
 * end the process with 128 + N.
 */
export async function withDatabase<T>(env: Env, root: string, work: (db: DatabaseInUse) => Promise<T>): Promise<T> {
  // Status lines go to stderr, so stdout stays clean for reports.
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (env.DATABASE_URL) {
    parseDatabaseUrl(env.DATABASE_URL);
    const db = { url: env.DATABASE_URL, embedded: false, label: `${maskUrl(env.DATABASE_URL)} (DATABASE_URL)` };
    log(`database: ${db.label}`);
    return work(db);
  }
  const home = env.AIFORCE_DB_HOME ? path.resolve(env.AIFORCE_DB_HOME) : path.join(root, '.aiforce-db');
  // Loaded only when needed: a check against DATABASE_URL should not pay for it at start-up.
  const { startEmbedded } = await import('./embedded.js');
  const server = await startEmbedded({ home });
  try {
    await ensureDatabase(server.adminUrl(), EMBEDDED_DATABASE);
    const url = server.adminUrl(EMBEDDED_DATABASE);
    const db = { url, embedded: true, label: `${maskUrl(url)} (embedded PostgreSQL, data in ${path.relative(process.cwd(), home) || home})` };
    log(`database: ${db.label}`);
    return await work(db);
  } finally {
    await server.stop();
  }
}

/** SQLSTATEs of a CREATE DATABASE that lost the race to another command creating the same database. */
const CREATED_MEANWHILE = new Set(['42P04', '23505']);

/** Creates `database` on the server if it does not exist yet (commands sharing the embedded server may race here). */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  await withConnection(adminUrl, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount !== 0) return;
    await client.query(`CREATE DATABASE ${quoteIdent(database)}`).catch((error: { code?: string }) => {
      if (!CREATED_MEANWHILE.has(error.code ?? '')) throw error;
    });
  });
}
