import type { BaselinedFinding, BaselineEntry } from '../baseline/index.js';
import type { Finding } from '../findings/finding.js';
import type { FailOn } from '../severity/index.js';
import type { Unmigrated } from './unmigrated.js';

/** The outcome of one check: the versioned shape of `--format json` (documented in the README). */
export interface CheckResult {
  version: 1;
  target: {
    /** Connection URL with its password masked. */
    database: string;
    schema: string;
    serverVersion: string;
  };
  expected: {
    /** `prisma/schema.lock.json`, or the masked URL of the database compared against. */
    source: string;
    migrations?: number;
  };
  /** schema.prisma relative to the project root: where findings without a location of their own point. */
  schemaFile: string;
  summary: {
    /** Findings remain that are not baselined. */
    drift: boolean;
    /** The check fails (exit 1) under `failOn`. */
    failed: boolean;
    failOn: FailOn;
    errors: number;
    warnings: number;
    baselined: number;
    /** Baseline entries that match no finding any more. */
    stale: number;
    tables: number;
    columns: number;
    enums: number;
    /**
     * Set when the database looks unmigrated (see unmigrated.ts): most expected tables missing and no
     * _prisma_migrations. Every report leads with `advice`, and collapses the missing objects unless --verbose.
     */
    unmigrated: Unmigrated | null;
  };
  /** Every table compared (found on either side), sorted: one JUnit test case each. */
  tables: string[];
  /** Whether the migration history was compared (false with --no-history, --against, or when unreadable). */
  historyChecked: boolean;
  /** What this run skipped or did besides comparing, one sentence each; every report prints them. */
  notes: string[];
  findings: Finding[];
  /** Findings accepted by the baseline: reported and counted, never failing. */
  baselined: BaselinedFinding[];
  /** The baseline file (relative to the project root), when one was used. */
  baselineFile?: string;
  staleBaseline: BaselineEntry[];
}

export function summarize(findings: Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const finding of findings) if (finding.severity === 'error') errors += 1;
  return { errors, warnings: findings.length - errors };
}
