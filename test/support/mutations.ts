/**
 * DDL mutations of the migrated platform schema, covering every kind db:check compares, for the property
 * test: each names the kind it exercises, its SQL, and the objects a finding must name (its own record of
 * what it changed, the oracle where pg_dump cannot run). `none` mutations change nothing pg_dump would show.
 * Each touches its own objects, so any subset can be applied together.
 */
import { withConnection } from '../../src/database/connect.js';
import { rebuildEnum } from './drift.js';

export interface Mutation {
  kind: string;
  name: string;
  sql: string;
  /** Paths of which at least one must be named by a finding (empty: no finding at all). */
  names: string[];
  /** Objects it touches, so two mutations of one subset never collide. */
  touches: string[];
  /** The oldest server (major version) its SQL runs on, where that is not every supported one. */
  since?: number;
  /** pg_dump shows nothing of it (the state of a foreign key's internal triggers): its own record is the oracle. */
  dumpBlind?: boolean;
}

/** A tablespace for the mutations that move relations (tablespaces belong to the server, not to one database). */
export const MUTATION_TABLESPACE = 'aiforce_mutation_space';

/**
 * Creates MUTATION_TABLESPACE (test setup) in place: a directory under the server's own pg_tblspc (a developer
 * option), so none has to be made for the server's system user.
 */
export async function createMutationTablespace(adminUrl: string): Promise<void> {
  await withConnection(adminUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_tablespace WHERE spcname = $1', [MUTATION_TABLESPACE]);
    if (rowCount) return;
    await client.query('SET allow_in_place_tablespaces = on');
    await client.query(`CREATE TABLESPACE ${MUTATION_TABLESPACE} LOCATION ''`);
  });
}

const m = (kind: string, name: string, sql: string, names: string[], touches: string[] = names, since?: number): Mutation => ({ kind, name, sql, names, touches, ...(since ? { since } : {}) });

export const MUTATIONS: Mutation[] = [
  // tables
  m('table', 'add a table', 'CREATE TABLE stray_notes (id int PRIMARY KEY, note text)', ['public.stray_notes']),
  m('table', 'drop a table', 'DROP TABLE alembic_version', ['public.alembic_version']),
  m('table', 'drop a referenced table', 'DROP TABLE tags CASCADE', ['public.tags'], ['public.tags', 'public.asset_tags']),
  m('table', 'rename a table', 'ALTER TABLE feedback RENAME TO feedbacks', ['public.feedback'], ['public.feedback']),
  m('table', 'make a table unlogged', 'ALTER TABLE llm_usage_log SET UNLOGGED', ['public.llm_usage_log']),
  m('table', 'set a storage parameter', 'ALTER TABLE security_audit_log SET (fillfactor = 70)', ['public.security_audit_log']),
  m('table', "set a storage parameter of a table's TOAST table", 'ALTER TABLE engagements SET (toast.autovacuum_enabled = false)', ['public.engagements']),
  m('table', 'set storage parameters of a table and of its TOAST table', 'ALTER TABLE flow_deletion_audit SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)', ['public.flow_deletion_audit']),
  m('table', 'replicate whole rows', 'ALTER TABLE llm_usage_summary REPLICA IDENTITY FULL', ['public.llm_usage_summary']),
  m('table', 'replicate by a unique index', 'ALTER TABLE client_accounts REPLICA IDENTITY USING INDEX client_accounts_slug_key', ['public.client_accounts'], ['public.client_accounts', 'public.client_accounts.client_accounts_slug_key']),
  m('table', 'bind a table to a composite type (OF)', 'CREATE TYPE stray_version AS (version_num varchar(32)); ALTER TABLE alembic_version OF stray_version', ['public.alembic_version', 'public.stray_version']),
  m('table', 'store a table by another access method', 'CREATE ACCESS METHOD stray_heap TYPE TABLE HANDLER heap_tableam_handler; ALTER TABLE tags SET ACCESS METHOD stray_heap', ['public.tags'], ['public.tags'], 15),
  m('table', 'add a partitioned table with a partition', "CREATE TABLE stray_events (id int, at date) PARTITION BY RANGE (at); CREATE TABLE stray_events_2026 PARTITION OF stray_events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')", ['public.stray_events', 'public.stray_events_2026']),
  m('table', 'add tables by inheritance', 'CREATE TABLE stray_base (note text); CREATE TABLE stray_child (extra int) INHERITS (stray_base)', ['public.stray_base', 'public.stray_child']),
  // Their fixes take the table off the parent before dropping the parent, and the column they share.
  m('table', 'make a table inherit a stray parent', 'CREATE TABLE stray_parent (); ALTER TABLE tags INHERIT stray_parent', ['public.tags', 'public.stray_parent'], ['public.tags', 'public.stray_parent']),
  m(
    'table',
    "make a table inherit a stray parent's column",
    'CREATE TABLE stray_note_parent (note text); ALTER TABLE wave_plans ADD COLUMN note text; ALTER TABLE wave_plans INHERIT stray_note_parent',
    ['public.wave_plans', 'public.stray_note_parent', 'public.wave_plans.note'],
    ['public.wave_plans', 'public.stray_note_parent'],
  ),
  // columns
  m('column', 'add a column', 'ALTER TABLE users ADD COLUMN is_mock boolean', ['public.users.is_mock']),
  m('column', 'drop a column', 'ALTER TABLE feedback DROP COLUMN breadcrumb', ['public.feedback.breadcrumb'], ['public.feedback']),
  m('column', 'rename a column', 'ALTER TABLE tags RENAME COLUMN description TO details', ['public.tags.description'], ['public.tags']),
  m('column', 'widen a varchar', 'ALTER TABLE tags ALTER COLUMN category TYPE varchar(80)', ['public.tags.category'], ['public.tags']),
  m('column', 'a column widened, and a view on it', 'ALTER TABLE import_processing_steps ALTER COLUMN step_name TYPE varchar(300); CREATE VIEW stray_steps AS SELECT id, step_name FROM import_processing_steps', ['public.import_processing_steps.step_name', 'public.stray_steps'], ['public.import_processing_steps', 'public.stray_steps']),
  m(
    'column',
    'an enum column converted to another enum type',
    "CREATE TYPE stray_assettype AS ENUM ('SERVER', 'DATABASE', 'APPLICATION', 'NETWORK', 'LOAD_BALANCER', 'STORAGE', 'SECURITY_GROUP', 'VIRTUAL_MACHINE', 'CONTAINER', 'OTHER', 'MAINFRAME'); ALTER TABLE assets ALTER COLUMN asset_type TYPE stray_assettype USING asset_type::text::stray_assettype",
    ['public.assets.asset_type', 'public.stray_assettype'],
    ['public.assets', 'public.stray_assettype'],
  ),
  m('column', 'integer becomes bigint', 'ALTER TABLE migration_waves ALTER COLUMN total_assets TYPE bigint', ['public.migration_waves.total_assets']),
  m('column', 'drop NOT NULL', 'ALTER TABLE discovery_flows ALTER COLUMN flow_name DROP NOT NULL', ['public.discovery_flows.flow_name']),
  m(
    'column',
    'NOT NULL again, but NOT VALID (its old rows unchecked)',
    'ALTER TABLE discovery_flows ALTER COLUMN flow_name DROP NOT NULL; ALTER TABLE discovery_flows ADD CONSTRAINT flow_name_unchecked NOT NULL flow_name NOT VALID',
    ['public.discovery_flows.flow_name'],
    undefined,
    18,
  ),
  m(
    'column',
    "rename a column's NOT NULL constraint",
    'ALTER TABLE llm_usage_log RENAME CONSTRAINT llm_usage_log_model_name_not_null TO llm_usage_log_model_required',
    ['public.llm_usage_log.model_name'],
    undefined,
    18,
  ),
  m('column', 'a NOT NULL added NOT VALID to a nullable column', 'ALTER TABLE feedback ADD CONSTRAINT feedback_page_required NOT NULL page NOT VALID', ['public.feedback.page'], undefined, 18),
  m('column', 'change a default', "ALTER TABLE discovery_flows ALTER COLUMN learning_scope SET DEFAULT 'global'", ['public.discovery_flows.learning_scope']),
  m('column', 'drop a default', 'ALTER TABLE data_imports ALTER COLUMN failed_records DROP DEFAULT', ['public.data_imports.failed_records']),
  m('column', 'change a collation', 'ALTER TABLE client_accounts ALTER COLUMN industry TYPE varchar(100) COLLATE "C"', ['public.client_accounts.industry'], ['public.client_accounts']),
  m('column', 'make a column an identity', 'ALTER TABLE llm_usage_summary ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY', ['public.llm_usage_summary.seq']),
  m('column', 'set a statistics target', 'ALTER TABLE cmdb_sixr_analysis ALTER COLUMN analysis_name SET STATISTICS 1000', ['public.cmdb_sixr_analysis.analysis_name']),
  m('column', 'store a column out of line, uncompressed', 'ALTER TABLE flow_deletion_audit ALTER COLUMN deletion_reason SET STORAGE EXTERNAL', ['public.flow_deletion_audit.deletion_reason']),
  m('column', 'name a compression method', 'ALTER TABLE crewai_flow_state_extensions ALTER COLUMN flow_configuration SET COMPRESSION pglz', ['public.crewai_flow_state_extensions.flow_configuration']),
  m('column', 'give the planner n_distinct', 'ALTER TABLE data_import_sessions ALTER COLUMN session_name SET (n_distinct = -0.5)', ['public.data_import_sessions.session_name']),
  m('column', 'add a generated column', 'ALTER TABLE feedback ADD COLUMN rating_twice int GENERATED ALWAYS AS (rating * 2) STORED', ['public.feedback.rating_twice'], ['public.feedback']),
  // primary keys
  m('primary_key', 'drop a primary key', 'ALTER TABLE llm_usage_summary DROP CONSTRAINT llm_usage_summary_pkey', ['public.llm_usage_summary.llm_usage_summary_pkey'], ['public.llm_usage_summary']),
  m(
    'primary_key',
    'rebuild a primary key that a foreign key relies on',
    'ALTER TABLE tags DROP CONSTRAINT tags_pkey CASCADE; ALTER TABLE tags ADD CONSTRAINT tags_pkey PRIMARY KEY (id) INCLUDE (name); ALTER TABLE asset_tags ADD CONSTRAINT asset_tags_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES tags (id) ON DELETE CASCADE',
    ['public.tags.tags_pkey'],
    ['public.tags', 'public.asset_tags'],
  ),
  m(
    'primary_key',
    'rename a table and rebuild its primary key, which a foreign key references',
    'ALTER TABLE asset_tags DROP CONSTRAINT asset_tags_tag_id_fkey; ALTER TABLE tags DROP CONSTRAINT tags_pkey; ' +
      'ALTER TABLE tags ADD CONSTRAINT tags_pkey PRIMARY KEY (id) INCLUDE (name); ' +
      'ALTER TABLE asset_tags ADD CONSTRAINT asset_tags_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES tags (id) ON DELETE CASCADE; ALTER TABLE tags RENAME TO labels',
    ['public.tags', 'public.tags.tags_pkey'],
    ['public.tags', 'public.asset_tags'],
  ),
  m('primary_key', "set a storage parameter of a primary key's index", 'ALTER INDEX import_field_mappings_pkey SET (fillfactor = 60)', ['public.import_field_mappings.import_field_mappings_pkey'], ['public.import_field_mappings']),
  m('primary_key', 'rename a primary key', 'ALTER TABLE wave_plans RENAME CONSTRAINT wave_plans_pkey TO wave_plans_pk', ['public.wave_plans.wave_plans_pkey']),
  // constraints
  m('constraint', 'add a CHECK constraint', 'ALTER TABLE feedback ADD CONSTRAINT feedback_rating_range CHECK (rating BETWEEN 1 AND 5)', ['public.feedback.feedback_rating_range'], ['public.feedback']),
  m('constraint', 'add a NOT VALID CHECK', 'ALTER TABLE assessments ADD CONSTRAINT assessments_positive CHECK (true) NOT VALID', ['public.assessments.assessments_positive']),
  m('constraint', 'add a deferrable unique constraint', 'ALTER TABLE migrations ADD CONSTRAINT migrations_name_unique UNIQUE (name) DEFERRABLE INITIALLY DEFERRED', ['public.migrations.migrations_name_unique']),
  m('constraint', 'add an exclusion constraint', 'ALTER TABLE role_change_approval ADD CONSTRAINT role_change_one_pending EXCLUDE USING btree (target_user_id WITH =) WHERE (status::text = \'PENDING\')', ['public.role_change_approval.role_change_one_pending']),
  // indexes
  m('index', 'drop an index', 'DROP INDEX ix_tags_is_active', ['public.tags.ix_tags_is_active'], ['public.tags.ix_tags_is_active']),
  m('index', 'drop a unique index', 'DROP INDEX client_accounts_slug_key', ['public.client_accounts.client_accounts_slug_key']),
  m('index', 'add an index', 'CREATE INDEX ix_assets_fqdn_extra ON assets (fqdn)', ['public.assets.ix_assets_fqdn_extra']),
  m('index', 'add an expression index with a statistics target', 'CREATE INDEX ix_users_lower_email ON users (lower(email)); ALTER INDEX ix_users_lower_email ALTER COLUMN 1 SET STATISTICS 500', ['public.users.ix_users_lower_email']),
  m(
    'index',
    'rebuild a unique index that foreign keys rely on',
    'DROP INDEX discovery_flows_flow_id_key CASCADE; CREATE UNIQUE INDEX discovery_flows_flow_id_key ON discovery_flows (flow_id) NULLS NOT DISTINCT; ' +
      ['agent_insights', 'agent_questions', 'assets', 'data_items'].map((table) => `ALTER TABLE ${table} ADD CONSTRAINT ${table}_flow_id_fkey FOREIGN KEY (flow_id) REFERENCES discovery_flows (flow_id) ON DELETE CASCADE`).join('; '),
    ['public.discovery_flows.discovery_flows_flow_id_key'],
    ['public.discovery_flows', 'public.agent_insights', 'public.agent_questions', 'public.assets', 'public.data_items'],
  ),
  m(
    'constraint',
    'a unique index that foreign keys rely on made a UNIQUE constraint',
    'ALTER TABLE discovery_flows ADD CONSTRAINT discovery_flows_flow_id_key UNIQUE USING INDEX discovery_flows_flow_id_key',
    ['public.discovery_flows.discovery_flows_flow_id_key'],
    ['public.discovery_flows', 'public.agent_insights', 'public.agent_questions', 'public.assets', 'public.data_items'],
  ),
  m('index', 'add INCLUDE columns', 'DROP INDEX ix_users_email; CREATE INDEX ix_users_email ON users (email) INCLUDE (first_name)', ['public.users.ix_users_email']),
  m('index', 'add NULLS NOT DISTINCT', 'DROP INDEX users_email_key; CREATE UNIQUE INDEX users_email_key ON users (email) NULLS NOT DISTINCT', ['public.users.users_email_key']),
  m('index', 'sort an index descending', 'DROP INDEX ix_engagements_status; CREATE INDEX ix_engagements_status ON engagements (status DESC)', ['public.engagements.ix_engagements_status']),
  m('index', 'add a predicate', 'DROP INDEX ix_agent_questions_is_resolved; CREATE INDEX ix_agent_questions_is_resolved ON agent_questions (is_resolved) WHERE NOT is_resolved', ['public.agent_questions.ix_agent_questions_is_resolved']),
  m('index', 'rename an index', 'ALTER INDEX ix_feedback_page RENAME TO ix_feedback_pages', ['public.feedback.ix_feedback_page'], ['public.feedback']),
  // What a CREATE UNIQUE INDEX CONCURRENTLY that met a duplicate leaves (it cannot fail inside the mutation's transaction).
  m(
    'index',
    'leave a unique index invalid',
    "UPDATE pg_index SET indisvalid = false, indisready = false WHERE indexrelid = 'crewai_flow_state_extensions_flow_id_key'::regclass",
    ['public.crewai_flow_state_extensions.crewai_flow_state_extensions_flow_id_key'],
  ),
  m('index', 'change an operator class', 'DROP INDEX ix_assets_hostname; CREATE INDEX ix_assets_hostname ON assets (hostname varchar_pattern_ops)', ['public.assets.ix_assets_hostname']),
  // extended statistics
  m('statistics', 'add extended statistics', 'CREATE STATISTICS stray_asset_stats (dependencies, mcv) ON environment, criticality FROM assets', ['public.assets.stray_asset_stats'], ['public.assets.stray_asset_stats']),
  m('statistics', 'add statistics on an expression, with a target', 'CREATE STATISTICS stray_tag_names ON lower(name) FROM tags; ALTER STATISTICS stray_tag_names SET STATISTICS 500', ['public.tags.stray_tag_names'], ['public.tags.stray_tag_names', 'public.tags']),
  // foreign keys
  m('foreign_key', 'drop a foreign key', 'ALTER TABLE asset_tags DROP CONSTRAINT asset_tags_tag_id_fkey', ['public.asset_tags.asset_tags_tag_id_fkey'], ['public.asset_tags', 'public.tags']),
  m(
    'foreign_key',
    'change ON DELETE',
    'ALTER TABLE import_processing_steps DROP CONSTRAINT import_processing_steps_data_import_id_fkey; ALTER TABLE import_processing_steps ADD CONSTRAINT import_processing_steps_data_import_id_fkey FOREIGN KEY (data_import_id) REFERENCES data_imports (id) ON DELETE RESTRICT',
    ['public.import_processing_steps.import_processing_steps_data_import_id_fkey'],
  ),
  m(
    'foreign_key',
    'stop enforcing a foreign key',
    'ALTER TABLE agent_insights ALTER CONSTRAINT agent_insights_engagement_id_fkey NOT ENFORCED',
    ['public.agent_insights.agent_insights_engagement_id_fkey'],
    ['public.agent_insights.agent_insights_engagement_id_fkey', 'public.engagements'],
    18,
  ),
  {
    ...m(
      'foreign_key',
      "disable a table's triggers, its foreign keys' among them, and enable its own",
      'ALTER TABLE tags DISABLE TRIGGER ALL; ALTER TABLE tags ENABLE TRIGGER USER',
      ['public.tags.tags_client_account_id_fkey', 'public.asset_tags.asset_tags_tag_id_fkey'],
      ['public.tags', 'public.asset_tags'],
    ),
    dumpBlind: true,
  },
  m('foreign_key', 'make a foreign key deferrable', 'ALTER TABLE sixr_analysis ALTER CONSTRAINT sixr_analysis_migration_id_fkey DEFERRABLE INITIALLY DEFERRED', ['public.sixr_analysis.sixr_analysis_migration_id_fkey']),
  m(
    'foreign_key',
    'MATCH FULL, NOT VALID',
    'ALTER TABLE wave_plans DROP CONSTRAINT wave_plans_migration_id_fkey; ALTER TABLE wave_plans ADD CONSTRAINT wave_plans_migration_id_fkey FOREIGN KEY (migration_id) REFERENCES migrations (id) MATCH FULL NOT VALID',
    ['public.wave_plans.wave_plans_migration_id_fkey'],
  ),
  // enums
  m('enum', 'add an enum value', "ALTER TYPE risklevel ADD VALUE 'EXTREME'", ['public.risklevel.EXTREME'], ['public.risklevel']),
  m(
    'enum',
    'remove an enum value',
    rebuildEnum('questiontype', ['TEXT', 'SELECT', 'MULTISELECT', 'FILE_UPLOAD', 'BOOLEAN'], 'agent_questions', 'question_type'),
    ['public.questiontype.NUMERIC'],
    ['public.questiontype', 'public.agent_questions'],
  ),
  m(
    'enum',
    'reorder an enum a view reads',
    "CREATE VIEW stray_open_risks AS SELECT id, risk_level FROM assessments; ALTER TYPE risklevel RENAME VALUE 'LOW' TO 'LOW_TMP'; ALTER TYPE risklevel ADD VALUE 'LOW' AFTER 'CRITICAL'",
    ['public.risklevel', 'public.stray_open_risks'],
    ['public.risklevel', 'public.assessments', 'public.stray_open_risks'],
  ),
  // A row holds the value: a fix that rebuilt the type would fail to convert it.
  m('enum', 'rename an enum value a row holds', "INSERT INTO migrations (name, status) VALUES ('stray', 'PAUSED'); ALTER TYPE migrationstatus RENAME VALUE 'PAUSED' TO 'ON_HOLD'", ['public.migrationstatus.PAUSED'], ['public.migrationstatus', 'public.migrations']),
  // A rename and a value to add back in one type: the rename first, then ADD VALUE next to a kept value.
  m(
    'enum',
    'drop an enum value, and rename one a row holds',
    `${rebuildEnum('migrationstatus', ['PLANNING', 'COMPLETED', 'PAUSED', 'CANCELLED'], 'migrations', 'status', 'PLANNING')}; INSERT INTO migrations (name, status) VALUES ('stray', 'PAUSED'); ALTER TYPE migrationstatus RENAME VALUE 'PAUSED' TO 'ON_HOLD'`,
    ['public.migrationstatus.IN_PROGRESS', 'public.migrationstatus.PAUSED'],
    ['public.migrationstatus', 'public.migrations'],
  ),
  // Its fix sets the default back: a value added by ADD VALUE could not be used before the script commits.
  m(
    'enum',
    'remove the enum value a default names',
    rebuildEnum('migrationstatus', ['IN_PROGRESS', 'COMPLETED', 'PAUSED', 'CANCELLED'], 'migrations', 'status', 'IN_PROGRESS'),
    ['public.migrationstatus.PLANNING'],
    ['public.migrationstatus', 'public.migrations'],
  ),
  m(
    'enum',
    'rename an enum value a row holds, and add one',
    "INSERT INTO migrations (name, current_phase) VALUES ('stray phase', 'FINOPS'); ALTER TYPE migrationphase RENAME VALUE 'FINOPS' TO 'COST'; ALTER TYPE migrationphase ADD VALUE 'STRAY_PHASE'",
    ['public.migrationphase.FINOPS', 'public.migrationphase.STRAY_PHASE'],
    ['public.migrationphase', 'public.migrations'],
  ),
  m('enum', 'add an enum type', "CREATE TYPE stray_mood AS ENUM ('happy')", ['public.stray_mood']),
  m('enum', 'rename an enum type', 'ALTER TYPE sixrstrategy RENAME TO sixr_strategy', ['public.sixrstrategy']),
  m('enum', 'add an enum type with no values', 'CREATE TYPE stray_empty AS ENUM ()', ['public.stray_empty']),
  // domains, composite and range types
  m('domain', 'add a domain', "CREATE DOMAIN stray_percent AS numeric(5,2) DEFAULT 0 NOT NULL CHECK (VALUE BETWEEN 0 AND 100)", ['public.stray_percent']),
  m('composite_type', 'add a composite type', 'CREATE TYPE stray_pair AS (left_value text, right_value integer)', ['public.stray_pair']),
  m('range_type', 'add a range type', 'CREATE TYPE stray_span AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = float8mi)', ['public.stray_span']),
  m('range_type', 'add a range type over text with a collation, and a column of its multirange', 'CREATE TYPE stray_words AS RANGE (SUBTYPE = text, COLLATION = "C", MULTIRANGE_TYPE_NAME = stray_word_sets); ALTER TABLE tags ADD COLUMN stray_ranges stray_word_sets', ['public.stray_words', 'public.tags.stray_ranges'], ['public.stray_words', 'public.tags.stray_ranges']),
  // sequences
  m('sequence', 'add a sequence', 'CREATE SEQUENCE stray_counter START 100 INCREMENT 5', ['public.stray_counter']),
  m('sequence', 'add a serial column', 'ALTER TABLE assessments ADD COLUMN ticket serial', ['public.assessments.ticket', 'public.assessments_ticket_seq'], ['public.assessments.ticket']),
  // views
  m('view', 'add a view', 'CREATE VIEW stray_active_users AS SELECT id, email FROM users WHERE is_active', ['public.stray_active_users'], ['public.stray_active_users', 'public.users']),
  m('view', 'add a security_invoker view', 'CREATE VIEW stray_tags WITH (security_invoker = true) AS SELECT id, name FROM tags', ['public.stray_tags'], ['public.stray_tags', 'public.tags']),
  m('view', 'add a view with a column default', 'CREATE VIEW stray_defaults AS SELECT id, is_active FROM users; ALTER VIEW stray_defaults ALTER COLUMN is_active SET DEFAULT true', ['public.stray_defaults'], ['public.stray_defaults', 'public.users']),
  m('view', 'add a materialized view with an index', 'CREATE MATERIALIZED VIEW stray_counts AS SELECT client_account_id, count(*) AS n FROM assets GROUP BY 1; CREATE INDEX stray_counts_client ON stray_counts (client_account_id)', ['public.stray_counts'], ['public.stray_counts', 'public.assets']),
  // functions
  m('function', 'add a function', "CREATE FUNCTION stray_double(n integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT n * 2'", ['public.stray_double(integer)']),
  m('function', 'add a security definer procedure with a setting', "CREATE PROCEDURE stray_touch() LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$ BEGIN PERFORM 1; END $$", ['public.stray_touch()']),
  // triggers
  m(
    'trigger',
    'add a trigger',
    "CREATE FUNCTION stray_stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$; CREATE TRIGGER stray_stamp BEFORE UPDATE ON migrations FOR EACH ROW EXECUTE FUNCTION stray_stamp()",
    ['public.migrations.stray_stamp', 'public.stray_stamp()'],
    ['public.migrations', 'public.stray_stamp()'],
  ),
  // rules
  m('rule', 'add a rule that swallows deletes', 'CREATE RULE stray_keep AS ON DELETE TO wave_plans DO INSTEAD NOTHING', ['public.wave_plans.stray_keep'], ['public.wave_plans.stray_keep']),
  m('rule', 'add a disabled rule', 'CREATE RULE stray_notify AS ON UPDATE TO llm_usage_summary DO ALSO NOTIFY stray_channel; ALTER TABLE llm_usage_summary DISABLE RULE stray_notify', ['public.llm_usage_summary.stray_notify']),
  m('rule', 'add a view with a rule', 'CREATE VIEW stray_open_tags AS SELECT id, name FROM tags; CREATE RULE stray_open_tags_insert AS ON INSERT TO stray_open_tags DO INSTEAD NOTHING', ['public.stray_open_tags'], ['public.stray_open_tags', 'public.tags']),
  m(
    'rule',
    'a column widened under a view with a rule',
    'ALTER TABLE migration_waves ALTER COLUMN name TYPE varchar(300); CREATE VIEW stray_wave_names AS SELECT id, name FROM migration_waves; CREATE RULE stray_wave_names_update AS ON UPDATE TO stray_wave_names DO INSTEAD UPDATE migration_waves SET name = new.name WHERE migration_waves.id = old.id',
    ['public.migration_waves.name', 'public.stray_wave_names'],
    ['public.migration_waves', 'public.stray_wave_names'],
  ),
  // row-level security and policies
  m('row_security', 'enable row-level security', 'ALTER TABLE user_roles ENABLE ROW LEVEL SECURITY', ['public.user_roles."row level security"'], ['public.user_roles']),
  m('row_security', 'disable row-level security on a tenant table', 'ALTER TABLE data_items DISABLE ROW LEVEL SECURITY', ['public.data_items."row level security"'], ['public.data_items']),
  m('row_security', 'force row-level security on a tenant table', 'ALTER TABLE migration_waves FORCE ROW LEVEL SECURITY', ['public.migration_waves."row level security"'], ['public.migration_waves']),
  m('policy', 'add a policy', "CREATE POLICY stray_policy ON agent_insights FOR SELECT TO PUBLIC USING (confidence::text <> 'low')", ['public.agent_insights.stray_policy'], ['public.agent_insights']),
  m(
    'policy',
    'rename a tenant table and loosen its policy',
    'ALTER TABLE agent_questions RENAME TO agent_asks; ALTER POLICY tenant_isolation ON agent_asks USING (true)',
    ['public.agent_questions'],
    ['public.agent_questions'],
  ),
  m('policy', 'drop a tenant policy', 'DROP POLICY tenant_isolation ON asset_dependencies', ['public.asset_dependencies.tenant_isolation'], ['public.asset_dependencies']),
  m('policy', 'change a tenant policy', 'ALTER POLICY tenant_isolation ON sixr_analysis USING (true)', ['public.sixr_analysis.tenant_isolation'], ['public.sixr_analysis']),
  // privileges
  m('privilege', 'grant SELECT to PUBLIC', 'GRANT SELECT ON users TO PUBLIC', ['public.users[grant to PUBLIC]']),
  m('privilege', 'grant a column to PUBLIC', 'GRANT UPDATE (status) ON engagements TO PUBLIC', ['public.engagements.status[grant to PUBLIC]']),
  m('privilege', 'revoke USAGE on the schema from PUBLIC', 'REVOKE USAGE ON SCHEMA public FROM PUBLIC', ['public[grant to PUBLIC]']),
  m('privilege', 'grant CREATE on the schema to PUBLIC', 'GRANT CREATE ON SCHEMA public TO PUBLIC', ['public[grant to PUBLIC]'], ['public[grant to PUBLIC]']),
  m('privilege', 'revoke USAGE on an enum type from PUBLIC', 'REVOKE USAGE ON TYPE assetstatus FROM PUBLIC', ['public.assetstatus[grant to PUBLIC]']),
  m('privilege', 'grant USAGE on an enum type, with grant option', 'GRANT USAGE ON TYPE migrationphase TO aiforce_tenant WITH GRANT OPTION', ['public.migrationphase[grant to aiforce_tenant]']),
  // aggregates, operators, text search objects and collations
  m('aggregate', 'add an aggregate', "CREATE AGGREGATE stray_sum(int) (SFUNC = int4pl, STYPE = int, INITCOND = '0')", ['public.stray_sum(integer)']),
  m('aggregate', 'add a moving, parallel-safe aggregate', 'CREATE AGGREGATE stray_msum(int) (SFUNC = int4pl, STYPE = int, MSFUNC = int4pl, MINVFUNC = int4mi, MSTYPE = int, PARALLEL = SAFE)', ['public.stray_msum(integer)']),
  m('operator', 'add an operator with its commutator and negator', 'CREATE OPERATOR === (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq, COMMUTATOR = ===, NEGATOR = !==, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES); CREATE OPERATOR !== (LEFTARG = int, RIGHTARG = int, FUNCTION = int4ne, NEGATOR = ===)', ['public."===(integer, integer)"', 'public."!==(integer, integer)"']),
  // casts
  m(
    'cast',
    'add a cast to an enum by a function',
    "CREATE FUNCTION stray_to_role(text) RETURNS roletype LANGUAGE sql IMMUTABLE AS 'SELECT upper($1)::roletype'; CREATE CAST (text AS roletype) WITH FUNCTION stray_to_role(text) AS ASSIGNMENT",
    ['public."(text AS roletype)"', 'public.stray_to_role(text)'],
    ['public.roletype', 'public.stray_to_role(text)'],
  ),
  // event triggers
  m(
    'event_trigger',
    'add an event trigger with its function',
    "CREATE FUNCTION stray_on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END'; CREATE EVENT TRIGGER stray_on_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION stray_on_ddl()",
    ['public.stray_on_ddl', 'public.stray_on_ddl()'],
  ),
  m('cast', 'add an INOUT cast from an enum', 'CREATE CAST (assettype AS integer) WITH INOUT AS IMPLICIT', ['public."(assettype AS integer)"'], ['public.assettype']),
  m('operator', 'add a prefix operator', 'CREATE OPERATOR !! (RIGHTARG = bigint, FUNCTION = factorial)', ['public."!!(NONE, bigint)"']),
  // objects compared by identity and definition (other-objects.ts)
  m('other_object', 'add an operator class, with the family it makes', 'CREATE OPERATOR CLASS stray_int_ops FOR TYPE int4 USING btree AS OPERATOR 1 <, OPERATOR 3 =, FUNCTION 1 btint4cmp(int4, int4)', ['public."operator class stray_int_ops USING btree"', 'public."operator family stray_int_ops USING btree"']),
  m('other_object', 'add an operator family', 'CREATE OPERATOR FAMILY stray_hash_ops USING hash', ['public."operator family stray_hash_ops USING hash"']),
  m('other_object', 'add a default conversion', "CREATE DEFAULT CONVERSION stray_latin FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8", ['public."conversion stray_latin"']),
  m(
    'other_object',
    'add a text search parser and template',
    'CREATE TEXT SEARCH PARSER stray_parser (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype); CREATE TEXT SEARCH TEMPLATE stray_template (LEXIZE = dsimple_lexize)',
    ['public."text search parser stray_parser"', 'public."text search template stray_template"'],
  ),
  m('other_object', 'add a shell type', 'CREATE TYPE stray_shell', ['public."shell type stray_shell"']),
  // Their fix drops each before the function it calls, and the template after the dictionary and configuration using it.
  m(
    'other_object',
    'add an operator class and a text search template calling functions of the schema, with a dictionary and a configuration',
    "CREATE FUNCTION stray_cmp(int, int) RETURNS int AS 'btint4cmp' LANGUAGE internal IMMUTABLE STRICT; CREATE OPERATOR CLASS stray_own_ops FOR TYPE int4 USING btree AS OPERATOR 1 <, OPERATOR 3 =, FUNCTION 1 stray_cmp(int, int); CREATE FUNCTION stray_lexize(internal, internal, internal, internal) RETURNS internal AS 'dsimple_lexize' LANGUAGE internal; CREATE TEXT SEARCH TEMPLATE stray_own_template (LEXIZE = stray_lexize); CREATE TEXT SEARCH DICTIONARY stray_own_dictionary (TEMPLATE = stray_own_template); CREATE TEXT SEARCH CONFIGURATION stray_own_search (PARSER = default); ALTER TEXT SEARCH CONFIGURATION stray_own_search ADD MAPPING FOR asciiword WITH stray_own_dictionary",
    ['public."operator class stray_own_ops USING btree"', 'public."text search template stray_own_template"'],
    ['public.stray_cmp', 'public.stray_lexize', 'public.stray_own_ops', 'public.stray_own_template', 'public.stray_own_dictionary', 'public.stray_own_search'],
  ),
  m(
    'other_object',
    'add a base type with its input and output functions',
    "CREATE TYPE stray_base; CREATE FUNCTION stray_base_in(cstring) RETURNS stray_base AS 'int4in' LANGUAGE internal IMMUTABLE STRICT; CREATE FUNCTION stray_base_out(stray_base) RETURNS cstring AS 'int4out' LANGUAGE internal IMMUTABLE STRICT; CREATE TYPE stray_base (INPUT = stray_base_in, OUTPUT = stray_base_out, LIKE = int4)",
    ['public."base type stray_base"'],
  ),
  // The wrapper's extension and server belong to the database (the extension's objects to pg_catalog): only the table is the schema's.
  m(
    'other_object',
    'add a foreign table',
    "CREATE EXTENSION IF NOT EXISTS file_fdw SCHEMA pg_catalog; CREATE SERVER stray_files FOREIGN DATA WRAPPER file_fdw; CREATE FOREIGN TABLE stray_feed (line text NOT NULL, CONSTRAINT stray_feed_line CHECK (line <> '')) SERVER stray_files OPTIONS (filename '/dev/null', format 'csv')",
    ['public."foreign table stray_feed"'],
  ),
  m('comment', 'comment on an operator', "CREATE OPERATOR <~> (LEFTARG = text, RIGHTARG = text, FUNCTION = texteq); COMMENT ON OPERATOR <~>(text, text) IS 'same text'", ['public."<~>(text, text)"']),
  m('text_search_dictionary', 'add a text search dictionary', 'CREATE TEXT SEARCH DICTIONARY stray_stem (TEMPLATE = snowball, Language = english, StopWords = english)', ['public.stray_stem']),
  m('text_search_configuration', 'add a text search configuration mapping to its own dictionary', 'CREATE TEXT SEARCH DICTIONARY stray_plain (TEMPLATE = simple); CREATE TEXT SEARCH CONFIGURATION stray_search (COPY = english); ALTER TEXT SEARCH CONFIGURATION stray_search ALTER MAPPING FOR asciiword WITH stray_plain, english_stem', ['public.stray_search', 'public.stray_plain']),
  m('comment', 'comment on a text search configuration', "CREATE TEXT SEARCH CONFIGURATION stray_docs (PARSER = default); COMMENT ON TEXT SEARCH CONFIGURATION stray_docs IS 'docs'", ['public.stray_docs']),
  m('collation', 'add an ICU collation', "CREATE COLLATION stray_caseless (provider = icu, locale = 'und-u-ks-level2', deterministic = false)", ['public.stray_caseless']),
  m('collation', 'add a libc collation, and a column using it', 'CREATE COLLATION stray_posix FROM "C"; ALTER TABLE raw_import_records ADD COLUMN stray_key text COLLATE stray_posix', ['public.stray_posix', 'public.raw_import_records.stray_key']),
  m('comment', 'comment on a collation', "CREATE COLLATION stray_commented FROM \"C\"; COMMENT ON COLLATION stray_commented IS 'sorts bytes'", ['public.stray_commented']),
  // default privileges
  m('default_privilege', 'grant SELECT on future tables of the schema', 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO aiforce_tenant', ['public[default grant on tables of the usual owner to aiforce_tenant]']),
  m('default_privilege', 'revoke EXECUTE on future functions from PUBLIC, everywhere', 'ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC', ['public[default grant on functions of the usual owner in every schema to PUBLIC]'], ['(default privileges)']),
  m(
    'privilege',
    'a grant option the grantee passed on',
    'GRANT INSERT ON feedback TO aiforce_tenant WITH GRANT OPTION; SET ROLE aiforce_tenant; GRANT INSERT ON feedback TO PUBLIC; RESET ROLE',
    ['public.feedback[grant to aiforce_tenant]', 'public.feedback[grant to PUBLIC]'],
    // The tenant role finds the table through PUBLIC's USAGE on the schema.
    ['public.feedback[grant to aiforce_tenant]', 'public.feedback[grant to PUBLIC]', 'public[grant to PUBLIC]'],
  ),
  m('privilege', 'grant an extra privilege to the tenant role', 'GRANT TRUNCATE ON llm_usage_summary TO aiforce_tenant', ['public.llm_usage_summary[grant to aiforce_tenant]']),
  // extensions
  m('extension', 'install an extension in the schema', 'CREATE EXTENSION citext', ['public.citext']),
  // comments
  m('comment', 'comment on a column', "COMMENT ON COLUMN tags.name IS 'shown in the UI'", ['public.tags.name[comment]'], ['public.tags.name']),
  m('comment', "comment on a column's NOT NULL constraint", "COMMENT ON CONSTRAINT users_email_not_null ON users IS 'required'", ['public.users.users_email_not_null[comment]'], ['public.users.users_email_not_null'], 18),
  m('comment', 'comment on a table', "COMMENT ON TABLE wave_plans IS 'plans'", ['public.wave_plans[comment]']),
  m('comment', 'comment on the schema', "COMMENT ON SCHEMA public IS 'the platform'", ['public[comment]'], ['public[comment]']),
  m('comment', "remove initdb's comment on the schema", 'COMMENT ON SCHEMA public IS NULL', ['public[comment]'], ['public[comment]']),
  m('comment', 'comment on a rule', "CREATE RULE stray_quiet AS ON INSERT TO security_audit_log DO ALSO NOTHING; COMMENT ON RULE stray_quiet ON security_audit_log IS 'quiet'", ['public.security_audit_log.stray_quiet'], ['public.security_audit_log']),
  // publications
  m('publication', 'publish a table', 'CREATE PUBLICATION stray_changes FOR TABLE tags', ['public.stray_changes'], ['public.stray_changes', 'public.tags']),
  m('publication', 'publish some columns and rows of a table', "CREATE PUBLICATION stray_rated FOR TABLE feedback (id, rating) WHERE (rating > 3) WITH (publish = 'insert')", ['public.stray_rated'], ['public.stray_rated', 'public.feedback'], 15),
  m('publication', 'publish the whole schema', 'CREATE PUBLICATION stray_schema FOR TABLES IN SCHEMA public', ['public.stray_schema'], ['public.stray_schema'], 15),
  m('publication', 'publish every table', 'CREATE PUBLICATION stray_everything FOR ALL TABLES', ['public.stray_everything']),
  // tablespaces (the property test creates MUTATION_TABLESPACE, in place, before the first mutation)
  m('tablespace', 'move a table to another tablespace', `ALTER TABLE client_access SET TABLESPACE ${MUTATION_TABLESPACE}`, ['public.client_access[tablespace]'], ['public.client_access']),
  m('tablespace', "move a primary key's index", `ALTER INDEX raw_import_records_pkey SET TABLESPACE ${MUTATION_TABLESPACE}`, ['public.raw_import_records.raw_import_records_pkey[tablespace]'], ['public.raw_import_records']),
  m('tablespace', 'create an index in another tablespace', `CREATE INDEX stray_approval_status ON role_change_approval (status) TABLESPACE ${MUTATION_TABLESPACE}`, ['public.role_change_approval.stray_approval_status'], ['public.role_change_approval']),
  // changes pg_dump does not show
  m('none', 'VACUUM FULL', 'VACUUM FULL engagements', [], ['(vacuum)']),
  m('none', 'CLUSTER', 'CLUSTER users USING users_pkey', [], ['public.users']),
  m('none', 'REINDEX', 'REINDEX TABLE tags', [], ['(reindex)']),
  m('none', 'an unrelated schema', 'CREATE SCHEMA stray_other; CREATE TABLE stray_other.t (id int); CREATE VIEW stray_other.v AS SELECT 1 AS one', [], ['(other schema)']),
  m('none', "a column's settings set to what they are", 'ALTER TABLE import_field_mappings ALTER COLUMN source_field SET STORAGE EXTENDED, ALTER COLUMN source_field SET STATISTICS -1', [], ['public.import_field_mappings.source_field']),
  m('none', 'USAGE on a type granted to PUBLIC, which has it', 'GRANT USAGE ON TYPE accesslevel TO PUBLIC', [], ['public.accesslevel']),
  m('none', 'EXECUTE on future functions granted to PUBLIC, which has it', 'ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO PUBLIC', [], ['(default privileges)']),
  m('none', 'a default set to itself', "ALTER TABLE discovery_flows ALTER COLUMN memory_isolation_level SET DEFAULT 'strict'", [], ['public.discovery_flows.memory_isolation_level']),
];
