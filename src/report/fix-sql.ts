import type { CheckResult } from '../check/result.js';
import { sqlComment } from './escape.js';

/**
 * `--fix-sql`: the suggested statements as one script, to review and run by hand (never run by aiforce-db).
 * Names and messages go in `--` comments only, on one line each, so none of their text can become SQL.
 */
export function renderFixSql(result: CheckResult): string {
  const header = [
    `-- aiforce-db: suggested SQL for ${result.findings.length} finding(s) in schema ${sqlComment(result.target.schema)} of ${sqlComment(result.target.database)}`,
    '-- Review every statement before running it: dropping columns or tables loses data.',
  ];
  const body = result.findings.filter((finding) => finding.fix).map((finding) => `\n-- ${finding.code} ${sqlComment(finding.path)}: ${sqlComment(finding.message)}\n${finding.fix}`);
  return `${[...header, ...body].join('\n')}\n`;
}
