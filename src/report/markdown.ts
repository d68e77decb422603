import type { CheckResult } from '../check/result.js';
import { summaryLine } from './human.js';

const cell = (value: string | null | undefined) => (value === null || value === undefined || value === '' ? '—' : `\`${value.replaceAll('|', '\\|').replaceAll('`', "'")}\``);

/** `--format markdown`: for a pull-request comment or $GITHUB_STEP_SUMMARY. */
export function renderMarkdown(result: CheckResult): string {
  const lines = ['## aiforce-db drift check', '', summaryLine(result), ''];
  if (result.findings.length === 0) return `${lines.join('\n')}\n`;
  lines.push('| | Code | Object | Expected | Actual | Where |', '|---|---|---|---|---|---|');
  for (const finding of result.findings) {
    const where = finding.location ? `${finding.location.file}:${finding.location.line}` : '';
    lines.push(`| ${finding.severity === 'error' ? '❌' : '⚠️'} | \`${finding.code}\` | \`${finding.path}\` | ${cell(finding.expected)} | ${cell(finding.actual)} | ${where} |`);
  }
  const fixes = result.findings.filter((finding) => finding.fix).map((finding) => `-- ${finding.code} ${finding.path}\n${finding.fix}`);
  if (fixes.length) lines.push('', '<details><summary>Suggested SQL (review before running)</summary>', '', '```sql', ...fixes, '```', '', '</details>');
  return `${lines.join('\n')}\n`;
}
