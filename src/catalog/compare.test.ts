// The generic driver: matching, covering, renames, paths and ordering (hand-built catalogs, no database).
import { describe, expect, it } from 'vitest';
import { catalog, column, findingsOf, fixScript, index, policy, privilege, renameTable, table, trigger, view } from '../../test/support/catalog.js';
import { compareCatalogs, withoutReaderAccess } from './compare.js';
import { fixPlan } from './fix-plan.js';
import { indexAhead, matchByName, pairRenames } from './match.js';

describe('matchByName', () => {
  it('splits two lists into missing, unexpected and both, keeping each list order', () => {
    const result = matchByName(['a', 'b', 'c'], ['c', 'd', 'a'], (name) => name);
    expect(result).toEqual({ missing: ['b'], unexpected: ['d'], both: [['a', 'a'], ['c', 'c']] });
  });

  it('pairs lists in the same order in step, and keys them from the first disagreement on', () => {
    const key = (name: string) => name;
    expect(matchByName(['a', 'b', 'c'], ['a', 'b', 'c'], key)).toEqual({ missing: [], unexpected: [], both: [['a', 'a'], ['b', 'b'], ['c', 'c']] });
    expect(matchByName(['a', 'b', 'c', 'e'], ['a', 'x', 'c', 'b'], key)).toEqual({ missing: ['e'], unexpected: ['x'], both: [['a', 'a'], ['b', 'b'], ['c', 'c']] });
    expect(matchByName(['a', 'b'], ['a', 'b', 'z'], key)).toEqual({ missing: [], unexpected: ['z'], both: [['a', 'a'], ['b', 'b']] });
    expect(matchByName(['a', 'b', 'y'], ['a', 'b'], key)).toEqual({ missing: ['y'], unexpected: [], both: [['a', 'a'], ['b', 'b']] });
  });

  it('finds an item a few places ahead, past items only one list holds, and no further', () => {
    const list = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    expect(indexAhead(list, 0, (item) => item === 'a')).toBe(0);
    expect(indexAhead(list, 2, (item) => item === 'e')).toBe(4);
    expect(indexAhead(list, 2, (item) => item === 'a')).toBe(-1);
    expect(indexAhead(list, 0, (item) => item === 'j')).toBe(-1);
    expect(indexAhead(list, 9, (_, index) => index === 9)).toBe(9);
  });

  it('pairs renames only when one missing and one unexpected object share a shape; more of one shape are ambiguous', () => {
    const shape = (name: string) => name.slice(1);
    expect(pairRenames(['xA'], ['yA'], shape, shape)).toEqual({ pairs: [['yA', 'xA']], ambiguous: new Map() });
    expect(pairRenames(['xA', 'zA'], ['yA'], shape, shape)).toEqual({ pairs: [], ambiguous: new Map([['xA', ['yA']], ['zA', ['yA']], ['yA', ['xA', 'zA']]]) });
    const two = pairRenames(['xA', 'zA', 'qB'], ['yA', 'wA', 'rB', 'sC'], shape, shape);
    expect(two.pairs).toEqual([['rB', 'qB']]);
    expect([...two.ambiguous.keys()]).toEqual(['xA', 'zA', 'yA', 'wA']);
  });
});

describe('withoutReaderAccess', () => {
  const onUsers = { kind: 'table' as const, name: 'users' };
  it("leaves out the reading role's grants where the other side grants that role nothing, and keeps them where it does", () => {
    const reader = catalog({ privileges: [privilege(onUsers, 'checker', ['SELECT']), privilege(onUsers, 'app', ['SELECT'])] });
    expect(withoutReaderAccess(reader, catalog(), 'checker').privileges).toEqual([privilege(onUsers, 'app', ['SELECT'])]);
    const grantsChecker = catalog({ privileges: [privilege(onUsers, 'checker', ['INSERT'])] });
    expect(withoutReaderAccess(reader, grantsChecker, 'checker')).toBe(reader);
    expect(withoutReaderAccess(reader, catalog(), undefined)).toBe(reader);
    const findings = compareCatalogs(grantsChecker, reader, { schema: 'public', readers: { actual: 'checker' } }).map((finding) => `${finding.code} ${finding.path}`);
    expect(findings).toEqual(['privilege.unexpected public.users[grant to app]', 'privilege.missing public.users[grant to checker]', 'privilege.unexpected public.users[grant to checker]']);
    // One role that read both sides (--against): its access on either is how it checked.
    expect(compareCatalogs(grantsChecker, reader, { schema: 'public', readers: { actual: 'checker', expected: 'checker' } }).map((finding) => `${finding.code} ${finding.path}`)).toEqual(['privilege.unexpected public.users[grant to app]']);
  });
});

describe('compareCatalogs', () => {
  it('finds nothing between equal catalogs', () => {
    expect(findingsOf(catalog(), catalog())).toEqual([]);
  });

  it('reports a missing table once, with a fix that creates it and everything on it in order', () => {
    const actual = catalog({ tables: [table('teams')], columns: catalog().columns.filter((c) => c.table === 'teams'), primaryKeys: catalog().primaryKeys.slice(0, 1), indexes: [], foreignKeys: [] });
    const findings = compareCatalogs(catalog(), actual, { schema: 'public' });
    expect(findings.map((f) => `${f.code} ${f.path}`)).toEqual(['table.missing public.users']);
    const script = fixPlan(findings).map((step) => step.sql);
    expect(script[0]).toBe('CREATE TABLE public.users (\n  id uuid DEFAULT gen_random_uuid() NOT NULL,\n  email character varying(255) NOT NULL,\n  team_id uuid\n);');
    expect(script.slice(1)).toEqual([
      'ALTER TABLE public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);',
      'CREATE UNIQUE INDEX users_email_key ON public.users (email);',
      'ALTER TABLE public.users ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE ON UPDATE NO ACTION;',
    ]);
  });

  it('reports an extra table once: its columns and keys go with it', () => {
    const actual = catalog({ tables: [...catalog().tables, table('stray')], columns: [...catalog().columns, column('stray', 'id', 'integer')], indexes: [...catalog().indexes, index('stray', 'stray_idx', '(id)')] });
    expect(findingsOf(catalog(), actual)).toEqual(['table.unexpected public.stray']);
  });

  it('sees a renamed table as one rename, and compares what hangs on it under the new name', () => {
    const renamed = (name: string) => (name === 'users' ? 'people' : name);
    const base = catalog();
    const actual = catalog({
      tables: base.tables.map((t) => ({ ...t, name: renamed(t.name) })),
      columns: base.columns.map((c) => ({ ...c, table: renamed(c.table) })),
      primaryKeys: base.primaryKeys.map((k) => ({ ...k, table: renamed(k.table) })),
      indexes: base.indexes.map((i) => ({ ...i, table: renamed(i.table) })),
      foreignKeys: base.foreignKeys.map((k) => ({ ...k, table: renamed(k.table) })),
    });
    const findings = compareCatalogs(base, actual, { schema: 'public' });
    expect(findings.map((f) => `${f.code} ${f.path}`)).toEqual(['table.renamed public.users']);
    expect(findings[0]!.fix).toBe('ALTER TABLE public.people RENAME TO users;');
  });

  it('sees a renamed column as a rename, and keys that name it compare after the rename', () => {
    const actual = catalog({
      columns: catalog().columns.map((c) => (c.table === 'users' && c.name === 'email' ? { ...c, name: 'mail' } : c)),
      indexes: [index('users', 'users_email_key', '(mail)', { unique: true, columns: ['mail'] })],
    });
    const findings = compareCatalogs(catalog(), actual, { schema: 'public' });
    expect(findings.map((f) => `${f.code} ${f.path}`)).toEqual(['column.renamed public.users.email']);
    expect(findings[0]!.fix).toBe('ALTER TABLE public.users RENAME COLUMN mail TO email;');
  });

  it('quotes path segments that hold a dot, a quote, a bracket or white space', () => {
    const odd = 'my "odd".table';
    const actual = catalog({ tables: [...catalog().tables, table(odd)] });
    expect(findingsOf(catalog(), actual)).toEqual(['table.unexpected public."my ""odd"".table"']);
  });

  it('is deterministic: the same catalogs give byte-identical findings', () => {
    const actual = catalog({ enums: [{ name: 'level', values: ['C', 'A', 'X'] }], indexes: [] });
    expect(JSON.stringify(compareCatalogs(catalog(), actual, { schema: 'public' }))).toBe(JSON.stringify(compareCatalogs(catalog(), actual, { schema: 'public' })));
  });

  it('leaves out skipped kinds', () => {
    const actual = catalog({ owners: [{ target: { kind: 'table', name: 'users' }, owner: 'someone', usual: false }] });
    const expected = catalog({ owners: [{ target: { kind: 'table', name: 'users' }, owner: 'app', usual: true }] });
    expect(findingsOf(expected, actual)).toEqual(['owner.mismatch public.users[owner]']);
    expect(findingsOf(expected, actual, { skip: new Set(['owners']) })).toEqual([]);
  });
});

describe('compareCatalogs: dependants of a renamed table', () => {
  // The table is renamed first in the tables phase; what is dropped before that names it as read.
  const renamed = (overrides: Parameters<typeof renameTable>[3]) => renameTable(catalog(), 'users', 'people', overrides);

  it('drops a changed policy, an extra trigger and a changed key under the old name, and creates them under the new one', () => {
    const wanted = catalog({
      policies: [policy('users', 'own', { using: '(team_id IS NOT NULL)' })],
      primaryKeys: [...catalog().primaryKeys.filter((key) => key.table !== 'users'), { table: 'users', name: 'users_pkey', columns: ['id', 'email'], definition: 'PRIMARY KEY (id, email)', options: [] }],
    });
    const found = renamed({
      policies: [policy('people', 'own', { using: 'true' })],
      triggers: [trigger('people', 'stray', 'BEFORE INSERT ON public.people FOR EACH ROW EXECUTE FUNCTION stray()')],
    });
    const script = fixScript(wanted, found);
    expect(script).toContain('DROP POLICY own ON public.people;');
    expect(script).toContain('DROP TRIGGER IF EXISTS stray ON public.people;');
    expect(script).toContain('ALTER TABLE public.people DROP CONSTRAINT users_pkey;');
    const rename = script.indexOf('ALTER TABLE public.people RENAME TO users;');
    expect(rename).toBeGreaterThan(script.indexOf('DROP POLICY own ON public.people;'));
    expect(script.slice(rename)).toEqual(expect.arrayContaining(['ALTER TABLE public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id, email);', 'CREATE POLICY own ON public.users AS PERMISSIVE FOR ALL TO PUBLIC USING ((team_id IS NOT NULL));']));
  });

  it("drops the policy and the view that name a renamed table's column whose collation changes under their names as read", () => {
    const own = (table: string) => policy(table, 'own', { using: "((email)::text <> ''::text)" });
    const reader = (table: string) => view('user_emails', `SELECT email FROM ${table}`, { uses: [table] });
    const wanted = catalog({ columns: catalog().columns.map((c) => (c.name === 'email' ? { ...c, collation: 'C' } : c)), policies: [own('users')], views: [reader('users')] });
    const script = fixScript(wanted, renamed({ policies: [own('people')], views: [reader('people')] }));
    const rename = script.indexOf('ALTER TABLE public.people RENAME TO users;');
    for (const drop of ['DROP POLICY own ON public.people;', 'DROP VIEW IF EXISTS public.user_emails;']) {
      expect(script.indexOf(drop)).toBeGreaterThanOrEqual(0);
      expect(script.indexOf(drop)).toBeLessThan(rename);
    }
    const retyped = script.findIndex((sql) => sql.startsWith('ALTER TABLE public.users ALTER COLUMN email TYPE character varying(255) COLLATE "C"'));
    expect(retyped).toBeGreaterThan(rename);
    expect(script.findIndex((sql) => sql.startsWith('CREATE POLICY own ON public.users'))).toBeGreaterThan(retyped);
    expect(script.findIndex((sql) => sql.startsWith('CREATE VIEW public.user_emails'))).toBeGreaterThan(retyped);
  });

  it("converts a renamed table's column to a rebuilt enum (under its name as read) and gives back the policy and trigger that name it", () => {
    const grade = (table: string) => column(table, 'grade', 'level');
    const own = (table: string) => policy(table, 'own', { using: "(grade <> 'C'::level)" });
    const audit = (table: string) => trigger(table, 'audit', `BEFORE UPDATE OF grade ON public.${table} FOR EACH ROW EXECUTE FUNCTION audit()`);
    const wanted = catalog({ columns: [...catalog().columns, grade('users')], policies: [own('users')], triggers: [audit('users')] });
    const found = renamed({ columns: [...renameTable(catalog(), 'users', 'people').columns, grade('people')], policies: [own('people')], triggers: [audit('people')], enums: [{ name: 'level', values: ['C', 'B', 'A'] }] });
    const script = fixScript(wanted, found);
    const rename = script.indexOf('ALTER TABLE public.people RENAME TO users;');
    const converted = script.findIndex((sql) => sql.startsWith('ALTER TABLE public.people ALTER COLUMN grade TYPE public.level USING'));
    for (const drop of ['DROP POLICY own ON public.people;', 'DROP TRIGGER IF EXISTS audit ON public.people;']) {
      expect(script.indexOf(drop)).toBeGreaterThanOrEqual(0);
      expect(script.indexOf(drop)).toBeLessThan(converted);
    }
    expect(converted).toBeGreaterThanOrEqual(0);
    expect(converted).toBeLessThan(rename);
    expect(script.findIndex((sql) => sql.startsWith('CREATE POLICY own ON public.users'))).toBeGreaterThan(rename);
    expect(script.findIndex((sql) => sql.startsWith('CREATE TRIGGER audit BEFORE UPDATE OF grade ON public.users'))).toBeGreaterThan(rename);
  });

  it('knows a partition renamed with its renamed parent from the start: an enum conversion on it gives back its policy', () => {
    const logs = (parent: string, part: string) => ({
      tables: [...catalog().tables, table(parent, { partitionBy: 'LIST (grade)' }), table(part, { partitionOf: { parent, bound: "FOR VALUES IN ('A')" } })],
      columns: [...catalog().columns, column(parent, 'grade', 'level'), column(part, 'grade', 'level')],
      policies: [policy(part, 'own', { using: "(grade <> 'C'::level)" })],
    });
    const script = fixScript(catalog(logs('logs', 'logs_a')), catalog({ ...logs('events', 'events_a'), enums: [{ name: 'level', values: ['C', 'B', 'A'] }] }));
    expect(script.indexOf('DROP POLICY own ON public.events_a;')).toBeGreaterThanOrEqual(0);
    expect(script.indexOf('ALTER TABLE public.events_a RENAME TO logs_a;')).toBeGreaterThanOrEqual(0);
    expect(script.findIndex((sql) => sql.startsWith('CREATE POLICY own ON public.logs_a'))).toBeGreaterThan(script.indexOf('ALTER TABLE public.events_a RENAME TO logs_a;'));
  });

  it('drops the foreign keys onto a rebuilt key of a renamed table under their names as read, and adds them back onto the new name', () => {
    const keys = (definition: string) => catalog().primaryKeys.map((key) => (key.table === 'teams' ? { ...key, definition } : key));
    const wanted = catalog({ primaryKeys: keys('PRIMARY KEY (id) DEFERRABLE') });
    const found = renameTable(catalog(), 'teams', 'squads', { foreignKeys: catalog().foreignKeys.map((key) => ({ ...key, referencedTable: 'squads' })) });
    const script = fixScript(wanted, found);
    const rename = script.indexOf('ALTER TABLE public.squads RENAME TO teams;');
    expect(script.indexOf('ALTER TABLE public.users DROP CONSTRAINT users_team_id_fkey;')).toBeGreaterThanOrEqual(0);
    expect(script.indexOf('ALTER TABLE public.users DROP CONSTRAINT users_team_id_fkey;')).toBeLessThan(script.indexOf('ALTER TABLE public.squads DROP CONSTRAINT teams_pkey;'));
    expect(script.indexOf('ALTER TABLE public.squads DROP CONSTRAINT teams_pkey;')).toBeLessThan(rename);
    expect(script.slice(rename + 1)).toEqual([
      'ALTER TABLE public.teams ADD CONSTRAINT teams_pkey PRIMARY KEY (id) DEFERRABLE;',
      'ALTER TABLE public.users ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE ON UPDATE NO ACTION;',
    ]);
  });
});
