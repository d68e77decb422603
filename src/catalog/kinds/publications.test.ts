// Publications: identity and wording, creating and taking back what a publication says about the schema, its
// tables, column lists and row filters, its options, renamed tables, and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { attributesOf, catalog, findingsOf, fixScript, NEWEST_SERVER, onlyFinding, producesEveryCode, renameTable } from '../../../test/support/catalog.js';
import { PHASES, refPath } from '../model.js';
import { publications, type Publication } from './publications.js';

const base = catalog();
const publication = (extra: Partial<Publication> = {}): Publication => ({
  name: 'changes',
  allTables: false,
  wholeSchema: false,
  tables: [{ table: 'users', columns: null, where: null }],
  publish: ['insert', 'update', 'delete', 'truncate'],
  viaRoot: false,
  generatedColumns: false,
  ...extra,
});
const withPublications = (...list: Publication[]) => catalog({ publications: list });

describe('publications: identity and wording', () => {
  it('is identified by its name', () => {
    expect(publications.ref(publication())).toEqual({ kind: 'publication', name: 'changes' });
    expect(refPath('public', publications.ref(publication()))).toBe('public.changes');
    expect(publications.noun(publication())).toBe('publication changes');
  });

  it('is described by what it publishes and how', () => {
    expect(publications.describe(publication())).toBe("TABLE users WITH (publish = 'insert, update, delete, truncate')");
    expect(publications.describe(publication({ allTables: true, tables: [], publish: ['insert'], viaRoot: true }))).toBe("FOR ALL TABLES WITH (publish = 'insert', publish_via_partition_root = true)");
    expect(publications.describe(publication({ wholeSchema: true, tables: [{ table: 'teams', columns: ['id'], where: '(id IS NOT NULL)' }] }))).toBe(
      "TABLES IN SCHEMA, TABLE teams (id) WHERE ((id IS NOT NULL)) WITH (publish = 'insert, update, delete, truncate')",
    );
  });
});

describe('publications: missing and unexpected', () => {
  it('creates a missing publication with its tables, column lists, filters and options, once the tables exist', () => {
    const wanted = publication({ tables: [{ table: 'users', columns: ['id', 'email'], where: "((email)::text <> ''::text)" }], publish: ['insert', 'update'], generatedColumns: true });
    const finding = onlyFinding(withPublications(wanted), base);
    expect(finding).toMatchObject({ code: 'publication.missing', severity: 'error', path: 'public.changes', actual: null });
    expect(finding.fixSteps).toEqual([
      {
        phase: PHASES.dependants,
        sql: "CREATE PUBLICATION changes FOR TABLE ONLY public.users (id, email) WHERE (((email)::text <> ''::text)) WITH (publish = 'insert, update', publish_generated_columns = stored);",
      },
    ]);
    expect(onlyFinding(withPublications(publication({ allTables: true, tables: [] })), base).fix).toBe("CREATE PUBLICATION changes FOR ALL TABLES WITH (publish = 'insert, update, delete, truncate');");
    expect(onlyFinding(withPublications(publication({ wholeSchema: true, tables: [] })), base).fix).toBe("CREATE PUBLICATION changes FOR TABLES IN SCHEMA public WITH (publish = 'insert, update, delete, truncate');");
    // TABLE once before the list: PostgreSQL 14 takes no second TABLE.
    const two = publication({ tables: [{ table: 'teams', columns: null, where: null }, { table: 'users', columns: null, where: null }] });
    expect(onlyFinding(withPublications(two), base).fix).toBe("CREATE PUBLICATION changes FOR TABLE ONLY public.teams, ONLY public.users WITH (publish = 'insert, update, delete, truncate');");
  });

  it("takes the schema's tables out of an unexpected publication (it may publish other schemas), and drops one of every table", () => {
    const finding = onlyFinding(base, withPublications(publication({ wholeSchema: true, tables: [{ table: 'teams', columns: null, where: null }, { table: 'users', columns: null, where: null }] })));
    expect(finding).toMatchObject({ code: 'publication.unexpected', severity: 'warning', expected: null });
    expect(finding.fixSteps).toEqual([
      { phase: PHASES.dropDependants, sql: 'ALTER PUBLICATION changes DROP TABLES IN SCHEMA public;' },
      { phase: PHASES.dropDependants, sql: 'ALTER PUBLICATION changes DROP TABLE ONLY public.teams, ONLY public.users;' },
    ]);
    expect(onlyFinding(base, withPublications(publication({ allTables: true, tables: [] }))).fix).toBe('DROP PUBLICATION changes;');
  });
});

describe('publications: mismatch', () => {
  it('adds and drops tables, and publishes a changed one again, drops first', () => {
    const wanted = publication({ tables: [{ table: 'teams', columns: null, where: null }, { table: 'users', columns: ['id'], where: null }] });
    const found = publication({ tables: [{ table: 'users', columns: null, where: null }, { table: 'z_log', columns: null, where: null }] });
    const finding = onlyFinding(withPublications(wanted), withPublications(found));
    expect(finding.message).toBe("publication changes is TABLE users, z_log, expected TABLE teams, users (id)");
    expect(fixScript(withPublications(wanted), withPublications(found))).toEqual([
      'ALTER PUBLICATION changes DROP TABLE ONLY public.users, ONLY public.z_log;',
      'ALTER PUBLICATION changes ADD TABLE ONLY public.teams, ONLY public.users (id);',
    ]);
  });

  it('publishes the whole schema, or stops, and sets the options', () => {
    expect(onlyFinding(withPublications(publication({ wholeSchema: true })), withPublications(publication())).fix).toBe('ALTER PUBLICATION changes ADD TABLES IN SCHEMA public;');
    const finding = onlyFinding(withPublications(publication({ publish: ['insert'], viaRoot: true })), withPublications(publication()));
    expect(finding.message).toBe("publication changes is WITH (publish = 'insert, update, delete, truncate'), expected WITH (publish = 'insert', publish_via_partition_root = true)");
    expect(finding.fix).toBe("ALTER PUBLICATION changes SET (publish = 'insert', publish_via_partition_root = true);");
  });

  it('sets publish_generated_columns back to none, and names it only where a side sets it (PostgreSQL 18)', () => {
    expect(onlyFinding(withPublications(publication()), withPublications(publication({ generatedColumns: true }))).fix).toBe(
      "ALTER PUBLICATION changes SET (publish = 'insert, update, delete, truncate', publish_via_partition_root = false, publish_generated_columns = none);",
    );
    expect(onlyFinding(withPublications(publication({ generatedColumns: true })), withPublications(publication())).fix).toContain('publish_generated_columns = stored');
  });

  it('says no ALTER can make a publication publish every table, or stop', () => {
    const finding = onlyFinding(withPublications(publication({ allTables: true, tables: [] })), withPublications(publication()));
    expect(finding.fix).toContain('which ALTER PUBLICATION cannot change');
    expect(finding.fixSteps).toEqual([]);
  });

  it('compares the tables of a renamed table under its new name', () => {
    const renamed = renameTable(base, 'users', 'people', { publications: [publication({ tables: [{ table: 'people', columns: ['id'], where: null }] })] });
    expect(findingsOf(withPublications(publication({ tables: [{ table: 'users', columns: ['id'], where: null }] })), renamed)).toEqual(['table.renamed public.users']);
  });

  it('takes a changed table of a renamed table out under its name as read, before the rename, and adds it back after', () => {
    const renamed = renameTable(base, 'users', 'people', { publications: [publication({ tables: [{ table: 'people', columns: ['id'], where: null }] })] });
    const script = fixScript(withPublications(publication({ tables: [{ table: 'users', columns: ['email', 'id'], where: null }] })), renamed);
    const rename = script.indexOf('ALTER TABLE public.people RENAME TO users;');
    expect(script.indexOf('ALTER PUBLICATION changes DROP TABLE ONLY public.people;')).toBeGreaterThanOrEqual(0);
    expect(script.indexOf('ALTER PUBLICATION changes DROP TABLE ONLY public.people;')).toBeLessThan(rename);
    expect(script.indexOf('ALTER PUBLICATION changes ADD TABLE ONLY public.users (email, id);')).toBeGreaterThan(rename);
  });
});

describe('publications: catalog rows', () => {
  it('names column lists as sets (sorted, as column order is no drift) and sorts the tables', () => {
    const rows = [['changes', false, true, [['users', [2, 1], null], ['teams', null, '(id IS NOT NULL)']], [true, true, false, false], true, false]];
    expect(publications.read.assemble(rows, attributesOf({ users: ['id', 'email'] }), NEWEST_SERVER)).toEqual([
      publication({
        wholeSchema: true,
        tables: [{ table: 'teams', columns: null, where: '(id IS NOT NULL)' }, { table: 'users', columns: ['email', 'id'], where: null }],
        publish: ['insert', 'update'],
        viaRoot: true,
      }),
    ]);
  });
});

describe('publications: codes', () => {
  producesEveryCode(publications, {
    missing: [withPublications(publication()), base],
    unexpected: [base, withPublications(publication())],
    mismatch: [withPublications(publication()), withPublications(publication({ publish: ['insert'] }))],
  });
});
