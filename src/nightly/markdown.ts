import type { Finding } from '../findings/finding.js';
import { findingKey, type FindingRef } from './diff.js';
import { plural } from '../report/words.js';
import { comparedWith, counts, firstLine, newFindings, STATUS_LABEL, summarySentence, when } from './format.js';
import type { NightlyReport, TargetReport } from './report.js';
import { markdownCell as code } from '../report/words.js';

const ICON = { ok: '✅', drift: '❌', error: '⚠️' } as const;
const severity = (finding: Finding) => (finding.severity === 'error' ? '❌' : '⚠️');
const ref = (finding: FindingRef) => `${code(finding.code)} ${code(finding.path)}`;

function findingsTable(target: TargetReport): string[] {
  const fresh = new Set(target.new.map(findingKey));
  const rows = target.findings.map(
    (f) => `| ${severity(f)} | ${code(f.code)} | ${code(f.path)} | ${code(f.expected)} | ${code(f.actual)} | ${fresh.has(findingKey(f)) ? 'new' : ''} |`,
  );
  const fixes = target.findings.filter((f) => f.fix).map((f) => `-- ${f.code} ${f.path}\n${f.fix}`);
  return [
    `### All findings (${target.findings.length})`,
    '',
    '| | Code | Object | Expected | Actual | |',
    '|---|---|---|---|---|---|',
    ...rows,
    ...(fixes.length ? ['', '<details><summary>Suggested SQL (review before running)</summary>', '', '```sql', ...fixes, '```', '', '</details>'] : []),
  ];
}

function targetSection(target: TargetReport): string[] {
  const lines = [`## ${target.name}: ${ICON[target.status]} ${STATUS_LABEL[target.status]}`, ''];
  const where = [target.database ? code(target.database) : null, `schema ${code(target.schema)}`, target.serverVersion ? `PostgreSQL ${target.serverVersion}` : null];
  lines.push(where.filter(Boolean).join(', '), '');
  if (target.status === 'error') return [...lines, `**Could not be checked:** ${target.error}`, ''];
  lines.push(`${plural(target.findings.length, 'finding')}; ${comparedWith(target)}.`, '');
  const fresh = newFindings(target);
  if (fresh.length) lines.push(`### New since the previous run (${fresh.length})`, '', ...fresh.map((f) => `- ${severity(f)} ${ref(f)}: ${firstLine(f.message)}`), '');
  if (target.resolved.length) lines.push(`### Resolved since the previous run (${target.resolved.length})`, '', ...target.resolved.map((r) => `- ✔ ${ref(r)}`), '');
  if (target.findings.length) lines.push(...findingsTable(target), '');
  return lines;
}

/** report.md: for an issue, a chat message or $GITHUB_STEP_SUMMARY. */
export function renderNightlyMarkdown(report: NightlyReport): string {
  const overview = report.targets.map(
    (t) => `| ${t.name} | ${ICON[t.status]} ${STATUS_LABEL[t.status]} | ${counts(t).join(' | ')} | ${t.database ? code(t.database) : '—'} |`,
  );
  const lines = [
    '# aiforce-db nightly drift report',
    '',
    `${when(report.generatedAt)} · ${summarySentence(report)}`,
    '',
    '| Environment | Status | Findings | New | Resolved | Database |',
    '|---|---|---|---|---|---|',
    ...overview,
    '',
    ...report.targets.flatMap(targetSection),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
