/** Row-level security switched on for a table (ENABLE), and whether it binds the owner too (FORCE). */
import { z } from 'zod';
import type { CatalogKind } from '../kind.js';
import { PHASES, step, type Difference } from '../model.js';

const rowSecurityObject = z.object({
  table: z.string(),
  /** FORCE ROW LEVEL SECURITY: the table's owner is bound by the policies too. */
  forced: z.boolean(),
});
export type RowSecurity = z.infer<typeof rowSecurityObject>;

const describe = (security: RowSecurity) => (security.forced ? 'enabled and forced' : 'enabled');

export const rowSecurity: CatalogKind<RowSecurity> = {
  kind: 'row_security',
  object: rowSecurityObject,
  read: {
    // One object per table with row-level security on (a table without it has none).
    sql: `
      SELECT coalesce(json_agg(json_build_array(c.relname, c.relforcerowsecurity)), '[]')::text AS data
        FROM pg_class c
       WHERE c.relnamespace = $SCHEMA AND c.relkind IN ('r', 'p') AND (c.relrowsecurity OR c.relforcerowsecurity)`,
    catalogs: ['pg_class'],
    assemble: (rows) => rows.map(([table, forced]) => ({ table: table as string, forced: forced as boolean })),
  },
  ref: (security) => ({ kind: 'row_security', table: security.table, name: 'row level security' }),
  parent: (security) => ({ kind: 'table', name: security.table }),
  noun: (security) => `row-level security on ${security.table}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'Row-level security is disabled on a table where the schema enables it' },
    unexpected: { severity: 'error', summary: 'Row-level security is enabled on a table where the schema does not enable it' },
    mismatch: { severity: 'error', summary: 'Row-level security is forced (or not) differently' },
  },
  create: (security, { names }) => [
    step(PHASES.dependants, names.alterTable(security.table, 'ENABLE ROW LEVEL SECURITY')),
    ...(security.forced ? [step(PHASES.dependants, names.alterTable(security.table, 'FORCE ROW LEVEL SECURITY'))] : []),
  ],
  drop: (security, { names }) => [
    step(PHASES.dependants, names.alterTable(security.table, 'DISABLE ROW LEVEL SECURITY')),
    ...(security.forced ? [step(PHASES.dependants, names.alterTable(security.table, 'NO FORCE ROW LEVEL SECURITY'))] : []),
  ],
  differences(expected, actual, { names }): Difference[] {
    if (expected.forced === actual.forced) return [];
    return [{
      code: 'mismatch',
      message: `row-level security on ${expected.table} is ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: [step(PHASES.dependants, names.alterTable(expected.table, expected.forced ? 'FORCE ROW LEVEL SECURITY' : 'NO FORCE ROW LEVEL SECURITY'))],
    }];
  },
  retarget: (security, renames) => ({ ...security, table: renames.table(security.table) }),
};
