/**
 * First contact with a database the migrations never ran on: instead of one finding per missing table and
 * type (44 errors and a thousand lines of CREATE TABLE for an empty database), every report leads with one
 * sentence saying so and what to run, and lists the missing objects by name only unless --verbose.
 */
import { KIND_NAMES, TOP_LEVEL_KINDS, type KindName } from '../catalog/model.js';
import type { Catalog } from '../catalog/registry.js';
import type { Finding } from '../findings/finding.js';
import { MIGRATE_COMMAND } from '../formats/words.js';

/** How another Prisma project migrates: aiforce-db's own migrate command acts on aiforce-db's schema only. */
export const PRISMA_MIGRATE = '`npx prisma migrate deploy`';
import type { CheckResult } from './result.js';

export interface Unmigrated {
  /** Expected tables that exist in the database. */
  present: number;
  /** Tables the schema expects. */
  expected: number;
  /** What to do about it (the human report's last line). */
  nextStep: string;
}

/**
 * A database looks unmigrated when more than half of the tables the schema expects are missing and it has no
 * `_prisma_migrations`: Prisma Migrate never ran there. A database Prisma manages (its history says more: a
 * pending or failed migration) or that has most of the tables is reported as it is. When some expected tables
 * exist, they were made another way, and `migrate deploy` would stop at the first of them: the advice says so.
 */
export function assessUnmigrated(expected: Pick<Catalog, 'tables'>, actual: Pick<Catalog, 'tables'>, hasMigrationTable: boolean, migrate: string = MIGRATE_COMMAND): Unmigrated | null {
  const total = expected.tables.length;
  if (hasMigrationTable || total === 0) return null;
  const names = new Set(actual.tables.map((table) => table.name));
  const present = expected.tables.filter((table) => names.has(table.name)).length;
  if (total - present <= total / 2) return null;
  const nextStep =
    present === 0
      ? `run ${migrate}, then check again`
      : `${migrate} would stop at the ${present} existing tables (Prisma Migrate did not create them): migrate an empty database, or bring this one to the schema and record the migrations as applied (prisma migrate resolve --applied)`;
  return { present, expected: total, nextStep };
}

/** The sentence every report leads with: what the database looks like, and what to do. */
export const unmigratedAdvice = (unmigrated: Unmigrated): string =>
  `looks unmigrated: ${unmigrated.present} of ${unmigrated.expected} tables, no _prisma_migrations; ${unmigrated.nextStep}`;

export interface MissingObjects {
  kind: string;
  names: string[];
}

/**
 * The findings a report lists one by one, and the missing objects it names only: everything is listed when
 * the database does not look unmigrated, or with --verbose.
 */
export function collapseUnmigrated(result: { findings: Finding[]; summary: Pick<CheckResult['summary'], 'unmigrated'> }, verbose: boolean): { listed: Finding[]; missing: MissingObjects[] } {
  const unmigrated = result.summary.unmigrated;
  if (!unmigrated || verbose) return { listed: result.findings, missing: [] };
  return { listed: result.findings.filter((finding) => !isCollapsed(finding, unmigrated)), missing: missingByKind(result.findings, unmigrated) };
}

/**
 * What an unmigrated database's reports collapse to names: whole objects that are missing (tables, types,
 * functions...); when the database has none of the tables, also everything else it lacks (the schema's
 * grants, whatever rule reports them), all of which the migrations create, and the missing history the advice
 * already names.
 */
function isCollapsed(finding: Finding, unmigrated: Unmigrated): boolean {
  if (finding.code === 'migration.unmanaged') return unmigrated.present === 0;
  const kind = finding.object?.kind;
  if (kind === undefined || kind === 'schema') return false;
  if (finding.code.endsWith('.missing') && TOP_LEVEL_KINDS.has(kind)) return true;
  return unmigrated.present === 0 && finding.expected !== null && finding.actual === null;
}

/** Tables first (what "0 of 32 tables" counts), then the types and the rest in the catalog's order. */
const KIND_ORDER: readonly KindName[] = ['table', ...KIND_NAMES.filter((kind) => kind !== 'table' && TOP_LEVEL_KINDS.has(kind)), ...KIND_NAMES.filter((kind) => !TOP_LEVEL_KINDS.has(kind))];

/** The collapsed findings as names per kind (`composite type`, in the singular): tables first; a part of an object by its path. */
function missingByKind(findings: readonly Finding[], unmigrated: Unmigrated): MissingObjects[] {
  const collapsed = findings.filter((finding) => finding.object && isCollapsed(finding, unmigrated));
  return KIND_ORDER.flatMap((kind) => {
    const names = collapsed.filter((finding) => finding.object!.kind === kind).map((finding) => (TOP_LEVEL_KINDS.has(kind) ? finding.object!.name : finding.path));
    return names.length ? [{ kind: kind.replaceAll('_', ' '), names }] : [];
  });
}
