/**
 * The indexes kind writes the common index's definition itself, in one set-based pass, instead of calling
 * pg_get_indexdef() per index (a catalog-cache miss each: most of the read at 10,000 tables). Its text must be
 * pg_get_indexdef()'s, character for character, for every index, the ones it leaves to pg_get_indexdef() too:
 * the lock holds these texts, and fixes create indexes from them.
 */
import { describe, expect, inject, it } from 'vitest';
import { indexes } from '../src/catalog/kinds/indexes.js';
import { withConnection } from '../src/database/connect.js';
import { createTestDatabase } from './support/template.js';

const VARIETY = [
  `CREATE TYPE "Mood" AS ENUM ('calm', 'busy')`,
  `CREATE DOMAIN short_text AS text CHECK (length(VALUE) < 100)`,
  `CREATE TABLE "Odd Table" (
     "Weird Col" int, b varchar(10), c text, d "Mood", f int[], g char(3), h numeric, "select" int, i timestamptz,
     j short_text, k cidr, l jsonb, m tsvector, n int4range, o uuid, p boolean, q name, r inet)`,
  `CREATE UNIQUE INDEX odd_include ON "Odd Table" ("Weird Col") INCLUDE (b, c) NULLS NOT DISTINCT`,
  `CREATE INDEX odd_order ON "Odd Table" (b, c DESC, d NULLS FIRST, f DESC NULLS LAST, "select" ASC NULLS LAST)`,
  `CREATE INDEX odd_opclass ON "Odd Table" (c text_pattern_ops, b varchar_pattern_ops)`,
  `CREATE INDEX odd_hash ON "Odd Table" USING hash (b)`,
  `CREATE INDEX odd_hash_enum ON "Odd Table" USING hash (d)`,
  `CREATE INDEX odd_collate ON "Odd Table" (c COLLATE "C")`,
  `CREATE INDEX odd_collate_opclass ON "Odd Table" (b COLLATE "C" text_pattern_ops DESC)`,
  `CREATE INDEX odd_plain ON "Odd Table" (g, h, i, o, p, q)`,
  `CREATE INDEX odd_array ON "Odd Table" (f)`,
  `CREATE INDEX odd_domain ON "Odd Table" (j)`,
  `CREATE INDEX odd_cidr ON "Odd Table" (k)`,
  `CREATE INDEX odd_inet_explicit ON "Odd Table" (r inet_ops)`,
  `CREATE INDEX odd_gin ON "Odd Table" USING gin (f)`,
  `CREATE INDEX odd_gin_jsonb ON "Odd Table" USING gin (l jsonb_path_ops)`,
  `CREATE INDEX odd_gist ON "Odd Table" USING gist (n)`,
  `CREATE INDEX odd_gist_tsvector ON "Odd Table" USING gist (m tsvector_ops (siglen = 100))`,
  `CREATE INDEX odd_brin ON "Odd Table" USING brin (i) WITH (pages_per_range = 16)`,
  `CREATE INDEX odd_expression ON "Odd Table" (lower(c), b)`,
  `CREATE INDEX odd_partial_null ON "Odd Table" (i) WHERE i IS NULL`,
  `CREATE INDEX odd_partial_op ON "Odd Table" (h) WHERE h > 0`,
  `CREATE INDEX odd_partial_and ON "Odd Table" (h) WHERE h > 0 AND "select" IS NOT NULL`,
  `CREATE INDEX odd_partial_bool ON "Odd Table" (o) WHERE p`,
  `CREATE INDEX odd_fillfactor ON "Odd Table" (o) WITH (fillfactor = 70)`,
  `CREATE TABLE parted (id int, at date) PARTITION BY RANGE (at)`,
  `CREATE TABLE parted_2026 PARTITION OF parted FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')`,
  `CREATE INDEX parted_at ON parted (at DESC)`,
  `CREATE MATERIALIZED VIEW odd_view AS SELECT "Weird Col", c FROM "Odd Table"`,
  `CREATE UNIQUE INDEX odd_view_key ON odd_view ("Weird Col")`,
];

describe('index definitions', () => {
  it("are pg_get_indexdef()'s text for every index: written in one pass where it can, asked for where not", async () => {
    const db = await createTestDatabase(inject('adminUrl'));
    try {
      await withConnection(db.url, async (client) => {
        for (const statement of VARIETY) await client.query(statement);
        await client.query('BEGIN');
        await client.query('SET LOCAL search_path = public, pg_catalog');
        const { oid, version } = (
          await client.query<{ oid: number; version: number }>("SELECT 'public'::regnamespace::oid::int AS oid, current_setting('server_version_num')::int AS version")
        ).rows[0]!;
        const sql = (typeof indexes.read.sql === 'function' ? indexes.read.sql(version) : indexes.read.sql).replaceAll('$SCHEMA', `${oid}::oid`);
        const rows = JSON.parse((await client.query<{ data: string }>(sql)).rows[0]!.data) as unknown[][];
        const written = new Map(rows.map((row) => [row[1] as string, row[4] as string]));
        // pg_get_indexdef() itself, after its prefix (CREATE ... INDEX name ON table USING method).
        const asked = new Map(
          (
            await client.query<{ name: string; def: string; method: string }>(
              `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def, am.amname AS method
                 FROM pg_class i JOIN pg_am am ON am.oid = i.relam JOIN pg_index x ON x.indexrelid = i.oid
                WHERE i.relnamespace = 'public'::regnamespace AND i.relkind IN ('i', 'I')`,
            )
          ).rows.map((row) => [row.name, row.def.slice(row.def.indexOf(` USING ${row.method} `) + ` USING ${row.method} `.length)]),
        );
        await client.query('ROLLBACK');
        for (const name of written.keys()) expect(written.get(name), name).toBe(asked.get(name));
        // The variety above reaches both paths, and the platform's own indexes are there too.
        expect(written.get('odd_include')).toBe('("Weird Col") INCLUDE (b, c) NULLS NOT DISTINCT');
        expect(written.get('odd_order')).toBe('(b, c DESC, d NULLS FIRST, f DESC NULLS LAST, "select")');
        expect(written.get('odd_partial_and')).toBe('(h) WHERE ((h > (0)::numeric) AND ("select" IS NOT NULL))');
        expect(written.size).toBeGreaterThan(VARIETY.length);
      });
    } finally {
      await db.drop();
    }
  });
});
