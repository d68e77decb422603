import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { withConnection } from '../database/connect.js';
import { UserError } from '../errors/index.js';
import { readCommittedMigrations } from '../migration-history/index.js';

/** SQLSTATE classes of the connection and the server rather than of the script (their own lines come from explainDatabaseError). */
const NOT_THE_SCRIPT = /^(08|53|57|58|XX)/;

interface PgErrorLike {
  code?: unknown;
  severity?: unknown;
  message?: string;
  position?: string;
}

const shown = (file: string) => path.relative(process.cwd(), file) || file;

/** Refuses migrations written for another database (migration_lock.toml's provider), before any of them runs. */
async function assertPostgresql(migrationsDir: string): Promise<void> {
  const lockFile = path.join(migrationsDir, 'migration_lock.toml');
  const text = await readFile(lockFile, 'utf8').catch(() => undefined);
  const provider = text && /^\s*provider\s*=\s*"([^"]*)"/m.exec(text)?.[1];
  if (provider && provider !== 'postgresql') {
    throw new UserError(`${shown(lockFile)} says the migrations are for ${provider}: aiforce-db checks PostgreSQL databases only`);
  }
}

/**
 * Applies the committed migrations to the empty database at `url`, in order, each migration.sql as one
 * simple-query script: what `prisma migrate deploy` executes, without needing the project's Prisma setup
 * (no prisma.config.ts, no schema engine). `_prisma_migrations` is not written; nothing reads it here.
 * Returns the names applied. A script PostgreSQL refuses is one line naming its file and line.
 */
export async function applyMigrations(url: string, migrationsDir: string): Promise<string[]> {
  await assertPostgresql(migrationsDir);
  const migrations = await readCommittedMigrations(migrationsDir);
  if (migrations.length === 0) {
    throw new UserError(`no migrations in ${shown(migrationsDir)} (folders holding a migration.sql): create the first with prisma migrate dev, or name the folder with "paths": {"migrations": …} in aiforce-db.config.json`);
  }
  await withConnection(url, async (client) => {
    for (const migration of migrations) {
      const script = migration.script.toString('utf8');
      await client.query(script).catch((error: PgErrorLike) => {
        if (typeof error.code !== 'string' || typeof error.severity !== 'string' || NOT_THE_SCRIPT.test(error.code)) throw error;
        const position = Number(error.position);
        const line = position > 0 ? ` line ${script.slice(0, position - 1).split('\n').length}` : '';
        throw new UserError(`migration ${migration.name} does not apply to an empty database (${error.code}: ${error.message}): fix ${shown(migration.file)}${line}`);
      });
    }
  });
  return migrations.map((migration) => migration.name);
}
