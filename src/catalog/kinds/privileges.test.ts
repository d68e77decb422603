// Privileges: identity, wording, missing and extra grants and grant options with their GRANT/REVOKE statements on
// every kind of object, renamed tables and columns, and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalog, column, findingsOf, fixScript, onlyFinding, privilege, producesEveryCode, routine, sequence, table, view, attributesOf, NEWEST_SERVER } from '../../../test/support/catalog.js';
import { PHASES, refPath } from '../model.js';
import { privileges, type Privilege } from './privileges.js';

const base = catalog({
  views: [view('active_users', 'SELECT users.id FROM users', { uses: ['users'] })],
  sequences: [sequence('counter')],
  functions: [routine('add', { argumentTypes: 'integer, integer', arguments: 'a integer, b integer' }), routine('touch', { procedure: true, returns: null })],
});
const withGrants = (...list: Privilege[]) => ({ ...base, privileges: list });
const onUsers = privilege({ kind: 'table', name: 'users' }, 'app', ['INSERT', 'SELECT']);
const onEmail = privilege({ kind: 'column', table: 'users', name: 'email' }, 'Reader', ['SELECT', 'UPDATE'], ['UPDATE']);
const onSchema = privilege({ kind: 'schema', name: '' }, 'PUBLIC', ['USAGE']);

describe('privileges: identity and wording', () => {
  it('is identified by its object and grantee, and its path names the grantee', () => {
    expect(privileges.ref(onUsers)).toEqual({ kind: 'privilege', on: 'table', name: 'users', member: 'app' });
    expect(refPath('public', privileges.ref(onUsers))).toBe('public.users[grant to app]');
    expect(refPath('public', privileges.ref(onEmail))).toBe('public.users.email[grant to Reader]');
    expect(refPath('public', privileges.ref(onSchema))).toBe('public[grant to PUBLIC]');
    expect(refPath('public', privileges.ref(privilege({ kind: 'function', name: 'add(integer, integer)' }, 'app', ['EXECUTE'])))).toBe('public."add(integer, integer)"[grant to app]');
  });

  it('is covered by its object, except the schema\'s own grants', () => {
    expect(privileges.parent!(onEmail)).toEqual({ kind: 'column', table: 'users', name: 'email' });
    expect(privileges.parent!(onSchema)).toBeUndefined();
  });

  it('is called "the privileges of <grantee> on <object>" and described by the privileges', () => {
    expect(privileges.noun(onEmail)).toBe('the privileges of Reader on column users.email');
    expect(privileges.noun(onSchema)).toBe('the privileges of PUBLIC on the schema');
    expect(privileges.describe(onEmail)).toBe('SELECT, UPDATE WITH GRANT OPTION');
  });
});

describe('privileges: missing and unexpected grantees', () => {
  it('grants what a grantee lacks, grant options apart, saying who lacks what', () => {
    const finding = onlyFinding(withGrants(onEmail), base);
    expect(finding).toMatchObject({
      code: 'privilege.missing',
      path: 'public.users.email[grant to Reader]',
      table: 'users',
      message: 'Reader is not granted SELECT, UPDATE WITH GRANT OPTION on column users.email in the database',
      expected: 'SELECT, UPDATE WITH GRANT OPTION',
      actual: null,
    });
    expect(finding.fixSteps).toEqual([
      { phase: PHASES.privileges, sql: 'GRANT SELECT (email) ON TABLE public.users TO "Reader";' },
      { phase: PHASES.privileges, sql: 'GRANT UPDATE (email) ON TABLE public.users TO "Reader" WITH GRANT OPTION;' },
    ]);
  });

  it('writes the object of a grant as GRANT wants it for each kind', () => {
    const grantFix = (entry: Privilege) => onlyFinding(withGrants(entry), base).fix;
    expect(grantFix(onUsers)).toBe('GRANT INSERT, SELECT ON TABLE public.users TO app;');
    expect(grantFix(privilege({ kind: 'view', name: 'active_users' }, 'app', ['SELECT']))).toBe('GRANT SELECT ON TABLE public.active_users TO app;');
    expect(grantFix(privilege({ kind: 'sequence', name: 'counter' }, 'app', ['USAGE']))).toBe('GRANT USAGE ON SEQUENCE public.counter TO app;');
    expect(grantFix(privilege({ kind: 'function', name: 'add(integer, integer)' }, 'app', ['EXECUTE']))).toBe('GRANT EXECUTE ON ROUTINE public.add(integer, integer) TO app;');
    expect(grantFix(privilege({ kind: 'function', name: 'touch()' }, 'app', ['EXECUTE']))).toBe('GRANT EXECUTE ON ROUTINE public.touch() TO app;');
    expect(grantFix(privilege({ kind: 'schema', name: '' }, 'user', ['CREATE', 'USAGE']))).toBe('GRANT CREATE, USAGE ON SCHEMA public TO "user";');
    expect(onlyFinding(withGrants(onSchema), base, { schema: 'Tenant Data' }).fix).toBe('GRANT USAGE ON SCHEMA "Tenant Data" TO PUBLIC;');
    expect(grantFix(privilege({ kind: 'enum', name: 'Mood' }, 'app', ['USAGE']))).toBe('GRANT USAGE ON TYPE public."Mood" TO app;');
    expect(grantFix(privilege({ kind: 'domain', name: 'email' }, 'app', ['USAGE']))).toBe('GRANT USAGE ON DOMAIN public.email TO app;');
    expect(grantFix(privilege({ kind: 'composite_type', name: 'pair' }, 'app', ['USAGE']))).toBe('GRANT USAGE ON TYPE public.pair TO app;');
    expect(grantFix(privilege({ kind: 'range_type', name: 'span' }, 'app', ['USAGE']))).toBe('GRANT USAGE ON TYPE public.span TO app;');
    expect(grantFix(privilege({ kind: 'aggregate', name: 'total(integer)' }, 'app', ['EXECUTE']))).toBe('GRANT EXECUTE ON ROUTINE public.total(integer) TO app;');
  });

  it('revokes USAGE on a type from PUBLIC, which every type grants unless revoked', () => {
    const publicUsage = privilege({ kind: 'enum', name: 'level' }, 'PUBLIC', ['USAGE']);
    const finding = onlyFinding(withGrants(), withGrants(publicUsage));
    expect(finding).toMatchObject({ code: 'privilege.unexpected', path: 'public.level[grant to PUBLIC]', fix: 'REVOKE USAGE ON TYPE public.level FROM PUBLIC;' });
  });

  it('revokes what a grantee should not have, in the words of the two sides', () => {
    const finding = onlyFinding(base, withGrants(onUsers), { expectedLabel: 'staging', actualLabel: 'production' });
    expect(finding).toMatchObject({ code: 'privilege.unexpected', severity: 'warning', message: 'app is granted INSERT, SELECT on table users in production, which staging does not grant', expected: null, actual: 'INSERT, SELECT' });
    expect(finding.fixSteps).toEqual([{ phase: PHASES.privileges, sql: 'REVOKE INSERT, SELECT ON TABLE public.users FROM app;', order: -1 }]);
    // Reader may grant UPDATE on: the grants it made go too, or PostgreSQL refuses ("dependent privileges exist").
    expect(onlyFinding(base, withGrants(onEmail)).fix).toBe('REVOKE SELECT (email), UPDATE (email) ON TABLE public.users FROM "Reader" CASCADE;');
  });

  it('grants on a missing object with the object, and leaves those of an extra object to it', () => {
    const notes = { ...base, tables: [...base.tables, table('notes')], columns: [...base.columns, column('notes', 'body', 'text')] };
    const expected = { ...notes, privileges: [privilege({ kind: 'table', name: 'notes' }, 'app', ['SELECT']), privilege({ kind: 'column', table: 'notes', name: 'body' }, 'app', ['UPDATE'])] };
    expect(findingsOf(expected, base)).toEqual(['table.missing public.notes']);
    expect(fixScript(expected, base)).toEqual(['CREATE TABLE public.notes (\n  body text\n);', 'GRANT UPDATE (body) ON TABLE public.notes TO app;', 'GRANT SELECT ON TABLE public.notes TO app;']);
    expect(findingsOf(base, expected)).toEqual(['table.unexpected public.notes']);
  });

  it("gives a created function or type what PostgreSQL does not: grants beyond PUBLIC's usual one, and takes that one back where the schema revoked it", () => {
    const onAdd = (grantee: string, list: string[], grantable: string[] = []) => privilege({ kind: 'function', name: 'add(integer, integer)' }, grantee, list, grantable);
    const without = { ...base, functions: base.functions.slice(1) };
    const created = (...list: Privilege[]) => fixScript({ ...base, privileges: list }, without).filter((sql) => !sql.startsWith('CREATE'));
    expect(created(onAdd('PUBLIC', ['EXECUTE']))).toEqual([]);
    expect(created(onAdd('PUBLIC', ['EXECUTE']), onAdd('app', ['EXECUTE'], ['EXECUTE']))).toEqual(['GRANT EXECUTE ON ROUTINE public.add(integer, integer) TO app WITH GRANT OPTION;']);
    expect(created()).toEqual(['REVOKE EXECUTE ON ROUTINE public.add(integer, integer) FROM PUBLIC;']);
  });
});

describe('privileges: differences of one grantee', () => {
  it('grants the privileges and grant options a grantee lacks', () => {
    const finding = onlyFinding(withGrants(onEmail), withGrants({ ...onEmail, privileges: ['UPDATE'], grantable: [] }));
    expect(finding).toMatchObject({
      code: 'privilege.missing',
      message: 'Reader is not granted SELECT, UPDATE WITH GRANT OPTION on column users.email in the database',
      expected: 'SELECT, UPDATE WITH GRANT OPTION',
      actual: 'UPDATE',
    });
    expect(finding.fix).toBe('GRANT SELECT (email) ON TABLE public.users TO "Reader";\nGRANT UPDATE (email) ON TABLE public.users TO "Reader" WITH GRANT OPTION;');
  });

  it("grants again what the schema grants others on the object, after a revoke that cascades (grantors are not read)", () => {
    const reader = privilege({ kind: 'table', name: 'users' }, 'Reader', ['SELECT'], ['SELECT']);
    expect(fixScript(withGrants(onUsers), withGrants(onUsers, reader))).toEqual([
      'REVOKE SELECT ON TABLE public.users FROM "Reader" CASCADE;',
      'GRANT INSERT, SELECT ON TABLE public.users TO app;',
    ]);
    // No grant option, no cascade: nothing else to give back.
    expect(fixScript(withGrants(onUsers), withGrants(onUsers, { ...reader, grantable: [] }))).toEqual(['REVOKE SELECT ON TABLE public.users FROM "Reader";']);
  });

  it('revokes extra privileges and grant options, revocations before grants', () => {
    const actual = withGrants({ ...onEmail, privileges: ['INSERT', 'SELECT', 'UPDATE'], grantable: ['SELECT', 'UPDATE'] });
    const finding = onlyFinding(withGrants(onEmail), actual);
    expect(finding).toMatchObject({
      code: 'privilege.unexpected',
      message: 'Reader is granted INSERT, SELECT WITH GRANT OPTION on column users.email in the database, which the schema does not grant',
      expected: 'SELECT, UPDATE WITH GRANT OPTION',
      actual: 'INSERT, SELECT WITH GRANT OPTION, UPDATE WITH GRANT OPTION',
    });
    expect(finding.fix).toBe('REVOKE INSERT (email) ON TABLE public.users FROM "Reader";\nREVOKE GRANT OPTION FOR SELECT (email) ON TABLE public.users FROM "Reader" CASCADE;');
    expect(fixScript(withGrants(onUsers), withGrants({ ...onUsers, privileges: ['DELETE', 'SELECT'] }))).toEqual([
      'REVOKE DELETE ON TABLE public.users FROM app;',
      'GRANT INSERT ON TABLE public.users TO app;',
    ]);
  });

  it('finds nothing between the same privileges', () => {
    expect(findingsOf(withGrants(onUsers, onEmail, onSchema), withGrants(onSchema, { ...onEmail }, { ...onUsers }))).toEqual([]);
  });

  it('compares grants on a renamed table and column under the new names', () => {
    const actual = {
      ...base,
      columns: base.columns.map((entry) => (entry.name === 'email' ? { ...entry, name: 'mail' } : entry)),
      indexes: base.indexes.map((entry) => ({ ...entry, definition: '(mail)', columns: ['mail'] })),
      privileges: [onUsers, { ...onEmail, target: { kind: 'column' as const, table: 'users', name: 'mail' } }],
    };
    expect(findingsOf(withGrants(onUsers, onEmail), actual)).toEqual(['column.renamed public.users.email']);
  });

  it('compares grants on a renamed enum under its new name', () => {
    const usage = (name: string) => privilege({ kind: 'enum', name }, 'PUBLIC', ['USAGE']);
    const expected = { ...base, enums: [{ name: 'level', values: ['A', 'B'] }], privileges: [usage('level')] };
    const actual = { ...base, enums: [{ name: 'grade', values: ['A', 'B'] }], privileges: [usage('grade')] };
    expect(findingsOf(expected, actual)).toEqual(['enum.renamed public.level']);
  });
});

describe('privileges: catalog rows', () => {
  it('assembles rows as the query returns them', () => {
    const rows = [
      ['S', null, 'counter', 'app', ['USAGE'], null],
      ['column', 'users', 'email', 'Reader', ['SELECT', 'UPDATE'], ['UPDATE']],
      ['function', null, 'add(integer, integer)', 'app', ['EXECUTE'], null],
      ['m', null, 'team_counts', 'app', ['SELECT'], null],
      ['p', null, 'events', 'app', ['SELECT'], null],
      ['r', null, 'users', 'app', ['INSERT', 'SELECT'], null],
      ['schema', null, '', 'PUBLIC', ['USAGE'], null],
      ['v', null, 'active_users', 'app', ['SELECT'], ['SELECT']],
      ['domain', null, 'email', 'PUBLIC', ['USAGE'], null],
    ];
    expect(privileges.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([
      privilege({ kind: 'sequence', name: 'counter' }, 'app', ['USAGE']),
      onEmail,
      privilege({ kind: 'function', name: 'add(integer, integer)' }, 'app', ['EXECUTE']),
      privilege({ kind: 'view', name: 'team_counts' }, 'app', ['SELECT']),
      privilege({ kind: 'table', name: 'events' }, 'app', ['SELECT']),
      onUsers,
      onSchema,
      privilege({ kind: 'view', name: 'active_users' }, 'app', ['SELECT'], ['SELECT']),
      privilege({ kind: 'domain', name: 'email' }, 'PUBLIC', ['USAGE']),
    ]);
  });
});

describe('privileges: codes', () => {
  producesEveryCode(privileges, {
    missing: [withGrants(onUsers), base],
    unexpected: [base, withGrants(onUsers)],
  });
});

describe('privileges: what an older server cannot hold', () => {
  // GRANT ALL written in a migration: the lock (made on PostgreSQL 18) lists MAINTAIN, which 15 does not have.
  const all = ['DELETE', 'INSERT', 'REFERENCES', 'SELECT', 'TRIGGER', 'TRUNCATE', 'UPDATE'];
  const on18 = privilege({ kind: 'table', name: 'users' }, 'app', [...all, 'MAINTAIN'].sort(), ['MAINTAIN']);
  const on15 = privilege({ kind: 'table', name: 'users' }, 'app', all);

  it('leaves MAINTAIN out on both sides when the oldest server compared is older than 17', () => {
    expect(findingsOf(withGrants(on18), withGrants(on15), { serverVersion: 150018 })).toEqual([]);
    expect(findingsOf(withGrants(on15), withGrants(on18), { serverVersion: 160004 })).toEqual([]);
    expect(findingsOf(withGrants(privilege({ kind: 'table', name: 'users' }, 'app', ['MAINTAIN'])), withGrants(), { serverVersion: 150018 })).toEqual([]);
  });

  it('compares MAINTAIN where every server compared has it', () => {
    expect(findingsOf(withGrants(on18), withGrants(on15), { serverVersion: 170000 })).toEqual(['privilege.missing public.users[grant to app]']);
    expect(findingsOf(withGrants(on18), withGrants(on15))).toEqual(['privilege.missing public.users[grant to app]']);
  });

  it('keeps the rest of a grant, and its grant options, as they are', () => {
    expect(privileges.heldBy!([on18, onEmail], 150018)).toEqual([{ ...on18, privileges: all, grantable: [] }, onEmail]);
    expect(privileges.heldBy!([on18, onEmail], 180004)).toEqual([on18, onEmail]);
  });
});
