import { describeAcceptance } from '../baseline/index.js';
import type { CheckResult } from '../check/result.js';
import type { Finding } from '../findings/finding.js';
import { summaryLine } from './human.js';

// GitHub workflow commands: data escapes %, CR, LF; properties also escape : and ,.
const escapeData = (text: string) => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (text: string) => escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');

function command(kind: 'error' | 'warning' | 'notice', location: Finding['location'], title: string, message: string): string {
  const properties = [...(location ? [`file=${escapeProperty(location.file)}`, `line=${location.line}`] : []), `title=${escapeProperty(title)}`];
  return `::${kind} ${properties.join(',')}::${escapeData(message)}`;
}

/**
 * `--format github`: one annotation per finding, at the line of its model or field in schema.prisma (or its
 * migration.sql); baselined findings as notices, stale baseline entries as warnings on the baseline file.
 */
export function renderGithub(result: CheckResult): string {
  const lines = result.findings.map((finding) =>
    command(finding.severity, finding.location, `${finding.code} ${finding.path}`, `${finding.message}${finding.fix ? `\nSuggested SQL:\n${finding.fix}` : ''}`),
  );
  for (const finding of result.baselined) {
    lines.push(command('notice', finding.location, `baselined: ${finding.code} ${finding.path}`, `${finding.message}\nAccepted: ${describeAcceptance(finding.baseline)}`));
  }
  for (const entry of result.staleBaseline) {
    lines.push(command('warning', result.baselineFile ? { file: result.baselineFile, line: 1 } : undefined, `stale baseline entry: ${entry.code} ${entry.path}`, 'This entry matches no finding any more: delete it.'));
  }
  lines.push(...result.notes.map((note) => `::notice::${escapeData(note)}`));
  lines.push(result.summary.drift || result.summary.stale ? `::notice::${escapeData(summaryLine(result))}` : summaryLine(result));
  return `${lines.join('\n')}\n`;
}
