// Indexes: identity, wording, the mismatch and its fix, create/drop SQL, renames and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalog, compare, findingsOf, fixScript, index, onlyFinding, producesEveryCode, table, view , attributesOf, NEWEST_SERVER, renameTable } from '../../../test/support/catalog.js';
import { PHASES, refPath } from '../model.js';
import { indexes, type Index } from './indexes.js';

const base = catalog();
const emailKey = base.indexes[0]!;
const withIndexes = (...extra: Index[]) => catalog({ indexes: [...base.indexes, ...extra] });
const byTeam = index('users', 'ix_users_team', '(team_id)', { columns: ['team_id'] });

describe('indexes: identity and wording', () => {
  it('is identified by its table and name, and covered by its table', () => {
    expect(indexes.ref(byTeam)).toEqual({ kind: 'index', table: 'users', name: 'ix_users_team' });
    expect(refPath('public', indexes.ref(byTeam))).toBe('public.users.ix_users_team');
    expect(refPath('public', indexes.ref(index('Odd Table', 'Odd Index', '(a)')))).toBe('public."Odd Table"."Odd Index"');
    expect(indexes.parent!(byTeam)).toEqual({ kind: 'table', name: 'users' });
  });

  it('is called "(unique) index <name> on <table>" and described by uniqueness, method and definition', () => {
    expect(indexes.noun(byTeam)).toBe('index ix_users_team on users');
    expect(indexes.noun(emailKey)).toBe('unique index users_email_key on users');
    expect(indexes.describe(emailKey)).toBe('UNIQUE btree (email)');
    expect(indexes.describe(index('users', 'ix_tags', '(tags) WITH (fastupdate=off)', { method: 'gin' }))).toBe('gin (tags) WITH (fastupdate=off)');
  });
});

describe('indexes: missing and unexpected', () => {
  it('creates a missing index, naming the method only when it is not btree, quoting odd names', () => {
    const finding = onlyFinding(withIndexes(byTeam), base);
    expect(finding).toMatchObject({ code: 'index.missing', path: 'public.users.ix_users_team', message: 'index ix_users_team on users is missing from the database', expected: 'btree (team_id)', actual: null });
    expect(finding.fix).toBe('CREATE INDEX ix_users_team ON public.users (team_id);');
    const gin = index('Odd Table', 'Tags Index', '("order") INCLUDE (id) WHERE (id > 0)', { method: 'gin' });
    expect(onlyFinding(withIndexes(gin), base).fix).toBe('CREATE INDEX "Tags Index" ON public."Odd Table" USING gin ("order") INCLUDE (id) WHERE (id > 0);');
    expect(onlyFinding(base, catalog({ indexes: [] })).fix).toBe('CREATE UNIQUE INDEX users_email_key ON public.users (email);');
  });

  it('creates an index on a materialized view after the view', () => {
    const counts = view('team_counts', 'SELECT team_id, count(*) AS n FROM users GROUP BY team_id', { materialized: true, uses: ['users'] });
    const onView = index('team_counts', 'team_counts_team', '(team_id)', { columns: ['team_id'] });
    const actual = catalog({ views: [counts] });
    const finding = onlyFinding(catalog({ views: [counts], indexes: [...base.indexes, onView] }), actual);
    expect(finding.fixSteps).toEqual([{ phase: PHASES.views, sql: 'CREATE INDEX team_counts_team ON public.team_counts (team_id);', order: Number.MAX_SAFE_INTEGER }]);
    expect(fixScript(catalog({ views: [counts], indexes: [...base.indexes, onView] }), catalog())).toEqual([
      'CREATE MATERIALIZED VIEW public.team_counts AS SELECT team_id, count(*) AS n FROM users GROUP BY team_id;',
      'CREATE INDEX team_counts_team ON public.team_counts (team_id);',
    ]);
  });

  it('drops an unexpected index', () => {
    const finding = onlyFinding(base, withIndexes(byTeam));
    expect(finding).toMatchObject({ code: 'index.unexpected', severity: 'warning', message: 'index ix_users_team on users exists in the database but not in the schema', expected: null, actual: 'btree (team_id)' });
    expect(finding.fix).toBe('DROP INDEX public.ix_users_team;');
    expect(onlyFinding(base, withIndexes({ ...byTeam, name: 'Ix' })).fix).toBe('DROP INDEX public."Ix";');
  });
});

describe('indexes: mismatch', () => {
  it('builds an index again when its keys, uniqueness, method or options differ', () => {
    const sorted = { ...byTeam, definition: '(team_id DESC NULLS LAST)' };
    const finding = onlyFinding(withIndexes(byTeam), withIndexes(sorted));
    expect(finding).toMatchObject({ code: 'index.mismatch', message: 'index ix_users_team on users is (team_id DESC NULLS LAST), expected (team_id)', expected: 'btree (team_id)', actual: 'btree (team_id DESC NULLS LAST)' });
    expect(fixScript(withIndexes(byTeam), withIndexes(sorted))).toEqual(['DROP INDEX public.ix_users_team;', 'CREATE INDEX ix_users_team ON public.users (team_id);']);
    expect(onlyFinding(base, catalog({ indexes: [{ ...emailKey, unique: false }] })).message).toBe('index users_email_key on users is not UNIQUE, expected UNIQUE');
    expect(onlyFinding(withIndexes(byTeam), withIndexes({ ...byTeam, method: 'hash' })).message).toBe('index ix_users_team on users is USING hash, expected USING btree');
  });

  it("reads the boolean storage parameters of its definition by meaning (deduplicate_items='on' is =true), and creates it as the schema writes it", () => {
    const deduplicated = { ...byTeam, definition: "(team_id) WITH (deduplicate_items='true', fillfactor='70')" };
    expect(findingsOf(withIndexes(deduplicated), withIndexes({ ...deduplicated, definition: "(team_id) WITH (deduplicate_items='on', fillfactor='70')" }))).toEqual([]);
    expect(findingsOf(withIndexes(deduplicated), withIndexes({ ...deduplicated, name: 'ix_other', definition: "(team_id) WITH (deduplicate_items='1', fillfactor='70')" }))).toEqual(['index.renamed public.users.ix_users_team']);
    const fewer = withIndexes({ ...deduplicated, definition: "(team_id) WITH (deduplicate_items=off, fillfactor='70')" });
    expect(fixScript(withIndexes(deduplicated), fewer)).toEqual(['DROP INDEX public.ix_users_team;', "CREATE INDEX ix_users_team ON public.users (team_id) WITH (deduplicate_items='true', fillfactor='70');"]);
  });

  it("sets an expression key's statistics target in place, and on an index created or built again", () => {
    const lower = index('users', 'ix_users_lower', '(lower(email), upper(name))', { columns: [], statistics: [{ column: 1, target: 500 }] });
    const finding = onlyFinding(withIndexes(lower), withIndexes({ ...lower, statistics: [{ column: 2, target: 100 }] }));
    expect(finding).toMatchObject({
      code: 'index.mismatch',
      message: 'index ix_users_lower on users has statistics targets column 2 100, expected column 1 500',
      expected: 'btree (lower(email), upper(name)); statistics column 1 500',
    });
    expect(finding.fix).toBe('ALTER INDEX public.ix_users_lower ALTER COLUMN 1 SET STATISTICS 500;\nALTER INDEX public.ix_users_lower ALTER COLUMN 2 SET STATISTICS -1;');
    const { statistics: _, ...plain } = lower;
    expect(onlyFinding(withIndexes(plain), withIndexes(lower)).fix).toBe('ALTER INDEX public.ix_users_lower ALTER COLUMN 1 SET STATISTICS -1;');
    expect(fixScript(withIndexes(lower), base)).toEqual(['CREATE INDEX ix_users_lower ON public.users (lower(email), upper(name));', 'ALTER INDEX public.ix_users_lower ALTER COLUMN 1 SET STATISTICS 500;']);
    expect(fixScript(withIndexes(lower), withIndexes({ ...plain, definition: '(lower(email))' }))).toEqual([
      'DROP INDEX public.ix_users_lower;',
      'CREATE INDEX ix_users_lower ON public.users (lower(email), upper(name));',
      'ALTER INDEX public.ix_users_lower ALTER COLUMN 1 SET STATISTICS 500;',
    ]);
  });

  it('finds nothing when only the plain key columns listed for locations differ', () => {
    expect(findingsOf(withIndexes(byTeam), withIndexes({ ...byTeam, columns: [] }))).toEqual([]);
  });
});

describe('indexes: validity', () => {
  const invalidKey = { ...emailKey, valid: false as const };

  it('rebuilds an index PostgreSQL marks invalid with REINDEX, which a transaction can run, after a rename', () => {
    const finding = onlyFinding(base, catalog({ indexes: [invalidKey] }));
    expect(finding).toMatchObject({
      code: 'index.invalid',
      severity: 'error',
      path: 'public.users.users_email_key',
      message: 'unique index users_email_key on users is not valid (a CREATE INDEX CONCURRENTLY that failed, or one still running, leaves it so): queries do not use it and it does not guarantee uniqueness; REINDEX rebuilds it, blocking writes to users until the script commits',
      expected: 'valid',
      actual: 'not valid',
      fix: 'REINDEX INDEX public.users_email_key;',
    });
    expect(onlyFinding(withIndexes(byTeam), withIndexes({ ...byTeam, valid: false })).message).toContain('queries do not use it; REINDEX');
    expect(fixScript(base, catalog({ indexes: [{ ...invalidKey, name: 'users_email_idx' }] }))).toEqual(['ALTER INDEX public.users_email_idx RENAME TO users_email_key;', 'REINDEX INDEX public.users_email_key;']);
  });

  it("drops and creates again a partitioned table's invalid index (REINDEX cannot run in a transaction there)", () => {
    const partitioned = (indexes: Index[]) => catalog({ tables: [table('teams'), table('users', { partitionBy: 'HASH (id)' })], indexes });
    const finding = onlyFinding(partitioned([emailKey]), partitioned([invalidKey]));
    expect(finding.message).toBe('unique index users_email_key on users is not valid: not every partition of users has its index attached (it was made with ONLY); it is dropped and created again, locking users and its partitions until the script commits');
    expect(finding.fix).toBe('DROP INDEX public.users_email_key;\nCREATE UNIQUE INDEX users_email_key ON public.users (email);');
  });

  it('leaves it to the mismatch when the definition differs too, and asks nothing of the expected side', () => {
    expect(findingsOf(withIndexes(byTeam), withIndexes({ ...byTeam, method: 'hash', valid: false }))).toEqual(['index.mismatch public.users.ix_users_team']);
    expect(findingsOf(catalog({ indexes: [invalidKey] }), base)).toEqual([]);
  });
});

describe('indexes: renames', () => {
  it('renames an index with the same definition', () => {
    const finding = onlyFinding(withIndexes(byTeam), withIndexes({ ...byTeam, name: 'users_team_id_idx' }));
    expect(finding).toMatchObject({ code: 'index.renamed', path: 'public.users.ix_users_team', message: 'index ix_users_team on users is named users_team_id_idx in the database' });
    expect(finding.fix).toBe('ALTER INDEX public.users_team_id_idx RENAME TO ix_users_team;');
    expect(onlyFinding(withIndexes({ ...byTeam, name: 'Team Index' }), withIndexes({ ...byTeam, name: 'user' })).fix).toBe('ALTER INDEX public."user" RENAME TO "Team Index";');
  });

  it('compares an index over a renamed column, and on a renamed table, under the new names', () => {
    const renamedColumn = catalog({ columns: base.columns.map((entry) => (entry.name === 'email' ? { ...entry, name: 'Mail' } : entry)), indexes: [{ ...emailKey, definition: '("Mail")', columns: ['Mail'] }] });
    expect(findingsOf(base, renamedColumn)).toEqual(['column.renamed public.users.email']);
    const renamedTable = renameTable(base, 'users', 'people');
    expect(compare(base, renamedTable).map((finding) => finding.code)).toEqual(['table.renamed']);
  });
});

describe('indexes: catalog rows', () => {
  it('assembles rows as the query returns them', () => {
    const attributes = attributesOf({ logs: ['id', 'at'], users: ['id', 'email', 'team_id', 'n'] });
    // An expression key is attribute 0; INCLUDE columns are not keys; a valid index has no `valid` (locks stay as they were).
    const rows = [
      ['logs', 'logs_at', false, 'brin', '(at)', [2], true],
      ['users', 'users_lower', false, 'btree', '(lower(email)) INCLUDE (team_id) WHERE (n > 1)', [0], true, [[1, 500]]],
      ['users', 'users_email_key', true, 'btree', '(email) NULLS NOT DISTINCT', [2], false],
    ];
    expect(indexes.read.assemble(rows, attributes, NEWEST_SERVER)).toEqual([
      index('logs', 'logs_at', '(at)', { method: 'brin', columns: ['at'] }),
      index('users', 'users_lower', '(lower(email)) INCLUDE (team_id) WHERE (n > 1)', { statistics: [{ column: 1, target: 500 }] }),
      index('users', 'users_email_key', '(email) NULLS NOT DISTINCT', { unique: true, columns: ['email'], valid: false }),
    ]);
  });
});

describe('indexes: codes', () => {
  producesEveryCode(indexes, {
    missing: [withIndexes(byTeam), base],
    unexpected: [base, withIndexes(byTeam)],
    renamed: [withIndexes(byTeam), withIndexes({ ...byTeam, name: 'users_team_id_idx' })],
    mismatch: [withIndexes(byTeam), withIndexes({ ...byTeam, method: 'hash' })],
    invalid: [withIndexes(byTeam), withIndexes({ ...byTeam, valid: false })],
  });
});
