import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { withConnection } from '../database/connect.js';
import { runPrisma } from '../database/prisma-cli.js';
import { ensureDatabase } from '../database/resolve.js';
import { withoutIgnored } from '../catalog/ignore.js';
import { readCatalog } from '../catalog/read.js';
import type { Catalog } from '../catalog/registry.js';
import { DEFAULT_IGNORES, ignoreMatcher } from '../check/ignore.js';
import { listMigrations } from '../history/index.js';

export interface ExpectedBuild {
  migrations: string[];
  /** The catalog `prisma migrate deploy` produces from prisma/migrations. */
  fromMigrations: Catalog;
  /** The catalog schema.prisma describes (Prisma's diff from empty, applied), when asked for. */
  fromSchema?: Catalog;
}

/**
 * Builds the expected catalog on a throw-away embedded PostgreSQL: the migrations applied by a real
 * `prisma migrate deploy`, snapshotted with the same introspection db:check uses on its targets.
 */
export async function buildExpected(root: string, options: { withSchema: boolean; log?: (line: string) => void }): Promise<ExpectedBuild> {
  const log = options.log ?? (() => undefined);
  const { startEmbedded } = await import('../database/embedded.js');
  const server = await startEmbedded({ home: await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-lock-')), throwaway: true });
  try {
    const migrations = await listMigrations(path.join(root, 'prisma', 'migrations'));
    await ensureDatabase(server.adminUrl(), 'expected_migrations');
    log(`applying ${migrations.length} migration(s) with prisma migrate deploy`);
    await runPrisma(['migrate', 'deploy'], server.adminUrl('expected_migrations'), { capture: true, cwd: root });
    const fromMigrations = await snapshotOf(server.adminUrl('expected_migrations'));
    if (!options.withSchema) return { migrations, fromMigrations };

    log('rendering schema.prisma as SQL with prisma migrate diff --from-empty');
    await ensureDatabase(server.adminUrl(), 'expected_schema');
    // The diff reads no database, but Prisma opens its adapter anyway: give it the throw-away server.
    const script = await runPrisma(
      ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', path.join(root, 'prisma', 'schema.prisma'), '--script'],
      server.adminUrl('expected_schema'),
      { capture: true, cwd: root },
    );
    await withConnection(server.adminUrl('expected_schema'), (client) => client.query(script.stdout));
    return { migrations, fromMigrations, fromSchema: await snapshotOf(server.adminUrl('expected_schema')) };
  } finally {
    await server.stop();
  }
}

async function snapshotOf(url: string): Promise<Catalog> {
  return withConnection(url, async (client) => withoutIgnored((await readCatalog(client, 'public', { owners: true })).catalog, ignoreMatcher(DEFAULT_IGNORES)));
}
