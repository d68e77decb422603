// UNIQUE, CHECK and EXCLUDE constraints: identity, wording, the mismatch and its fixes, create/drop SQL, renames
// and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalog, constraint, findingsOf, fixScript, foreignKey, index, onlyFinding, producesEveryCode, table, attributesOf, NEWEST_SERVER } from '../../../test/support/catalog.js';
import { refPath } from '../model.js';
import { withoutFlags } from './constraint-flags.js';
import { constraints, type Constraint } from './constraints.js';

const base = catalog();
const positive = constraint('users', 'users_n_check', 'check', 'CHECK ((n > 0))', { columns: ['n'] });
const unique = constraint('users', 'users_email_unique', 'unique', 'UNIQUE (email)', { columns: ['email'] });
const withConstraints = (...list: Constraint[]) => catalog({ constraints: list });

describe('constraints: identity and wording', () => {
  it('is identified by its table and name, and covered by its table', () => {
    expect(constraints.ref(positive)).toEqual({ kind: 'constraint', table: 'users', name: 'users_n_check' });
    expect(refPath('public', constraints.ref(positive))).toBe('public.users.users_n_check');
    expect(refPath('public', constraints.ref(constraint('Odd Table', 'a.b', 'check', 'CHECK (true)')))).toBe('public."Odd Table"."a.b"');
    expect(constraints.parent!(positive)).toEqual({ kind: 'table', name: 'users' });
  });

  it('is called by its type, and described by its definition with its flags', () => {
    expect(constraints.noun(positive)).toBe('check constraint users_n_check on users');
    expect(constraints.noun(unique)).toBe('unique constraint users_email_unique on users');
    expect(constraints.noun(constraint('users', 'one_team', 'exclusion', 'EXCLUDE USING gist (team_id WITH =)'))).toBe('exclusion constraint one_team on users');
    expect(constraints.describe({ ...unique, deferrable: 'deferrable initially deferred' })).toBe('UNIQUE (email) DEFERRABLE INITIALLY DEFERRED');
    expect(constraints.describe({ ...positive, validated: false })).toBe('CHECK ((n > 0)) NOT VALID');
  });
});

describe('constraints: missing and unexpected', () => {
  it('adds a missing constraint with its flags, quoting odd names', () => {
    const finding = onlyFinding(withConstraints(positive), base);
    expect(finding).toMatchObject({ code: 'constraint.missing', path: 'public.users.users_n_check', message: 'check constraint users_n_check on users is missing from the database', expected: 'CHECK ((n > 0))', actual: null });
    expect(finding.fix).toBe('ALTER TABLE public.users ADD CONSTRAINT users_n_check CHECK ((n > 0));');
    expect(onlyFinding(withConstraints({ ...positive, name: 'Check', validated: false }), base).fix).toBe('ALTER TABLE public.users ADD CONSTRAINT "Check" CHECK ((n > 0)) NOT VALID;');
    expect(onlyFinding(withConstraints({ ...unique, deferrable: 'deferrable' }), base).fix).toBe('ALTER TABLE public.users ADD CONSTRAINT users_email_unique UNIQUE (email) DEFERRABLE;');
    const exclusion = constraint('users', 'one_team', 'exclusion', 'EXCLUDE USING gist (team_id WITH =) WHERE ((n > 0))');
    expect(onlyFinding(withConstraints(exclusion), base).fix).toBe('ALTER TABLE public.users ADD CONSTRAINT one_team EXCLUDE USING gist (team_id WITH =) WHERE ((n > 0));');
  });

  it('drops an unexpected constraint', () => {
    const finding = onlyFinding(base, withConstraints(unique));
    expect(finding).toMatchObject({ code: 'constraint.unexpected', message: 'unique constraint users_email_unique on users exists in the database but not in the schema', expected: null, actual: 'UNIQUE (email)' });
    expect(finding.fix).toBe('ALTER TABLE public.users DROP CONSTRAINT users_email_unique;');
    expect(onlyFinding(base, withConstraints({ ...unique, name: 'unique' })).fix).toBe('ALTER TABLE public.users DROP CONSTRAINT "unique";');
  });

  it('drops a UNIQUE constraint the schema has as a unique index around the foreign keys onto it', () => {
    const teams = foreignKey('teams', 'teams_owner_email_fkey', ['owner_email'], 'users', ['email']);
    const expected = catalog({ indexes: [...base.indexes, index('users', 'users_email_unique', '(email)', { unique: true, columns: ['email'] })], foreignKeys: [teams] });
    const actual = catalog({ constraints: [unique], foreignKeys: [teams] });
    expect(fixScript(expected, actual)).toEqual([
      'ALTER TABLE public.teams DROP CONSTRAINT teams_owner_email_fkey;',
      'ALTER TABLE public.users DROP CONSTRAINT users_email_unique;',
      'CREATE UNIQUE INDEX users_email_unique ON public.users (email);',
      'ALTER TABLE public.teams ADD CONSTRAINT teams_owner_email_fkey FOREIGN KEY (owner_email) REFERENCES public.users (email) ON DELETE NO ACTION ON UPDATE NO ACTION;',
    ]);
  });
});

describe('constraints: mismatch', () => {
  it('replaces a constraint with another definition', () => {
    const finding = onlyFinding(withConstraints(positive), withConstraints({ ...positive, definition: 'CHECK ((n > 1))' }));
    expect(finding).toMatchObject({ code: 'constraint.mismatch', message: 'check constraint users_n_check on users is CHECK ((n > 1)), expected CHECK ((n > 0))', expected: 'CHECK ((n > 0))', actual: 'CHECK ((n > 1))' });
    expect(onlyFinding(withConstraints(positive), withConstraints({ ...positive, type: 'unique', definition: 'UNIQUE (n)' })).message).toBe(
      'check constraint users_n_check on users is UNIQUE (n), expected CHECK ((n > 0))',
    );
    expect(fixScript(withConstraints(positive), withConstraints({ ...positive, definition: 'CHECK ((n > 1))' }))).toEqual([
      'ALTER TABLE public.users DROP CONSTRAINT users_n_check;',
      'ALTER TABLE public.users ADD CONSTRAINT users_n_check CHECK ((n > 0));',
    ]);
  });

  it('validates a constraint that is only NOT VALID', () => {
    const finding = onlyFinding(withConstraints(positive), withConstraints({ ...positive, validated: false }));
    expect(finding).toMatchObject({
      code: 'constraint.mismatch',
      message: 'check constraint users_n_check on users is NOT VALID: rows written before it was added were never checked',
      expected: 'CHECK ((n > 0))',
      actual: 'CHECK ((n > 0)) NOT VALID',
    });
    expect(finding.fix).toBe('ALTER TABLE public.users VALIDATE CONSTRAINT users_n_check;');
  });

  it('adds a constraint again NOT VALID where the schema leaves it unvalidated', () => {
    const finding = onlyFinding(withConstraints({ ...positive, validated: false }), withConstraints(positive));
    expect(finding.message).toBe('check constraint users_n_check on users is VALID, expected NOT VALID');
    expect(finding.fix).toBe('ALTER TABLE public.users DROP CONSTRAINT users_n_check;\nALTER TABLE public.users ADD CONSTRAINT users_n_check CHECK ((n > 0)) NOT VALID;');
  });

  it('replaces a constraint that is deferrable differently', () => {
    const finding = onlyFinding(withConstraints({ ...unique, deferrable: 'deferrable initially deferred' }), withConstraints(unique));
    expect(finding.message).toBe('unique constraint users_email_unique on users is NOT DEFERRABLE, expected DEFERRABLE INITIALLY DEFERRED');
    expect(finding.fix).toBe('ALTER TABLE public.users DROP CONSTRAINT users_email_unique;\nALTER TABLE public.users ADD CONSTRAINT users_email_unique UNIQUE (email) DEFERRABLE INITIALLY DEFERRED;');
  });
});

describe('constraints: renames', () => {
  it('renames a constraint with the same definition and flags', () => {
    const finding = onlyFinding(withConstraints(positive), withConstraints({ ...positive, name: 'n_positive' }));
    expect(finding).toMatchObject({ code: 'constraint.renamed', path: 'public.users.users_n_check', message: 'check constraint users_n_check on users is named n_positive in the database', expected: 'users_n_check', actual: 'n_positive' });
    expect(finding.fix).toBe('ALTER TABLE public.users RENAME CONSTRAINT n_positive TO users_n_check;');
    expect(findingsOf(withConstraints(positive), withConstraints({ ...positive, name: 'n_positive', validated: false }))).toEqual([
      'constraint.unexpected public.users.n_positive',
      'constraint.missing public.users.users_n_check',
    ]);
  });

  it('compares a constraint over a renamed column under its new name', () => {
    const expected = catalog({ constraints: [constraint('users', 'users_email_check', 'check', "CHECK (((email)::text ~~ '%@%'::text))", { columns: ['email'] })] });
    const actual = catalog({
      columns: base.columns.map((entry) => (entry.name === 'email' ? { ...entry, name: 'mail' } : entry)),
      indexes: base.indexes.map((entry) => ({ ...entry, definition: '(mail)', columns: ['mail'] })),
      constraints: [constraint('users', 'users_email_check', 'check', "CHECK (((mail)::text ~~ '%@%'::text))", { columns: ['mail'] })],
    });
    expect(findingsOf(expected, actual)).toEqual(['column.renamed public.users.email']);
  });
});

describe("constraints: their index's storage parameters", () => {
  it('sets and resets them on the index alone, and gives them to a constraint it creates', () => {
    const packed = { ...unique, deferrable: 'deferrable' as const, options: ['fillfactor=80'] };
    const finding = onlyFinding(withConstraints(packed), withConstraints({ ...packed, options: [] }));
    expect(finding).toMatchObject({ code: 'constraint.mismatch', message: 'unique constraint users_email_unique on users has index storage parameters none, expected fillfactor=80' });
    expect(finding.fix).toBe('ALTER INDEX public.users_email_unique SET (fillfactor=80);');
    expect(onlyFinding(withConstraints(packed), base)).toMatchObject({
      expected: 'UNIQUE (email) WITH (fillfactor=80) DEFERRABLE',
      fix: 'ALTER TABLE public.users ADD CONSTRAINT users_email_unique UNIQUE (email) WITH (fillfactor=80) DEFERRABLE;',
    });
  });
});

describe('constraints: an invalid index', () => {
  it("reindexes a unique constraint's invalid index, or rebuilds it on a partitioned table", () => {
    const finding = onlyFinding(withConstraints(unique), withConstraints({ ...unique, valid: false }));
    expect(finding).toMatchObject({ code: 'constraint.invalid', path: 'public.users.users_email_unique', fix: 'REINDEX INDEX public.users_email_unique;' });
    const partitioned = (entry: Constraint) => catalog({ tables: [table('teams'), table('users', { partitionBy: 'HASH (id)' })], constraints: [entry] });
    expect(fixScript(partitioned(unique), partitioned({ ...unique, valid: false }))).toEqual([
      'ALTER TABLE public.users DROP CONSTRAINT users_email_unique;',
      'ALTER TABLE public.users ADD CONSTRAINT users_email_unique UNIQUE (email);',
    ]);
  });
});

describe('constraints: catalog rows', () => {
  it('assembles rows as the query returns them, the flags taken out of the definition', () => {
    const rows = [
      ['teams', 'teams_name_excl', 'x', 'EXCLUDE USING btree (name WITH =)', [2], false, false, true, []],
      ['users', 'n_big', 'c', 'CHECK ((n < 100)) NOT VALID', [4], false, false, false, []],
      ['users', 'users_email_key', 'u', 'UNIQUE (email) DEFERRABLE INITIALLY DEFERRED', [2], true, true, true, ['fillfactor=80']],
      ['users', 'users_team_key', 'u', 'UNIQUE NULLS NOT DISTINCT (team_id) DEFERRABLE', [3], true, false, true, [], false],
    ];
    const attributes = attributesOf({ teams: ['id', 'name'], users: ['id', 'email', 'team_id', 'n'] });
    expect(constraints.read.assemble(rows, attributes, NEWEST_SERVER)).toEqual([
      constraint('teams', 'teams_name_excl', 'exclusion', 'EXCLUDE USING btree (name WITH =)', { columns: ['name'] }),
      constraint('users', 'n_big', 'check', 'CHECK ((n < 100))', { columns: ['n'], validated: false }),
      constraint('users', 'users_email_key', 'unique', 'UNIQUE (email)', { columns: ['email'], deferrable: 'deferrable initially deferred', options: ['fillfactor=80'] }),
      constraint('users', 'users_team_key', 'unique', 'UNIQUE NULLS NOT DISTINCT (team_id)', { columns: ['team_id'], deferrable: 'deferrable', valid: false }),
    ]);
  });

  it('keeps flags that are part of the definition', () => {
    expect(withoutFlags('CHECK ((n > 0)) NO INHERIT')).toBe('CHECK ((n > 0)) NO INHERIT');
    expect(withoutFlags("CHECK ((note <> 'NOT VALID'::text)) NOT VALID")).toBe("CHECK ((note <> 'NOT VALID'::text))");
  });
});

describe('constraints: codes', () => {
  producesEveryCode(constraints, {
    missing: [withConstraints(positive), base],
    unexpected: [base, withConstraints(positive)],
    renamed: [withConstraints(positive), withConstraints({ ...positive, name: 'n_positive' })],
    mismatch: [withConstraints(positive), withConstraints({ ...positive, validated: false })],
    invalid: [withConstraints(unique), withConstraints({ ...unique, valid: false })],
  });
});
