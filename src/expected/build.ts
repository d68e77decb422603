import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProjectPaths } from '../config/project.js';
import { withConnection } from '../database/connect.js';
import { runPrisma } from '../database/prisma-cli.js';
import { ensureDatabase } from '../database/resolve.js';
import { withoutIgnored } from '../catalog/ignore.js';
import { readCatalog } from '../catalog/read.js';
import type { Catalog } from '../catalog/registry.js';
import { DEFAULT_IGNORES, ignoreMatcher } from '../check/ignore.js';
import { applyMigrations } from './apply-migrations.js';

/** The Prisma config of the schema rendering, shipped with aiforce-db (a project needs no prisma.config.ts). */
const DIFF_CONFIG = fileURLToPath(new URL('./prisma-diff.config.js', import.meta.url));

/**
 * Prisma's CLI downloads a query engine library at start-up unless the schema's generator uses engineType
 * "client" (and it falls back to the library when it cannot read the schema, e.g. an unset env() in its
 * datasource), or PRISMA_QUERY_ENGINE_LIBRARY names an existing file. The diff never loads it (the Wasm schema
 * engine renders the SQL), so any file will do; no update check either.
 */
const DIFF_ENV = { PRISMA_QUERY_ENGINE_LIBRARY: process.execPath, CHECKPOINT_DISABLE: '1' };

export interface ExpectedBuild {
  migrations: string[];
  /** The catalog the migrations produce, applied as `prisma migrate deploy` applies them. */
  fromMigrations: Catalog;
  /** The major version of the throw-away server (the lock records it). */
  serverMajor: number;
  /** The catalog schema.prisma describes (Prisma's diff from empty, applied), when asked for. */
  fromSchema?: Catalog;
}

/**
 * Builds the expected catalog of the project at `paths` on a throw-away embedded PostgreSQL: its migrations
 * applied in order (applyMigrations), snapshotted with the same introspection db:check uses on its targets.
 */
export async function buildExpected(paths: ProjectPaths, options: { withSchema: boolean; log?: (line: string) => void }): Promise<ExpectedBuild> {
  const log = options.log ?? (() => undefined);
  const { startEmbedded } = await import('../database/embedded.js');
  const server = await startEmbedded({ home: await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-lock-')), throwaway: true });
  try {
    await ensureDatabase(server.adminUrl(), 'expected_migrations');
    log(`applying the migrations of ${path.relative(process.cwd(), paths.migrations) || paths.migrations} to a throw-away PostgreSQL`);
    const migrations = await applyMigrations(server.adminUrl('expected_migrations'), paths.migrations);
    const { catalog: fromMigrations, serverMajor } = await snapshotOf(server.adminUrl('expected_migrations'));
    if (!options.withSchema) return { migrations, fromMigrations, serverMajor };

    log(`rendering ${path.basename(paths.schema)} as SQL with prisma migrate diff --from-empty`);
    await ensureDatabase(server.adminUrl(), 'expected_schema');
    // The diff reads no database, but Prisma opens its adapter anyway: give it the throw-away server.
    const script = await runPrisma(
      ['migrate', 'diff', '--config', DIFF_CONFIG, '--from-empty', '--to-schema-datamodel', paths.schema, '--script'],
      server.adminUrl('expected_schema'),
      { capture: true, cwd: paths.root, env: DIFF_ENV },
    );
    await withConnection(server.adminUrl('expected_schema'), (client) => client.query(script.stdout));
    return { migrations, fromMigrations, serverMajor, fromSchema: (await snapshotOf(server.adminUrl('expected_schema'))).catalog };
  } finally {
    await server.stop();
  }
}

async function snapshotOf(url: string): Promise<{ catalog: Catalog; serverMajor: number }> {
  const read = await withConnection(url, (client) => readCatalog(client, 'public', { owners: true }));
  return { catalog: withoutIgnored(read.catalog, ignoreMatcher(DEFAULT_IGNORES)), serverMajor: Math.floor(read.serverVersionNumber / 10000) };
}
