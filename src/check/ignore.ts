import { globRegExp } from '../findings/glob.js';

/** Tables that are bookkeeping, not schema: ignored unless asked for. */
export const DEFAULT_IGNORES = ['_prisma_migrations'];

/** `--ignore` patterns: `table` or `table.column`, with `*` as a wildcard within one name. */
export function ignoreMatcher(patterns: string[]): { table(name: string): boolean; column(table: string, column: string): boolean } {
  const tables = patterns.filter((p) => !p.includes('.')).map(globRegExp);
  const columns = patterns.filter((p) => p.includes('.')).map(globRegExp);
  return {
    table: (name) => tables.some((re) => re.test(name)),
    column: (table, column) => columns.some((re) => re.test(`${table}.${column}`)),
  };
}
