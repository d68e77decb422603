// The spec contract's tenant-isolation rule and its folding into catalog findings, on hand-built catalogs.
import { describe, expect, it } from 'vitest';
import { catalog, column, table } from '../../test/support/catalog.js';
import { compareCatalogs } from '../catalog/compare.js';
import type { Policy } from '../catalog/kinds/policies.js';
import type { Privilege } from '../catalog/kinds/privileges.js';
import type { Catalog } from '../catalog/registry.js';
import { foldContractFindings } from './check-contract.js';
import type { TenantIsolationRule } from './contract.js';
import { checkTenantIsolation, conjuncts } from './tenant-isolation.js';

const rule: TenantIsolationRule = {
  role: 'aiforce_tenant',
  policy: 'tenant_isolation',
  tenantColumn: 'client_account_id',
  tenantSetting: 'aiforce.client_account_id',
  engagementColumn: 'engagement_id',
  engagementSetting: 'aiforce.engagement_id',
  childTables: { note_links: { note_id: 'notes' } },
  tablePrivileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  schemaPrivileges: ['USAGE'],
};

const TENANT = "(client_account_id = (NULLIF(current_setting('aiforce.client_account_id'::text, true), ''::text))::uuid)";
const ENGAGEMENT = "COALESCE((engagement_id = (NULLIF(current_setting('aiforce.engagement_id'::text, true), ''::text))::uuid), true)";
const policy = (tableName: string, expression: string, extra: Partial<Policy> = {}): Policy => ({
  table: tableName,
  name: 'tenant_isolation',
  command: 'ALL',
  permissive: true,
  roles: ['aiforce_tenant'],
  using: expression,
  check: expression,
  ...extra,
});
const grant = (target: Privilege['target'], privileges: string[]): Privilege => ({ target, grantee: 'aiforce_tenant', privileges, grantable: [] });

/** users and teams (no tenant), notes (a tenant table with an engagement) and note_links (a child of notes), isolated. */
function isolated(): Catalog {
  const base = catalog();
  return {
    ...base,
    tables: [...base.tables, table('notes'), table('note_links')],
    columns: [
      ...base.columns,
      column('notes', 'id', 'uuid', { nullable: false }),
      column('notes', 'client_account_id', 'uuid', { nullable: false }),
      column('notes', 'engagement_id', 'uuid'),
      column('note_links', 'id', 'uuid', { nullable: false }),
      column('note_links', 'note_id', 'uuid', { nullable: false }),
    ],
    rowSecurity: [{ table: 'note_links', enabled: true, forced: false }, { table: 'notes', enabled: true, forced: false }],
    policies: [
      policy('note_links', '(EXISTS ( SELECT 1\n   FROM notes p\n  WHERE (p.id = note_links.note_id)))'),
      policy('notes', `(${TENANT} AND ${ENGAGEMENT})`),
    ],
    privileges: [
      grant({ kind: 'schema', name: '' }, ['USAGE']),
      grant({ kind: 'table', name: 'note_links' }, ['DELETE', 'INSERT', 'SELECT', 'UPDATE']),
      grant({ kind: 'table', name: 'notes' }, ['DELETE', 'INSERT', 'SELECT', 'UPDATE']),
    ],
  };
}

const findingsOf = (actual: Catalog, expected = isolated()) => checkTenantIsolation(rule, actual, 'public', { expected });

describe('the tenant-isolation rule', () => {
  it('holds for isolated tenant tables, and says nothing about tables without a tenant', () => {
    expect(findingsOf(isolated())).toEqual([]);
  });

  it('names the table without row-level security, and enables it', () => {
    const actual = { ...isolated(), rowSecurity: [{ table: 'note_links', enabled: true, forced: false }] };
    expect(findingsOf(actual).map((f) => [f.code, f.severity, f.path, f.table, f.fix])).toEqual([
      ['contract.tenant_isolation', 'error', 'public.notes."row level security"', 'notes', 'ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;'],
    ]);
    // FORCE without ENABLE applies no policy either.
    const forcedOnly = { ...isolated(), rowSecurity: [{ table: 'note_links', enabled: true, forced: false }, { table: 'notes', enabled: false, forced: true }] };
    expect(findingsOf(forcedOnly).map((f) => [f.path, f.actual, f.fix])).toEqual([['public.notes."row level security"', 'forced but not enabled', 'ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;']]);
  });

  it("restores a dropped policy as the lock defines it, or as documented when the lock has none", () => {
    const actual = { ...isolated(), policies: isolated().policies.filter((p) => p.table !== 'notes') };
    const [fromLock] = findingsOf(actual);
    expect(fromLock).toMatchObject({ path: 'public.notes.tenant_isolation', message: 'tenant table notes has no policy tenant_isolation for aiforce_tenant' });
    expect(fromLock!.fix).toBe(`CREATE POLICY tenant_isolation ON public.notes AS PERMISSIVE FOR ALL TO aiforce_tenant USING ((${TENANT} AND ${ENGAGEMENT})) WITH CHECK ((${TENANT} AND ${ENGAGEMENT}));`);
    const [documented] = findingsOf(actual, actual);
    expect(documented!.fix).toBe(
      "CREATE POLICY tenant_isolation ON public.notes AS PERMISSIVE FOR ALL TO aiforce_tenant USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true)) WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));",
    );
  });

  it.each<[string, Partial<Policy>, string]>([
    ['a USING that ignores the tenant', { using: 'true' }, 'its USING expression does not compare client_account_id with the setting aiforce.client_account_id, engagement_id with the setting aiforce.engagement_id'],
    ['a WITH CHECK that ignores the engagement', { check: TENANT }, 'its WITH CHECK expression does not compare engagement_id with the setting aiforce.engagement_id'],
    [
      'a USING that only names the tenant column and the setting',
      { using: "((client_account_id IS NOT NULL) OR (current_setting('aiforce.client_account_id'::text, true) IS NOT NULL))" },
      'its USING expression does not compare client_account_id with the setting aiforce.client_account_id, engagement_id with the setting aiforce.engagement_id',
    ],
    [
      'a comparison widened by OR',
      { using: `((client_account_id = (NULLIF(current_setting('aiforce.client_account_id'::text, true), ''::text))::uuid) OR true) AND ${ENGAGEMENT}` },
      'its USING expression does not compare client_account_id with the setting aiforce.client_account_id',
    ],
    [
      'a column compared with itself through the setting',
      { using: `(client_account_id = COALESCE((current_setting('aiforce.client_account_id'::text, true))::uuid, client_account_id)) AND ${ENGAGEMENT}` },
      'its USING expression does not compare client_account_id with the setting aiforce.client_account_id',
    ],
    ['a policy for another role', { roles: ['someone_else'] }, 'it does not apply to aiforce_tenant'],
    ['a policy for SELECT only', { command: 'SELECT' }, 'it is FOR SELECT, not FOR ALL'],
    ['a restrictive policy', { permissive: false }, 'it is RESTRICTIVE, which grants nothing on its own'],
  ])('finds %s', (_case, change, problem) => {
    const actual = { ...isolated(), policies: isolated().policies.map((p) => (p.table === 'notes' ? { ...p, ...change } : p)) };
    const [finding] = findingsOf(actual);
    expect(finding!.message).toBe(`policy tenant_isolation on tenant table notes does not isolate tenants: ${problem}`);
    expect(finding!.fix).toMatch(/^DROP POLICY tenant_isolation ON public\.notes;\nCREATE POLICY tenant_isolation ON public\.notes /);
  });

  it('accepts a policy without WITH CHECK (PostgreSQL checks written rows with USING), and requires a child table to go through its parent', () => {
    const withoutCheck = { ...isolated(), policies: isolated().policies.map((p) => ({ ...p, check: null })) };
    expect(findingsOf(withoutCheck)).toEqual([]);
    const unscoped = { ...isolated(), policies: isolated().policies.map((p) => (p.table === 'note_links' ? { ...p, using: 'true', check: 'true' } : p)) };
    expect(findingsOf(unscoped).map((f) => f.message)).toEqual([
      'policy tenant_isolation on tenant table note_links does not isolate tenants: its USING expression does not compare note_id with its notes row; its WITH CHECK expression does not compare note_id with its notes row',
    ]);
  });

  it('finds a permissive policy that widens the tenant policy for the role', () => {
    const open = policy('notes', 'true', { name: 'open', command: 'SELECT', roles: ['PUBLIC'], check: null });
    const restrictive = policy('notes', 'true', { name: 'narrower', permissive: false });
    const actual = { ...isolated(), policies: [...isolated().policies, open, restrictive] };
    expect(findingsOf(actual).map((f) => `${f.path} ${f.fix}`)).toEqual(['public.notes.open DROP POLICY open ON public.notes;']);
  });

  it('holds the role to exactly its documented privileges, on tenant tables, the schema and nothing else', () => {
    const actual = {
      ...isolated(),
      privileges: [
        grant({ kind: 'schema', name: '' }, ['CREATE', 'USAGE']),
        grant({ kind: 'table', name: 'notes' }, ['INSERT', 'SELECT', 'TRUNCATE', 'UPDATE']),
        grant({ kind: 'column', table: 'users', name: 'email' }, ['SELECT']),
        { target: { kind: 'table', name: 'users' }, grantee: 'app_reader', privileges: ['SELECT'], grantable: [] },
      ] satisfies Privilege[],
    };
    expect(findingsOf(actual).map((f) => `${f.path}: ${f.message} | ${f.fix}`).sort()).toEqual([
      'public.note_links[grant to aiforce_tenant]: aiforce_tenant holds nothing on tenant table note_links: the spec contract grants it DELETE, INSERT, SELECT, UPDATE | GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE public.note_links TO aiforce_tenant;',
      'public.notes[grant to aiforce_tenant]: aiforce_tenant holds INSERT, SELECT, TRUNCATE, UPDATE on tenant table notes, but the spec contract grants exactly DELETE, INSERT, SELECT, UPDATE | GRANT DELETE ON TABLE public.notes TO aiforce_tenant;\nREVOKE TRUNCATE ON TABLE public.notes FROM aiforce_tenant;',
      'public.users.email[grant to aiforce_tenant]: aiforce_tenant holds SELECT on column users.email, where the spec contract grants it nothing | REVOKE SELECT (email) ON TABLE public.users FROM aiforce_tenant;',
      'public[grant to aiforce_tenant]: aiforce_tenant holds CREATE, USAGE on the schema, but the spec contract grants exactly USAGE | REVOKE CREATE ON SCHEMA public FROM aiforce_tenant;',
    ]);
  });

  it("counts PUBLIC's privileges as the role's (every role holds them), but for PostgreSQL's EXECUTE and USAGE on functions and types", () => {
    const toPublic = (target: Privilege['target'], privileges: string[]): Privilege => ({ target, grantee: 'PUBLIC', privileges, grantable: [] });
    const actual = {
      ...isolated(),
      privileges: [
        ...isolated().privileges.filter((p) => p.target.name !== 'note_links'),
        toPublic({ kind: 'schema', name: '' }, ['CREATE', 'USAGE']),
        toPublic({ kind: 'table', name: 'notes' }, ['SELECT', 'TRUNCATE']),
        toPublic({ kind: 'table', name: 'note_links' }, ['DELETE', 'INSERT', 'SELECT', 'UPDATE']),
        toPublic({ kind: 'table', name: 'users' }, ['SELECT']),
        toPublic({ kind: 'function', name: 'touch()' }, ['EXECUTE']),
        toPublic({ kind: 'enum', name: 'mood' }, ['USAGE']),
      ] satisfies Privilege[],
    };
    // note_links: what PUBLIC holds the role holds, so it lacks nothing.
    expect(findingsOf(actual).map((f) => `${f.path}: ${f.message} | ${f.fix}`).sort()).toEqual([
      "public.notes[grant to PUBLIC]: aiforce_tenant holds TRUNCATE on tenant table notes through PUBLIC (every role holds PUBLIC's privileges), but the spec contract grants it exactly DELETE, INSERT, SELECT, UPDATE | REVOKE TRUNCATE ON TABLE public.notes FROM PUBLIC;",
      "public.users[grant to PUBLIC]: aiforce_tenant holds SELECT on table users through PUBLIC (every role holds PUBLIC's privileges), where the spec contract grants it nothing | REVOKE SELECT ON TABLE public.users FROM PUBLIC;",
      "public[grant to PUBLIC]: aiforce_tenant holds CREATE on the schema through PUBLIC (every role holds PUBLIC's privileges), but the spec contract grants it exactly USAGE | REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
    ]);
    const lacking = { ...actual, privileges: actual.privileges.map((p) => (p.grantee === 'PUBLIC' && p.target.name === 'note_links' ? { ...p, privileges: ['SELECT'] } : p)) };
    expect(findingsOf(lacking).find((f) => f.path === 'public.note_links[grant to aiforce_tenant]')?.fix).toBe('GRANT DELETE, INSERT, UPDATE ON TABLE public.note_links TO aiforce_tenant;');
    // The catalog's warning on PUBLIC's grant becomes the contract's error.
    const folded = foldContractFindings(compareCatalogs(isolated(), actual, { schema: 'public' }), findingsOf(actual));
    expect(folded.filter((f) => f.path === 'public.notes[grant to PUBLIC]').map((f) => `${f.code} ${f.severity}`)).toEqual(['contract.tenant_isolation error']);
  });

  it("keeps a tenant table of the schema whose tenant column the database renamed: its grants stay, its policy is restored", () => {
    const base = isolated();
    const renamed = (name: string) => (name === 'client_account_id' ? 'account_id' : name);
    const actual: Catalog = {
      ...base,
      columns: base.columns.map((entry) => (entry.table === 'notes' ? { ...entry, name: renamed(entry.name) } : entry)),
      policies: base.policies.map((entry) => (entry.table === 'notes' ? { ...entry, using: entry.using!.replace('(client_account_id =', '(account_id =') } : entry)),
    };
    const findings = findingsOf(actual);
    expect(findings.map((f) => f.path)).toEqual(['public.notes.tenant_isolation']);
    expect(findings[0]!.fix).not.toMatch(/REVOKE/);
    // Without the schema to say so, the table is no tenant table: then its grants are extra.
    expect(checkTenantIsolation(rule, actual, 'public').map((f) => f.path)).toContain('public.notes[grant to aiforce_tenant]');
  });

  it('leaves ignored tables out', () => {
    const actual = { ...isolated(), rowSecurity: [], policies: [], privileges: [grant({ kind: 'schema', name: '' }, ['USAGE'])] };
    expect(checkTenantIsolation(rule, actual, 'public', { ignoreTable: (name) => name.startsWith('note') })).toEqual([]);
  });
});

describe('conjuncts', () => {
  it('splits a deparsed expression at its top-level ANDs only, outside literals and quoted names', () => {
    expect(conjuncts(`(${TENANT} AND ${ENGAGEMENT})`)).toEqual([TENANT.slice(1, -1), ENGAGEMENT]);
    expect(conjuncts("((a = 'x AND y') AND (\"b AND c\" OR d))")).toEqual(["a = 'x AND y'", '"b AND c" OR d']);
    expect(conjuncts('(a) OR (b)')).toEqual(['(a) OR (b)']);
  });
});

describe('folding with the catalog findings', () => {
  it('takes the place of a catalog finding at its path: an extra grant is an error, not a warning', () => {
    const actual = { ...isolated(), privileges: isolated().privileges.map((p) => (p.target.name === 'notes' ? { ...p, privileges: [...p.privileges, 'TRUNCATE'].sort() } : p)) };
    const catalogFindings = compareCatalogs(isolated(), actual, { schema: 'public' });
    expect(catalogFindings.map((f) => `${f.code} ${f.severity} ${f.path}`)).toEqual(['privilege.unexpected warning public.notes[grant to aiforce_tenant]']);
    const folded = foldContractFindings(catalogFindings, findingsOf(actual));
    expect(folded.map((f) => `${f.code} ${f.severity} ${f.path}`)).toEqual(['contract.tenant_isolation error public.notes[grant to aiforce_tenant]']);
  });

  it('adds its words to the finding of an unexpected table, whose fix drops the table', () => {
    const expected = isolated();
    const actual = { ...expected, tables: [...expected.tables, table('stray_notes')], columns: [...expected.columns, column('stray_notes', 'client_account_id', 'uuid')] };
    const folded = foldContractFindings(compareCatalogs(expected, actual, { schema: 'public' }), findingsOf(actual));
    expect(folded.map((f) => `${f.code} ${f.path}`)).toEqual(['table.unexpected public.stray_notes']);
    expect(folded[0]!.message).toBe(
      'table stray_notes exists in the database but not in the schema; tenant table stray_notes does not enable row-level security, so its policies are not applied: members of aiforce_tenant see every tenant\'s rows; tenant table stray_notes has no policy tenant_isolation for aiforce_tenant; aiforce_tenant holds nothing on tenant table stray_notes: the spec contract grants it DELETE, INSERT, SELECT, UPDATE',
    );
    expect(folded[0]!.fix).toBe('DROP TABLE public.stray_notes; -- check that its data is not needed first');
  });
});
