import type pg from 'pg';
import { quoteIdent } from '../database/quote.js';

export interface AppliedMigration {
  name: string;
  checksum: string;
  finished: boolean;
  rolledBack: boolean;
}

/** What a target's `_prisma_migrations` says, or why it says nothing. */
export type MigrationTable =
  | { status: 'present'; rows: AppliedMigration[] }
  /** No `_prisma_migrations`: not managed by Prisma Migrate; `alembic` when Alembic's table is there. */
  | { status: 'absent'; alembic: boolean }
  /** The role may not read it (it can still read the catalog, so the rest of the check goes on). */
  | { status: 'unreadable'; reason: string };

type Row = [name: string, checksum: string, finished: boolean, rolledBack: boolean];

/**
 * Reads `<schema>._prisma_migrations` (Prisma keeps it in the schema it migrates). One read-only SELECT, run
 * right after the snapshot; a missing table or a denied SELECT is an answer, not a failure.
 */
export async function readMigrationTable(client: pg.Client, schema: string): Promise<MigrationTable> {
  const table = `${quoteIdent(schema)}._prisma_migrations`;
  try {
    const result = await client.query<{ data: string }>(
      `SELECT coalesce(json_agg(json_build_array(migration_name, checksum, finished_at IS NOT NULL, rolled_back_at IS NOT NULL)
                                ORDER BY started_at, migration_name), '[]')::text AS data FROM ${table}`,
    );
    const rows = JSON.parse(result.rows[0]!.data) as Row[];
    return { status: 'present', rows: rows.map(([name, checksum, finished, rolledBack]) => ({ name, checksum, finished, rolledBack })) };
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code === '42P01') {
      const alembic = await client.query<{ found: boolean }>(`SELECT to_regclass(format('%I.alembic_version', $1::text)) IS NOT NULL AS found`, [schema]);
      return { status: 'absent', alembic: alembic.rows[0]!.found };
    }
    if (code === '42501') return { status: 'unreadable', reason: message ?? 'permission denied' };
    throw error;
  }
}
