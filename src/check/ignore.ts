import type { IgnoreMatcher } from '../catalog/ignore.js';
import { matchesNames, parsePattern } from '../findings/pattern.js';

/** Prisma Migrate's history table. */
export const MIGRATION_TABLE = '_prisma_migrations';

/** Tables that are bookkeeping, not schema: ignored unless asked for. */
export const DEFAULT_IGNORES = [MIGRATION_TABLE];

/** `--ignore` patterns: `table` or `table.column` (see findings/pattern.ts; `"my table"` quotes a name). */
export function ignoreMatcher(patterns: string[]): IgnoreMatcher {
  const parsed = patterns.map(parsePattern);
  return {
    table: (name) => parsed.some((pattern) => matchesNames(pattern, [name])),
    column: (table, column) => parsed.some((pattern) => matchesNames(pattern, [table, column])),
  };
}
