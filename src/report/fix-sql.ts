import type { CheckResult } from '../check/result.js';

/** `--fix-sql`: the suggested statements as one script, to review and run by hand (never run by aiforce-db). */
export function renderFixSql(result: CheckResult): string {
  const header = [
    `-- aiforce-db: suggested SQL for ${result.findings.length} finding(s) in schema ${result.target.schema} of ${result.target.database}`,
    '-- Review every statement before running it: dropping columns or tables loses data.',
  ];
  const body = result.findings.filter((finding) => finding.fix).map((finding) => `\n-- ${finding.code} ${finding.path}: ${finding.message.split('\n')[0]}\n${finding.fix}`);
  return `${[...header, ...body].join('\n')}\n`;
}
