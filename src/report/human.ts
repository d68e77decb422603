import { Chalk, type ChalkInstance } from 'chalk';
import type { CheckResult } from '../check/result.js';
import type { Finding } from '../findings/finding.js';

export interface HumanOptions {
  /** Colors on (a terminal without NO_COLOR) or off (piped, NO_COLOR). */
  color: boolean;
  /** Print the suggested SQL under each finding. */
  fixes?: boolean;
}

/** Groups findings by table (enums and the like under their own heading). */
export function groupByTable(findings: Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = finding.table ?? '(schema)';
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  return groups;
}

/** The default report: findings grouped by table, then a one-line summary. */
export function renderHuman(result: CheckResult, options: HumanOptions): string {
  const c: ChalkInstance = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  for (const [table, findings] of groupByTable(result.findings)) {
    lines.push(c.bold(table === '(schema)' ? `${result.target.schema} (types)` : `${result.target.schema}.${table}`));
    for (const finding of findings) {
      const mark = finding.severity === 'error' ? c.red('✖ error  ') : c.yellow('▲ warning');
      const where = finding.location ? c.dim(`  ${finding.location.file}:${finding.location.line}`) : '';
      lines.push(`  ${mark} ${c.cyan(finding.code.padEnd(26))} ${finding.path}${where}`);
      lines.push(`      ${finding.message}`);
      if (options.fixes !== false && finding.fix) lines.push(...finding.fix.split('\n').map((sql) => c.dim(`      ${sql}`)));
    }
    lines.push('');
  }
  lines.push(summaryLine(result, c));
  return `${lines.join('\n')}\n`;
}

export function summaryLine(result: CheckResult, c: ChalkInstance = new Chalk({ level: 0 })): string {
  const { summary, target, expected } = result;
  const scope = `${summary.tables} tables, ${summary.columns} columns, ${summary.enums} enums in schema ${target.schema} (PostgreSQL ${target.serverVersion}) against ${expected.source}`;
  if (!summary.drift) return c.green(`✔ no drift: ${scope}`);
  const counts = `${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`;
  return (summary.errors ? c.red : c.yellow)(`${summary.errors ? '✖' : '▲'} drift: ${counts}; ${scope}`);
}
