// Row-level security policies: identity, wording, the mismatch and its fix, create/drop SQL, renamed tables and
// columns, and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalog, findingsOf, fixScript, onlyFinding, policy, producesEveryCode, table, attributesOf, NEWEST_SERVER, renameTable } from '../../../test/support/catalog.js';
import { PHASES, refPath } from '../model.js';
import { policies, type Policy } from './policies.js';

const base = catalog();
const tenant = policy('users', 'tenant', { command: 'UPDATE', permissive: false, roles: ['Reader', 'app'], using: '(team_id IS NOT NULL)', check: '(email IS NOT NULL)' });
const withPolicies = (...list: Policy[]) => catalog({ policies: list });

describe('policies: what behaves the same', () => {
  it('takes FOR ALL or UPDATE without WITH CHECK for the same with WITH CHECK as USING; not for other commands or expressions', () => {
    const using = '(team_id IS NOT NULL)';
    for (const command of ['ALL', 'UPDATE'] as const) {
      expect(findingsOf(withPolicies(policy('users', 'p', { command, using, check: using })), withPolicies(policy('users', 'p', { command, using, check: null })))).toEqual([]);
    }
    expect(findingsOf(withPolicies(policy('users', 'p', { using, check: '(id > 0)' })), withPolicies(policy('users', 'p', { using, check: null })))).toEqual(['policy.mismatch public.users.p']);
    expect(findingsOf(withPolicies(policy('users', 'p', { command: 'INSERT', check: using })), withPolicies(policy('users', 'p', { command: 'INSERT', check: null })))).toEqual(['policy.mismatch public.users.p']);
  });
});

describe('policies: identity and wording', () => {
  it('is identified by its table and name, and covered by its table', () => {
    expect(policies.ref(tenant)).toEqual({ kind: 'policy', table: 'users', name: 'tenant' });
    expect(refPath('public', policies.ref(tenant))).toBe('public.users.tenant');
    expect(refPath('public', policies.ref({ ...tenant, name: 'tenant isolation' }))).toBe('public.users."tenant isolation"');
    expect(policies.parent!(tenant)).toEqual({ kind: 'table', name: 'users' });
  });

  it('is called "policy <name> on <table>" and described by its clauses', () => {
    expect(policies.noun(tenant)).toBe('policy tenant on users');
    expect(policies.describe(tenant)).toBe('AS RESTRICTIVE FOR UPDATE TO Reader, app USING ((team_id IS NOT NULL)) WITH CHECK ((email IS NOT NULL))');
    expect(policies.describe(policy('users', 'all'))).toBe('AS PERMISSIVE FOR ALL TO PUBLIC');
  });
});

describe('policies: missing and unexpected', () => {
  it('creates a missing policy after row-level security is switched on, quoting roles and names', () => {
    const finding = onlyFinding(withPolicies(tenant), base);
    expect(finding).toMatchObject({ code: 'policy.missing', path: 'public.users.tenant', message: 'policy tenant on users is missing from the database', expected: policies.describe(tenant), actual: null });
    expect(finding.fixSteps).toEqual([
      {
        phase: PHASES.dependants,
        sql: 'CREATE POLICY tenant ON public.users AS RESTRICTIVE FOR UPDATE TO "Reader", app USING ((team_id IS NOT NULL)) WITH CHECK ((email IS NOT NULL));',
        order: 2,
      },
    ]);
    const odd = catalog({ tables: [...base.tables, table('Odd Table')] });
    expect(onlyFinding({ ...odd, policies: [policy('Odd Table', 'Select', { command: 'SELECT', roles: ['PUBLIC', 'user'], using: 'true' })] }, odd).fix).toBe(
      'CREATE POLICY "Select" ON public."Odd Table" AS PERMISSIVE FOR SELECT TO PUBLIC, "user" USING (true);',
    );
  });

  it('creates a policy with the table that carries it', () => {
    const expected = catalog({ tables: [...base.tables, table('notes')], policies: [policy('notes', 'own', { using: 'true' })], rowSecurity: [{ table: 'notes', enabled: true, forced: false }] });
    expect(findingsOf(expected, base)).toEqual(['table.missing public.notes']);
    expect(fixScript(expected, base)).toEqual([
      'CREATE TABLE public.notes (\n\n);',
      'ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;',
      'CREATE POLICY own ON public.notes AS PERMISSIVE FOR ALL TO PUBLIC USING (true);',
    ]);
  });

  it('drops an unexpected policy first', () => {
    const finding = onlyFinding(base, withPolicies(tenant));
    expect(finding).toMatchObject({ code: 'policy.unexpected', severity: 'error', message: 'policy tenant on users exists in the database but not in the schema', expected: null });
    expect(finding.fixSteps).toEqual([{ phase: PHASES.dropDependants, sql: 'DROP POLICY tenant ON public.users;' }]);
  });
});

describe('policies: mismatch', () => {
  it('creates a policy with other roles, mode or expressions again', () => {
    const changed = { ...tenant, permissive: true, roles: ['PUBLIC'], check: null };
    const finding = onlyFinding(withPolicies(tenant), withPolicies(changed));
    expect(finding).toMatchObject({
      code: 'policy.mismatch',
      message: 'policy tenant on users is AS PERMISSIVE TO PUBLIC without WITH CHECK, expected AS RESTRICTIVE TO Reader, app WITH CHECK ((email IS NOT NULL))',
      expected: 'AS RESTRICTIVE FOR UPDATE TO Reader, app USING ((team_id IS NOT NULL)) WITH CHECK ((email IS NOT NULL))',
      actual: 'AS PERMISSIVE FOR UPDATE TO PUBLIC USING ((team_id IS NOT NULL))',
    });
    expect(onlyFinding(withPolicies({ ...tenant, using: null }), withPolicies(tenant)).message).toBe('policy tenant on users is USING ((team_id IS NOT NULL)), expected without USING');
    expect(fixScript(withPolicies(tenant), withPolicies(changed))).toEqual([
      'DROP POLICY tenant ON public.users;',
      'CREATE POLICY tenant ON public.users AS RESTRICTIVE FOR UPDATE TO "Reader", app USING ((team_id IS NOT NULL)) WITH CHECK ((email IS NOT NULL));',
    ]);
  });

  it('gives a policy it creates again its comment back', () => {
    const comment = { target: { kind: 'policy' as const, table: 'users', name: 'tenant' }, text: 'one tenant' };
    const script = fixScript(catalog({ policies: [tenant], comments: [comment] }), catalog({ policies: [{ ...tenant, roles: ['app'] }], comments: [comment] }));
    expect(script.at(-1)).toBe("COMMENT ON POLICY tenant ON public.users IS 'one tenant';");
  });

  it('compares the policies of a renamed table, and over a renamed column, under the new names', () => {
    const renamedTable = renameTable(base, 'users', 'people', { policies: [{ ...tenant, table: 'people' }] });
    expect(findingsOf(withPolicies(tenant), renamedTable)).toEqual(['table.renamed public.users']);
    const renamedColumn = catalog({
      columns: base.columns.map((entry) => (entry.name === 'email' ? { ...entry, name: 'Mail' } : entry)),
      indexes: base.indexes.map((entry) => ({ ...entry, definition: '("Mail")', columns: ['Mail'] })),
      policies: [{ ...tenant, check: '("Mail" IS NOT NULL)' }],
    });
    expect(findingsOf(withPolicies(tenant), renamedColumn)).toEqual(['column.renamed public.users.email']);
  });
});

describe('policies: catalog rows', () => {
  it('assembles rows as the query returns them', () => {
    const rows = [
      ['users', 'tenant', 'w', false, ['Reader', 'app'], '(team_id IS NOT NULL)', '(email IS NOT NULL)'],
      ['users', 'all', '*', true, ['PUBLIC'], null, null],
      ['users', 'readers', 'r', true, ['app'], 'true', null],
      ['users', 'adders', 'a', true, ['app'], null, 'true'],
      ['users', 'removers', 'd', true, ['app'], 'true', null],
    ];
    expect(policies.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([
      tenant,
      policy('users', 'all'),
      policy('users', 'readers', { command: 'SELECT', roles: ['app'], using: 'true' }),
      policy('users', 'adders', { command: 'INSERT', roles: ['app'], check: 'true' }),
      policy('users', 'removers', { command: 'DELETE', roles: ['app'], using: 'true' }),
    ]);
  });
});

describe('policies: codes', () => {
  producesEveryCode(policies, {
    missing: [withPolicies(tenant), base],
    unexpected: [base, withPolicies(tenant)],
    mismatch: [withPolicies(tenant), withPolicies({ ...tenant, using: null })],
  });
});
