import type { Finding } from '../findings/finding.js';

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
  summary: {
    drift: boolean;
    errors: number;
    warnings: number;
    tables: number;
    columns: number;
    enums: number;
  };
  findings: Finding[];
}

export function summarize(findings: Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const finding of findings) if (finding.severity === 'error') errors += 1;
  return { errors, warnings: findings.length - errors };
}
