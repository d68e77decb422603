/**
 * A Finding is one mismatch between what the database should be and what it is.
 * Codes are stable: they are used in baselines, config overrides, SARIF rules and CI annotations.
 */
import { CATALOG_CODES } from '../catalog/registry.js';
import type { CodeInfo, FixStep, ObjectRef } from '../catalog/model.js';

/** Codes that do not come from comparing catalogs: the spec contract, the seed rows, the migration history and the database's settings. */
const OTHER_CODES: Record<string, CodeInfo> = {
  'contract.violation': { severity: 'error', summary: "The database breaks the spec's explicit contract (prisma/spec-contract.json)" },
  'contract.tenant_isolation': {
    severity: 'error',
    summary: 'A tenant table lacks row-level security or its tenant_isolation policy, or the tenant role holds other privileges than the contract grants',
  },
  'data.missing': { severity: 'error', summary: 'A row the spec requires (seed data) is missing' },
  'data.mismatch': { severity: 'error', summary: 'A row the spec requires (seed data) exists, but a field of it has another value' },
  'migration.pending': { severity: 'error', summary: 'A committed migration has not been applied' },
  'migration.unknown': { severity: 'error', summary: 'An applied migration is not in prisma/migrations' },
  'migration.failed': { severity: 'error', summary: 'A migration failed or was rolled back' },
  'migration.modified': { severity: 'error', summary: 'An applied migration was edited after it was applied (checksum differs)' },
  'migration.unmanaged': { severity: 'warning', summary: 'The database is not managed by Prisma Migrate (no _prisma_migrations)' },
  'database.replication_role': {
    severity: 'error',
    summary: 'session_replication_role is set to replica (or local) for the database or a role: its sessions check no foreign key and fire no ordinary trigger',
  },
};

/** Every finding code with its default severity and summary: the kinds' codes, then the others. */
export const FINDING_CODES: Readonly<Record<string, CodeInfo>> = { ...CATALOG_CODES, ...OTHER_CODES };

/** A code's default severity and summary (an unknown code is a bug in aiforce-db). */
export function codeInfo(code: FindingCode): CodeInfo {
  const info = FINDING_CODES[code];
  if (!info) throw new Error(`unknown finding code ${code}`);
  return info;
}

export type Severity = 'error' | 'warning';
/** A key of FINDING_CODES (validated where codes come from outside: baselines, config). */
export type FindingCode = string;

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
  /** The object, structured: what locations and grouping use (absent for history and data findings). */
  object?: ObjectRef;
  /** The table the finding belongs to, when it belongs to one (used for grouping). */
  table?: string;
  message: string;
  expected?: string | null;
  actual?: string | null;
  location?: SourceLocation;
  /** SQL that would resolve the finding (suggested, never run), or a comment saying why none is safe. */
  fix?: string;
  /** The same statements with the phase each runs in, so a whole script can be ordered (fix-plan.ts). */
  fixSteps?: FixStep[];
}

/** The order of every report: by object path, then code, so output is stable from run to run. */
export function byPathAndCode(a: { path: string; code: string }, b: { path: string; code: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}
