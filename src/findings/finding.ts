/**
 * A Finding is one mismatch between what the database should be and what it is.
 * Codes are stable: they are used in baselines, config overrides, SARIF rules and CI annotations.
 */
export const FINDING_CODES = {
  'table.missing': { severity: 'error', summary: 'A table the schema expects does not exist' },
  'table.unexpected': { severity: 'error', summary: 'A table exists that the schema does not define' },
  'column.missing': { severity: 'error', summary: 'A column the schema expects does not exist' },
  'column.unexpected': { severity: 'error', summary: 'A column exists that the schema does not define (e.g. a stray is_mock)' },
  'column.type_mismatch': { severity: 'error', summary: 'A column has another type, length or precision' },
  'column.nullability_mismatch': { severity: 'error', summary: 'A column is NULL where NOT NULL is expected, or the reverse' },
  'column.default_mismatch': { severity: 'error', summary: 'A column has another default, or a default is missing or extra' },
  'enum.missing': { severity: 'error', summary: 'An enum type the schema expects does not exist' },
  'enum.unexpected': { severity: 'warning', summary: 'An enum type exists that the schema does not define' },
  'enum.value_missing': { severity: 'error', summary: 'An enum lacks a value the schema expects' },
  'enum.value_unexpected': { severity: 'error', summary: 'An enum has a value the schema does not define' },
  'enum.value_order': { severity: 'warning', summary: 'An enum has the expected values in another order' },
  'primary_key.missing': { severity: 'error', summary: 'A table lacks its primary key' },
  'primary_key.mismatch': { severity: 'error', summary: 'A primary key covers other columns' },
  'primary_key.unexpected': { severity: 'error', summary: 'A table has a primary key the schema does not define' },
  'index.missing': { severity: 'error', summary: 'An index or unique constraint the schema expects does not exist' },
  'index.unexpected': { severity: 'warning', summary: 'An index exists that the schema does not define' },
  'index.mismatch': { severity: 'error', summary: 'An index covers other columns, or differs in uniqueness, method or predicate' },
  'foreign_key.missing': { severity: 'error', summary: 'A foreign key the schema expects does not exist' },
  'foreign_key.unexpected': { severity: 'warning', summary: 'A foreign key exists that the schema does not define' },
  'foreign_key.mismatch': { severity: 'error', summary: 'A foreign key has other columns, target or ON DELETE/UPDATE actions' },
  'contract.violation': { severity: 'error', summary: "The database breaks the spec's explicit contract (rules file)" },
  'data.missing': { severity: 'error', summary: 'A row the spec requires (seed data) is missing or wrong' },
  'migration.pending': { severity: 'error', summary: 'A committed migration has not been applied' },
  'migration.unknown': { severity: 'error', summary: 'An applied migration is not in prisma/migrations' },
  'migration.failed': { severity: 'error', summary: 'A migration failed or was rolled back' },
  'migration.modified': { severity: 'error', summary: 'An applied migration was edited after it was applied (checksum differs)' },
  'migration.unmanaged': { severity: 'warning', summary: 'The database is not managed by Prisma Migrate (no _prisma_migrations)' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type Severity = 'error' | 'warning';
export type FindingCode = keyof typeof FINDING_CODES;

/** Where in prisma/schema.prisma (or a migration file) a finding points. */
export interface SourceLocation {
  file: string;
  line: number;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** Object path, e.g. `public.users.is_mock`, `public.users.users_email_key`, `public.roletype`. */
  path: string;
  /** The table the finding belongs to, when it belongs to one (used for grouping). */
  table?: string;
  message: string;
  expected?: string | null;
  actual?: string | null;
  location?: SourceLocation;
  /** A SQL statement that would resolve the finding (suggested, never run). */
  fix?: string;
}

/** The order of every report: by object path, then code, so output is stable from run to run. */
export function byPathAndCode(a: { path: string; code: string }, b: { path: string; code: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}
