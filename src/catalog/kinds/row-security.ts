/** Row-level security switched on for a table (ENABLE), and whether it binds the owner too (FORCE). */
import * as z from 'zod';
import type { CatalogKind } from '../kind.js';
import { PHASES, step, type Difference, type FixStep } from '../model.js';
import type { SqlNames } from '../sql.js';

const rowSecurityObject = z.lazy(() => z.object({
  table: z.string(),
  /** ENABLE ROW LEVEL SECURITY: the table's policies apply. */
  enabled: z.boolean(),
  /** FORCE ROW LEVEL SECURITY: the table's owner is bound by the policies too (once enabled). */
  forced: z.boolean(),
}));
export type RowSecurity = z.infer<typeof rowSecurityObject>;

const describe = (security: RowSecurity) => (security.enabled ? (security.forced ? 'enabled and forced' : 'enabled') : 'forced but not enabled');

/** The statements that take a table's row-level security from `from` to `to`. */
function switches(table: string, from: Omit<RowSecurity, 'table'>, to: Omit<RowSecurity, 'table'>, names: SqlNames): FixStep[] {
  return [
    ...(from.enabled === to.enabled ? [] : [step(PHASES.dependants, names.alterTable(table, `${to.enabled ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`))]),
    ...(from.forced === to.forced ? [] : [step(PHASES.dependants, names.alterTable(table, `${to.forced ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY`))]),
  ];
}

const off = { enabled: false, forced: false };

export const rowSecurity: CatalogKind<RowSecurity> = {
  kind: 'row_security',
  object: rowSecurityObject,
  read: {
    // One object per table with row-level security enabled or forced (a table with neither has none).
    sql: `
      SELECT coalesce(json_agg(json_build_array(c.relname, c.relrowsecurity, c.relforcerowsecurity)), '[]')::text AS data
        FROM pg_class c
       WHERE c.relnamespace = $SCHEMA AND c.relkind IN ('r', 'p') AND (c.relrowsecurity OR c.relforcerowsecurity)`,
    catalogs: ['pg_class'],
    assemble: (rows) => rows.map(([table, enabled, forced]) => ({ table: table as string, enabled: enabled as boolean, forced: forced as boolean })),
  },
  ref: (security) => ({ kind: 'row_security', table: security.table, name: 'row level security' }),
  parent: (security) => ({ kind: 'table', name: security.table }),
  noun: (security) => `row-level security on ${security.table}`,
  describe,
  absence: {
    missing: (security, { actualLabel }) => `row-level security is off for table ${security.table} in ${actualLabel}`,
    unexpected: (security, { actualLabel, expectedLabel }) => `row-level security is on for table ${security.table} in ${actualLabel} but not in ${expectedLabel}`,
  },
  codes: {
    missing: { severity: 'error', summary: 'Row-level security is off on a table where the schema turns it on' },
    unexpected: { severity: 'error', summary: 'Row-level security is on for a table where the schema leaves it off' },
    mismatch: { severity: 'error', summary: 'Row-level security is enabled or forced differently' },
  },
  create: (security, { names }) => switches(security.table, off, security, names),
  drop: (security, { names }) => switches(security.table, security, off, names),
  differences(expected, actual, { names }): Difference[] {
    if (expected.enabled === actual.enabled && expected.forced === actual.forced) return [];
    return [{
      code: 'mismatch',
      message: `row-level security on ${expected.table} is ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: switches(expected.table, actual, expected, names),
    }];
  },
  retarget: (security, renames) => ({ ...security, table: renames.table(security.table) }),
};
