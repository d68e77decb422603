import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { shownPath } from '../config/output.js';
import { failureReason, UserError } from '../errors/index.js';

export interface CommittedMigration {
  /** The folder name, e.g. `20261124215900_init`: what `_prisma_migrations.migration_name` records. */
  name: string;
  /** Absolute path of its migration.sql. */
  file: string;
  script: Buffer;
}

/**
 * Names of the committed migrations (folders holding a migration.sql), in the order Prisma applies them. A
 * folder that cannot be read is an error, not an empty history: a mistyped paths.migrations would otherwise
 * call every applied migration unknown.
 */
export async function listMigrations(migrationsDir: string): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch((error: unknown) => {
    throw new UserError(`cannot read the migrations folder ${shownPath(migrationsDir)}: ${failureReason(error)} (the folder is "paths": {"migrations": …} in aiforce-db.config.json or package.json "db")`);
  });
  return entries
    .filter((entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort();
}

/**
 * The committed migrations with their scripts (raw bytes: the checksum is over bytes, not text). A script that
 * cannot be read is one line naming the migration and its file: read(2)'s own error names neither.
 */
export async function readCommittedMigrations(migrationsDir: string): Promise<CommittedMigration[]> {
  const names = await listMigrations(migrationsDir);
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, 'migration.sql');
      const script = await readFile(file).catch((error: unknown) => {
        throw new UserError(`cannot read migration ${name} (${shownPath(file)}): ${failureReason(error)}`);
      });
      return { name, file, script };
    }),
  );
}
