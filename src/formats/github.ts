import { describeAcceptance } from '../baseline/index.js';
import type { CheckResult } from '../check/result.js';
import { collapseUnmigrated, unmigratedAdvice } from '../check/unmigrated.js';
import type { Finding } from '../findings/finding.js';
import { workflowData, workflowProperty } from './escape.js';
import { summaryLine } from './human.js';
import { plural } from './words.js';

function command(kind: 'error' | 'warning' | 'notice', location: Finding['location'], title: string, message: string): string {
  const properties = [...(location ? [`file=${workflowProperty(location.file)}`, `line=${location.line}`] : []), `title=${workflowProperty(title)}`];
  return `::${kind} ${properties.join(',')}::${workflowData(message)}`;
}

/**
 * `--format github`: one annotation per finding, at the line of its model or field in schema.prisma (or its
 * migration.sql); baselined findings as notices, stale baseline entries as warnings on the baseline file. A
 * database that looks unmigrated gets one annotation first, naming its missing objects instead of annotating
 * each (unless `verbose`).
 */
export function renderGithub(result: CheckResult, verbose = false): string {
  const { unmigrated } = result.summary;
  const { listed, missing } = collapseUnmigrated(result, verbose);
  const lines: string[] = [];
  if (unmigrated) {
    const named = missing.map(({ kind, names }) => `\nmissing ${plural(names.length, kind)}: ${names.join(', ')}`).join('');
    lines.push(command(result.summary.failed ? 'error' : 'warning', undefined, 'looks unmigrated', `${unmigratedAdvice(unmigrated)}${named}`));
  }
  for (const finding of listed) {
    lines.push(command(finding.severity, finding.location, `${finding.code} ${finding.path}`, `${finding.message}${finding.fix ? `\nSuggested SQL:\n${finding.fix}` : ''}`));
  }
  for (const finding of result.baselined) {
    lines.push(command('notice', finding.location, `baselined: ${finding.code} ${finding.path}`, `${finding.message}\nAccepted: ${describeAcceptance(finding.baseline)}`));
  }
  for (const entry of result.staleBaseline) {
    lines.push(command('warning', result.baselineFile ? { file: result.baselineFile, line: 1 } : undefined, `stale baseline entry: ${entry.code} ${entry.path}`, 'This entry matches no finding any more: delete it.'));
  }
  lines.push(...result.notes.map((note) => `::notice::${workflowData(note)}`));
  // summaryLine is already one line (its names go through oneLine), so the plain line cannot start a command.
  lines.push(result.summary.drift || result.summary.stale ? `::notice::${workflowData(summaryLine(result))}` : summaryLine(result));
  return `${lines.join('\n')}\n`;
}
