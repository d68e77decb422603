import type { Style } from '../formats/style.js';
import { describeFields } from '../contract/required-rows.js';
import { PLATFORM_ADMIN } from './data.js';
import type { SeedReport } from './index.js';

const rows = (count: number) => `${count} row${count === 1 ? '' : 's'}`;

/**
 * The seed's report for a person: one headline, a created/existing line per table, the existing rows that
 * differ from the spec (kept, never updated), and any generated password.
 */
export function formatSummary(report: SeedReport, color: Style): string {
  const found = report.tables.reduce((sum, table) => sum + table.existing, 0);
  const differing = report.differing.length;
  const headline =
    report.createdRows === 0
      ? differing
        ? color('yellow', `seed: created nothing: all ${rows(found)} already exist, ${differing} of them not as the spec requires`)
        : color('green', `seed: nothing to do: all ${rows(found)} already exist`)
      : color('green', `seed: created ${rows(report.createdRows)}`) + (found ? `, ${rows(found)} already existed` : '');
  const width = Math.max(...report.tables.map((table) => table.table.length));
  const lines = report.tables.map(
    ({ table, created, existing }) =>
      `  ${table.padEnd(width)}  ${color(created ? 'green' : 'dim', `created ${String(created).padStart(2)}`)}  ${color('dim', `existing ${String(existing).padStart(2)}`)}`,
  );
  const kept = differing
    ? [
        color('yellow', `kept ${rows(differing)} that ${differing === 1 ? 'differs' : 'differ'} from the spec (the seed inserts missing rows and never changes existing ones):`),
        ...report.differing.map(({ row, fields }) => `  ${row}: ${describeFields(fields)}`),
        `db:check --data reports ${differing === 1 ? 'it' : 'them'}, and db:check --data --fix-sql prints the UPDATE`,
      ]
    : [];
  const password = report.generatedPassword
    ? ['', color(['bold', 'yellow'], `password of ${PLATFORM_ADMIN.email} (generated; shown only this once, store it now):`), `  ${color('bold', report.generatedPassword)}`]
    : [];
  return [headline, ...lines, ...kept, ...password, ''].join('\n');
}
