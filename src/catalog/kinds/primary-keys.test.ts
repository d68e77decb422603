// Primary keys: identity, wording, the mismatch and its fix, create/drop SQL, renames and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalog, column, findingsOf, fixScript, onlyFinding, primaryKey, producesEveryCode, table , attributesOf, NEWEST_SERVER, renameTable } from '../../../test/support/catalog.js';
import { refPath } from '../model.js';
import type { Catalog } from '../registry.js';
import { primaryKeys, type PrimaryKey } from './primary-keys.js';

const base = catalog();
const withUsersKey = (key: PrimaryKey | null): Catalog => catalog({ primaryKeys: [...base.primaryKeys.filter((entry) => entry.table !== 'users'), ...(key ? [key] : [])] });

describe('primary keys: identity and wording', () => {
  it('is identified by its table and name, and covered by its table', () => {
    const key = primaryKey('Odd Table', ['id'], 'Odd Table_pkey');
    expect(primaryKeys.ref(key)).toEqual({ kind: 'primary_key', table: 'Odd Table', name: 'Odd Table_pkey' });
    expect(refPath('public', primaryKeys.ref(key))).toBe('public."Odd Table"."Odd Table_pkey"');
    expect(refPath('public', primaryKeys.ref(primaryKey('users', ['id'])))).toBe('public.users.users_pkey');
    expect(primaryKeys.parent!(key)).toEqual({ kind: 'table', name: 'Odd Table' });
  });

  it('is called "primary key <name> of <table>" and described by its definition', () => {
    expect(primaryKeys.noun(primaryKey('users', ['id']))).toBe('primary key users_pkey of users');
    expect(primaryKeys.describe(primaryKey('users', ['id', 'team_id']))).toBe('PRIMARY KEY (id, team_id)');
  });
});

describe('primary keys: missing, unexpected and mismatch', () => {
  it('adds a missing primary key, quoting odd names', () => {
    const finding = onlyFinding(base, withUsersKey(null));
    expect(finding).toMatchObject({ code: 'primary_key.missing', path: 'public.users.users_pkey', message: 'primary key users_pkey of users is missing from the database', expected: 'PRIMARY KEY (id)', actual: null });
    expect(finding.fix).toBe('ALTER TABLE public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);');
    const odd = catalog({ tables: [table('Odd Table')], columns: [column('Odd Table', 'order', 'integer')], primaryKeys: [{ table: 'Odd Table', name: 'Key', columns: ['order'], definition: 'PRIMARY KEY ("order")', options: [] }] });
    expect(onlyFinding(odd, { ...odd, primaryKeys: [] }).fix).toBe('ALTER TABLE public."Odd Table" ADD CONSTRAINT "Key" PRIMARY KEY ("order");');
  });

  it('drops an unexpected primary key', () => {
    const expected = withUsersKey(null);
    const finding = onlyFinding(expected, base);
    expect(finding).toMatchObject({ code: 'primary_key.unexpected', message: 'primary key users_pkey of users exists in the database but not in the schema', expected: null, actual: 'PRIMARY KEY (id)' });
    expect(finding.fix).toBe('ALTER TABLE public.users DROP CONSTRAINT users_pkey;');
  });

  it('replaces a primary key with other columns, naming what differs once', () => {
    const finding = onlyFinding(base, withUsersKey(primaryKey('users', ['id', 'email'])));
    expect(finding).toMatchObject({
      code: 'primary_key.mismatch',
      path: 'public.users.users_pkey',
      message: 'primary key users_pkey of users is PRIMARY KEY (id, email), expected PRIMARY KEY (id)',
      expected: 'PRIMARY KEY (id)',
      actual: 'PRIMARY KEY (id, email)',
    });
    expect(fixScript(base, withUsersKey(primaryKey('users', ['id', 'email'])))).toEqual([
      'ALTER TABLE public.users DROP CONSTRAINT users_pkey;',
      'ALTER TABLE public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);',
    ]);
  });
});

describe('primary keys: renames', () => {
  it('renames a primary key with the same definition', () => {
    const finding = onlyFinding(base, withUsersKey(primaryKey('users', ['id'], 'users_pk')));
    expect(finding).toMatchObject({ code: 'primary_key.renamed', path: 'public.users.users_pkey', message: 'primary key users_pkey of users is named users_pk in the database' });
    expect(finding.fix).toBe('ALTER TABLE public.users RENAME CONSTRAINT users_pk TO users_pkey;');
  });

  it('does not take a key over other columns for a renamed one', () => {
    expect(findingsOf(base, withUsersKey(primaryKey('users', ['email'], 'users_pk')))).toEqual(['primary_key.unexpected public.users.users_pk', 'primary_key.missing public.users.users_pkey']);
  });

  it('compares the key of a renamed table, and a key over a renamed column, under the new names', () => {
    const renamedTable = renameTable(base, 'users', 'people');
    expect(findingsOf(base, renamedTable)).toEqual(['table.renamed public.users']);
    const renamedColumn = catalog({
      columns: base.columns.map((entry) => (entry.table === 'users' && entry.name === 'id' ? { ...entry, name: 'key' } : entry)),
      primaryKeys: [base.primaryKeys[0]!, { table: 'users', name: 'users_pkey', columns: ['key'], definition: 'PRIMARY KEY (key)', options: [] }],
    });
    expect(findingsOf(base, renamedColumn)).toEqual(['column.renamed public.users.id']);
  });
});

describe("primary keys: their index's storage parameters", () => {
  const packed = { ...primaryKey('users', ['id']), options: ['fillfactor=70'] };

  it('sets and resets them on the index alone, without rebuilding the key', () => {
    const finding = onlyFinding(withUsersKey(packed), withUsersKey({ ...packed, options: ['deduplicate_items=off'] }));
    expect(finding).toMatchObject({ code: 'primary_key.mismatch', message: 'primary key users_pkey of users has index storage parameters deduplicate_items=off, expected fillfactor=70', expected: 'fillfactor=70', actual: 'deduplicate_items=off' });
    expect(finding.fix).toBe('ALTER INDEX public.users_pkey RESET (deduplicate_items);\nALTER INDEX public.users_pkey SET (fillfactor=70);');
    expect(onlyFinding(base, withUsersKey(packed)).fix).toBe('ALTER INDEX public.users_pkey RESET (fillfactor);');
  });

  it('reads boolean ones by meaning (deduplicate_items=on is =true)', () => {
    const deduplicated = { ...packed, options: ['deduplicate_items=true', 'fillfactor=70'] };
    expect(findingsOf(withUsersKey(deduplicated), withUsersKey({ ...packed, options: ['deduplicate_items=on', 'fillfactor=70'] }))).toEqual([]);
    expect(onlyFinding(withUsersKey(deduplicated), withUsersKey({ ...packed, options: ['deduplicate_items=y', 'fillfactor=50'] })).fix).toBe('ALTER INDEX public.users_pkey SET (fillfactor=70);');
  });

  it('gives them to a key it creates or rebuilds, before its flags', () => {
    expect(onlyFinding(withUsersKey(packed), withUsersKey(null))).toMatchObject({
      expected: 'PRIMARY KEY (id) WITH (fillfactor=70)',
      fix: 'ALTER TABLE public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id) WITH (fillfactor=70);',
    });
    const deferrable = { ...packed, columns: ['id', 'email'], definition: 'PRIMARY KEY (id, email) INCLUDE (team_id) DEFERRABLE INITIALLY DEFERRED' };
    expect(fixScript(withUsersKey(deferrable), withUsersKey(packed)).at(-1)).toBe('ALTER TABLE public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id, email) INCLUDE (team_id) WITH (fillfactor=70) DEFERRABLE INITIALLY DEFERRED;');
  });

  it('alters the index after a rename of the key, and rebuilds the key of a partitioned table (whose index PostgreSQL cannot alter so)', () => {
    const renamed = fixScript(withUsersKey(packed), withUsersKey({ ...packed, name: 'users_pk', options: [] }));
    expect(renamed).toEqual(['ALTER TABLE public.users RENAME CONSTRAINT users_pk TO users_pkey;', 'ALTER INDEX public.users_pkey SET (fillfactor=70);']);
    const partitioned = (key: PrimaryKey) => catalog({ ...withUsersKey(key), tables: base.tables.map((entry) => (entry.name === 'users' ? { ...entry, partitionBy: 'HASH (id)' } : entry)) });
    expect(fixScript(partitioned(packed), partitioned({ ...packed, options: [] }))).toEqual([
      'ALTER TABLE public.users DROP CONSTRAINT users_pkey;',
      'ALTER TABLE public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id) WITH (fillfactor=70);',
    ]);
  });
});

describe('primary keys: an invalid index', () => {
  it("rebuilds a partitioned table's key left invalid (ALTER TABLE ONLY), with the foreign keys onto it", () => {
    const teamsKey = base.primaryKeys[0]!;
    const partitioned = (key: PrimaryKey) => catalog({ tables: [table('teams', { partitionBy: 'HASH (id)' }), table('users')], primaryKeys: [key, base.primaryKeys[1]!] });
    const finding = onlyFinding(partitioned(teamsKey), partitioned({ ...teamsKey, valid: false }));
    expect(finding).toMatchObject({ code: 'primary_key.invalid', path: 'public.teams.teams_pkey', expected: 'valid', actual: 'not valid' });
    expect(finding.message).toBe('primary key teams_pkey of teams is not valid: not every partition of teams has its index attached (it was made with ONLY); it is dropped and created again, locking teams and its partitions until the script commits');
    expect(fixScript(partitioned(teamsKey), partitioned({ ...teamsKey, valid: false }))).toEqual([
      'ALTER TABLE public.users DROP CONSTRAINT users_team_id_fkey;',
      'ALTER TABLE public.teams DROP CONSTRAINT teams_pkey;',
      'ALTER TABLE public.teams ADD CONSTRAINT teams_pkey PRIMARY KEY (id);',
      'ALTER TABLE public.users ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE ON UPDATE NO ACTION;',
    ]);
  });

  it('reindexes the key of a plain table', () => {
    expect(onlyFinding(base, withUsersKey({ ...primaryKey('users', ['id']), valid: false })).fix).toBe('REINDEX INDEX public.users_pkey;');
  });
});

describe('primary keys: catalog rows', () => {
  it('assembles rows as the query returns them', () => {
    const attributes = attributesOf({ teams: ['id'], 'Odd Table': ['b', 'c', 'order'] });
    const rows = [['teams', 'teams_pkey', [1], 'PRIMARY KEY (id)', [], true], ['Odd Table', 'Key', [3, 1], 'PRIMARY KEY ("order", b) INCLUDE (c)', ['fillfactor=70', 'deduplicate_items=off'], false]];
    expect(primaryKeys.read.assemble(rows, attributes, NEWEST_SERVER)).toEqual([
      primaryKey('teams', ['id']),
      { table: 'Odd Table', name: 'Key', columns: ['order', 'b'], definition: 'PRIMARY KEY ("order", b) INCLUDE (c)', options: ['deduplicate_items=off', 'fillfactor=70'], valid: false },
    ]);
  });
});

describe('primary keys: codes', () => {
  producesEveryCode(primaryKeys, {
    missing: [base, withUsersKey(null)],
    unexpected: [withUsersKey(null), base],
    renamed: [base, withUsersKey(primaryKey('users', ['id'], 'users_pk'))],
    mismatch: [base, withUsersKey(primaryKey('users', ['id', 'email']))],
    invalid: [base, withUsersKey({ ...primaryKey('users', ['id']), valid: false })],
  });
});
