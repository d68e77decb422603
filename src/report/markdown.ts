import { describeAcceptance } from '../baseline/index.js';
import type { CheckResult } from '../check/result.js';
import type { Finding } from '../findings/finding.js';
import { markdownCell as cell, markdownCode as code, markdownCodeBlock, markdownText as text, sqlComment } from './escape.js';
import { summaryLine } from './human.js';

/** The suggested SQL of `findings` in a collapsed block, each statement under a `--` line naming its finding. */
export function suggestedSqlDetails(findings: readonly Finding[]): string[] {
  const fixes = findings.filter((finding) => finding.fix).map((finding) => `-- ${finding.code} ${sqlComment(finding.path)}\n${finding.fix}`);
  return fixes.length ? ['', '<details><summary>Suggested SQL (review before running)</summary>', '', markdownCodeBlock(fixes.join('\n'), 'sql'), '', '</details>'] : [];
}

const where = (finding: Finding) => (finding.location ? text(`${finding.location.file}:${finding.location.line}`) : '');

/**
 * `--format markdown`: for a pull-request comment or $GITHUB_STEP_SUMMARY. Everything from the database goes
 * through escape.ts: one table row per finding whatever its names hold, and no HTML but our own <details>.
 */
export function renderMarkdown(result: CheckResult): string {
  const lines = ['## aiforce-db drift check', '', text(summaryLine(result)), ''];
  if (result.findings.length) {
    lines.push('| | Code | Object | Expected | Actual | Where |', '|---|---|---|---|---|---|');
    for (const finding of result.findings) {
      lines.push(`| ${finding.severity === 'error' ? '❌' : '⚠️'} | ${cell(finding.code)} | ${cell(finding.path)} | ${cell(finding.expected)} | ${cell(finding.actual)} | ${where(finding)} |`);
    }
    lines.push(...suggestedSqlDetails(result.findings));
  }
  if (result.baselined.length) {
    lines.push('', `### Baselined (accepted in ${code(result.baselineFile)}, not failing)`, '', '| Code | Object | Accepted | Where |', '|---|---|---|---|');
    for (const finding of result.baselined) lines.push(`| ${cell(finding.code)} | ${cell(finding.path)} | ${text(describeAcceptance(finding.baseline))} | ${where(finding)} |`);
  }
  if (result.staleBaseline.length) {
    lines.push('', `### Stale baseline entries (delete them from ${code(result.baselineFile)})`, '');
    for (const entry of result.staleBaseline) lines.push(`- ${code(entry.code)} ${code(entry.path)}: ${text(describeAcceptance(entry))}`);
  }
  if (result.notes.length) lines.push('', ...result.notes.map((note) => `> ${text(note)}`));
  return `${lines.join('\n')}\n`;
}
