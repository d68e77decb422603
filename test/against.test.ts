import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withConnection } from '../src/database/connect.js';
import { maskUrl } from '../src/database/url.js';
import { renderFixSql } from '../src/formats/fix-sql.js';
import { check, codesAndPaths } from './support/check.js';
import { withTwoDatabases } from './support/databases.js';
import { createTestDatabase, type TestDatabase } from './support/template.js';

describe('--against: one live database compared with another', () => {
  let staging: TestDatabase;
  let production: TestDatabase;
  beforeAll(async () => {
    [staging, production] = await Promise.all([createTestDatabase(inject('adminUrl')), createTestDatabase(inject('adminUrl'))]);
    // Staging drifted one way, production another; staging's history is gone (it would be migration.pending).
    await withConnection(staging.url, (client) => client.query('ALTER TABLE users ADD COLUMN is_mock boolean; DROP INDEX ix_tags_is_active; DELETE FROM _prisma_migrations'));
    await withConnection(production.url, (client) => client.query("ALTER TABLE tags ALTER COLUMN category TYPE varchar(80); ALTER TYPE risklevel ADD VALUE 'EXTREME'"));
  });
  afterAll(async () => Promise.all([staging.drop(), production.drop()]));

  it('reports how the target differs from the other database, and only that', async () => {
    const result = await check(staging.url, { againstUrl: production.url });
    expect(codesAndPaths(result.findings)).toEqual([
      'column.type_mismatch public.tags.category',
      'column.unexpected public.users.is_mock',
      'enum.value_missing public.risklevel.EXTREME',
      'index.missing public.tags.ix_tags_is_active',
    ]);
    expect(result.expected).toEqual({ source: maskUrl(production.url) });
    const stray = result.findings.find((f) => f.code === 'column.unexpected')!;
    expect(stray.message).toBe(`column users.is_mock exists in ${maskUrl(staging.url)} but not in ${maskUrl(production.url)}`);
    expect(result.findings.find((f) => f.code === 'column.type_mismatch')).toMatchObject({ expected: 'character varying(80)', actual: 'character varying(50)' });
    expect(result.summary).toMatchObject({ failed: true, errors: 4 });
  });

  it('skips the contract, the history and the baseline, and says so', async () => {
    const result = await check(staging.url, { againstUrl: production.url, baseline: { file: '/nonexistent/baseline.json', required: true } });
    expect(result.historyChecked).toBe(false);
    expect(result.baselineFile).toBeUndefined();
    expect(result.notes).toEqual(['compared with another database (--against): the spec contract, the migration history and the baseline are not checked in this mode']);
    expect(result.findings.some((f) => f.code.startsWith('contract.') || f.code.startsWith('migration.'))).toBe(false);
  });

  it("compares a materialized view's TOAST storage parameters, and not those a table without a TOAST table cannot hold; the fix converges", async () => {
    await withTwoDatabases(inject('adminUrl'), async (target, other) => {
      // The other's table keeps the TOAST table of a dropped column; the target's never needed one.
      await withConnection(other.url, (client) =>
        client.query(`CREATE MATERIALIZED VIEW stray_notes WITH (toast.autovacuum_enabled = false) AS SELECT id, description FROM tags;
          CREATE TABLE stray_ids (id int, note text) WITH (toast.autovacuum_enabled = false); ALTER TABLE stray_ids DROP COLUMN note`),
      );
      await withConnection(target.url, (client) => client.query('CREATE MATERIALIZED VIEW stray_notes AS SELECT id, description FROM tags; CREATE TABLE stray_ids (id int)'));
      const result = await check(target.url, { againstUrl: other.url });
      expect(codesAndPaths(result.findings)).toEqual(['view.mismatch public.stray_notes']);
      await withConnection(target.url, (client) => client.query(renderFixSql(result)));
      expect((await check(target.url, { againstUrl: other.url })).findings).toEqual([]);
    });
  });

  it('finds nothing where only the spelling differs (boolean options, setting units, UPDATE OF order), and finds a real change', async () => {
    const objects = (invoker: string, autovacuum: string, dedup: string, memory: string, columns: string) => `
      CREATE VIEW spelled WITH (security_invoker = ${invoker}) AS SELECT id FROM tags;
      CREATE TABLE spelled_rows (a int, b int) WITH (autovacuum_enabled = ${autovacuum});
      CREATE INDEX spelled_rows_a ON spelled_rows (a) WITH (deduplicate_items = ${dedup});
      CREATE FUNCTION spelled_touch() RETURNS trigger LANGUAGE plpgsql SET work_mem = '${memory}' AS 'BEGIN RETURN NEW; END';
      CREATE TRIGGER spelled_touch BEFORE UPDATE OF ${columns} ON spelled_rows FOR EACH ROW EXECUTE FUNCTION spelled_touch();`;
    await withTwoDatabases(inject('adminUrl'), async (target, other) => {
      await withConnection(other.url, (client) => client.query(objects('true', 'true', 'true', '64MB', 'a, b')));
      await withConnection(target.url, (client) => client.query(objects('1', 'on', 'yes', '65536kB', 'b, a')));
      expect((await check(target.url, { againstUrl: other.url })).findings).toEqual([]);
      await withConnection(target.url, (client) => client.query('ALTER VIEW spelled SET (security_invoker = off)'));
      expect(codesAndPaths((await check(target.url, { againstUrl: other.url })).findings)).toEqual(['view.mismatch public.spelled']);
    });
  });

  it("compares a view's column defaults (equal spellings are equal), an expression key's statistics target, a table's and a materialized view's access method and a table's type (OF), and sets them in place; the fix converges", async () => {
    const common = `CREATE VIEW active_users AS SELECT id, email, is_active, created_at FROM users;
      CREATE INDEX ix_users_lower ON users (lower(email), upper(first_name));
      CREATE TYPE version_row AS (version_num varchar(32));
      CREATE ACCESS METHOD other_heap TYPE TABLE HANDLER heap_tableam_handler;
      CREATE MATERIALIZED VIEW tag_counts AS SELECT client_account_id, count(*) AS n FROM tags GROUP BY 1;`;
    await withTwoDatabases(inject('adminUrl'), async (target, other) => {
      await withConnection(other.url, (client) =>
        client.query(`${common} ALTER VIEW active_users ALTER COLUMN is_active SET DEFAULT true; ALTER VIEW active_users ALTER COLUMN created_at SET DEFAULT now();
          ALTER INDEX ix_users_lower ALTER COLUMN 1 SET STATISTICS 500; ALTER TABLE alembic_version OF version_row`),
      );
      await withConnection(target.url, (client) =>
        client.query(`${common} ALTER VIEW active_users ALTER COLUMN email SET DEFAULT 'x'; ALTER VIEW active_users ALTER COLUMN created_at SET DEFAULT CURRENT_TIMESTAMP;
          ALTER INDEX ix_users_lower ALTER COLUMN 2 SET STATISTICS 100; ALTER TABLE tags SET ACCESS METHOD other_heap;
          ALTER MATERIALIZED VIEW tag_counts SET ACCESS METHOD other_heap`),
      );
      const result = await check(target.url, { againstUrl: other.url });
      expect(codesAndPaths(result.findings)).toEqual([
        'index.mismatch public.users.ix_users_lower',
        'table.access_method_mismatch public.tags',
        'table.type_mismatch public.alembic_version',
        'view.mismatch public.active_users',
        'view.mismatch public.tag_counts',
      ]);
      expect(renderFixSql(result).split('\n').filter((line) => line.startsWith('ALTER'))).toEqual([
        'ALTER TABLE public.tags SET ACCESS METHOD heap;',
        'ALTER INDEX public.ix_users_lower ALTER COLUMN 1 SET STATISTICS 500;',
        'ALTER INDEX public.ix_users_lower ALTER COLUMN 2 SET STATISTICS -1;',
        'ALTER VIEW public.active_users ALTER COLUMN email DROP DEFAULT;',
        'ALTER VIEW public.active_users ALTER COLUMN is_active SET DEFAULT true;',
        'ALTER MATERIALIZED VIEW public.tag_counts SET ACCESS METHOD heap;',
        'ALTER TABLE public.alembic_version OF version_row;',
      ]);
      expect(result.findings.find((finding) => finding.path === 'public.tag_counts')?.message).toBe('materialized view tag_counts is USING other_heap, expected USING heap');
      await withConnection(target.url, (client) => client.query(renderFixSql(result)));
      expect((await check(target.url, { againstUrl: other.url })).findings).toEqual([]);
    });
  });

  it("creates what others need first and drops it last, across kinds: a domain's DEFAULT and CHECK after the functions and sequences they call, a function or composite type on the row type of a table the fix creates (or a function reading one) after it, one on a view after it; the fix converges", async () => {
    await withTwoDatabases(inject('adminUrl'), async (target, other) => {
      // Last, a function reading a table both have: it stays with the functions, as a column's default calls it.
      await withConnection(other.url, (client) =>
        client.query(`CREATE SEQUENCE stray_ids;
          CREATE FUNCTION stray_floor() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 0';
          CREATE DOMAIN stray_positive AS bigint DEFAULT nextval('stray_ids') CHECK (VALUE > stray_floor());
          CREATE FUNCTION stray_twice(v stray_positive) RETURNS bigint LANGUAGE sql AS 'SELECT v * 2';
          CREATE TABLE stray_items (id stray_positive, label text);
          CREATE FUNCTION stray_label(i stray_items) RETURNS text LANGUAGE sql AS 'SELECT i.label';
          CREATE FUNCTION stray_count() RETURNS bigint BEGIN ATOMIC SELECT count(*) FROM stray_items; END;
          CREATE VIEW stray_labels AS SELECT id, label FROM stray_items;
          CREATE FUNCTION stray_labelled() RETURNS SETOF stray_labels LANGUAGE sql AS 'SELECT * FROM stray_labels';
          CREATE TYPE stray_pair AS (item stray_items, n int);
          CREATE FUNCTION stray_first(p stray_pair) RETURNS int LANGUAGE sql AS 'SELECT p.n';
          CREATE FUNCTION stray_tag_count() RETURNS bigint BEGIN ATOMIC SELECT count(*) FROM tags; END;
          ALTER TABLE tags ADD COLUMN stray_count bigint DEFAULT stray_tag_count()`),
      );
      // The other way round, the drops: each before what PostgreSQL keeps while it exists.
      await withConnection(target.url, (client) =>
        client.query(`CREATE TABLE stray_old (id int); CREATE VIEW stray_old_view AS SELECT id FROM stray_old;
          CREATE FUNCTION stray_old_rows() RETURNS SETOF stray_old_view LANGUAGE sql AS 'SELECT * FROM stray_old_view';
          CREATE FUNCTION stray_old_count() RETURNS bigint BEGIN ATOMIC SELECT count(*) FROM stray_old; END;
          CREATE TYPE stray_old_pair AS (old stray_old)`),
      );
      const result = await check(target.url, { againstUrl: other.url });
      expect(result.findings.map((finding) => finding.code).sort()).toEqual([
        'column.missing', 'composite_type.missing', 'composite_type.unexpected', 'domain.missing', ...Array(7).fill('function.missing'), ...Array(2).fill('function.unexpected'),
        'sequence.missing', 'table.missing', 'table.unexpected', 'view.missing', 'view.unexpected',
      ]);
      await withConnection(target.url, (client) => client.query(renderFixSql(result)));
      expect((await check(target.url, { againstUrl: other.url })).findings).toEqual([]);
    });
  });

  it('finds nothing between two identical environments', async () => {
    const twin = await createTestDatabase(inject('adminUrl'));
    try {
      const result = await check(twin.url, { againstUrl: production.url.replace(production.name, twin.name) });
      expect(result.findings).toEqual([]);
      expect(result.summary.failed).toBe(false);
    } finally {
      await twin.drop();
    }
  });
});
