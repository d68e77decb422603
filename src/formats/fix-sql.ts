import { fixPlan } from '../catalog/fix-plan.js';
import type { CheckResult } from '../check/result.js';
import { unmigratedAdvice } from '../check/unmigrated.js';
import { sqlComment } from './escape.js';

/** What the script needs of a check: its findings and where they were found (the nightly report has no more). */
export type FixSqlInput = Pick<CheckResult, 'findings'> & { target: Pick<CheckResult['target'], 'schema' | 'database'>; summary?: Pick<CheckResult['summary'], 'unmigrated'> };

/**
 * `--fix-sql`: the suggested statements as one script, to review and run by hand (never run by aiforce-db).
 * Statements come once each, ordered so the script converges (fix-plan.ts), inside one transaction; the
 * findings they resolve, and those with no safe fix, are listed first. Names and messages go in `--`
 * comments only, on one line each, so none of their text can become SQL.
 */
export function renderFixSql(result: FixSqlInput): string {
  const lines = [
    `-- aiforce-db: suggested SQL for ${result.findings.length} finding(s) in schema ${sqlComment(result.target.schema)} of ${sqlComment(result.target.database)}`,
    '-- Review every statement before running it: dropping columns or tables loses data.',
    ...(result.summary?.unmigrated
      ? [`-- The database ${sqlComment(unmigratedAdvice(result.summary.unmigrated))}.`, "-- Prefer that: this script builds the schema without Prisma Migrate's history, so later migrations would not apply."]
      : []),
    ...result.findings.map((finding) => `--   ${finding.code} ${sqlComment(finding.path)}: ${sqlComment(finding.message)}`),
  ];
  const unsafe = result.findings.filter((finding) => finding.fix?.startsWith('--'));
  if (unsafe.length) lines.push('--', '-- Not fixed by this script:', ...unsafe.map((finding) => `--   ${sqlComment(finding.path)}: ${sqlComment(finding.fix!.replace(/^--\s*/, ''))}`));
  const steps = fixPlan(result.findings);
  // row_security off: the script's reads of rows (a stop before a conversion, a sequence set past the largest
  // key) see every row, or fail where a policy would hide some, instead of judging by the rows a policy shows.
  if (steps.length) lines.push('', 'BEGIN;', 'SET LOCAL check_function_bodies = off;', 'SET LOCAL row_security = off;', ...steps.map((step) => step.sql), 'COMMIT;');
  return `${lines.join('\n')}\n`;
}
