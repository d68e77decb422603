import type { IgnoreMatcher } from '../catalog/ignore.js';
import { matchesNames, parsePattern } from '../findings/pattern.js';

/** Prisma Migrate's history table. */
export const MIGRATION_TABLE = '_prisma_migrations';

/** Tables that are bookkeeping, not schema: ignored unless asked for. */
export const DEFAULT_IGNORES = [MIGRATION_TABLE];

/** `--ignore` patterns: `table` or `table.column` (see findings/pattern.ts; `"my table"` quotes a name). */
export function ignoreMatcher(patterns: string[]): IgnoreMatcher {
  const parsed = patterns.map(parsePattern);
  const tablePatterns = parsed.filter((pattern) => pattern.segments.length === 1);
  const columnPatterns = parsed.filter((pattern) => pattern.segments.length === 2);
  // Asked for every object of both catalogs, mostly about the same few thousand tables: each name is matched once.
  const tables = new Map<string, boolean>();
  return {
    table: (name) => {
      let answer = tables.get(name);
      if (answer === undefined) tables.set(name, (answer = tablePatterns.some((pattern) => matchesNames(pattern, [name]))));
      return answer;
    },
    column: (table, column) => columnPatterns.some((pattern) => matchesNames(pattern, [table, column])),
  };
}
