// Tablespaces: identity and wording, moving a relation in and out of a tablespace (tables, materialized views,
// indexes, keys), what a missing relation or a rebuilt key brings with it, renamed tables, and the catalog rows
// (no database).
import { describe, expect, it } from 'vitest';
import { attributesOf, catalog, findingsOf, fixScript, index, NEWEST_SERVER, onlyFinding, producesEveryCode, renameTable, table, view } from '../../../test/support/catalog.js';
import { PHASES, refPath } from '../model.js';
import { tablespaces, type Tablespace } from './tablespaces.js';

const base = catalog();
const placed = (target: Tablespace['target'], tablespace = 'fast'): Tablespace => ({ target, tablespace });
const users = placed({ kind: 'table', name: 'users' });
const usersKey = placed({ kind: 'primary_key', table: 'users', name: 'users_pkey' });
const emailIndex = placed({ kind: 'index', table: 'users', name: 'users_email_key' });
const withPlaced = (...list: Tablespace[]) => catalog({ tablespaces: list });

describe('tablespaces: identity and wording', () => {
  it('is identified by its relation, its path ends in [tablespace], and the relation covers it', () => {
    expect(tablespaces.ref(users)).toEqual({ kind: 'tablespace', on: 'table', name: 'users' });
    expect(tablespaces.ref(emailIndex)).toEqual({ kind: 'tablespace', on: 'index', table: 'users', name: 'users_email_key' });
    expect(refPath('public', tablespaces.ref(users))).toBe('public.users[tablespace]');
    expect(refPath('public', tablespaces.ref(usersKey))).toBe('public.users.users_pkey[tablespace]');
    expect(tablespaces.parent!(emailIndex)).toEqual({ kind: 'index', table: 'users', name: 'users_email_key' });
  });

  it('is described by the tablespace', () => {
    expect(tablespaces.noun(users)).toBe('the tablespace of table users');
    expect(tablespaces.describe(users)).toBe('tablespace fast');
  });
});

describe('tablespaces: in and out of a tablespace', () => {
  it('says a table is in the default tablespace, and moves it', () => {
    const finding = onlyFinding(withPlaced(users), base);
    expect(finding).toMatchObject({
      code: 'tablespace.missing',
      severity: 'warning',
      path: 'public.users[tablespace]',
      message: 'table users is in the default tablespace in the database, expected tablespace fast',
      expected: 'tablespace fast',
      actual: null,
    });
    expect(finding.fixSteps).toEqual([{ phase: PHASES.dependants, sql: 'ALTER TABLE public.users SET TABLESPACE fast;' }]);
  });

  it('moves a relation placed where the schema keeps the default back to pg_default, in the words of the two sides', () => {
    const finding = onlyFinding(base, withPlaced(emailIndex), { expectedLabel: 'staging', actualLabel: 'production' });
    expect(finding).toMatchObject({
      code: 'tablespace.unexpected',
      message: 'index users.users_email_key is in tablespace fast in production, where staging keeps it in the default one',
      expected: null,
      actual: 'tablespace fast',
    });
    expect(finding.fix).toBe('ALTER INDEX public.users_email_key SET TABLESPACE pg_default;');
  });

  it("alters a key's index under the key's name, and a materialized view as one", () => {
    expect(onlyFinding(withPlaced(usersKey), base).fix).toBe('ALTER INDEX public.users_pkey SET TABLESPACE fast;');
    const withView = catalog({ views: [view('totals', ' SELECT 1 AS one;', { materialized: true })] });
    expect(onlyFinding({ ...withView, tablespaces: [placed({ kind: 'view', name: 'totals' })] }, withView).fix).toBe('ALTER MATERIALIZED VIEW public.totals SET TABLESPACE fast;');
  });

  it('moves a relation from one tablespace to the other', () => {
    const finding = onlyFinding(withPlaced(users), withPlaced(placed(users.target, 'archive')));
    expect(finding).toMatchObject({ code: 'tablespace.mismatch', message: 'table users is in tablespace archive, expected fast', expected: 'tablespace fast', actual: 'tablespace archive' });
    expect(finding.fix).toBe('ALTER TABLE public.users SET TABLESPACE fast;');
  });

  it('quotes names that need it', () => {
    const odd = catalog({ tables: [...base.tables, table('Odd Table')] });
    expect(onlyFinding({ ...odd, tablespaces: [placed({ kind: 'table', name: 'Odd Table' }, 'Fast Disk')] }, odd).fix).toBe('ALTER TABLE public."Odd Table" SET TABLESPACE "Fast Disk";');
  });
});

describe('tablespaces: with their relations', () => {
  it('leaves the tablespace of a missing or extra relation to the relation, and places a created one', () => {
    const withNotes = (tablespace: Tablespace[]) => catalog({ tables: [...base.tables, table('notes')], tablespaces: tablespace });
    const notes = placed({ kind: 'table', name: 'notes' });
    expect(findingsOf(withNotes([notes]), base)).toEqual(['table.missing public.notes']);
    expect(findingsOf(base, withNotes([notes]))).toEqual(['table.unexpected public.notes']);
    expect(onlyFinding(withNotes([notes]), base).fix).toContain('ALTER TABLE public.notes SET TABLESPACE fast;');
  });

  it('places an index that a fix rebuilds with another definition again', () => {
    const wanted = catalog({ indexes: [index('users', 'users_email_key', '(lower((email)::text))', { unique: true, columns: [] })], tablespaces: [emailIndex] });
    const found = catalog({ tablespaces: [emailIndex] });
    expect(findingsOf(wanted, found)).toEqual(['index.mismatch public.users.users_email_key']);
    expect(fixScript(wanted, found).at(-1)).toBe('ALTER INDEX public.users_email_key SET TABLESPACE fast;');
  });

  it('compares the tablespace of a renamed index under its new name', () => {
    const renamedIndex = placed({ kind: 'index', table: 'users', name: 'users_mail_key' });
    const actual = catalog({ indexes: [index('users', 'users_mail_key', '(email)', { unique: true, columns: ['email'] })], tablespaces: [renamedIndex] });
    expect(findingsOf(withPlaced(emailIndex), actual)).toEqual(['index.renamed public.users.users_email_key']);
  });

  it('compares the tablespace of a renamed table under its new name', () => {
    const renamed = renameTable(base, 'users', 'people', { tablespaces: [placed({ kind: 'table', name: 'people' })] });
    expect(findingsOf(withPlaced(users), renamed)).toEqual(['table.renamed public.users']);
  });
});

describe('tablespaces: catalog rows', () => {
  it('assembles rows as the query returns them', () => {
    const rows = [
      ['table', null, 'users', 'fast'],
      ['primary_key', 'users', 'users_pkey', 'fast'],
      ['index', 'users', 'users_email_key', 'fast'],
    ];
    expect(tablespaces.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([users, usersKey, emailIndex]);
  });
});

describe('tablespaces: codes', () => {
  producesEveryCode(tablespaces, {
    missing: [withPlaced(users), base],
    unexpected: [base, withPlaced(users)],
    mismatch: [withPlaced(users), withPlaced(placed(users.target, 'archive'))],
  });
});
