import type { Style } from '../report/style.js';
import { PLATFORM_ADMIN } from './data.js';
import type { SeedReport } from './index.js';

const rows = (count: number) => `${count} row${count === 1 ? '' : 's'}`;

/** The seed's report for a person: one headline, a created/existing line per table, and any generated password. */
export function formatSummary(report: SeedReport, color: Style): string {
  const found = report.tables.reduce((sum, table) => sum + table.existing, 0);
  const headline =
    report.createdRows === 0
      ? color('green', `seed: nothing to do: all ${rows(found)} already exist`)
      : color('green', `seed: created ${rows(report.createdRows)}`) + (found ? `, ${rows(found)} already existed` : '');
  const width = Math.max(...report.tables.map((table) => table.table.length));
  const lines = report.tables.map(
    ({ table, created, existing }) =>
      `  ${table.padEnd(width)}  ${color(created ? 'green' : 'dim', `created ${String(created).padStart(2)}`)}  ${color('dim', `existing ${String(existing).padStart(2)}`)}`,
  );
  const password = report.generatedPassword
    ? ['', color(['bold', 'yellow'], `password of ${PLATFORM_ADMIN.email} (generated; shown only this once, store it now):`), `  ${color('bold', report.generatedPassword)}`]
    : [];
  return [headline, ...lines, ...password, ''].join('\n');
}
