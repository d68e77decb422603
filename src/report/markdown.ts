import { describeAcceptance } from '../baseline/index.js';
import type { CheckResult } from '../check/result.js';
import type { Finding } from '../findings/finding.js';
import { summaryLine } from './human.js';
import { markdownCell as cell } from './words.js';

const where = (finding: Finding) => (finding.location ? `${finding.location.file}:${finding.location.line}` : '');

/** `--format markdown`: for a pull-request comment or $GITHUB_STEP_SUMMARY. */
export function renderMarkdown(result: CheckResult): string {
  const lines = ['## aiforce-db drift check', '', summaryLine(result), ''];
  if (result.findings.length) {
    lines.push('| | Code | Object | Expected | Actual | Where |', '|---|---|---|---|---|---|');
    for (const finding of result.findings) {
      lines.push(`| ${finding.severity === 'error' ? '❌' : '⚠️'} | \`${finding.code}\` | \`${finding.path}\` | ${cell(finding.expected)} | ${cell(finding.actual)} | ${where(finding)} |`);
    }
    const fixes = result.findings.filter((finding) => finding.fix).map((finding) => `-- ${finding.code} ${finding.path}\n${finding.fix}`);
    if (fixes.length) lines.push('', '<details><summary>Suggested SQL (review before running)</summary>', '', '```sql', ...fixes, '```', '', '</details>');
  }
  if (result.baselined.length) {
    lines.push('', `### Baselined (accepted in \`${result.baselineFile}\`, not failing)`, '', '| Code | Object | Accepted | Where |', '|---|---|---|---|');
    for (const finding of result.baselined) lines.push(`| \`${finding.code}\` | \`${finding.path}\` | ${cell(describeAcceptance(finding.baseline))} | ${where(finding)} |`);
  }
  if (result.staleBaseline.length) {
    lines.push('', `### Stale baseline entries (delete them from \`${result.baselineFile}\`)`, '');
    for (const entry of result.staleBaseline) lines.push(`- \`${entry.code}\` \`${entry.path}\`: ${describeAcceptance(entry)}`);
  }
  if (result.notes.length) lines.push('', ...result.notes.map((note) => `> ${note}`));
  return `${lines.join('\n')}\n`;
}
