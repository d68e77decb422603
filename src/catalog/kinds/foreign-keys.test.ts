// Foreign keys: identity, wording, the mismatch and its fixes, create/drop SQL, renames and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalog, findingsOf, fixScript, foreignKey, onlyFinding, producesEveryCode, table , attributesOf, NEWEST_SERVER } from '../../../test/support/catalog.js';
import { refPath } from '../model.js';
import type { Catalog } from '../registry.js';
import { foreignKeys, type ForeignKey } from './foreign-keys.js';

const base = catalog();
const teamKey = base.foreignKeys[0]!;
const withKey = (patch: Partial<ForeignKey> | null): Catalog => catalog({ foreignKeys: patch ? [{ ...teamKey, ...patch }] : [] });

describe('foreign keys: identity and wording', () => {
  it('is identified by its table and name, and covered by its table', () => {
    expect(foreignKeys.ref(teamKey)).toEqual({ kind: 'foreign_key', table: 'users', name: 'users_team_id_fkey' });
    expect(refPath('public', foreignKeys.ref(teamKey))).toBe('public.users.users_team_id_fkey');
    expect(refPath('public', foreignKeys.ref({ ...teamKey, table: 'Odd Table', name: 'fk "x"' }))).toBe('public."Odd Table"."fk ""x"""');
    expect(foreignKeys.parent!(teamKey)).toEqual({ kind: 'table', name: 'users' });
  });

  it('is called "foreign key <name> on <table>" and described by its definition', () => {
    expect(foreignKeys.noun(teamKey)).toBe('foreign key users_team_id_fkey on users');
    expect(foreignKeys.describe(teamKey)).toBe('FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE ON UPDATE NO ACTION');
    expect(foreignKeys.describe({ ...teamKey, match: 'FULL', onDelete: 'SET NULL', onDeleteColumns: ['team_id'], deferrable: 'deferrable initially deferred', validated: false })).toBe(
      'FOREIGN KEY (team_id) REFERENCES teams (id) MATCH FULL ON DELETE SET NULL (team_id) ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED NOT VALID',
    );
  });
});

describe('foreign keys: what behaves the same', () => {
  it('takes MATCH FULL on one column for MATCH SIMPLE, and SET NULL naming every key column for SET NULL', () => {
    expect(findingsOf(withKey({ match: 'FULL' }), withKey({}))).toEqual([]);
    expect(findingsOf(withKey({ onDelete: 'SET NULL' }), withKey({ onDelete: 'SET NULL', onDeleteColumns: ['team_id'] }))).toEqual([]);
    // Two columns: MATCH FULL refuses a half-null key, and SET NULL of one column leaves the other.
    const pair = { columns: ['team_id', 'id'], referencedColumns: ['id', 'id'] };
    expect(findingsOf(withKey({ ...pair, match: 'FULL' }), withKey(pair))).toEqual(['foreign_key.mismatch public.users.users_team_id_fkey']);
    expect(findingsOf(withKey({ ...pair, onDelete: 'SET NULL' }), withKey({ ...pair, onDelete: 'SET NULL', onDeleteColumns: ['team_id'] }))).toEqual(['foreign_key.mismatch public.users.users_team_id_fkey']);
    expect(findingsOf(withKey({ ...pair, onDelete: 'SET NULL' }), withKey({ ...pair, onDelete: 'SET NULL', onDeleteColumns: ['id', 'team_id'] }))).toEqual([]);
  });
});

describe('foreign keys: missing and unexpected', () => {
  it('adds a missing foreign key with its options, after the keys it references', () => {
    const finding = onlyFinding(base, withKey(null));
    expect(finding).toMatchObject({
      code: 'foreign_key.missing',
      path: 'public.users.users_team_id_fkey',
      message: 'foreign key users_team_id_fkey on users is missing from the database',
      expected: 'FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE ON UPDATE NO ACTION',
      actual: null,
    });
    expect(finding.fix).toBe('ALTER TABLE public.users ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE ON UPDATE NO ACTION;');
    const full = withKey({ match: 'FULL', onDelete: 'SET DEFAULT', onDeleteColumns: ['team_id'], onUpdate: 'RESTRICT', deferrable: 'deferrable', validated: false });
    expect(onlyFinding(full, withKey(null)).fix).toBe(
      'ALTER TABLE public.users ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) MATCH FULL ON DELETE SET DEFAULT (team_id) ON UPDATE RESTRICT DEFERRABLE NOT VALID;',
    );
  });

  it('quotes odd names, and names a table of another schema by its schema (a dot in a name stays a name)', () => {
    const odd = foreignKey('Odd Table', 'Odd Key', ['order'], 'Team Table', ['Key']);
    expect(onlyFinding(catalog({ foreignKeys: [odd] }), withKey(null)).fix).toBe(
      'ALTER TABLE public."Odd Table" ADD CONSTRAINT "Odd Key" FOREIGN KEY ("order") REFERENCES public."Team Table" ("Key") ON DELETE NO ACTION ON UPDATE NO ACTION;',
    );
    const elsewhere = foreignKey('users', 'users_org_fkey', ['team_id'], 'Orgs', ['id'], { referencedSchema: 'billing' });
    expect(onlyFinding(catalog({ foreignKeys: [teamKey, elsewhere] }), base).fix).toBe(
      'ALTER TABLE public.users ADD CONSTRAINT users_org_fkey FOREIGN KEY (team_id) REFERENCES billing."Orgs" (id) ON DELETE NO ACTION ON UPDATE NO ACTION;',
    );
    const dotted = foreignKey('users', 'users_dotted_fkey', ['team_id'], 'a.b', ['id']);
    expect(onlyFinding(catalog({ foreignKeys: [teamKey, dotted] }), base).fix).toBe(
      'ALTER TABLE public.users ADD CONSTRAINT users_dotted_fkey FOREIGN KEY (team_id) REFERENCES public."a.b" (id) ON DELETE NO ACTION ON UPDATE NO ACTION;',
    );
  });

  it('drops an unexpected foreign key before the keys and tables it references', () => {
    const finding = onlyFinding(withKey(null), base);
    expect(finding).toMatchObject({ code: 'foreign_key.unexpected', severity: 'warning', message: 'foreign key users_team_id_fkey on users exists in the database but not in the schema' });
    expect(finding.fix).toBe('ALTER TABLE public.users DROP CONSTRAINT users_team_id_fkey;');
    const withoutTeams = catalog({ tables: [table('users')], columns: base.columns.filter((entry) => entry.table === 'users'), primaryKeys: base.primaryKeys.slice(1), foreignKeys: [] });
    expect(fixScript(withoutTeams, base)).toEqual(['ALTER TABLE public.users DROP CONSTRAINT users_team_id_fkey;', 'DROP TABLE public.teams; -- check that its data is not needed first']);
  });
});

describe('foreign keys: mismatch', () => {
  it('replaces a foreign key with other actions, target or deferrability', () => {
    const finding = onlyFinding(base, withKey({ onDelete: 'NO ACTION' }));
    expect(finding).toMatchObject({
      code: 'foreign_key.mismatch',
      message: 'foreign key users_team_id_fkey on users is ON DELETE NO ACTION, expected ON DELETE CASCADE',
      expected: 'FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE ON UPDATE NO ACTION',
      actual: 'FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE NO ACTION ON UPDATE NO ACTION',
    });
    expect(onlyFinding(base, withKey({ referencedTable: 'squads', match: 'FULL', deferrable: 'deferrable' })).message).toBe(
      'foreign key users_team_id_fkey on users is REFERENCES squads (id) MATCH FULL DEFERRABLE, expected REFERENCES teams (id) MATCH SIMPLE NOT DEFERRABLE',
    );
    expect(onlyFinding(withKey({ validated: false }), base).message).toBe('foreign key users_team_id_fkey on users is VALID, expected NOT VALID');
    expect(fixScript(base, withKey({ deferrable: 'deferrable initially deferred' }))).toEqual([
      'ALTER TABLE public.users DROP CONSTRAINT users_team_id_fkey;',
      'ALTER TABLE public.users ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE ON UPDATE NO ACTION;',
    ]);
  });

  it('validates a foreign key that is only NOT VALID', () => {
    const finding = onlyFinding(base, withKey({ validated: false }));
    expect(finding.message).toBe('foreign key users_team_id_fkey on users is NOT VALID: rows written before it was added were never checked');
    expect(finding.fix).toBe('ALTER TABLE public.users VALIDATE CONSTRAINT users_team_id_fkey;');
    expect(onlyFinding(withKey({ validated: false }), base).fix).toBe(
      'ALTER TABLE public.users DROP CONSTRAINT users_team_id_fkey;\nALTER TABLE public.users ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE ON UPDATE NO ACTION NOT VALID;',
    );
  });
});

describe('foreign keys: rebuilt', () => {
  it('gives a foreign key it adds again its comment back', () => {
    const comment = { target: { kind: 'foreign_key' as const, table: 'users', name: 'users_team_id_fkey' }, text: 'the team' };
    const script = fixScript(catalog({ comments: [comment] }), { ...withKey({ onUpdate: 'CASCADE' }), comments: [comment] });
    expect(script.at(-1)).toBe("COMMENT ON CONSTRAINT users_team_id_fkey ON public.users IS 'the team';");
  });
});

describe('foreign keys: enforcement and periods (PostgreSQL 18)', () => {
  const notEnforced = { enforced: false, validated: false };

  it('writes NOT ENFORCED, not NOT VALID (PostgreSQL records a key it does not enforce as not validated)', () => {
    expect(foreignKeys.describe({ ...teamKey, ...notEnforced })).toBe('FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE ON UPDATE NO ACTION NOT ENFORCED');
    expect(onlyFinding(withKey(notEnforced), withKey(null)).fix).toBe(
      'ALTER TABLE public.users ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE ON UPDATE NO ACTION NOT ENFORCED;',
    );
  });

  it('enforces a key, or stops, with ALTER CONSTRAINT', () => {
    const enforce = onlyFinding(base, withKey(notEnforced));
    expect(enforce.message).toBe('foreign key users_team_id_fkey on users is NOT ENFORCED, expected VALID');
    expect(enforce.fix).toBe('ALTER TABLE public.users ALTER CONSTRAINT users_team_id_fkey ENFORCED;');
    expect(onlyFinding(withKey(notEnforced), base).fix).toBe('ALTER TABLE public.users ALTER CONSTRAINT users_team_id_fkey NOT ENFORCED;');
  });

  it('adds a key that should be enforced but NOT VALID again, since enforcing it validates it', () => {
    expect(fixScript(withKey({ validated: false }), withKey(notEnforced))).toEqual([
      'ALTER TABLE public.users DROP CONSTRAINT users_team_id_fkey;',
      'ALTER TABLE public.users ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE ON UPDATE NO ACTION NOT VALID;',
    ]);
  });

  it('writes the last column of a temporal key as its PERIOD, and tells a period from a plain column', () => {
    const temporal = foreignKey('users', 'users_team_during_fkey', ['team_id', 'during'], 'teams', ['id', 'valid'], { period: true });
    expect(foreignKeys.describe(temporal)).toBe('FOREIGN KEY (team_id, PERIOD during) REFERENCES teams (id, PERIOD valid) ON DELETE NO ACTION ON UPDATE NO ACTION');
    const finding = onlyFinding(catalog({ foreignKeys: [temporal] }), catalog({ foreignKeys: [{ ...temporal, period: false }] }));
    expect(finding.message).toBe('foreign key users_team_during_fkey on users is FOREIGN KEY (team_id, during) REFERENCES teams (id, valid), expected FOREIGN KEY (team_id, PERIOD during) REFERENCES teams (id, PERIOD valid)');
  });
});

describe('foreign keys: internal triggers that do not fire', () => {
  const disabledTriggers = [
    { name: 'RI_ConstraintTrigger_a_16420', onReferenced: true },
    { name: 'RI_ConstraintTrigger_c_16422', onReferenced: false },
  ];

  it('adds a key whose triggers do not fire again (no superuser needed, the rows checked), naming the triggers', () => {
    const finding = onlyFinding(base, withKey({ disabledTriggers }));
    expect(finding).toMatchObject({
      code: 'foreign_key.triggers_disabled',
      severity: 'error',
      path: 'public.users.users_team_id_fkey',
      message:
        'foreign key users_team_id_fkey on users is not enforced: its triggers RI_ConstraintTrigger_a_16420 on teams, RI_ConstraintTrigger_c_16422 on users do not fire; the fix adds the key again, which checks every row (one written meanwhile that references nothing stops it)',
      expected: 'its triggers fire',
      actual: 'RI_ConstraintTrigger_a_16420 on teams, RI_ConstraintTrigger_c_16422 on users do not fire',
    });
    expect(finding.fix).toBe(
      'ALTER TABLE public.users DROP CONSTRAINT users_team_id_fkey;\nALTER TABLE public.users ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE ON UPDATE NO ACTION;',
    );
  });

  it('adds a NOT VALID key with disabled triggers again (which validates it: no VALIDATE of a key the script drops); one made NOT ENFORCED loses its triggers', () => {
    expect(findingsOf(base, withKey({ validated: false, disabledTriggers }))).toEqual(['foreign_key.mismatch public.users.users_team_id_fkey', 'foreign_key.triggers_disabled public.users.users_team_id_fkey']);
    expect(fixScript(base, withKey({ validated: false, disabledTriggers }))).toEqual([
      'ALTER TABLE public.users DROP CONSTRAINT users_team_id_fkey;',
      'ALTER TABLE public.users ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE ON UPDATE NO ACTION;',
    ]);
    expect(findingsOf(base, withKey({ onUpdate: 'CASCADE', disabledTriggers }))).toEqual(['foreign_key.mismatch public.users.users_team_id_fkey']);
    expect(fixScript(withKey({ enforced: false, validated: false }), withKey({ disabledTriggers }))).toEqual(['ALTER TABLE public.users ALTER CONSTRAINT users_team_id_fkey NOT ENFORCED;']);
  });

  it('asks nothing of the expected side', () => {
    expect(findingsOf(withKey({ disabledTriggers }), base)).toEqual([]);
  });
});

describe('foreign keys: renames', () => {
  it('renames a foreign key with the same definition', () => {
    const finding = onlyFinding(base, withKey({ name: 'users_team_fk' }));
    expect(finding).toMatchObject({ code: 'foreign_key.renamed', path: 'public.users.users_team_id_fkey', message: 'foreign key users_team_id_fkey on users is named users_team_fk in the database' });
    expect(finding.fix).toBe('ALTER TABLE public.users RENAME CONSTRAINT users_team_fk TO users_team_id_fkey;');
  });

  it('compares a key whose table, column, referenced table or referenced column was renamed under the new names', () => {
    const renameTeams = (name: string) => (name === 'teams' ? 'squads' : name);
    const actual = catalog({
      tables: base.tables.map((entry) => ({ ...entry, name: renameTeams(entry.name) })),
      columns: base.columns.map((entry) => ({ ...entry, table: renameTeams(entry.table), name: entry.name === 'team_id' ? 'squad_id' : entry.name })),
      primaryKeys: base.primaryKeys.map((entry) => ({ ...entry, table: renameTeams(entry.table) })),
      foreignKeys: [{ ...teamKey, columns: ['squad_id'], referencedTable: 'squads' }],
    });
    expect(findingsOf(base, actual)).toEqual(['table.renamed public.teams', 'column.renamed public.users.team_id']);
    expect(fixScript(base, actual)).toEqual(['ALTER TABLE public.squads RENAME TO teams;', 'ALTER TABLE public.users RENAME COLUMN squad_id TO team_id;']);
  });
});

describe('foreign keys: catalog rows', () => {
  it('assembles rows as the query returns them: numbers for this schema, names for a target elsewhere', () => {
    const attributes = attributesOf({ users: ['id', 'org_id', 'team_id'], teams: ['id'] });
    const rows = [
      ['users', 'users_team_id_fkey', [3], null, 'teams', [1], 'c', [], 'a', 's', true, true, true, true, false, [['RI_ConstraintTrigger_a_16420', true]]],
      ['users', 'users_org_fkey', [2, 3], 'billing', 'Orgs', ['id', 'team'], 'n', [2], 'r', 'f', false, false, true, false, false],
      ['users', 'users_old_fkey', [3], null, 'teams', [1], 'd', [], 'a', 's', true, false, false, false, true, null],
    ];
    expect(foreignKeys.read.assemble(rows, attributes, NEWEST_SERVER)).toEqual([
      { ...teamKey, deferrable: 'deferrable initially deferred', disabledTriggers: [{ name: 'RI_ConstraintTrigger_a_16420', onReferenced: true }] },
      foreignKey('users', 'users_org_fkey', ['org_id', 'team_id'], 'Orgs', ['id', 'team'], { referencedSchema: 'billing', onDelete: 'SET NULL', onDeleteColumns: ['org_id'], onUpdate: 'RESTRICT', match: 'FULL', validated: false }),
      foreignKey('users', 'users_old_fkey', ['team_id'], 'teams', ['id'], { onDelete: 'SET DEFAULT', deferrable: 'deferrable', enforced: false, validated: false, period: true }),
    ]);
  });
});

describe('foreign keys: codes', () => {
  producesEveryCode(foreignKeys, {
    missing: [base, withKey(null)],
    unexpected: [withKey(null), base],
    renamed: [base, withKey({ name: 'users_team_fk' })],
    mismatch: [base, withKey({ onUpdate: 'CASCADE' })],
    triggers_disabled: [base, withKey({ disabledTriggers: [{ name: 'RI_ConstraintTrigger_c_16422', onReferenced: false }] })],
  });
});
