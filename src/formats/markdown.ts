import { describeAcceptance } from '../baseline/index.js';
import type { CheckResult } from '../check/result.js';
import { collapseUnmigrated, unmigratedAdvice } from '../check/unmigrated.js';
import type { Finding } from '../findings/finding.js';
import { markdownCell as cell, markdownCode as code, markdownCodeBlock, markdownText as text, sqlComment } from './escape.js';
import { summaryLine } from './human.js';
import { plural } from './words.js';

/** The suggested SQL of `findings` in a collapsed block, each statement under a `--` line naming its finding. */
export function suggestedSqlDetails(findings: readonly Finding[]): string[] {
  const fixes = findings.filter((finding) => finding.fix).map((finding) => `-- ${finding.code} ${sqlComment(finding.path)}\n${finding.fix}`);
  return fixes.length ? ['', '<details><summary>Suggested SQL (review before running)</summary>', '', markdownCodeBlock(fixes.join('\n'), 'sql'), '', '</details>'] : [];
}

const where = (finding: Finding) => (finding.location ? text(`${finding.location.file}:${finding.location.line}`) : '');

/**
 * `--format markdown`: for a pull-request comment or $GITHUB_STEP_SUMMARY. Everything from the database goes
 * through escape.ts: one table row per finding whatever its names hold, and no HTML but our own <details>.
 * A database that looks unmigrated is said so first, and its missing objects are named, not tabled (unless
 * `verbose`).
 */
export function renderMarkdown(result: CheckResult, verbose = false): string {
  const lines = ['## aiforce-db drift check', ''];
  const { unmigrated } = result.summary;
  const { listed, missing } = collapseUnmigrated(result, verbose);
  if (unmigrated) {
    lines.push(`> **${text(unmigratedAdvice(unmigrated))}**`, '');
    for (const { kind, names } of missing) lines.push(`- missing ${text(plural(names.length, kind))}: ${names.map((name) => code(name)).join(', ')}`);
    if (missing.length) lines.push('', text('(--verbose lists them one by one, with their SQL)'), '');
  }
  lines.push(text(summaryLine(result)), '');
  if (listed.length) {
    lines.push('| | Code | Object | Expected | Actual | Where |', '|---|---|---|---|---|---|');
    for (const finding of listed) {
      lines.push(`| ${finding.severity === 'error' ? '❌' : '⚠️'} | ${cell(finding.code)} | ${cell(finding.path)} | ${cell(finding.expected)} | ${cell(finding.actual)} | ${where(finding)} |`);
    }
    lines.push(...suggestedSqlDetails(listed));
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
