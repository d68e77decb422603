/** A catalogue of realistic drifts, each one SQL change on its own objects and the exact finding it must produce. */
export interface Drift {
  name: string;
  sql: string;
  code: string;
  path: string;
}

/**
 * How a migration takes values out of an enum: the type renamed (to `stray_<type>_old`, dropped at the end), created
 * anew with `values`, and `column` of `table` converted (its default dropped first and set to `defaultValue` after,
 * where it has one).
 */
export function rebuildEnum(type: string, values: string[], table: string, column: string, defaultValue?: string): string {
  const old = `stray_${type}_old`;
  const withDefault = (sql: string) => (defaultValue === undefined ? [] : [sql]);
  return [
    ...withDefault(`ALTER TABLE ${table} ALTER COLUMN ${column} DROP DEFAULT`),
    `ALTER TYPE ${type} RENAME TO ${old}`,
    `CREATE TYPE ${type} AS ENUM (${values.map((value) => `'${value}'`).join(', ')})`,
    `ALTER TABLE ${table} ALTER COLUMN ${column} TYPE ${type} USING ${column}::text::${type}`,
    ...withDefault(`ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT '${defaultValue}'`),
    `DROP TYPE ${old}`,
  ].join('; ');
}

export const DRIFTS: Drift[] = [
  { name: 'stray is_mock column', sql: 'ALTER TABLE users ADD COLUMN is_mock boolean', code: 'column.unexpected', path: 'public.users.is_mock' },
  { name: 'dropped column', sql: 'ALTER TABLE feedback DROP COLUMN comment', code: 'column.missing', path: 'public.feedback.comment' },
  { name: 'longer varchar', sql: 'ALTER TABLE tags ALTER COLUMN category TYPE varchar(80)', code: 'column.type_mismatch', path: 'public.tags.category' },
  { name: 'integer became bigint', sql: 'ALTER TABLE migration_waves ALTER COLUMN total_assets TYPE bigint', code: 'column.type_mismatch', path: 'public.migration_waves.total_assets' },
  { name: 'dropped NOT NULL', sql: 'ALTER TABLE discovery_flows ALTER COLUMN flow_name DROP NOT NULL', code: 'column.nullability_mismatch', path: 'public.discovery_flows.flow_name' },
  { name: 'changed critical default', sql: "ALTER TABLE discovery_flows ALTER COLUMN learning_scope SET DEFAULT 'global'", code: 'column.default_mismatch', path: 'public.discovery_flows.learning_scope' },
  { name: 'dropped default', sql: 'ALTER TABLE data_imports ALTER COLUMN failed_records DROP DEFAULT', code: 'column.default_mismatch', path: 'public.data_imports.failed_records' },
  { name: 'TOAST storage parameter', sql: 'ALTER TABLE users SET (toast.autovacuum_enabled = false)', code: 'table.options_mismatch', path: 'public.users' },
  { name: 'dropped table', sql: 'DROP TABLE alembic_version', code: 'table.missing', path: 'public.alembic_version' },
  { name: 'added table', sql: 'CREATE TABLE stray_notes (id serial PRIMARY KEY, note text)', code: 'table.unexpected', path: 'public.stray_notes' },
  { name: 'added enum value', sql: "ALTER TYPE risklevel ADD VALUE 'EXTREME'", code: 'enum.value_unexpected', path: 'public.risklevel.EXTREME' },
  {
    name: 'removed enum value',
    sql: rebuildEnum('questiontype', ['TEXT', 'SELECT', 'MULTISELECT', 'FILE_UPLOAD', 'BOOLEAN'], 'agent_questions', 'question_type'),
    code: 'enum.value_missing',
    path: 'public.questiontype.NUMERIC',
  },
  { name: 'added enum type', sql: "CREATE TYPE stray_mood AS ENUM ('happy')", code: 'enum.unexpected', path: 'public.stray_mood' },
  { name: 'dropped index', sql: 'DROP INDEX ix_tags_is_active', code: 'index.missing', path: 'public.tags.ix_tags_is_active' },
  { name: 'dropped unique index', sql: 'DROP INDEX client_accounts_slug_key', code: 'index.missing', path: 'public.client_accounts.client_accounts_slug_key' },
  { name: 'added index', sql: 'CREATE INDEX ix_assets_fqdn_extra ON assets (fqdn)', code: 'index.unexpected', path: 'public.assets.ix_assets_fqdn_extra' },
  { name: 'dropped foreign key', sql: 'ALTER TABLE asset_tags DROP CONSTRAINT asset_tags_tag_id_fkey', code: 'foreign_key.missing', path: 'public.asset_tags.asset_tags_tag_id_fkey' },
  {
    name: 'changed ON DELETE',
    sql: `ALTER TABLE import_processing_steps DROP CONSTRAINT import_processing_steps_data_import_id_fkey;
          ALTER TABLE import_processing_steps ADD CONSTRAINT import_processing_steps_data_import_id_fkey
            FOREIGN KEY (data_import_id) REFERENCES data_imports (id) ON DELETE RESTRICT`,
    code: 'foreign_key.mismatch',
    path: 'public.import_processing_steps.import_processing_steps_data_import_id_fkey',
  },
  { name: 'dropped primary key', sql: 'ALTER TABLE llm_usage_summary DROP CONSTRAINT llm_usage_summary_pkey', code: 'primary_key.missing', path: 'public.llm_usage_summary.llm_usage_summary_pkey' },
  { name: 'crewai column dropped', sql: 'ALTER TABLE crewai_flow_state_extensions DROP COLUMN adaptation_metrics', code: 'column.missing', path: 'public.crewai_flow_state_extensions.adaptation_metrics' },
];
