// Default privileges: identity and paths, the ALTER DEFAULT PRIVILEGES statements that set, take back or change
// them (grants, revoked usual privileges, grant options), the usual owner, older servers, and the catalog rows.
import { describe, expect, it } from 'vitest';
import { attributesOf, catalog, findingsOf, fixScript, NEWEST_SERVER, onlyFinding, producesEveryCode } from '../../../test/support/catalog.js';
import { refPath } from '../model.js';
import { defaultPrivileges, type DefaultPrivilege } from './default-privileges.js';

const entry = (patch: Partial<DefaultPrivilege> = {}): DefaultPrivilege => ({
  role: 'owner',
  usual: true,
  inSchema: true,
  objects: 'tables',
  grantee: 'app',
  granted: ['SELECT'],
  grantable: [],
  revoked: [],
  ...patch,
});
const withDefaults = (...list: DefaultPrivilege[]) => catalog({ defaultPrivileges: list });
const noFunctionsForPublic = entry({ inSchema: false, objects: 'functions', grantee: 'PUBLIC', granted: [], revoked: ['EXECUTE'] });

describe('default privileges: identity and wording', () => {
  it('is identified by object type, creating role (the usual owner by that name), scope and grantee', () => {
    expect(refPath('public', defaultPrivileges.ref(entry()))).toBe('public[default grant on tables of the usual owner to app]');
    expect(refPath('public', defaultPrivileges.ref(entry({ usual: false, role: 'etl', inSchema: false })))).toBe('public[default grant on tables of etl in every schema to app]');
    expect(defaultPrivileges.ref(entry({ role: 'postgres' }))).toEqual(defaultPrivileges.ref(entry({ role: 'migrator' })));
  });

  it('describes what is granted, with grant options, and what is taken away', () => {
    expect(defaultPrivileges.describe(entry({ granted: ['INSERT', 'SELECT'], grantable: ['SELECT'] }))).toBe('INSERT, SELECT WITH GRANT OPTION');
    expect(defaultPrivileges.describe(noFunctionsForPublic)).toBe('without EXECUTE');
  });
});

describe('default privileges: statements', () => {
  it('sets a missing one in the schema, for the role that runs the fix when it is the usual owner', () => {
    const finding = onlyFinding(withDefaults(entry({ granted: ['INSERT', 'SELECT'] })), withDefaults());
    expect(finding).toMatchObject({
      code: 'default_privilege.missing',
      severity: 'error',
      message: 'the default privileges of app on tables that the usual owner creates are not set in the database (expected INSERT, SELECT)',
    });
    expect(onlyFinding(withDefaults(), withDefaults(noFunctionsForPublic)).message).toBe(
      'the default privileges of PUBLIC on functions that the usual owner creates in every schema are without EXECUTE in the database, which the schema does not set',
    );
    expect(finding.fix).toBe('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT INSERT, SELECT ON TABLES TO app;');
    expect(fixScript(withDefaults(entry({ usual: false, role: 'etl', grantable: ['SELECT'] })), withDefaults())).toEqual([
      'ALTER DEFAULT PRIVILEGES FOR ROLE etl IN SCHEMA public GRANT SELECT ON TABLES TO app WITH GRANT OPTION;',
    ]);
  });

  it('takes an extra one back for the role that set it, and gives back a usual privilege it took away', () => {
    expect(fixScript(withDefaults(), withDefaults(entry({ role: 'Owner Role' })))).toEqual(['ALTER DEFAULT PRIVILEGES FOR ROLE "Owner Role" IN SCHEMA public REVOKE SELECT ON TABLES FROM app;']);
    expect(fixScript(withDefaults(), withDefaults(noFunctionsForPublic))).toEqual(['ALTER DEFAULT PRIVILEGES FOR ROLE owner GRANT EXECUTE ON FUNCTIONS TO PUBLIC;']);
    expect(fixScript(withDefaults(noFunctionsForPublic), withDefaults())).toEqual(['ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;']);
  });

  it('changes one into another: revocations and dropped grant options first', () => {
    const actual = entry({ granted: ['DELETE', 'SELECT'], grantable: ['SELECT'] });
    const expected = entry({ granted: ['INSERT', 'SELECT', 'UPDATE'], grantable: ['UPDATE'] });
    const finding = onlyFinding(withDefaults(expected), withDefaults(actual));
    expect(finding).toMatchObject({ code: 'default_privilege.mismatch', expected: 'INSERT, SELECT, UPDATE WITH GRANT OPTION', actual: 'DELETE, SELECT WITH GRANT OPTION' });
    expect(fixScript(withDefaults(expected), withDefaults(actual))).toEqual([
      'ALTER DEFAULT PRIVILEGES FOR ROLE owner IN SCHEMA public REVOKE DELETE ON TABLES FROM app;',
      'ALTER DEFAULT PRIVILEGES FOR ROLE owner IN SCHEMA public REVOKE GRANT OPTION FOR SELECT ON TABLES FROM app;',
      'ALTER DEFAULT PRIVILEGES FOR ROLE owner IN SCHEMA public GRANT INSERT ON TABLES TO app;',
      'ALTER DEFAULT PRIVILEGES FOR ROLE owner IN SCHEMA public GRANT UPDATE ON TABLES TO app WITH GRANT OPTION;',
    ]);
  });

  it('takes back only the grant option of a usual privilege', () => {
    const withOption = entry({ inSchema: false, objects: 'functions', grantee: 'PUBLIC', granted: [], grantable: ['EXECUTE'] });
    expect(fixScript(withDefaults(), withDefaults(withOption))).toEqual(['ALTER DEFAULT PRIVILEGES FOR ROLE owner REVOKE GRANT OPTION FOR EXECUTE ON FUNCTIONS FROM PUBLIC;']);
  });

  it('finds nothing between the same defaults set by differently named usual owners', () => {
    expect(findingsOf(withDefaults(entry({ role: 'postgres' })), withDefaults(entry({ role: 'migrator' })))).toEqual([]);
  });
});

describe('default privileges: what an older server cannot hold', () => {
  const all = ['DELETE', 'INSERT', 'REFERENCES', 'SELECT', 'TRIGGER', 'TRUNCATE', 'UPDATE'];
  const on18 = entry({ inSchema: false, granted: [...all, 'MAINTAIN'].sort() });
  const on15 = entry({ inSchema: false, granted: all });

  it('leaves MAINTAIN out when the oldest server compared is older than 17, and compares it otherwise', () => {
    expect(findingsOf(withDefaults(on18), withDefaults(on15), { serverVersion: 150018 })).toEqual([]);
    expect(findingsOf(withDefaults(entry({ granted: ['MAINTAIN'] })), withDefaults(), { serverVersion: 150018 })).toEqual([]);
    expect(findingsOf(withDefaults(on18), withDefaults(on15))).toEqual(['default_privilege.mismatch public[default grant on tables of the usual owner in every schema to app]']);
  });
});

describe('default privileges: catalog rows', () => {
  it('assembles rows as the query returns them', () => {
    const rows = [
      ['owner', true, true, 'r', 'app', ['INSERT', 'SELECT'], null, null],
      ['etl', false, false, 'S', 'app', ['USAGE'], ['USAGE'], null],
      ['owner', true, false, 'f', 'PUBLIC', null, null, ['EXECUTE']],
      ['owner', true, false, 'T', 'app', null, null, null],
      ['owner', true, false, 'n', 'app', ['CREATE'], null, null],
      ['owner', true, false, 'L', 'app', ['SELECT'], null, null],
    ];
    expect(defaultPrivileges.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([
      entry({ granted: ['INSERT', 'SELECT'] }),
      entry({ role: 'etl', usual: false, inSchema: false, objects: 'sequences', granted: ['USAGE'], grantable: ['USAGE'] }),
      noFunctionsForPublic,
      entry({ inSchema: false, objects: 'types', granted: [] }),
      entry({ inSchema: false, objects: 'schemas', granted: ['CREATE'] }),
      entry({ inSchema: false, objects: 'large objects', granted: ['SELECT'] }),
    ]);
  });
});

describe('default privileges: codes', () => {
  producesEveryCode(defaultPrivileges, {
    missing: [withDefaults(entry()), withDefaults()],
    unexpected: [withDefaults(), withDefaults(entry())],
    mismatch: [withDefaults(entry()), withDefaults(entry({ granted: ['INSERT'] }))],
  });
});
