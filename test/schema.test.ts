import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, prisma, type TestDatabase } from './support/template.js';

const SPEC_TABLES = [
  'client_accounts', 'engagements', 'users', 'user_roles', 'client_access', 'discovery_flows', 'crewai_flow_state_extensions',
  'data_import_sessions', 'data_imports', 'raw_import_records', 'import_field_mappings', 'assets', 'asset_dependencies',
  'assessments', 'wave_plans', 'migrations', 'sixr_analysis', 'cmdb_sixr_analysis', 'migration_waves', 'agent_questions',
  'agent_insights', 'data_items', 'llm_usage_log', 'llm_usage_summary', 'feedback', 'flow_deletion_audit', 'security_audit_log',
  'role_change_approval', 'tags', 'asset_tags', 'import_processing_steps', 'alembic_version',
];

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await db.drop();
});

const rows = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows;

describe('a fresh prisma migrate deploy', () => {
  it('creates exactly the 32 spec tables, plus Prisma bookkeeping', async () => {
    const tables = await rows<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    );
    const names = tables.map((t) => t.table_name);
    expect(names.filter((n) => n !== '_prisma_migrations').sort()).toEqual([...SPEC_TABLES].sort());
    expect(names).toContain('_prisma_migrations');
    const others = await rows("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('v','m','S','f')");
    expect(others).toEqual([]);
  });

  describe("the spec's validation queries, verbatim", () => {
    it('table count: 33 = the 32 spec tables (alembic_version included) + _prisma_migrations', async () => {
      const [row] = await rows<{ count: string }>(`SELECT COUNT(*) FROM information_schema.tables 
WHERE table_schema = 'public' AND table_type = 'BASE TABLE';`);
      expect(Number(row!.count)).toBe(33);
    });

    it('no is_mock fields: 0', async () => {
      const [row] = await rows<{ count: string }>(`SELECT COUNT(*) FROM information_schema.columns 
WHERE column_name = 'is_mock';`);
      expect(Number(row!.count)).toBe(0);
    });

    it('discovery_flows critical fields: 5 rows with the spec defaults', async () => {
      const result = await rows<{ column_name: string; data_type: string; column_default: string }>(`SELECT column_name, data_type, column_default 
FROM information_schema.columns 
WHERE table_name = 'discovery_flows' 
AND column_name IN ('learning_scope', 'memory_isolation_level', 'assessment_ready', 'phase_state', 'agent_state');`);
      expect(Object.fromEntries(result.map((r) => [r.column_name, [r.data_type, r.column_default]]))).toEqual({
        learning_scope: ['character varying', "'engagement'::character varying"],
        memory_isolation_level: ['character varying', "'strict'::character varying"],
        assessment_ready: ['boolean', 'false'],
        phase_state: ['jsonb', "'{}'::jsonb"],
        agent_state: ['jsonb', "'{}'::jsonb"],
      });
    });
  });

  it('has the critical fields with their exact types, nullability and defaults', async () => {
    const result = await rows<{ table_name: string; column_name: string; type: string; is_nullable: string; column_default: string | null }>(
      `SELECT table_name, column_name, is_nullable, column_default,
              data_type || COALESCE('(' || character_maximum_length || ')', '') AS type
         FROM information_schema.columns
        WHERE table_schema = 'public' AND (table_name, column_name) IN (
          ('discovery_flows','learning_scope'), ('discovery_flows','memory_isolation_level'), ('discovery_flows','assessment_ready'),
          ('discovery_flows','phase_state'), ('discovery_flows','agent_state'), ('data_imports','source_system'),
          ('data_imports','error_message'), ('data_imports','error_details'), ('data_imports','failed_records'))`,
    );
    const got = Object.fromEntries(result.map((r) => [`${r.table_name}.${r.column_name}`, [r.type, r.is_nullable, r.column_default]]));
    expect(got).toEqual({
      'discovery_flows.learning_scope': ['character varying(50)', 'NO', "'engagement'::character varying"],
      'discovery_flows.memory_isolation_level': ['character varying(20)', 'NO', "'strict'::character varying"],
      'discovery_flows.assessment_ready': ['boolean', 'NO', 'false'],
      'discovery_flows.phase_state': ['jsonb', 'NO', "'{}'::jsonb"],
      'discovery_flows.agent_state': ['jsonb', 'NO', "'{}'::jsonb"],
      'data_imports.source_system': ['character varying(100)', 'YES', null],
      'data_imports.error_message': ['text', 'YES', null],
      'data_imports.error_details': ['jsonb', 'YES', null],
      'data_imports.failed_records': ['integer', 'YES', '0'],
    });
  });

  it('gives crewai_flow_state_extensions its 21 columns', async () => {
    const [row] = await rows<{ count: string }>(
      "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'crewai_flow_state_extensions'",
    );
    expect(Number(row!.count)).toBe(21);
  });

  it('has no is_mock column anywhere', async () => {
    expect(await rows("SELECT table_name FROM information_schema.columns WHERE column_name = 'is_mock'")).toEqual([]);
  });

  it('defines the RBAC enums with the spec values, in order', async () => {
    const result = await rows<{ typname: string; labels: string[] }>(
      `SELECT t.typname::text AS typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE t.typname IN ('roletype', 'accesslevel') GROUP BY t.typname`,
    );
    expect(Object.fromEntries(result.map((r) => [r.typname, r.labels]))).toEqual({
      roletype: ['PLATFORM_ADMIN', 'CLIENT_ADMIN', 'ENGAGEMENT_MANAGER', 'ANALYST', 'VIEWER'],
      accesslevel: ['READ_ONLY', 'READ_WRITE', 'ADMIN', 'SUPER_ADMIN'],
    });
    const columns = await rows<{ table_name: string; column_name: string; udt_name: string }>(
      "SELECT table_name, column_name, udt_name FROM information_schema.columns WHERE udt_name IN ('roletype','accesslevel') ORDER BY 1",
    );
    expect(columns).toEqual([
      { table_name: 'client_access', column_name: 'access_level', udt_name: 'accesslevel' },
      { table_name: 'user_roles', column_name: 'role_type', udt_name: 'roletype' },
    ]);
  });

  it('gives every tenant table a foreign key and an index starting with client_account_id', async () => {
    const result = await rows<{ table_name: string; has_fk: boolean; has_index: boolean }>(
      `SELECT c.relname AS table_name,
              EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'f'
                        AND k.confrelid = 'public.client_accounts'::regclass AND k.conkey[1] = a.attnum) AS has_fk,
              EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indkey[0] = a.attnum) AS has_index
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'client_account_id'
        WHERE n.nspname = 'public' AND c.relkind = 'r'`,
    );
    expect(result.length).toBeGreaterThanOrEqual(20);
    expect(result.filter((r) => !r.has_fk || !r.has_index)).toEqual([]);
  });

  it('defaults every uuid primary key to gen_random_uuid() and stores timestamps as timestamptz', async () => {
    const keys = await rows<{ table_name: string; column_default: string | null }>(
      `SELECT c.table_name, c.column_default FROM information_schema.columns c
         JOIN information_schema.key_column_usage k USING (table_schema, table_name, column_name)
         JOIN information_schema.table_constraints t USING (table_schema, table_name, constraint_name)
        WHERE c.table_schema = 'public' AND t.constraint_type = 'PRIMARY KEY' AND c.data_type = 'uuid'`,
    );
    expect(keys.length).toBe(31);
    expect(keys.filter((k) => k.column_default !== 'gen_random_uuid()')).toEqual([]);
    const naive = await rows(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'timestamp without time zone' AND table_name <> '_prisma_migrations'",
    );
    expect(naive).toEqual([]);
  });

  it("reads back with Prisma's own introspection (prisma db pull), on every server version", async () => {
    const pulled = await prisma(['db', 'pull', '--print'], db.url);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout.match(/^model \w+ \{/gm)).toHaveLength(32);
  });

  it("agrees with Prisma's own diff from the migrations to schema.prisma (the shadow database's introspection, CHECK constraints included)", async () => {
    const empty = await createTestDatabase(inject('adminUrl'), { migrated: false });
    try {
      const diff = await prisma(['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema-datamodel', 'prisma/schema.prisma', '--exit-code'], empty.url);
      expect(diff.code, `${diff.stdout}\n${diff.stderr}`).toBe(0);
    } finally {
      await empty.drop();
    }
  });
});
