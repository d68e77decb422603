// Views and materialized views: identity, wording, the mismatch and its rebuild, create/drop SQL in dependency
// order, what a rebuilt view carries, and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalog, findingsOf, fixScript, index, onlyFinding, privilege, producesEveryCode, view, attributesOf, renameTable } from '../../../test/support/catalog.js';
import { defaultEquivalence, defaultsToProbe } from '../equivalence.js';
import { PHASES, refPath } from '../model.js';
import { views, type View } from './views.js';

const base = catalog();
const active = view('active_users', 'SELECT users.id, users.email FROM users', { uses: ['users'], options: ['security_invoker=true'] });
/** A view on a view. */
const recent = view('recent_users', 'SELECT active_users.id FROM active_users', { uses: ['active_users'] });
const counts = view('team_counts', 'SELECT users.team_id, count(*) AS n FROM users GROUP BY users.team_id', { materialized: true, uses: ['users'] });
const withViews = (...list: View[]) => catalog({ views: list });

describe('views: identity and wording', () => {
  it('is identified by its name and stands alone', () => {
    expect(views.ref(active)).toEqual({ kind: 'view', name: 'active_users' });
    expect(refPath('public', views.ref(view('Odd View', 'SELECT 1')))).toBe('public."Odd View"');
    expect(views.parent).toBeUndefined();
  });

  it('is called a view or a materialized view, and described by its options and query', () => {
    expect(views.noun(active)).toBe('view active_users');
    expect(views.noun(counts)).toBe('materialized view team_counts');
    expect(views.describe(active)).toBe('WITH (security_invoker=true) AS SELECT users.id, users.email FROM users');
    expect(views.describe(counts)).toBe('AS SELECT users.team_id, count(*) AS n FROM users GROUP BY users.team_id');
  });
});

describe('views: missing and unexpected', () => {
  it('creates missing views after the tables, a view on a view after the view it reads', () => {
    const finding = onlyFinding(withViews(active), base);
    expect(finding).toMatchObject({ code: 'view.missing', path: 'public.active_users', message: 'view active_users is missing from the database', expected: views.describe(active), actual: null });
    expect(finding.fixSteps).toEqual([{ phase: PHASES.views, sql: 'CREATE VIEW public.active_users WITH (security_invoker=true) AS SELECT users.id, users.email FROM users;', order: 0 }]);
    expect(fixScript(withViews(recent, active), base)).toEqual([
      'CREATE VIEW public.active_users WITH (security_invoker=true) AS SELECT users.id, users.email FROM users;',
      'CREATE VIEW public.recent_users AS SELECT active_users.id FROM active_users;',
    ]);
    expect(onlyFinding(withViews(view('Odd View', 'SELECT 1 AS one')), base).fix).toBe('CREATE VIEW public."Odd View" AS SELECT 1 AS one;');
  });

  it('creates a missing materialized view with its indexes and grants', () => {
    const expected = catalog({ views: [counts], indexes: [...base.indexes, index('team_counts', 'team_counts_team', '(team_id)')], privileges: [privilege({ kind: 'view', name: 'team_counts' }, 'reader', ['SELECT'])] });
    expect(findingsOf(expected, base)).toEqual(['view.missing public.team_counts']);
    expect(fixScript(expected, base)).toEqual([
      'CREATE MATERIALIZED VIEW public.team_counts AS SELECT users.team_id, count(*) AS n FROM users GROUP BY users.team_id;',
      'CREATE INDEX team_counts_team ON public.team_counts (team_id);',
      'GRANT SELECT ON TABLE public.team_counts TO reader;',
    ]);
  });

  it('drops an unexpected view first, and the views that read it (those the schema keeps come back)', () => {
    const finding = onlyFinding(base, withViews(counts));
    expect(finding).toMatchObject({ code: 'view.unexpected', severity: 'warning', message: 'materialized view team_counts exists in the database but not in the schema', expected: null });
    expect(finding.fixSteps!.map((step) => [step.phase, step.sql])).toEqual([[PHASES.dropDependants, 'DROP MATERIALIZED VIEW IF EXISTS public.team_counts;']]);
    const kept = view('recent_users', 'SELECT users.id FROM users', { uses: ['users'] });
    expect(fixScript(withViews(kept), withViews(active, recent))).toEqual([
      'DROP VIEW IF EXISTS public.recent_users;',
      'DROP VIEW IF EXISTS public.active_users;',
      'CREATE VIEW public.recent_users AS SELECT users.id FROM users;',
    ]);
  });
});

describe('views: mismatch', () => {
  it('rebuilds a view with another query, and the views that read it', () => {
    const changed = { ...active, definition: 'SELECT users.id FROM users' };
    const finding = onlyFinding(withViews(active, recent), withViews(changed, recent));
    expect(finding).toMatchObject({
      code: 'view.mismatch',
      message: 'view active_users is AS SELECT users.id FROM users, expected AS SELECT users.id, users.email FROM users',
      expected: views.describe(active),
      actual: views.describe(changed),
    });
    expect(fixScript(withViews(active, recent), withViews(changed, recent))).toEqual([
      'DROP VIEW IF EXISTS public.recent_users;',
      'DROP VIEW IF EXISTS public.active_users;',
      'CREATE VIEW public.active_users WITH (security_invoker=true) AS SELECT users.id, users.email FROM users;',
      'CREATE VIEW public.recent_users AS SELECT active_users.id FROM active_users;',
    ]);
  });

  it('rebuilds a view with other options', () => {
    expect(onlyFinding(withViews(active), withViews({ ...active, options: [] })).message).toBe('view active_users is without options, expected WITH (security_invoker=true)');
  });

  it('reads boolean options by meaning (security_invoker=on or =1 is =true), and names only what differs', () => {
    expect(findingsOf(withViews(active), withViews({ ...active, options: ['security_invoker=1'] }))).toEqual([]);
    expect(findingsOf(withViews({ ...counts, options: ['toast.autovacuum_enabled=false'] }), withViews({ ...counts, options: ['toast.autovacuum_enabled=off'] }))).toEqual([]);
    expect(onlyFinding(withViews(active), withViews({ ...active, options: ['security_invoker=off'] })).message).toBe('view active_users is WITH (security_invoker=off), expected WITH (security_invoker=true)');
    const query = { ...active, definition: 'SELECT users.id FROM users' };
    expect(onlyFinding(withViews(active), withViews({ ...query, options: ['security_invoker=on'] })).message).toBe('view active_users is AS SELECT users.id FROM users, expected AS SELECT users.id, users.email FROM users');
  });

  it("rebuilds a materialized view whose TOAST table has other storage parameters, with them", () => {
    const finding = onlyFinding(withViews({ ...counts, options: ['toast.autovacuum_enabled=false'] }), withViews(counts));
    expect(finding.message).toBe('materialized view team_counts is without options, expected WITH (toast.autovacuum_enabled=false)');
    expect(fixScript(withViews({ ...counts, options: ['toast.autovacuum_enabled=false'] }), withViews(counts))).toEqual([
      'DROP MATERIALIZED VIEW IF EXISTS public.team_counts;',
      'CREATE MATERIALIZED VIEW public.team_counts WITH (toast.autovacuum_enabled=false) AS SELECT users.team_id, count(*) AS n FROM users GROUP BY users.team_id;',
    ]);
  });

  it('says once that a view is (not) materialized, and rebuilds what it carries', () => {
    const plain = { ...counts, materialized: false };
    const expected = catalog({ views: [counts], indexes: [...base.indexes, index('team_counts', 'team_counts_team', '(team_id)')] });
    const actual = catalog({ views: [plain] });
    expect(findingsOf(expected, actual)).toEqual(['view.mismatch public.team_counts', 'index.missing public.team_counts.team_counts_team']);
    expect(onlyFinding(withViews(counts), withViews(plain)).message).toBe('team_counts is a view, expected a materialized view');
    expect(fixScript(expected, actual)).toEqual([
      'DROP VIEW IF EXISTS public.team_counts;',
      'CREATE MATERIALIZED VIEW public.team_counts AS SELECT users.team_id, count(*) AS n FROM users GROUP BY users.team_id;',
      'CREATE INDEX team_counts_team ON public.team_counts (team_id);',
    ]);
    expect(onlyFinding(withViews(counts), withViews({ ...plain, definition: 'SELECT 1' })).message).toBe(
      'team_counts is a view, expected a materialized view; it is AS SELECT 1, expected AS SELECT users.team_id, count(*) AS n FROM users GROUP BY users.team_id',
    );
  });

  it("sets a materialized view's access method in place (PostgreSQL 15 on), creates it anew before, and names it once where one is a view", () => {
    const other = { ...counts, accessMethod: 'other_heap' };
    const finding = onlyFinding(withViews(counts), withViews(other));
    expect(finding).toMatchObject({ message: 'materialized view team_counts is USING other_heap, expected USING heap', expected: views.describe(counts), actual: `USING other_heap ${views.describe(counts)}` });
    expect(fixScript(withViews(counts), withViews(other))).toEqual(['ALTER MATERIALIZED VIEW public.team_counts SET ACCESS METHOD heap;']);
    expect(fixScript(withViews(other), withViews(counts), { serverVersion: 140012 })).toEqual([
      'DROP MATERIALIZED VIEW IF EXISTS public.team_counts;',
      'CREATE MATERIALIZED VIEW public.team_counts USING other_heap AS SELECT users.team_id, count(*) AS n FROM users GROUP BY users.team_id;',
    ]);
    expect(onlyFinding(withViews(other), withViews({ ...counts, materialized: false })).message).toBe('team_counts is a view, expected a materialized view');
    expect(onlyFinding(withViews({ ...counts, materialized: false }), withViews(other)).message).toBe('team_counts is a materialized view, expected a view');
    const quoted = { ...counts, accessMethod: 'Other Heap' };
    expect(onlyFinding(withViews(quoted), withViews(counts)).message).toBe('materialized view team_counts is USING heap, expected USING "Other Heap"');
    expect(fixScript(withViews(quoted), withViews(counts))).toEqual(['ALTER MATERIALIZED VIEW public.team_counts SET ACCESS METHOD "Other Heap";']);
  });

  it("sets, changes and drops a view's column defaults in place, and gives a view created again its defaults", () => {
    const defaulted = { ...active, defaults: [{ column: 'email', type: 'text', expression: "'nobody'::text" }, { column: 'Note', type: 'integer', expression: '0' }] };
    const finding = onlyFinding(withViews(defaulted), withViews({ ...active, defaults: [{ column: 'email', type: 'text', expression: "'x'::text" }, { column: 'id', type: 'integer', expression: '1' }] }));
    expect(finding).toMatchObject({
      code: 'view.mismatch',
      message: `view active_users is with column defaults email DEFAULT 'x'::text, id DEFAULT 1, expected with column defaults email DEFAULT 'nobody'::text, "Note" DEFAULT 0`,
    });
    expect(finding.fix).toBe(
      ['ALTER VIEW public.active_users ALTER COLUMN id DROP DEFAULT;', "ALTER VIEW public.active_users ALTER COLUMN email SET DEFAULT 'nobody'::text;", 'ALTER VIEW public.active_users ALTER COLUMN "Note" SET DEFAULT 0;'].join('\n'),
    );
    expect(onlyFinding(withViews(active), withViews(defaulted)).fix).toBe('ALTER VIEW public.active_users ALTER COLUMN email DROP DEFAULT;\nALTER VIEW public.active_users ALTER COLUMN "Note" DROP DEFAULT;');
    expect(fixScript(withViews(defaulted), base)).toEqual([
      'CREATE VIEW public.active_users WITH (security_invoker=true) AS SELECT users.id, users.email FROM users;',
      "ALTER VIEW public.active_users ALTER COLUMN email SET DEFAULT 'nobody'::text;",
      'ALTER VIEW public.active_users ALTER COLUMN "Note" SET DEFAULT 0;',
    ]);
    // A changed query rebuilds the view, defaults included.
    expect(fixScript(withViews(defaulted), withViews({ ...defaulted, definition: 'SELECT 1' }))).toEqual([
      'DROP VIEW IF EXISTS public.active_users;',
      'CREATE VIEW public.active_users WITH (security_invoker=true) AS SELECT users.id, users.email FROM users;',
      "ALTER VIEW public.active_users ALTER COLUMN email SET DEFAULT 'nobody'::text;",
      'ALTER VIEW public.active_users ALTER COLUMN "Note" SET DEFAULT 0;',
    ]);
  });

  it("finds nothing between a view's column defaults that spell one value", () => {
    const at = (expression: string) => withViews({ ...active, defaults: [{ column: 'seen', type: 'timestamp with time zone', expression }] });
    const sameDefault = defaultEquivalence(new Set());
    expect(findingsOf(at('now()'), at('CURRENT_TIMESTAMP'), { sameDefault })).toEqual([]);
    expect(findingsOf(at('now()'), at("'2020-01-01 00:00:00+00'::timestamp with time zone"), { sameDefault })).toEqual(['view.mismatch public.active_users']);
    // Constants the server must settle are asked about.
    const constants = [withViews({ ...active, defaults: [{ column: 'n', type: 'numeric', expression: '0' }] }), withViews({ ...active, defaults: [{ column: 'n', type: 'numeric', expression: '0.0' }] })] as const;
    expect(defaultsToProbe(...constants)).toEqual([{ type: 'numeric', expected: '0', actual: '0.0' }]);
  });

  it('compares the tables a view reads under their new names', () => {
    const renamed = renameTable(base, 'users', 'people', { views: [{ ...counts, uses: ['people'] }] });
    expect(findingsOf(withViews(counts), renamed)).toEqual(['table.renamed public.users']);
  });
});

describe('views: catalog rows', () => {
  it('assembles rows as the query returns them: white space collapsed, the semicolon dropped, options and uses sorted; a one-relation view of a server up to 15 unqualified as 16 and later write it', () => {
    const fromFifteen = [['active', false, " SELECT users.id,\n    users.email\n   FROM users\n  WHERE (users.note = 'a  b');", ['security_invoker=true', 'check_option=local'], null, ['users', 'teams'], [['note', 'text', "'none'::text"]]]];
    const fromEighteen = [['team_count', true, ' SELECT users.team_id,\n    count(*) AS count\n   FROM users\n  GROUP BY users.team_id;', [], 'other_heap', ['users'], []]];
    expect(views.read.assemble(fromFifteen, attributesOf(), 150018)).toEqual([
      view('active', "SELECT id, email FROM users WHERE (note = 'a  b')", { options: ['check_option=local', 'security_invoker=true'], uses: ['teams', 'users'], defaults: [{ column: 'note', type: 'text', expression: "'none'::text" }] }),
    ]);
    expect(views.read.assemble(fromEighteen, attributesOf(), 180004)).toEqual([
      view('team_count', 'SELECT users.team_id, count(*) AS count FROM users GROUP BY users.team_id', { materialized: true, accessMethod: 'other_heap', uses: ['users'] }),
    ]);
  });

  it('finds nothing between views laid out differently by two servers', () => {
    const [one] = views.read.assemble([['v', false, ' SELECT 1 AS one;', [], null, [], []]], attributesOf(), 180004);
    const [other] = views.read.assemble([['v', false, 'SELECT\n  1 AS one', [], null, [], []]], attributesOf(), 150018);
    expect(findingsOf(withViews(one!), withViews(other!))).toEqual([]);
  });
});

describe('views: codes', () => {
  producesEveryCode(views, {
    missing: [withViews(active), base],
    unexpected: [base, withViews(active)],
    mismatch: [withViews(active), withViews({ ...active, materialized: true })],
  });
});
