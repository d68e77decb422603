import type { CheckResult } from '../check/result.js';
import { summaryLine } from './human.js';

// GitHub workflow commands: data escapes %, CR, LF; properties also escape : and ,.
const escapeData = (text: string) => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (text: string) => escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');

/** `--format github`: one annotation per finding, at the line of its model or field in schema.prisma. */
export function renderGithub(result: CheckResult): string {
  const lines = result.findings.map((finding) => {
    const properties = [
      ...(finding.location ? [`file=${escapeProperty(finding.location.file)}`, `line=${finding.location.line}`] : []),
      `title=${escapeProperty(`${finding.code} ${finding.path}`)}`,
    ];
    const fix = finding.fix ? `\nSuggested SQL:\n${finding.fix}` : '';
    return `::${finding.severity === 'error' ? 'error' : 'warning'} ${properties.join(',')}::${escapeData(`${finding.message}${fix}`)}`;
  });
  lines.push(result.summary.drift ? `::notice::${escapeData(summaryLine(result))}` : summaryLine(result));
  return `${lines.join('\n')}\n`;
}
