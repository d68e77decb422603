import type { Finding } from '../findings/finding.js';
import { findingKey, type FindingRef } from './diff.js';
import { markdownCell as cell, markdownCode as code, markdownText as text } from '../formats/escape.js';
import { suggestedSqlDetails } from '../formats/markdown.js';
import { plural } from '../formats/words.js';
import { comparedWith, counts, firstLine, newFindings, statusLabel, summarySentence, when } from './format.js';
import type { NightlyReport, TargetReport } from './report.js';

const ICON = { ok: '✅', drift: '❌', error: '⚠️' } as const;
const severity = (finding: Finding) => (finding.severity === 'error' ? '❌' : '⚠️');
const ref = (finding: FindingRef) => `${code(finding.code)} ${code(finding.path)}`;

function findingsTable(target: TargetReport): string[] {
  const fresh = new Set(target.new.map(findingKey));
  const rows = target.findings.map(
    (f) => `| ${severity(f)} | ${cell(f.code)} | ${cell(f.path)} | ${cell(f.expected)} | ${cell(f.actual)} | ${fresh.has(findingKey(f)) ? 'new' : ''} |`,
  );
  return [
    `### All findings (${target.findings.length})`,
    '',
    '| | Code | Object | Expected | Actual | |',
    '|---|---|---|---|---|---|',
    ...rows,
    ...suggestedSqlDetails(target.findings),
  ];
}

function targetSection(target: TargetReport): string[] {
  const lines = [`## ${text(target.name)}: ${ICON[target.status]} ${statusLabel(target)}`, ''];
  const where = [target.database ? code(target.database) : null, `schema ${code(target.schema)}`, target.serverVersion ? `PostgreSQL ${text(target.serverVersion)}` : null];
  lines.push(where.filter(Boolean).join(', '), '');
  if (target.status === 'error') return [...lines, `**Could not be checked:** ${text(target.error ?? '')}`, ''];
  lines.push(`${plural(target.findings.length, 'finding')}; ${comparedWith(target)}.`, '');
  const fresh = newFindings(target);
  if (fresh.length) lines.push(`### New since the previous run (${fresh.length})`, '', ...fresh.map((f) => `- ${severity(f)} ${ref(f)}: ${text(firstLine(f.message))}`), '');
  if (target.resolved.length) lines.push(`### Resolved since the previous run (${target.resolved.length})`, '', ...target.resolved.map((r) => `- ✔ ${ref(r)}`), '');
  if (target.findings.length) lines.push(...findingsTable(target), '');
  return lines;
}

/**
 * report.md: for an issue, a chat message or $GITHUB_STEP_SUMMARY. Names, values and errors go through
 * escape.ts, so a table keeps one row per finding and no HTML but our own <details> reaches the page.
 */
export function renderNightlyMarkdown(report: NightlyReport): string {
  const overview = report.targets.map((t) => `| ${text(t.name)} | ${ICON[t.status]} ${statusLabel(t)} | ${counts(t).join(' | ')} | ${cell(t.database)} |`);
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
