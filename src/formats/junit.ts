import { describeAcceptance } from '../baseline/index.js';
import type { CheckResult } from '../check/result.js';
import type { Finding } from '../findings/finding.js';
import { xmlAttribute as attribute, xmlText as text } from './escape.js';
import { groupByTable } from './human.js';

const HISTORY_TABLE = '_prisma_migrations';

function describe(finding: Finding): string {
  const where = finding.location ? ` (${finding.location.file}:${finding.location.line})` : '';
  return [`${finding.severity} ${finding.code} ${finding.path}${where}`, `  ${finding.message}`, ...(finding.fix ? [`  suggested SQL: ${finding.fix}`] : [])].join('\n');
}

/**
 * `--format junit`: one test case per table, one for the schema's types (enums) and one for the migration
 * history, for CI test dashboards. A case fails with the findings that fail the check (per --fail-on);
 * the others, and baselined ones, are in its system-out.
 */
export function renderJunit(result: CheckResult): string {
  const schema = result.target.schema;
  const failing = (finding: Finding) => finding.severity === 'error' || result.summary.failOn === 'warning';
  const active = groupByTable(result.findings);
  const baselined = groupByTable(result.baselined);
  const keys = [...new Set([...result.tables, ...active.keys(), ...baselined.keys()])].filter((key) => key !== '(schema)' && key !== HISTORY_TABLE).sort();
  const cases: Array<{ key: string; name: string }> = [
    ...keys.map((key) => ({ key, name: `${schema}.${key}` })),
    { key: '(schema)', name: `${schema} (enums and types)` },
    { key: HISTORY_TABLE, name: 'migration history' },
  ];

  let failures = 0;
  let skipped = 0;
  const body = cases.map(({ key, name }) => {
    const findings = active.get(key) ?? [];
    const accepted = baselined.get(key) ?? [];
    const failed = findings.filter(failing);
    const inner: string[] = [];
    if (key === HISTORY_TABLE && !result.historyChecked) {
      skipped += 1;
      inner.push(`      <skipped message="${attribute(result.notes.find((note) => note.includes('migration history')) ?? 'migration history not checked')}"/>`);
    } else if (failed.length) {
      failures += 1;
      const message = failed.length === 1 ? failed[0]!.message : `${failed.length} findings: ${failed.map((f) => f.code).join(', ')}`;
      inner.push(`      <failure message="${attribute(message)}" type="${attribute(failed[0]!.code)}">${text(failed.map(describe).join('\n\n'))}</failure>`);
    }
    const output = [...findings.filter((finding) => !failing(finding)).map(describe), ...accepted.map((finding) => `baselined: ${describe(finding)}\n  accepted: ${describeAcceptance(finding.baseline)}`)];
    if (output.length) inner.push(`      <system-out>${text(output.join('\n\n'))}</system-out>`);
    const open = `    <testcase classname="${attribute(`aiforce-db.${schema}`)}" name="${attribute(name)}"`;
    return inner.length ? `${open}>\n${inner.join('\n')}\n    </testcase>` : `${open}/>`;
  });

  const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
  const suite = `aiforce-db drift check: schema ${schema} of ${result.target.database} against ${result.expected.source}`;
  const notes = result.notes.length ? [`    <system-out>${text(result.notes.join('\n'))}</system-out>`] : [];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="aiforce-db" ${counts}>`,
    `  <testsuite name="${attribute(suite)}" ${counts}>`,
    ...body,
    ...notes,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
