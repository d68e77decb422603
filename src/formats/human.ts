import { describeAcceptance } from '../baseline/index.js';
import type { CheckResult } from '../check/result.js';
import { collapseUnmigrated, unmigratedAdvice } from '../check/unmigrated.js';
import type { Finding } from '../findings/finding.js';
import { oneLine } from './escape.js';
import { style, type Style } from './style.js';
import { plural, SEED_COMMAND } from './words.js';

export interface HumanOptions {
  /** Colours on or off (colorsOn: Node's decision for the output stream). */
  color: boolean;
  /** Print the suggested SQL under each finding. */
  fixes?: boolean;
  /** List every finding of a database that looks unmigrated, instead of naming the missing objects. */
  verbose?: boolean;
}

/** Groups findings by table (enums and the like under their own heading). */
export function groupByTable<T extends Finding>(findings: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const finding of findings) {
    const key = finding.table ?? '(schema)';
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  return groups;
}


/** `names` joined by commas over lines of about `width` characters, each line starting with `indent`. */
function wrapNames(names: readonly string[], indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const [index, name] of names.entries()) {
    const word = `${oneLine(name)}${index < names.length - 1 ? ',' : ''}`;
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(`${indent}${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, `${indent}${line}`] : lines;
}

/**
 * The default report: a database that looks unmigrated first says so (and names the missing objects instead
 * of listing them, unless --verbose), then findings grouped by table, the baselined ones (never hidden), stale
 * baseline entries, the notes, a one-line summary and the next step. Every name and value goes through
 * oneLine: no line break or terminal escape sequence from the database reaches the terminal.
 */
export function renderHuman(result: CheckResult, options: HumanOptions): string {
  const c = style(options.color);
  const lines: string[] = [];
  const { unmigrated } = result.summary;
  const { listed, missing } = collapseUnmigrated(result, options.verbose ?? false);
  if (unmigrated) {
    lines.push(c(['bold', 'yellow'], oneLine(unmigratedAdvice(unmigrated))));
    for (const { kind, names } of missing) lines.push(`  missing ${plural(names.length, kind)}:`, ...wrapNames(names, '    '));
    if (missing.length) lines.push(c('dim', '  (--verbose lists them one by one, with their SQL)'));
    lines.push('');
  }
  const findingLines = (finding: Finding, mark: string) => {
    const where = finding.location ? c('dim', `  ${oneLine(finding.location.file)}:${finding.location.line}`) : '';
    lines.push(`  ${mark} ${c('cyan', finding.code.padEnd(26))} ${oneLine(finding.path)}${where}`, `      ${oneLine(finding.message)}`);
  };
  for (const [table, findings] of groupByTable(listed)) {
    lines.push(c('bold', oneLine(table === '(schema)' ? `${result.target.schema} (types)` : `${result.target.schema}.${table}`)));
    for (const finding of findings) {
      findingLines(finding, finding.severity === 'error' ? c('red', '✖ error  ') : c('yellow', '▲ warning'));
      if (options.fixes !== false && finding.fix) lines.push(...finding.fix.split('\n').map((sql) => c('dim', `      ${oneLine(sql)}`)));
    }
    lines.push('');
  }
  if (result.baselined.length) {
    lines.push(c('bold', `baselined (accepted in ${oneLine(result.baselineFile ?? '')}; reported, not failing)`));
    for (const finding of result.baselined) {
      findingLines(finding, c('dim', '◌ baselined'));
      lines.push(c('dim', `      accepted: ${oneLine(describeAcceptance(finding.baseline))}`));
    }
    lines.push('');
  }
  if (result.staleBaseline.length) {
    lines.push(c(['bold', 'yellow'], `stale baseline entries (they match nothing any more: delete them from ${oneLine(result.baselineFile ?? '')})`));
    for (const entry of result.staleBaseline) lines.push(`  ${c('yellow', '▲ stale')} ${c('cyan', entry.code.padEnd(26))} ${oneLine(entry.path)}  ${c('dim', oneLine(describeAcceptance(entry)))}`);
    lines.push('');
  }
  for (const note of result.notes) lines.push(c('dim', `note: ${oneLine(note)}`));
  lines.push(summaryLine(result, c));
  const next = nextStep(result);
  if (next) lines.push(c('bold', `next: ${oneLine(next)}`));
  return `${lines.join('\n')}\n`;
}

/**
 * What to do after reading the report: migrate a database that looks unmigrated; otherwise insert missing
 * seed rows, review the fix script when there is one, and accept failing drift into the baseline.
 */
function nextStep(result: CheckResult): string | undefined {
  const { summary, findings } = result;
  if (summary.unmigrated) return summary.unmigrated.nextStep;
  const actions = [
    ...(findings.some((finding) => finding.code === 'data.missing') ? [`insert the missing rows with ${SEED_COMMAND}`] : []),
    ...(findings.some((finding) => finding.fixSteps?.length) ? ['print the suggested SQL as one script with --fix-sql and review it before running it'] : []),
  ];
  const accept = summary.failed ? 'accept the drift with --update-baseline --reason "why it is accepted"' : '';
  if (!actions.length) return accept || undefined;
  return accept ? `${actions.join(', and ')}; or ${accept}` : actions.join(', and ');
}

export function summaryLine(result: CheckResult, c: Style = style(false)): string {
  const { summary, target, expected } = result;
  const scope = oneLine(`${summary.tables} tables, ${summary.columns} columns, ${summary.enums} enums in schema ${target.schema} (PostgreSQL ${target.serverVersion}) against ${expected.source}`);
  const extra = [
    ...(summary.baselined ? [`${summary.baselined} baselined`] : []),
    ...(summary.stale ? [plural(summary.stale, 'stale baseline entry', 'stale baseline entries')] : []),
  ];
  if (!summary.drift) {
    const line = `✔ no drift${extra.length ? ` (${extra.join(', ')})` : ''}: ${scope}`;
    return summary.failed ? c('yellow', line.replace('✔', '▲')) : c('green', line);
  }
  const counts = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning'), ...extra].join(', ');
  return c(summary.failed ? 'red' : 'yellow', `${summary.failed ? '✖' : '▲'} drift: ${counts}; ${scope}`);
}
