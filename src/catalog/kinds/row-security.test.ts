// Row-level security: identity, wording, the mismatch and its fixes, switching it on and off, renamed tables and
// the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalog, findingsOf, onlyFinding, producesEveryCode, table, attributesOf, NEWEST_SERVER, renameTable } from '../../../test/support/catalog.js';
import { PHASES, refPath } from '../model.js';
import { rowSecurity, type RowSecurity } from './row-security.js';

const base = catalog();
const on = (table: string, extra: Partial<RowSecurity> = {}): RowSecurity => ({ table, enabled: true, forced: false, ...extra });
const withSecurity = (...list: RowSecurity[]) => catalog({ rowSecurity: list });

describe('row security: identity and wording', () => {
  it('is identified by its table, and covered by it', () => {
    expect(rowSecurity.ref(on('users'))).toEqual({ kind: 'row_security', table: 'users', name: 'row level security' });
    expect(refPath('public', rowSecurity.ref(on('users')))).toBe('public.users."row level security"');
    expect(rowSecurity.parent!(on('users'))).toEqual({ kind: 'table', name: 'users' });
  });

  it('is called "row-level security on <table>" and described by whether it is enabled and forced', () => {
    expect(rowSecurity.noun(on('users'))).toBe('row-level security on users');
    expect(rowSecurity.describe(on('users'))).toBe('enabled');
    expect(rowSecurity.describe(on('users', { forced: true }))).toBe('enabled and forced');
    expect(rowSecurity.describe(on('users', { enabled: false, forced: true }))).toBe('forced but not enabled');
  });
});

describe('row security: missing and unexpected', () => {
  it('says that it is off, and turns it on (and forces it)', () => {
    const finding = onlyFinding(withSecurity(on('users', { forced: true })), base);
    expect(finding).toMatchObject({
      code: 'row_security.missing',
      path: 'public.users."row level security"',
      table: 'users',
      message: 'row-level security is off for table users in the database',
      expected: 'enabled and forced',
      actual: null,
    });
    expect(finding.fixSteps).toEqual([
      { phase: PHASES.dependants, sql: 'ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;' },
      { phase: PHASES.dependants, sql: 'ALTER TABLE public.users FORCE ROW LEVEL SECURITY;' },
    ]);
  });

  it('says that it is on, and turns it off, in the words of the two sides', () => {
    const finding = onlyFinding(base, withSecurity(on('users')), { expectedLabel: 'staging', actualLabel: 'production' });
    expect(finding).toMatchObject({ code: 'row_security.unexpected', message: 'row-level security is on for table users in production but not in staging', expected: null, actual: 'enabled' });
    expect(finding.fix).toBe('ALTER TABLE public.users DISABLE ROW LEVEL SECURITY;');
    expect(onlyFinding(base, withSecurity(on('users', { enabled: false, forced: true }))).fix).toBe('ALTER TABLE public.users NO FORCE ROW LEVEL SECURITY;');
  });

  it('quotes a table whose name needs it', () => {
    const odd = catalog({ tables: [...base.tables, table('Odd Table')] });
    expect(onlyFinding({ ...odd, rowSecurity: [on('Odd Table')] }, odd).fix).toBe('ALTER TABLE public."Odd Table" ENABLE ROW LEVEL SECURITY;');
  });

  it('leaves the row-level security of a missing or extra table to the table', () => {
    expect(findingsOf(catalog({ tables: [...base.tables, table('notes')], rowSecurity: [on('notes')] }), base)).toEqual(['table.missing public.notes']);
    expect(findingsOf(base, catalog({ tables: [...base.tables, table('notes')], rowSecurity: [on('notes')] }))).toEqual(['table.unexpected public.notes']);
  });
});

describe('row security: mismatch', () => {
  it('forces it, or stops forcing it', () => {
    const finding = onlyFinding(withSecurity(on('users', { forced: true })), withSecurity(on('users')));
    expect(finding).toMatchObject({ code: 'row_security.mismatch', message: 'row-level security on users is enabled, expected enabled and forced', expected: 'enabled and forced', actual: 'enabled' });
    expect(finding.fix).toBe('ALTER TABLE public.users FORCE ROW LEVEL SECURITY;');
    expect(onlyFinding(withSecurity(on('users')), withSecurity(on('users', { forced: true }))).fix).toBe('ALTER TABLE public.users NO FORCE ROW LEVEL SECURITY;');
  });

  it('enables it where it is only forced', () => {
    const finding = onlyFinding(withSecurity(on('users', { forced: true })), withSecurity(on('users', { enabled: false, forced: true })));
    expect(finding.message).toBe('row-level security on users is forced but not enabled, expected enabled and forced');
    expect(finding.fix).toBe('ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;');
  });

  it('compares the row-level security of a renamed table under its new name', () => {
    const renamed = renameTable(base, 'users', 'people', { rowSecurity: [on('people')] });
    expect(findingsOf(withSecurity(on('users')), renamed)).toEqual(['table.renamed public.users']);
  });
});

describe('row security: catalog rows', () => {
  it('assembles rows as the query returns them', () => {
    expect(rowSecurity.read.assemble([['teams', false, true], ['users', true, true], ['notes', true, false]], attributesOf(), NEWEST_SERVER)).toEqual([
      on('teams', { enabled: false, forced: true }),
      on('users', { forced: true }),
      on('notes'),
    ]);
  });
});

describe('row security: codes', () => {
  producesEveryCode(rowSecurity, {
    missing: [withSecurity(on('users')), base],
    unexpected: [base, withSecurity(on('users'))],
    mismatch: [withSecurity(on('users')), withSecurity(on('users', { forced: true }))],
  });
});
