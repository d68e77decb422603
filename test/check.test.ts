import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { readCatalog } from '../src/catalog/read.js';
import { withConnection } from '../src/database/connect.js';
import { check, codesAndPaths, repeatedClauses } from './support/check.js';
import { DRIFTS } from './support/drift.js';
import { withReadOnlyRole, withTestDatabase } from './support/databases.js';
import type { TestDatabase } from './support/template.js';

/** A fresh migrated database with `sql` applied, dropped after `work`. */
const withDrifted = <T>(sql: string[], work: (db: TestDatabase) => Promise<T>) => withTestDatabase(inject('adminUrl'), sql, work);

describe('db:check on a real server', () => {
  it('finds no drift after a fresh migrate deploy', async () => {
    await withDrifted([], async (db) => {
      const result = await check(db.url);
      expect(result.findings).toEqual([]);
      expect(result.summary).toMatchObject({ drift: false, errors: 0, warnings: 0, tables: 32, enums: 12 });
    });
  });

  for (const drift of DRIFTS) {
    it(`reports exactly one finding for: ${drift.name}`, async () => {
      await withDrifted([drift.sql], async (db) => {
        const result = await check(db.url);
        expect(codesAndPaths(result.findings)).toEqual([`${drift.code} ${drift.path}`]);
        const [finding] = result.findings;
        expect(finding!.fix).toBeTruthy();
        // Objects schema.prisma does not define have no line to point at.
        if (!['table.unexpected', 'enum.unexpected'].includes(drift.code)) expect(finding!.location?.file).toBe('prisma/schema.prisma');
      });
    });
  }

  it('names the schema.prisma line of the stray column and suggests dropping it', async () => {
    await withDrifted([DRIFTS[0]!.sql], async (db) => {
      const [finding] = (await check(db.url)).findings;
      expect(finding).toMatchObject({ severity: 'error', table: 'users', expected: null, actual: 'boolean', fix: 'ALTER TABLE public.users DROP COLUMN is_mock;' });
      expect(finding!.message).toBe('column users.is_mock exists in the database but not in the schema; forbidden by the spec');
    });
  });

  it('says what differs once in every planted drift: the object named once, the expected and actual value at most once each', async () => {
    await withDrifted(
      DRIFTS.map((drift) => drift.sql),
      async (db) => {
        const findings = (await check(db.url)).findings;
        expect(findings).toHaveLength(DRIFTS.length);
        for (const finding of findings) expect(repeatedClauses(finding), `${finding.path}: ${finding.message}`).toEqual([]);
      },
    );
  });

  it('reports every drift of a random set, and nothing else (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray(DRIFTS, { minLength: 1 }), async (drifts) => {
        await withDrifted(
          drifts.map((d) => d.sql),
          async (db) => {
            expect(codesAndPaths((await check(db.url)).findings)).toEqual(drifts.map((d) => `${d.code} ${d.path}`).sort());
          },
        );
      }),
      { numRuns: 12 },
    );
  });

  it('is deterministic: the same database gives byte-identical reports in every format', async () => {
    const { REPORT_FORMATS, renderReport, renderFixSql } = await import('../src/formats/index.js');
    await withDrifted([...DRIFTS.map((drift) => drift.sql), 'CREATE VIEW stray_v AS SELECT 1 AS one', "COMMENT ON TABLE tags IS 'x'"], async (db) => {
      const [first, second] = [await check(db.url), await check(db.url)];
      for (const format of REPORT_FORMATS) expect(renderReport(second, format, false)).toBe(renderReport(first, format, false));
      expect(renderFixSql(second)).toBe(renderFixSql(first));
    });
  });

  it('compares owners only when asked (owners differ between environments), relative to the usual owner', async () => {
    const role = `owner_${Date.now().toString(36)}`;
    await withConnection(inject('adminUrl'), (client) => client.query(`CREATE ROLE ${role} NOLOGIN`));
    try {
      await withDrifted([`ALTER TABLE tags OWNER TO ${role}`], async (db) => {
        expect((await check(db.url)).findings).toEqual([]);
        const withOwners = await check(db.url, { owners: true });
        expect(codesAndPaths(withOwners.findings)).toEqual(['owner.mismatch public.tags[owner]']);
        expect(withOwners.findings[0]!.fix).toMatch(/^ALTER TABLE public\.tags OWNER TO \S+;$/);
      });
    } finally {
      await withConnection(inject('adminUrl'), (client) => client.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`));
    }
  });

  it('with owners compared, a fix that rebuilds a type gives it back its owner, and converges', async () => {
    const { renderFixSql } = await import('../src/formats/index.js');
    const role = `auditor_${Date.now().toString(36)}`;
    await withConnection(inject('adminUrl'), (client) => client.query(`CREATE ROLE ${role} NOLOGIN`));
    try {
      await withDrifted([`ALTER TYPE accesslevel OWNER TO ${role}`], async (reference) => {
        // A value the reference lacks: the type is rebuilt, and a new type belongs to whoever runs the fix.
        await withDrifted([`ALTER TYPE accesslevel ADD VALUE 'OWNER'`, `ALTER TYPE accesslevel OWNER TO ${role}`], async (db) => {
          const options = { againstUrl: reference.url, owners: true };
          const drifted = await check(db.url, options);
          expect(codesAndPaths(drifted.findings)).toEqual(['enum.value_unexpected public.accesslevel.OWNER']);
          expect(renderFixSql(drifted)).toContain(`ALTER TYPE public.accesslevel OWNER TO ${role};`);
          await withConnection(db.url, (client) => client.query(renderFixSql(drifted)));
          expect((await check(db.url, options)).findings).toEqual([]);
        });
      });
    } finally {
      await withConnection(inject('adminUrl'), (client) => client.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`));
    }
  });

  it('takes as the usual owner the role owning most of the schema and its objects, the first by name on a tie, for owners and default privileges alike', async () => {
    const suffix = Date.now().toString(36);
    const [amy, zed] = [`amy_${suffix}`, `zed_${suffix}`];
    await withConnection(inject('adminUrl'), (client) => client.query(`CREATE ROLE ${amy} NOLOGIN; CREATE ROLE ${zed} NOLOGIN`));
    try {
      const tie = [
        `CREATE SCHEMA tie AUTHORIZATION ${zed}`,
        'CREATE TABLE tie.a (id int)',
        `ALTER TABLE tie.a OWNER TO ${zed}`,
        'CREATE TABLE tie.b (id int)',
        `ALTER TABLE tie.b OWNER TO ${amy}`,
        'CREATE FUNCTION tie.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
        `ALTER FUNCTION tie.f() OWNER TO ${amy}`,
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${amy} IN SCHEMA tie GRANT SELECT ON TABLES TO PUBLIC`,
      ];
      await withDrifted(tie, async (db) => {
        const usual = async () => {
          const { catalog } = await withConnection(db.url, (client) => readCatalog(client, 'tie', { owners: true }));
          return [...catalog.owners.filter((owner) => owner.usual).map((owner) => owner.owner), ...catalog.defaultPrivileges.map((entry) => `${entry.role} ${entry.usual}`)];
        };
        expect(await usual()).toEqual([amy, amy, `${amy} true`]);
        await withConnection(db.url, (client) => client.query(`CREATE TABLE tie.c (id int); ALTER TABLE tie.c OWNER TO ${zed}`));
        expect(await usual()).toEqual([zed, zed, zed, `${amy} false`]);
      });
    } finally {
      await withConnection(inject('adminUrl'), (client) => client.query(`DROP OWNED BY ${amy}, ${zed}; DROP ROLE ${amy}; DROP ROLE ${zed}`));
    }
  });

  it('ignores tables and columns given with --ignore, and _prisma_migrations by default', async () => {
    await withDrifted(['ALTER TABLE users ADD COLUMN is_mock boolean', 'CREATE TABLE scratch_1 (id int)'], async (db) => {
      expect(codesAndPaths((await check(db.url, { ignore: ['users.is_*', 'scratch_*'] })).findings)).toEqual([]);
    });
  });

  it('checks another schema with --schema (the platform used "migration")', async () => {
    await withDrifted(['ALTER SCHEMA public RENAME TO migration', 'CREATE SCHEMA public'], async (db) => {
      expect((await check(db.url, { schema: 'migration' })).findings).toEqual([]);
      const empty = await check(db.url);
      expect(empty.findings.filter((f) => f.code === 'table.missing')).toHaveLength(32);
    });
  });

  describe('--data', () => {
    const seedSql = [
      "INSERT INTO client_accounts (id, name, slug, subscription_tier) VALUES ('00000000-0000-0000-0000-00000000000c', 'Demo Corporation', 'DEMO', 'standard')",
      "INSERT INTO engagements (client_account_id, name, slug, engagement_type, status) VALUES ('00000000-0000-0000-0000-00000000000c', 'Q1 2025 Cloud Migration', 'q1', 'cloud_migration', 'active')",
      "INSERT INTO users (id, email, is_active, is_verified) VALUES ('00000000-0000-0000-0000-0000000000aa', 'admin@aiforce.com', true, true)",
      "INSERT INTO user_roles (user_id, role_type, role_name) VALUES ('00000000-0000-0000-0000-0000000000aa', 'PLATFORM_ADMIN', 'Platform admin')",
      "INSERT INTO client_access (user_profile_id, client_account_id, access_level, granted_by) VALUES ('00000000-0000-0000-0000-0000000000aa', '00000000-0000-0000-0000-00000000000c', 'SUPER_ADMIN', '00000000-0000-0000-0000-0000000000aa')",
    ];

    it('passes when the required rows exist, and reports a deleted admin user', async () => {
      await withDrifted(seedSql, async (db) => {
        expect((await check(db.url, { data: true })).findings).toEqual([]);
        await withConnection(db.url, (client) => client.query("DELETE FROM users WHERE email = 'admin@aiforce.com'"));
        expect(codesAndPaths((await check(db.url, { data: true })).findings)).toEqual([
          'data.missing public.client_access[access_level=SUPER_ADMIN]',
          'data.missing public.user_roles[role_type=PLATFORM_ADMIN]',
          'data.missing public.users[email=admin@aiforce.com]',
        ]);
      });
    });

    it('names the field that differs in a row found by its natural key, with an UPDATE that converges', async () => {
      await withDrifted(seedSql, async (db) => {
        await withConnection(db.url, (client) =>
          client.query(
            "UPDATE users SET is_active = false; UPDATE client_accounts SET subscription_tier = 'enterprise'; " +
              "UPDATE client_access SET access_level = 'READ_ONLY'; DELETE FROM user_roles",
          ),
        );
        const result = await check(db.url, { data: true });
        expect(result.findings.map((f) => [f.code, f.path, f.message])).toEqual([
          ['data.mismatch', 'public.client_access[access_level=SUPER_ADMIN]', "client_access of admin@aiforce.com to client DEMO exists but access_level is 'READ_ONLY' (expected 'SUPER_ADMIN')"],
          ['data.mismatch', 'public.client_accounts[slug=DEMO]', "client_accounts DEMO exists but subscription_tier is 'enterprise' (expected 'standard')"],
          ['data.missing', 'public.user_roles[role_type=PLATFORM_ADMIN]', "user_roles PLATFORM_ADMIN of admin@aiforce.com is missing (the platform admin's role)"],
          ['data.mismatch', 'public.users[email=admin@aiforce.com]', 'users admin@aiforce.com exists but is_active is false (expected true)'],
        ]);
        const byPath = new Map(result.findings.map((f) => [f.path, f]));
        expect(byPath.get('public.users[email=admin@aiforce.com]')).toMatchObject({ expected: 'is_active = true', actual: 'is_active = false', fix: "UPDATE public.users SET is_active = true WHERE email = 'admin@aiforce.com';" });
        expect(byPath.get('public.client_accounts[slug=DEMO]')!.fix).toBe("UPDATE public.client_accounts SET subscription_tier = 'standard' WHERE slug = 'DEMO';");
        expect(byPath.get('public.user_roles[role_type=PLATFORM_ADMIN]')!.fix).toMatch(/^-- run `npm run db:seed`/);

        // The suggested statements fix what they name: only the missing role is left, for the seed.
        await withConnection(db.url, (client) => client.query(result.findings.flatMap((f) => f.fixSteps ?? []).map((step) => step.sql).join('\n')));
        expect(codesAndPaths((await check(db.url, { data: true })).findings)).toEqual(['data.missing public.user_roles[role_type=PLATFORM_ADMIN]']);
      });
    });
  });

  describe('objects PostgreSQL keeps but does not enforce', () => {
    /** The findings of `db`, then of it again after its fix script ran in one transaction. */
    async function foundAndFixed(db: TestDatabase, options: Parameters<typeof check>[1] = {}) {
      const { renderFixSql } = await import('../src/formats/index.js');
      const result = await check(db.url, options);
      await withConnection(db.url, (client) => client.query(renderFixSql(result)));
      return { found: codesAndPaths(result.findings), findings: result.findings, after: codesAndPaths((await check(db.url, options)).findings) };
    }

    it('an index a failed CREATE INDEX CONCURRENTLY left invalid: REINDEX in the fix', async () => {
      await withDrifted([], async (db) => {
        await withConnection(db.url, async (client) => {
          await client.query("DROP INDEX users_email_key; INSERT INTO users (email) VALUES ('dup'), ('dup')");
          await expect(client.query('CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email)')).rejects.toThrow(/could not create unique index/);
          await client.query("DELETE FROM users WHERE ctid = (SELECT max(ctid) FROM users WHERE email = 'dup')");
        });
        const { found, findings, after } = await foundAndFixed(db);
        expect(found).toEqual(['index.invalid public.users.users_email_key']);
        expect(findings[0]).toMatchObject({ severity: 'error', fix: 'REINDEX INDEX public.users_email_key;' });
        expect(after).toEqual([]);
      });
    });

    it("a partitioned table's index and keys made with ONLY: dropped and created again", async () => {
      const table = "CREATE TABLE stray_events (id int NOT NULL, at date NOT NULL, kind text) PARTITION BY RANGE (at); CREATE TABLE stray_events_2026 PARTITION OF stray_events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')";
      const keys = (only: string) =>
        `ALTER TABLE ${only} stray_events ADD CONSTRAINT stray_events_pkey PRIMARY KEY (id, at); ALTER TABLE ${only} stray_events ADD CONSTRAINT stray_events_kind_key UNIQUE (kind, at); CREATE INDEX stray_events_kind ON ${only} stray_events (kind)`;
      await withDrifted([table, keys('')], (reference) =>
        withDrifted([table, keys('ONLY')], async (db) => {
          const { found, after } = await foundAndFixed(db, { againstUrl: reference.url });
          expect(found).toEqual(['constraint.invalid public.stray_events.stray_events_kind_key', 'index.invalid public.stray_events.stray_events_kind', 'primary_key.invalid public.stray_events.stray_events_pkey']);
          expect(after).toEqual([]);
        }),
      );
    });

    it('a foreign key whose internal triggers were disabled: the fix adds it again, enforced', async () => {
      // DISABLE TRIGGER ALL (a superuser's) takes the foreign keys' triggers too; ENABLE TRIGGER USER gives back only the table's own.
      await withDrifted(['ALTER TABLE tags DISABLE TRIGGER ALL', 'ALTER TABLE tags ENABLE TRIGGER USER'], async (db) => {
        const orphan = "INSERT INTO tags (client_account_id, name, category) VALUES (gen_random_uuid(), 'stray', 'x')";
        await withConnection(db.url, (client) => client.query(`BEGIN; ${orphan}; ROLLBACK`));
        const { found, findings, after } = await foundAndFixed(db);
        expect(found).toEqual(['foreign_key.triggers_disabled public.asset_tags.asset_tags_tag_id_fkey', 'foreign_key.triggers_disabled public.tags.tags_client_account_id_fkey']);
        expect(findings.find((finding) => finding.table === 'tags')!.fix).toMatch(/^ALTER TABLE public\.tags DROP CONSTRAINT tags_client_account_id_fkey;\nALTER TABLE public\.tags ADD CONSTRAINT tags_client_account_id_fkey FOREIGN KEY/);
        expect(after).toEqual([]);
        await expect(withConnection(db.url, (client) => client.query(orphan))).rejects.toThrow(/violates foreign key constraint/);
      });
      // Left at DISABLE TRIGGER ALL, the table's own trigger is reported too.
      await withDrifted(['ALTER TABLE tags DISABLE TRIGGER ALL'], async (db) => {
        const { found, after } = await foundAndFixed(db);
        expect(found).toEqual([
          'foreign_key.triggers_disabled public.asset_tags.asset_tags_tag_id_fkey',
          'foreign_key.triggers_disabled public.tags.tags_client_account_id_fkey',
          'trigger.mismatch public.tags.tags_tenant_kept_while_linked',
        ]);
        expect(after).toEqual([]);
      });
    });
  });

  /**
   * A drift whose fix the rows refuse: the script fails saying why and writes nothing; once `change` makes the
   * rows fit, the same script converges and keeps them.
   */
  async function refusedUntilRowsFit(drift: string, rows: string, refusal: string | RegExp, values: { read: string; before: string[]; change: string; after: string[] }) {
    const { renderFixSql } = await import('../src/formats/index.js');
    await withDrifted([drift], async (db) => {
      await withConnection(db.url, (client) => client.query(rows));
      const read = () => withConnection(db.url, async (client) => (await client.query<{ value: string }>(values.read)).rows.map((row) => row.value));
      const fix = renderFixSql(await check(db.url));
      await expect(withConnection(db.url, (client) => client.query(fix))).rejects.toThrow(refusal);
      expect(await read()).toEqual(values.before);
      await withConnection(db.url, (client) => client.query(values.change));
      await withConnection(db.url, (client) => client.query(fix));
      expect(await read()).toEqual(values.after);
      expect(codesAndPaths((await check(db.url)).findings)).toEqual([]);
    });
  }

  it('converts a column back to its length without cutting a row too long for it: the fix fails instead, and writes nothing', async () => {
    await refusedUntilRowsFit('ALTER TABLE feedback ALTER COLUMN status TYPE varchar(100)', `INSERT INTO feedback (feedback_type, status) VALUES ('fits', 'reviewed'), ('long', '${'s'.repeat(60)}')`, /value too long for type character varying\(20\)/, {
      read: 'SELECT status AS value FROM feedback ORDER BY feedback_type',
      before: ['reviewed', 's'.repeat(60)],
      change: "UPDATE feedback SET status = 'escalated' WHERE feedback_type = 'long'",
      after: ['reviewed', 'escalated'],
    });
  });

  it('stops, in words and before changing anything, where a conversion back would round the rows', async () => {
    await refusedUntilRowsFit('ALTER TABLE feedback ALTER COLUMN rating TYPE numeric(4,1)', "INSERT INTO feedback (feedback_type, rating) VALUES ('a', 4), ('b', 3.7)", 'rows of feedback.rating hold values that integer would round or cut: change them, or convert the column by hand, then run the fix again', {
      read: 'SELECT rating::text AS value FROM feedback ORDER BY feedback_type',
      before: ['4.0', '3.7'],
      change: "UPDATE feedback SET rating = 4 WHERE feedback_type = 'b'",
      after: ['4', '4'],
    });
  });

  /** A boolean column turned into a smallint: PostgreSQL has no cast back. */
  const toSmallint = [
    'ALTER TABLE client_access ALTER COLUMN is_active DROP DEFAULT',
    'ALTER TABLE client_access ALTER COLUMN is_active TYPE smallint USING (CASE WHEN is_active THEN 1 ELSE 0 END)',
  ];

  it('says where no cast leads back to the schema\'s type, and the rest of the fix still runs', async () => {
    const { renderFixSql } = await import('../src/formats/index.js');
    const drift = [
      ...toSmallint,
      'ALTER TABLE data_imports ALTER COLUMN file_size TYPE interval USING make_interval(secs => file_size)',
      'ALTER TABLE data_imports ALTER COLUMN total_records TYPE bigint',
    ];
    await withDrifted(drift, async (db) => {
      const result = await check(db.url);
      const typeFix = (path: string) => result.findings.find((finding) => finding.code === 'column.type_mismatch' && finding.path === path)?.fix;
      expect(typeFix('public.client_access.is_active')).toContain('no safe automatic fix: the database has no cast from smallint to boolean');
      expect(typeFix('public.data_imports.file_size')).toContain('no cast from interval to integer');
      await withConnection(db.url, (client) => client.query(renderFixSql(result)));
      expect(codesAndPaths((await check(db.url)).findings).filter((entry) => entry.startsWith('column.type_mismatch'))).toEqual([
        'column.type_mismatch public.client_access.is_active',
        'column.type_mismatch public.data_imports.file_size',
      ]);
    });
  });

  it('takes what the server says of a probe\'s statement as its answer, and a failure of the session as the end of it', async () => {
    const { probeEach } = await import('../src/catalog/read-transaction.js');
    await withConnection(inject('adminUrl'), async (client) => {
      const outcomes = await probeEach(client, 'public', ['SELECT 1 AS one', 'SELECT 1/0', 'SELECT NULL::no_such_type', "SELECT 'x'::text::int", 'SELECT 2 AS two'], (statement) => statement);
      expect(outcomes.map((outcome) => ('rows' in outcome ? outcome.rows : outcome.error.code))).toEqual([[{ one: 1 }], '22012', '42704', '22P02', [{ two: 2 }]]);
      await client.query('SET statement_timeout = 100');
      await expect(probeEach(client, 'public', ['SELECT pg_sleep(5)'], (statement) => statement)).rejects.toMatchObject({ code: '57014' });
      // The session is left as it was: out of the probe's transaction.
      await client.query('RESET statement_timeout');
      expect((await client.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });
  });

  it('asks about a cast without running its function: the probe only parses', async () => {
    const drift = [
      "CREATE FUNCTION refuse_cast(smallint) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the cast function ran'; END $$",
      'CREATE CAST (smallint AS boolean) WITH FUNCTION refuse_cast(smallint)',
      ...toSmallint,
    ];
    await withDrifted(drift, async (db) => {
      const result = await check(db.url);
      expect(result.findings.find((finding) => finding.code === 'column.type_mismatch')?.fix).toContain('USING is_active::boolean');
    });
  });

  it('rebuilds an enum that a stray function, domain, composite type and aggregate take: they go first, and the fix converges', async () => {
    const { renderFixSql } = await import('../src/formats/index.js');
    const drift = [
      "ALTER TYPE accesslevel ADD VALUE 'ROOT'",
      'CREATE FUNCTION level_rank(level accesslevel) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
      'CREATE DOMAIN level_d AS accesslevel',
      'CREATE TYPE level_pair AS (a accesslevel, b accesslevel[])',
      'CREATE AGGREGATE max_level(accesslevel) (SFUNC = enum_larger, STYPE = accesslevel)',
    ];
    await withDrifted(drift, async (db) => {
      await withConnection(db.url, async (client) => client.query(renderFixSql(await check(db.url))));
      expect(codesAndPaths((await check(db.url)).findings)).toEqual([]);
    });
  });

  it('stops, in words and before changing anything, where a column converted back to its enum holds a text the enum lacks', async () => {
    await refusedUntilRowsFit('ALTER TABLE migrations ALTER COLUMN status TYPE text', "INSERT INTO migrations (name, status) VALUES ('a', 'PLANNING'), ('b', 'DONE')", 'rows of migrations.status hold values that enum migrationstatus lacks: change or delete them, then run the fix again', {
      read: 'SELECT status::text AS value FROM migrations ORDER BY name',
      before: ['PLANNING', 'DONE'],
      change: "UPDATE migrations SET status = 'COMPLETED' WHERE name = 'b'",
      after: ['PLANNING', 'COMPLETED'],
    });
  });

  it('takes an identity off a renamed table by the name it has until it is renamed back', async () => {
    const { renderFixSql } = await import('../src/formats/index.js');
    const drift = ['ALTER TABLE llm_usage_summary ALTER COLUMN user_id SET NOT NULL', 'ALTER TABLE llm_usage_summary ALTER COLUMN user_id ADD GENERATED ALWAYS AS IDENTITY', 'ALTER TABLE llm_usage_summary RENAME TO llm_sum'];
    await withDrifted(drift, async (db) => {
      await withConnection(db.url, async (client) => client.query(renderFixSql(await check(db.url))));
      expect(codesAndPaths((await check(db.url)).findings)).toEqual([]);
    });
  });

  it('reports session_replication_role set for the database or a role in it (no foreign key is checked there), with the RESET that converges', async () => {
    const { renderFixSql } = await import('../src/formats/index.js');
    const set = (target: string) => `DO $$ BEGIN EXECUTE format('ALTER ${target} SET session_replication_role = replica', current_database()); END $$`;
    await withDrifted([set('DATABASE %I'), set('ROLE CURRENT_USER IN DATABASE %I')], async (db) => {
      const result = await check(db.url);
      const role = await withConnection(db.url, async (client) => (await client.query<{ role: string }>('SELECT current_user AS role')).rows[0]!.role);
      expect(codesAndPaths(result.findings)).toEqual([`database.replication_role database.${db.name}.session_replication_role`, `database.replication_role role.${role}.database.${db.name}.session_replication_role`]);
      await withConnection(db.url, (client) => client.query(renderFixSql(result)));
      expect(codesAndPaths((await check(db.url)).findings)).toEqual([]);
    });
  });

  it("the checking role's own access is how it checks, unless the other side grants that role too: then it is compared", async () => {
    await withDrifted([], (db) =>
      withReadOnlyRole(db, async (url) => {
        const role = new URL(url).username;
        await withConnection(db.url, (client) => client.query(`GRANT SELECT ON tags TO ${role}`));
        // Read as that role, the grants it was given to read are not drift; read as another role, they are.
        expect((await check(url)).findings).toEqual([]);
        expect(codesAndPaths((await check(db.url)).findings)).toEqual([`privilege.unexpected public.tags[grant to ${role}]`, `privilege.unexpected public[grant to ${role}]`]);
        // Another database grants the role more: what the role lacks is reported, run as the role itself.
        await withDrifted([`GRANT USAGE ON SCHEMA public TO ${role}`, `GRANT SELECT, INSERT ON tags TO ${role}`], async (reference) => {
          const lacking = (await check(url, { againstUrl: reference.url })).findings;
          expect(lacking.map((finding) => [finding.code, finding.path, finding.fix])).toEqual([['privilege.missing', `public.tags[grant to ${role}]`, `GRANT INSERT ON TABLE public.tags TO ${role};`]]);
        });
      }),
    );
  });

  it('works under a role that has only CONNECT and USAGE, and never writes', async () => {
    await withDrifted([], (db) =>
      withReadOnlyRole(db, async (url) => {
        const result = await check(url);
        expect(result.findings).toEqual([]);
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await expect(client.query('CREATE TABLE nope (id int)')).rejects.toThrow(/permission denied/);
        await client.end();
      }),
    );
  });
});
