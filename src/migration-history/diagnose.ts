import path from 'node:path';
import { codeInfo, type Finding, type FindingCode } from '../findings/finding.js';
import { matchesChecksum, migrationChecksum } from './checksum.js';
import type { CommittedMigration } from './files.js';
import type { AppliedMigration, MigrationTable } from './read.js';

export interface HistoryDiagnosis {
  findings: Finding[];
  /** Set when the history could not be checked: one sentence for the report's notes. */
  note?: string;
}

type Problem = Pick<Finding, 'message' | 'expected' | 'actual'> & { code: FindingCode };

const TABLE = '_prisma_migrations';

/**
 * Compares the committed migrations with a target's `_prisma_migrations` (pure), reading that table the way
 * Prisma Migrate does: a migration may have several rows (failed, rolled back, applied again); a finished
 * row that was not rolled back means applied, else an unfinished row means failed, and rows that were all
 * rolled back mean it waits to be applied again.
 */
export function diagnoseHistory(committed: CommittedMigration[], table: MigrationTable, options: { schema: string; root: string; folder: string }): HistoryDiagnosis {
  const recorded = `${options.schema}.${TABLE}`;
  const finding = (name: string | null, problem: Problem, extra: Partial<Finding> = {}): Finding => ({
    ...problem,
    severity: codeInfo(problem.code).severity,
    path: name === null ? recorded : `${recorded}.${name}`,
    table: TABLE,
    ...extra,
  });

  if (table.status === 'unreadable') {
    return { findings: [], note: `migration history not checked: ${table.reason} (grant SELECT on ${recorded} to include it)` };
  }
  if (table.status === 'absent') {
    const origin = table.alembic ? " It has alembic_version: it was probably created by the platform's Alembic migrations." : '';
    const message = `schema ${options.schema} is not managed by Prisma Migrate: it has no ${TABLE} table.${origin} Once its schema matches, record the migrations as applied with prisma migrate resolve --applied <name>.`;
    return { findings: [finding(null, { code: 'migration.unmanaged', message, expected: TABLE, actual: null })] };
  }

  const rowsByName = new Map<string, AppliedMigration[]>();
  for (const row of table.rows) rowsByName.set(row.name, [...(rowsByName.get(row.name) ?? []), row]);
  const findings: Finding[] = [];
  for (const migration of committed) {
    const file = path.relative(options.root, migration.file) || migration.file;
    const problem = committedProblem(migration, file, rowsByName.get(migration.name) ?? []);
    if (problem) findings.push(finding(migration.name, problem, { location: { file, line: 1 } }));
  }
  const committedNames = new Set(committed.map((migration) => migration.name));
  for (const [name, rows] of rowsByName) {
    // A migration that was rolled back and then removed from the folder is settled history.
    if (committedNames.has(name) || rows.every((row) => row.rolledBack)) continue;
    const how = rows.some(isApplied) ? 'applied' : 'started (and failed)';
    const message = `migration ${name} was ${how} on this database but is not in ${options.folder}: applied from another branch, or its folder was renamed or deleted`;
    findings.push(finding(name, { code: 'migration.unknown', message, expected: null, actual: how }));
  }
  return { findings };
}

const isApplied = (row: AppliedMigration) => row.finished && !row.rolledBack;

function committedProblem(migration: CommittedMigration, file: string, rows: AppliedMigration[]): Problem | undefined {
  const { name } = migration;
  if (rows.length === 0) {
    return { code: 'migration.pending', message: `migration ${name} has not been applied: run npm run db:migrate (prisma migrate deploy)`, expected: 'applied', actual: null };
  }
  const applied = rows.find(isApplied);
  if (applied) {
    if (matchesChecksum(migration.script, applied.checksum)) return undefined;
    return {
      code: 'migration.modified',
      message: `migration ${name} was edited after it was applied: ${file} no longer has the checksum ${TABLE} recorded (restore the file, and put the change in a new migration)`,
      expected: migrationChecksum(migration.script),
      actual: applied.checksum,
    };
  }
  if (rows.some((row) => !row.finished && !row.rolledBack)) {
    return {
      code: 'migration.failed',
      message: `migration ${name} failed (started, never finished): repair the database, then mark it with prisma migrate resolve --rolled-back or --applied ${name}`,
      expected: 'applied',
      actual: 'failed',
    };
  }
  return {
    code: 'migration.failed',
    message: `migration ${name} was rolled back (prisma migrate resolve --rolled-back) and not applied again: npm run db:migrate applies it`,
    expected: 'applied',
    actual: 'rolled back',
  };
}
