// Owners: identity, wording, owners compared relative to each side's usual owner, ALTER ... OWNER TO for every kind
// of object, and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalog, findingsOf, fixScript, onlyFinding, producesEveryCode, view, attributesOf, NEWEST_SERVER, renameTable } from '../../../test/support/catalog.js';
import { PHASES, refPath, type ObjectRef } from '../model.js';
import { owners, type Owner } from './owners.js';

const base = catalog({ views: [view('team_counts', 'SELECT 1', { materialized: true })] });
const owned = (target: ObjectRef, owner: string, usual: boolean): Owner => ({ target, owner, usual });
const users = { kind: 'table', name: 'users' } as const;
const teams = { kind: 'table', name: 'teams' } as const;
/** Both tables owned by `usual` (the usual owner), `users` by `owner` if given. */
const withOwners = (usual: string, owner = usual) => ({ ...base, owners: [owned(teams, usual, true), owned(users, owner, owner === usual)] });

describe('owners: identity and wording', () => {
  it('is identified by its object, and its path ends in [owner]', () => {
    expect(owners.ref(owned(users, 'app', true))).toEqual({ kind: 'owner', on: 'table', name: 'users' });
    expect(refPath('public', owners.ref(owned(users, 'app', true)))).toBe('public.users[owner]');
    expect(refPath('public', owners.ref(owned({ kind: 'schema', name: '' }, 'app', true)))).toBe('public[owner]');
    expect(owners.parent!(owned(users, 'app', true))).toEqual(users);
    expect(owners.parent!(owned({ kind: 'schema', name: '' }, 'app', true))).toBeUndefined();
  });

  it('is called "the owner of <object>" and described relative to the usual owner', () => {
    expect(owners.noun(owned(users, 'app', true))).toBe('the owner of table users');
    expect(owners.describe(owned(users, 'app', true))).toBe('the usual owner (app)');
    expect(owners.describe(owned(users, 'someone', false))).toBe('someone');
  });
});

describe('owners: mismatch', () => {
  it('finds nothing where each side has its own usual owner', () => {
    expect(findingsOf(withOwners('app'), withOwners('app_production'))).toEqual([]);
  });

  it('gives an object owned by someone else back to the usual owner of the database', () => {
    const finding = onlyFinding(withOwners('app'), withOwners('app_production', 'someone'));
    expect(finding).toMatchObject({
      code: 'owner.mismatch',
      path: 'public.users[owner]',
      severity: 'warning',
      message: 'table users is owned by someone, expected the usual owner (app)',
      expected: 'the usual owner (app)',
      actual: 'someone',
    });
    expect(finding.fixSteps).toEqual([{ phase: PHASES.comments, sql: 'ALTER TABLE public.users OWNER TO app_production;' }]);
  });

  it('gives an object the schema gives another owner to that owner', () => {
    const finding = onlyFinding(withOwners('app', 'Auditor'), withOwners('app'));
    expect(finding.message).toBe('table users is owned by the usual owner (app), expected Auditor');
    expect(finding.fix).toBe('ALTER TABLE public.users OWNER TO "Auditor";');
    expect(findingsOf(withOwners('app', 'auditor'), withOwners('app', 'auditor'))).toEqual([]);
    expect(onlyFinding(withOwners('app', 'auditor'), withOwners('app', 'other')).message).toBe('table users is owned by other, expected auditor');
  });

  it('says when the database has no usual owner to give an object back to', () => {
    const expected = { ...base, owners: [owned(users, 'app', true)] };
    const actual = { ...base, owners: [owned(users, 'someone', false)] };
    expect(onlyFinding(expected, actual).fix).toBe('-- no safe automatic fix: the database has no usual owner to give it back to: choose the role by hand');
  });

  it('names each kind of object as ALTER ... OWNER TO wants it', () => {
    const ownerFix = (target: ObjectRef) => onlyFinding({ ...base, owners: [owned(teams, 'app', true), owned(target, 'app', true)] }, { ...base, owners: [owned(teams, 'app', true), owned(target, 'x', false)] }).fix;
    expect(ownerFix({ kind: 'schema', name: '' })).toBe('ALTER SCHEMA public OWNER TO app;');
    expect(ownerFix({ kind: 'table', name: 'Odd Table' })).toBe('ALTER TABLE public."Odd Table" OWNER TO app;');
    expect(ownerFix({ kind: 'view', name: 'team_counts' })).toBe('ALTER MATERIALIZED VIEW public.team_counts OWNER TO app;');
    expect(ownerFix({ kind: 'sequence', name: 'counter' })).toBe('ALTER SEQUENCE public.counter OWNER TO app;');
    expect(ownerFix({ kind: 'enum', name: 'level' })).toBe('ALTER TYPE public.level OWNER TO app;');
    expect(ownerFix({ kind: 'composite_type', name: 'pair' })).toBe('ALTER TYPE public.pair OWNER TO app;');
    expect(ownerFix({ kind: 'domain', name: 'email' })).toBe('ALTER DOMAIN public.email OWNER TO app;');
    expect(ownerFix({ kind: 'function', name: 'add(integer, integer)' })).toBe('ALTER ROUTINE public.add(integer, integer) OWNER TO app;');
  });

  it('gives an object a fix creates anew its owner: the usual one of the database, or the one the schema names', () => {
    const level = { kind: 'enum', name: 'level' } as const;
    /** The side's tables owned by `usual`, and the enum level by `owner`. */
    const withLevel = (values: string[], usual: string, owner = usual) => ({ ...withOwners(usual), enums: [{ name: 'level', values }], owners: [...withOwners(usual).owners, owned(level, owner, owner === usual)] });
    // Values taken away: the type is rebuilt, and belongs to whoever runs the fix.
    expect(fixScript(withLevel(['low'], 'app', 'auditor'), withLevel(['low', 'high'], 'app_production', 'auditor'))).toContain('ALTER TYPE public.level OWNER TO auditor;');
    expect(fixScript(withLevel(['low'], 'app'), withLevel(['low', 'high'], 'app_production'))).toContain('ALTER TYPE public.level OWNER TO app_production;');
    // Owners not compared (the default): a lock's owners give no statement.
    expect(fixScript(withLevel(['low'], 'app', 'auditor'), withLevel(['low', 'high'], 'app_production', 'auditor'), { skip: new Set(['owners']) }).join('\n')).not.toContain('OWNER TO');
  });

  it('reports nothing for owners read on one side only: an owner comes and goes with its object', () => {
    expect(findingsOf(base, withOwners('app', 'someone'))).toEqual([]);
    expect(findingsOf(withOwners('app', 'someone'), base)).toEqual([]);
  });

  it('compares the owner of a renamed table under its new name', () => {
    const renamed = renameTable(base, 'users', 'people', { owners: [owned(teams, 'app', true), owned({ kind: 'table', name: 'people' }, 'app', true)] });
    expect(findingsOf(withOwners('app'), renamed)).toEqual(['table.renamed public.users']);
  });
});

describe('owners: catalog rows', () => {
  // Which role is the usual owner is the query's (USUAL_OWNER): test/check.test.ts holds it to its rule.
  it('assembles rows as the query returns them', () => {
    const rows = [
      ['S', 'counter', 'app', true],
      ['type:c', 'pair', 'app', true],
      ['type:d', 'email', 'app', true],
      ['type:e', 'level', 'app', true],
      ['type:r', 'span', 'app', true],
      ['function', 'add(integer, integer)', 'postgres', false],
      ['m', 'team_count', 'app', true],
      ['p', 'events', 'app', true],
      ['r', 'users', 'app', true],
      ['schema', '', 'pg_database_owner', false],
      ['v', 'active', 'app', true],
      ['aggregate', 'total(integer)', 'app', true],
      ['collation', 'caseless', 'postgres', false],
    ];
    expect(owners.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([
      owned({ kind: 'sequence', name: 'counter' }, 'app', true),
      owned({ kind: 'composite_type', name: 'pair' }, 'app', true),
      owned({ kind: 'domain', name: 'email' }, 'app', true),
      owned({ kind: 'enum', name: 'level' }, 'app', true),
      owned({ kind: 'range_type', name: 'span' }, 'app', true),
      owned({ kind: 'function', name: 'add(integer, integer)' }, 'postgres', false),
      owned({ kind: 'view', name: 'team_count' }, 'app', true),
      owned({ kind: 'table', name: 'events' }, 'app', true),
      owned(users, 'app', true),
      owned({ kind: 'schema', name: '' }, 'pg_database_owner', false),
      owned({ kind: 'view', name: 'active' }, 'app', true),
      owned({ kind: 'aggregate', name: 'total(integer)' }, 'app', true),
      owned({ kind: 'collation', name: 'caseless' }, 'postgres', false),
    ]);
  });
});

describe('owners: codes', () => {
  producesEveryCode(owners, {
    mismatch: [withOwners('app'), withOwners('app', 'someone')],
  });
});
