/**
 * The equivalence traps: changes after which the database still means what the schema says, written another
 * way (a typmod equal to the default precision, a default spelled differently, an object dropped and created
 * again, column order, another search_path or schema, VACUUM FULL, CLUSTER, REINDEX, a pg_dump/pg_restore round
 * trip, and the other server version of the suite). Each must give zero findings (but for the object a trap
 * adds, if it adds one): a gate that cries wolf is switched off.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { defaultEquivalence, probeDefaults, type DefaultPair } from '../src/catalog/equivalence.js';
import { serializeLock } from '../src/catalog/lock.js';
import { readCatalog } from '../src/catalog/read.js';
import type { Catalog } from '../src/catalog/registry.js';
import { withConnection } from '../src/database/connect.js';
import { check } from './support/check.js';
import { createTestDatabase, projectRoot } from './support/template.js';

const exec = promisify(execFile);

interface Trap {
  name: string;
  sql: string[];
  /** The catalog as read does change (the comparison has work to do), unlike traps PostgreSQL itself absorbs. */
  readsDifferently?: boolean;
  /** The findings of the object the trap adds (`code path`), which must be the only ones. */
  adds?: string[];
}

const TRAPS: Trap[] = [
  { name: 'timestamptz without typmod for timestamptz(6)', sql: ['ALTER TABLE users ALTER COLUMN last_login TYPE timestamptz'] },
  { name: 'timestamptz(6) written out for a column created without typmod', sql: ['ALTER TABLE tags ALTER COLUMN last_used TYPE timestamp(6) with time zone'] },
  { name: 'now() for CURRENT_TIMESTAMP', readsDifferently: true, sql: ['ALTER TABLE users ALTER COLUMN created_at SET DEFAULT now()'] },
  { name: 'transaction_timestamp() for CURRENT_TIMESTAMP', readsDifferently: true, sql: ['ALTER TABLE engagements ALTER COLUMN created_at SET DEFAULT transaction_timestamp()'] },
  { name: "('now'::text)::timestamptz for CURRENT_TIMESTAMP", readsDifferently: true, sql: ["ALTER TABLE tags ALTER COLUMN created_at SET DEFAULT ('now'::text)::timestamp with time zone"] },
  { name: "'engagement'::varchar(50) for 'engagement'::character varying", readsDifferently: true, sql: ["ALTER TABLE discovery_flows ALTER COLUMN learning_scope SET DEFAULT 'engagement'::varchar(50)"] },
  { name: "'strict'::text on a varchar column", readsDifferently: true, sql: ["ALTER TABLE discovery_flows ALTER COLUMN memory_isolation_level SET DEFAULT 'strict'::text"] },
  { name: '0 for 0.0 on a double precision column', readsDifferently: true, sql: ['ALTER TABLE discovery_flows ALTER COLUMN progress_percentage SET DEFAULT 0'] },
  { name: "'0.00'::numeric for 0.0 on a double precision column", readsDifferently: true, sql: ["ALTER TABLE data_imports ALTER COLUMN progress_percentage SET DEFAULT '0.00'::numeric"] },
  { name: "'f'::boolean for false", sql: ["ALTER TABLE discovery_flows ALTER COLUMN assessment_ready SET DEFAULT 'f'::boolean"] },
  { name: "'{ }'::jsonb for '{}'::jsonb", sql: ["ALTER TABLE discovery_flows ALTER COLUMN phase_state SET DEFAULT '{ }'::jsonb"] },
  { name: "'0'::integer for 0", sql: ["ALTER TABLE data_imports ALTER COLUMN failed_records SET DEFAULT '0'::integer"] },
  { name: 'column order', readsDifferently: true, sql: ['ALTER TABLE feedback DROP COLUMN comment', 'ALTER TABLE feedback ADD COLUMN comment text'] },
  { name: 'an index created again, sort order spelled out', sql: ['DROP INDEX ix_users_email', 'CREATE INDEX ix_users_email ON users USING btree (email ASC NULLS LAST)'] },
  {
    name: 'a foreign key created again with its defaults spelled out',
    sql: [
      'ALTER TABLE asset_tags DROP CONSTRAINT asset_tags_tag_id_fkey',
      'ALTER TABLE asset_tags ADD CONSTRAINT asset_tags_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES tags (id) MATCH SIMPLE ON DELETE CASCADE ON UPDATE NO ACTION NOT DEFERRABLE',
    ],
  },
  { name: 'an enum value renamed and back', sql: ["ALTER TYPE risklevel RENAME VALUE 'LOW' TO 'MINOR'", "ALTER TYPE risklevel RENAME VALUE 'MINOR' TO 'LOW'"] },
  { name: "the owner's own privileges made explicit", sql: ['GRANT ALL ON users TO CURRENT_USER', 'GRANT ALL ON SCHEMA public TO pg_database_owner'] },
  { name: 'USAGE on the schema granted to PUBLIC again', sql: ['GRANT USAGE ON SCHEMA public TO PUBLIC'] },
  { name: 'an empty comment (removes none)', sql: ["COMMENT ON TABLE users IS ''"] },
  { name: 'VACUUM FULL, CLUSTER, REINDEX, ANALYZE', sql: ['VACUUM FULL users', 'CLUSTER engagements USING engagements_pkey', 'REINDEX TABLE tags', 'ANALYZE'] },
  { name: 'CURRENT_TIMESTAMP(6) for CURRENT_TIMESTAMP', readsDifferently: true, sql: ['ALTER TABLE tags ALTER COLUMN created_at SET DEFAULT CURRENT_TIMESTAMP(6)'] },
  {
    name: 'a database that quotes every identifier (quote_all_identifiers)',
    sql: ["DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET quote_all_identifiers = on', current_database()); END $$"],
  },
  {
    name: "an empty search_path, and an enum default cast through text (only the server can tell it is the same)",
    readsDifferently: true,
    sql: [
      "DO $$ BEGIN EXECUTE format($f$ALTER DATABASE %I SET search_path = ''$f$, current_database()); END $$",
      "ALTER TABLE assessments ALTER COLUMN status SET DEFAULT 'PENDING'::text::public.assessmentstatus",
    ],
  },
  {
    // json has no equality operator: comparing it with one is an error, and with exit_on_error an error ends the session.
    name: 'a json default cast through text, on a database where any error ends the session (exit_on_error)',
    readsDifferently: true,
    sql: [
      `ALTER TABLE data_import_sessions ALTER COLUMN business_context SET DEFAULT '{"import_purpose": "", "data_source_description": "", "expected_changes": [], "validation_notes": []}'::text::json`,
      'DO $$ BEGIN EXECUTE format($f$ALTER DATABASE %I SET exit_on_error = on$f$, current_database()); END $$',
    ],
  },
  {
    name: 'a policy naming its role twice',
    sql: [
      'DROP POLICY tenant_isolation ON tags',
      "CREATE POLICY tenant_isolation ON tags TO aiforce_tenant, aiforce_tenant USING (client_account_id = (NULLIF(current_setting('aiforce.client_account_id', true), ''))::uuid) WITH CHECK (client_account_id = (NULLIF(current_setting('aiforce.client_account_id', true), ''))::uuid)",
    ],
  },
  {
    // FOR ALL without WITH CHECK checks new rows with USING: the same as the platform's policy writing both.
    name: 'a policy FOR ALL with USING only, for USING and the same WITH CHECK',
    readsDifferently: true,
    sql: [
      'DROP POLICY tenant_isolation ON tags',
      "CREATE POLICY tenant_isolation ON tags TO aiforce_tenant USING (client_account_id = (NULLIF(current_setting('aiforce.client_account_id', true), ''))::uuid)",
    ],
  },
  {
    name: 'ON DELETE SET NULL naming the one column of its key',
    readsDifferently: true,
    sql: [
      'ALTER TABLE data_import_sessions DROP CONSTRAINT data_import_sessions_parent_session_id_fkey',
      'ALTER TABLE data_import_sessions ADD CONSTRAINT data_import_sessions_parent_session_id_fkey FOREIGN KEY (parent_session_id) REFERENCES data_import_sessions (id) ON DELETE SET NULL (parent_session_id)',
    ],
  },
  {
    name: 'MATCH FULL on a key of one column',
    readsDifferently: true,
    sql: [
      'ALTER TABLE asset_tags DROP CONSTRAINT asset_tags_tag_id_fkey',
      'ALTER TABLE asset_tags ADD CONSTRAINT asset_tags_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES tags (id) MATCH FULL ON DELETE CASCADE',
    ],
  },
  {
    // pgcrypto's gen_random_uuid() in public must not make the defaults that call the built-in one print it qualified.
    name: 'pgcrypto installed in the schema, its functions named like built-in ones',
    sql: ['CREATE EXTENSION pgcrypto SCHEMA public'],
    adds: ['extension.unexpected public.pgcrypto'],
  },
  {
    // Its operator classes and families, base types and functions belong to it, not to the schema.
    name: 'btree_gist installed in the schema, with its operator classes and base types',
    sql: ['CREATE EXTENSION btree_gist SCHEMA public'],
    adds: ['extension.unexpected public.btree_gist'],
  },
  {
    name: 'another schema with an operator family, a conversion, a shell type and a text search template',
    sql: [
      'CREATE SCHEMA elsewhere',
      'CREATE OPERATOR FAMILY elsewhere.stray_ops USING hash',
      "CREATE CONVERSION elsewhere.stray_latin FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8",
      'CREATE TYPE elsewhere.stray_shell',
      'CREATE TEXT SEARCH TEMPLATE elsewhere.stray_template (LEXIZE = dsimple_lexize)',
    ],
  },
  {
    name: 'idle-in-transaction and transaction timeouts shorter than the pauses of a read',
    sql: [
      "DO $$ BEGIN EXECUTE format($f$ALTER DATABASE %I SET idle_in_transaction_session_timeout = '1ms'$f$, current_database()); END $$",
      "DO $$ BEGIN IF current_setting('server_version_num')::int >= 170000 THEN EXECUTE format($f$ALTER DATABASE %I SET transaction_timeout = '200ms'$f$, current_database()); END IF; END $$",
    ],
  },
  {
    name: 'another schema with the same names, first on the search_path',
    sql: [
      'CREATE SCHEMA shadow',
      "CREATE TYPE shadow.questiontype AS ENUM ('x')",
      'CREATE TABLE shadow.users (id int, is_mock boolean)',
      "CREATE FUNCTION shadow.now() RETURNS timestamptz LANGUAGE sql AS 'SELECT pg_catalog.now()'",
      'DO $$ BEGIN EXECUTE format($f$ALTER DATABASE %I SET search_path = shadow, public$f$, current_database()); END $$',
      'ALTER ROLE CURRENT_USER SET search_path = shadow, public',
    ],
  },
];

const rawCatalog = (url: string) => withConnection(url, async (client) => JSON.stringify((await readCatalog(client, 'public')).catalog));

async function clean(trap: Trap): Promise<string[]> {
  const db = await createTestDatabase(inject('adminUrl'));
  try {
    const before = await rawCatalog(db.url);
    await withConnection(db.url, async (client) => {
      for (const statement of trap.sql) await client.query(statement);
    });
    if (trap.readsDifferently) expect(await rawCatalog(db.url), 'the trap changed nothing the comparison sees').not.toBe(before);
    const added = new Set(trap.adds);
    const findings = (await check(db.url)).findings;
    expect(findings.filter((finding) => added.has(`${finding.code} ${finding.path}`)).length, 'the findings of what the trap adds').toBe(added.size);
    return findings.filter((finding) => !added.has(`${finding.code} ${finding.path}`)).map((finding) => `${finding.code} ${finding.path}: ${finding.message}`);
  } finally {
    await withConnection(inject('adminUrl'), (client) => client.query('ALTER ROLE CURRENT_USER RESET search_path')).catch(() => undefined);
    await db.drop();
  }
}

describe('equivalence traps: zero findings', () => {
  for (const trap of TRAPS) {
    it(trap.name, async () => {
      expect(await clean(trap)).toEqual([]);
    });
  }

  it('a pg_dump/pg_restore round trip (where the client can dump this server)', async () => {
    const source = await createTestDatabase(inject('adminUrl'));
    const target = await createTestDatabase(inject('adminUrl'), { migrated: false });
    try {
      const dump = await exec('pg_dump', ['--format=custom', '--no-owner', source.url], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }).catch((error: { stderr?: Buffer }) => ({ failure: String(error.stderr) }));
      if ('failure' in dump) {
        // Debian's pg_dump 15 refuses newer servers: the round trip is exercised on the PostgreSQL 15 run of the suite.
        expect(dump.failure).toMatch(/server version mismatch/);
        return;
      }
      const restore = execFile('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', target.url]);
      restore.stdin!.end(dump.stdout);
      await new Promise<void>((resolve, reject) => restore.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pg_restore exited ${code}`)))));
      expect((await check(target.url)).findings.map((finding) => `${finding.code} ${finding.path}: ${finding.message}`)).toEqual([]);
    } finally {
      await source.drop();
      await target.drop();
    }
  });

  it("a database's own output settings (DateStyle, IntervalStyle, TimeZone, extra_float_digits, bytea_output, quoting) against a lock written without them", async () => {
    const db = await createTestDatabase(inject('adminUrl'));
    const folder = await mkdtemp(path.join(os.tmpdir(), 'aiforce-lock-'));
    try {
      await withConnection(db.url, (client) =>
        client.query(
          "ALTER TABLE tags ADD COLUMN valid_from timestamptz DEFAULT '2026-01-01 12:00:00+00', ADD COLUMN starts date DEFAULT '2026-03-04', ADD COLUMN span interval DEFAULT '1 day 02:00:00', " +
            "ADD COLUMN ratio double precision DEFAULT 0.1, ADD COLUMN marker bytea DEFAULT '\\x00ff'::bytea, ADD CONSTRAINT tags_span_positive CHECK (span > '00:00:00'::interval)",
        ),
      );
      const { catalog, serverVersionNumber } = await withConnection(db.url, (client) => readCatalog(client, 'public'));
      const { migrations } = JSON.parse(await readFile(path.join(projectRoot, 'prisma', 'schema.lock.json'), 'utf8')) as { migrations: string[] };
      const lock = path.join(folder, 'schema.lock.json');
      await writeFile(lock, serializeLock({ serverMajor: Math.floor(serverVersionNumber / 10000), migrations, catalog }));
      await withConnection(db.url, (client) =>
        client.query(
          `DO $$ BEGIN EXECUTE format($f$ALTER DATABASE %I SET DateStyle = 'SQL, DMY'$f$, current_database()); EXECUTE format($f$ALTER DATABASE %I SET IntervalStyle = 'sql_standard'$f$, current_database());
             EXECUTE format($f$ALTER DATABASE %I SET TimeZone = 'Asia/Kolkata'$f$, current_database()); EXECUTE format($f$ALTER DATABASE %I SET extra_float_digits = 3$f$, current_database());
             EXECUTE format($f$ALTER DATABASE %I SET bytea_output = 'escape'$f$, current_database()); EXECUTE format($f$ALTER DATABASE %I SET quote_all_identifiers = on$f$, current_database()); END $$`,
        ),
      );
      expect((await check(db.url, { expectedFile: lock })).findings.map((finding) => `${finding.code} ${finding.path}: ${finding.message}`)).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
      await db.drop();
    }
  });

  // A lock written on another server version than the database's: what only the version changes must compare equal.
  // The grants go to a predefined role: PUBLIC's would be aiforce_tenant's too, which the tenant contract refuses.
  const otherVersion: Array<{ name: string; serverMajor: number; sql: string; asWritten: (catalog: Catalog, version: number) => void }> = [
    {
      name: 'on PostgreSQL 18 (db:lock), GRANT ALL, which gives MAINTAIN from 17 on',
      serverMajor: 18,
      sql: 'GRANT ALL ON alembic_version TO pg_monitor',
      asWritten: (catalog, version) => {
        const grant = catalog.privileges.find((entry) => entry.target.name === 'alembic_version' && entry.grantee === 'pg_monitor')!;
        expect(grant.privileges.includes('MAINTAIN')).toBe(version >= 170000);
        grant.privileges = [...new Set([...grant.privileges, 'MAINTAIN'])].sort();
      },
    },
    {
      name: 'from a PostgreSQL 15 database (lock --from-url), GRANT ALL',
      serverMajor: 15,
      sql: 'GRANT ALL ON alembic_version TO pg_monitor',
      asWritten: (catalog) => {
        const grant = catalog.privileges.find((entry) => entry.target.name === 'alembic_version' && entry.grantee === 'pg_monitor')!;
        grant.privileges = grant.privileges.filter((name) => name !== 'MAINTAIN');
      },
    },
    {
      name: 'on PostgreSQL 18 (db:lock), a view on one table, whose columns 16 and later write unqualified',
      serverMajor: 18,
      sql: 'CREATE VIEW active_tags AS SELECT t.id, t.name, count(*) OVER (PARTITION BY t.category) AS peers FROM tags t WHERE t.is_active ORDER BY t.name',
      asWritten: (catalog) => {
        catalog.views.find((view) => view.name === 'active_tags')!.definition = 'SELECT id, name, count(*) OVER (PARTITION BY category) AS peers FROM tags t WHERE is_active ORDER BY name';
      },
    },
  ];
  for (const trap of otherVersion) {
    it(`against a lock written ${trap.name}`, async () => {
      const db = await createTestDatabase(inject('adminUrl'));
      const folder = await mkdtemp(path.join(os.tmpdir(), 'aiforce-lock-'));
      try {
        await withConnection(db.url, (client) => client.query(trap.sql));
        const { catalog, serverVersionNumber } = await withConnection(db.url, (client) => readCatalog(client, 'public'));
        trap.asWritten(catalog, serverVersionNumber);
        const { migrations } = JSON.parse(await readFile(path.join(projectRoot, 'prisma', 'schema.lock.json'), 'utf8')) as { migrations: string[] };
        const lock = path.join(folder, 'schema.lock.json');
        await writeFile(lock, serializeLock({ serverMajor: trap.serverMajor, migrations, catalog }));
        expect((await check(db.url, { expectedFile: lock })).findings.map((finding) => `${finding.code} ${finding.path}: ${finding.message}`)).toEqual([]);
      } finally {
        await rm(folder, { recursive: true, force: true });
        await db.drop();
      }
    });
  }
});

describe('the defaults probe, on a database where any error ends the session (exit_on_error)', () => {
  it('compares two defaults as the text their values print (json, intervals, floats, rows), numbers with their =: the same value, not the same by =', async () => {
    const db = await createTestDatabase(inject('adminUrl'), { migrated: false });
    try {
      await withConnection(db.url, (client) =>
        client.query(
          'CREATE DOMAIN document AS json; CREATE TYPE tagged AS (doc json, n numeric); CREATE TYPE measured AS (n numeric);' +
            ' DO $$ BEGIN EXECUTE format($f$ALTER DATABASE %I SET exit_on_error = on$f$, current_database()); END $$',
        ),
      );
      const pairs: Array<DefaultPair & { same: boolean }> = [
        { type: 'json', expected: `'{"a": 1}'::json`, actual: `('{"a": 1}'::text)::json`, same: true },
        { type: 'json', expected: `'{"a": 1}'::json`, actual: `'{"a":1}'::json`, same: false },
        { type: 'json[]', expected: `'{"{}"}'::json[]`, actual: `ARRAY['{}'::json]`, same: true },
        { type: 'document', expected: `'[]'::document`, actual: `('[]'::text)::json`, same: true },
        { type: 'tagged', expected: `'("{}",0)'::tagged`, actual: `'("{}",0.0)'::tagged`, same: false },
        { type: 'measured', expected: `'(0)'::measured`, actual: `'(0.0)'::measured`, same: false },
        // Equal by = (a month is 30 days, -0 is 0) but other values: date arithmetic and the text printed differ.
        { type: 'interval', expected: `'1 mon'::interval`, actual: `'30 days'::interval`, same: false },
        { type: 'interval', expected: `'1 day 02:00:00'::interval`, actual: `'26:00:00'::interval`, same: false },
        { type: 'interval', expected: `'1 mon'::interval`, actual: `'1 month'::interval`, same: true },
        { type: 'double precision', expected: '0', actual: '0.0', same: true },
        { type: 'double precision', expected: `'-0'::double precision`, actual: '0.0', same: false },
        { type: 'numeric', expected: '0', actual: '0.0', same: true },
        { type: 'numeric[]', expected: `'{0}'::numeric[]`, actual: `'{0.0}'::numeric[]`, same: true },
        { type: 'character varying(5)', expected: `'ab'::character varying`, actual: `'ab'::text`, same: true },
      ];
      const sameDefault = defaultEquivalence(await withConnection(db.url, (client) => probeDefaults(client, 'public', pairs)));
      expect(pairs.map((pair) => `${pair.type} ${pair.expected} ${pair.actual}: ${sameDefault(pair.type, pair.expected, pair.actual)}`)).toEqual(
        pairs.map((pair) => `${pair.type} ${pair.expected} ${pair.actual}: ${pair.same}`),
      );
    } finally {
      await db.drop();
    }
  });
});
