/** Row-level security policies: command, roles, permissive or restrictive, USING and WITH CHECK. */
import * as z from 'zod';
import { rebuild, type CatalogKind } from '../kind.js';
import { PHASES, step, type Difference } from '../model.js';
import { differingClauses } from './clauses.js';

const policyObject = z.lazy(() => z.object({
  table: z.string(),
  name: z.string(),
  command: z.enum(['ALL', 'SELECT', 'INSERT', 'UPDATE', 'DELETE']),
  permissive: z.boolean(),
  /** Role names, sorted; PUBLIC for everyone. */
  roles: z.array(z.string()),
  /** The USING expression, as pg_get_expr() prints it, or null. */
  using: z.string().nullable(),
  /** The WITH CHECK expression, or null. */
  check: z.string().nullable(),
}));
export type Policy = z.infer<typeof policyObject>;

const COMMANDS = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' } as const;

/** One clause per aspect; an absent expression as `without USING` (for messages) or left out (for SQL). */
const aspects = (policy: Policy, role: (name: string) => string) => [
  `AS ${policy.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'}`,
  `FOR ${policy.command}`,
  `TO ${policy.roles.map((name) => (name === 'PUBLIC' ? name : role(name))).join(', ')}`,
  policy.using === null ? 'without USING' : `USING (${policy.using})`,
  policy.check === null ? 'without WITH CHECK' : `WITH CHECK (${policy.check})`,
];
const clauses = (policy: Policy, role: (name: string) => string) =>
  aspects(policy, role)
    .filter((clause) => !clause.startsWith('without '))
    .join(' ');

/** A policy FOR ALL or UPDATE without WITH CHECK checks new rows with its USING: the same as writing it twice. */
const asEnforced = (policy: Policy): Policy =>
  policy.check === null && policy.using !== null && (policy.command === 'ALL' || policy.command === 'UPDATE') ? { ...policy, check: policy.using } : policy;

const plain = (name: string) => name;
const describe = (policy: Policy) => clauses(policy, plain);

export const policies: CatalogKind<Policy> = {
  kind: 'policy',
  object: policyObject,
  read: {
    sql: `
      SELECT coalesce(json_agg(json_build_array(
               c.relname, p.polname, p.polcmd, p.polpermissive,
               ARRAY(SELECT DISTINCT CASE WHEN r.oid = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r.oid) END FROM unnest(p.polroles) AS r(oid) ORDER BY 1),
               pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))), '[]')::text AS data
        FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
       WHERE c.relnamespace = $SCHEMA`,
    present: `EXISTS (SELECT FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE c.relnamespace = $SCHEMA)`,
    catalogs: ['pg_policy', 'pg_class'],
    functions: ['pg_get_expr', 'pg_get_userbyid'],
    assemble: (rows) =>
      rows.map(([table, name, command, permissive, roles, using, check]) => ({
        table: table as string,
        name: name as string,
        command: COMMANDS[command as keyof typeof COMMANDS],
        permissive: permissive as boolean,
        roles: roles as string[],
        using: using as string | null,
        check: check as string | null,
      })),
  },
  ref: (policy) => ({ kind: 'policy', table: policy.table, name: policy.name }),
  parent: (policy) => ({ kind: 'table', name: policy.table }),
  noun: (policy) => `policy ${policy.name} on ${policy.table}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'A row-level security policy the schema expects does not exist' },
    unexpected: { severity: 'error', summary: 'A row-level security policy exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'A policy has another command, roles, mode, USING or WITH CHECK expression' },
  },
  create: (policy, { names }) => [step(PHASES.dependants, `CREATE POLICY ${names.ident(policy.name)} ON ${names.qualified(policy.table)} ${clauses(policy, (name) => names.ident(name))};`, 2)],
  drop: (policy, { names }) => [step(PHASES.dropDependants, `DROP POLICY ${names.ident(policy.name)} ON ${names.qualified(policy.table)};`)],
  differences(expected, actual, context): Difference[] {
    if (describe(asEnforced(expected)) === describe(asEnforced(actual))) return [];
    return [{
      code: 'mismatch',
      message: `policy ${expected.name} on ${expected.table} is ${differingClauses(aspects(expected, plain), aspects(actual, plain))}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: rebuild(policies, actual, expected, context),
    }];
  },
  retarget: (policy, renames) => {
    const table = renames.table(policy.table);
    const rewrite = (text: string | null) => (text === null ? null : renames.expression(table, text));
    return { ...policy, table, using: rewrite(policy.using), check: rewrite(policy.check) };
  },
};
