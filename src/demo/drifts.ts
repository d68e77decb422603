import type { Finding, FindingCode } from '../findings/finding.js';
import { findingKey } from '../report/diff.js';

/** A hand-made change the demo applies, and the one finding the check must report for it. */
export interface DemoDrift {
  /** Why it is realistic, in a few words. */
  story: string;
  sql: string;
  code: FindingCode;
  path: string;
}

/** The three drifts of issue 5: the kinds of change that slip into a live database outside the migrations. */
export const DEMO_DRIFTS: readonly DemoDrift[] = [
  {
    story: 'a stray test flag that reached the users table',
    sql: 'ALTER TABLE users ADD COLUMN is_mock boolean',
    code: 'column.unexpected',
    path: 'public.users.is_mock',
  },
  {
    story: 'a hotfix that widened the default learning scope',
    sql: "ALTER TABLE discovery_flows ALTER COLUMN learning_scope SET DEFAULT 'global'",
    code: 'column.default_mismatch',
    path: 'public.discovery_flows.learning_scope',
  },
  {
    story: 'an index dropped by hand during an incident',
    sql: 'DROP INDEX ix_discovery_flows_status',
    code: 'index.missing',
    path: 'public.discovery_flows.ix_discovery_flows_status',
  },
];

/** Compares what the check found with what was planted: both lists empty means exactly the expected findings. */
export function compareWithPlanted(findings: readonly Finding[], planted: readonly DemoDrift[]): { missing: string[]; unexpected: string[] } {
  const found = new Set(findings.map(findingKey));
  const wanted = new Set(planted.map(findingKey));
  return {
    missing: [...wanted].filter((key) => !found.has(key)),
    unexpected: [...found].filter((key) => !wanted.has(key)),
  };
}
