-- DropForeignKey
ALTER TABLE "agent_insights" DROP CONSTRAINT "agent_insights_engagement_id_fkey";

-- DropForeignKey
ALTER TABLE "agent_questions" DROP CONSTRAINT "agent_questions_engagement_id_fkey";

-- DropForeignKey
ALTER TABLE "assessments" DROP CONSTRAINT "assessments_engagement_id_fkey";

-- DropForeignKey
ALTER TABLE "assets" DROP CONSTRAINT "assets_engagement_id_fkey";

-- DropForeignKey
ALTER TABLE "cmdb_sixr_analysis" DROP CONSTRAINT "cmdb_sixr_analysis_engagement_id_fkey";

-- DropForeignKey
ALTER TABLE "crewai_flow_state_extensions" DROP CONSTRAINT "crewai_flow_state_extensions_engagement_id_fkey";

-- DropForeignKey
ALTER TABLE "data_import_sessions" DROP CONSTRAINT "data_import_sessions_engagement_id_fkey";

-- DropForeignKey
ALTER TABLE "data_imports" DROP CONSTRAINT "data_imports_engagement_id_fkey";

-- DropForeignKey
ALTER TABLE "data_items" DROP CONSTRAINT "data_items_engagement_id_fkey";

-- DropForeignKey
ALTER TABLE "discovery_flows" DROP CONSTRAINT "discovery_flows_engagement_id_fkey";

-- DropForeignKey
ALTER TABLE "feedback" DROP CONSTRAINT "feedback_engagement_id_fkey";

-- DropForeignKey
ALTER TABLE "flow_deletion_audit" DROP CONSTRAINT "flow_deletion_audit_engagement_id_fkey";

-- DropForeignKey
ALTER TABLE "llm_usage_log" DROP CONSTRAINT "llm_usage_log_engagement_id_fkey";

-- DropForeignKey
ALTER TABLE "llm_usage_summary" DROP CONSTRAINT "llm_usage_summary_engagement_id_fkey";

-- DropForeignKey
ALTER TABLE "migration_waves" DROP CONSTRAINT "migration_waves_engagement_id_fkey";

-- DropForeignKey
ALTER TABLE "raw_import_records" DROP CONSTRAINT "raw_import_records_engagement_id_fkey";

-- DropForeignKey
ALTER TABLE "sixr_analysis" DROP CONSTRAINT "sixr_analysis_engagement_id_fkey";

-- DropForeignKey
ALTER TABLE "wave_plans" DROP CONSTRAINT "wave_plans_engagement_id_fkey";

-- CreateIndex
CREATE UNIQUE INDEX "engagements_id_client_account_id_key" ON "engagements"("id", "client_account_id");

-- AddForeignKey
ALTER TABLE "discovery_flows" ADD CONSTRAINT "discovery_flows_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "crewai_flow_state_extensions" ADD CONSTRAINT "crewai_flow_state_extensions_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "data_import_sessions" ADD CONSTRAINT "data_import_sessions_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "data_imports" ADD CONSTRAINT "data_imports_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "raw_import_records" ADD CONSTRAINT "raw_import_records_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "assets" ADD CONSTRAINT "assets_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "wave_plans" ADD CONSTRAINT "wave_plans_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "sixr_analysis" ADD CONSTRAINT "sixr_analysis_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "cmdb_sixr_analysis" ADD CONSTRAINT "cmdb_sixr_analysis_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "migration_waves" ADD CONSTRAINT "migration_waves_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "agent_questions" ADD CONSTRAINT "agent_questions_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "agent_insights" ADD CONSTRAINT "agent_insights_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "data_items" ADD CONSTRAINT "data_items_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "llm_usage_log" ADD CONSTRAINT "llm_usage_log_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "llm_usage_summary" ADD CONSTRAINT "llm_usage_summary_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "flow_deletion_audit" ADD CONSTRAINT "flow_deletion_audit_engagement_id_fkey" FOREIGN KEY ("engagement_id", "client_account_id") REFERENCES "engagements"("id", "client_account_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- Hand-written from here on: Prisma cannot express CHECK constraints, roles, grants, row-level security, policies
-- or triggers. README "Tenant isolation" explains the model.

-- The composite keys above are MATCH SIMPLE: a NULL client_account_id would skip them. In the five tables where
-- both columns may be NULL, a row naming an engagement must name its client too.
ALTER TABLE "data_imports" ADD CONSTRAINT "data_imports_engagement_needs_client_check" CHECK (engagement_id IS NULL OR client_account_id IS NOT NULL);
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_engagement_needs_client_check" CHECK (engagement_id IS NULL OR client_account_id IS NOT NULL);
ALTER TABLE "llm_usage_log" ADD CONSTRAINT "llm_usage_log_engagement_needs_client_check" CHECK (engagement_id IS NULL OR client_account_id IS NOT NULL);
ALTER TABLE "llm_usage_summary" ADD CONSTRAINT "llm_usage_summary_engagement_needs_client_check" CHECK (engagement_id IS NULL OR client_account_id IS NOT NULL);
ALTER TABLE "raw_import_records" ADD CONSTRAINT "raw_import_records_engagement_needs_client_check" CHECK (engagement_id IS NULL OR client_account_id IS NOT NULL);

-- The role whose members are isolated: application login roles join it (GRANT aiforce_tenant TO app_login).
-- Roles belong to the whole server, so it may exist already (created by another database's migration, or by
-- an administrator beforehand when the migrating role may not create roles).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'aiforce_tenant') THEN
    CREATE ROLE aiforce_tenant NOLOGIN;
  END IF;
EXCEPTION
  -- Another database's migration created it between the test and the CREATE.
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

-- USAGE on the schema these tables live in (the migration's own schema, not necessarily public).
DO $$ BEGIN EXECUTE format('GRANT USAGE ON SCHEMA %I TO aiforce_tenant', current_schema()); END $$;

-- Exactly these privileges, on exactly the tenant tables (db:check's contract holds the role to them).
GRANT SELECT, INSERT, UPDATE, DELETE ON "agent_insights" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "agent_questions" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "assessments" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "asset_dependencies" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "asset_tags" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "assets" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "client_access" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "cmdb_sixr_analysis" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "crewai_flow_state_extensions" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "data_import_sessions" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "data_imports" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "data_items" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "discovery_flows" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "engagements" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "feedback" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "flow_deletion_audit" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "import_field_mappings" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "import_processing_steps" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "llm_usage_log" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "llm_usage_summary" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "migration_waves" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "raw_import_records" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "sixr_analysis" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "tags" TO aiforce_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "wave_plans" TO aiforce_tenant;

-- ENABLE, not FORCE: the owner (migrations, the seed, Studio, db:check) keeps seeing every row.
ALTER TABLE "agent_insights" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "agent_questions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "assessments" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "asset_dependencies" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "asset_tags" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "assets" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "client_access" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "cmdb_sixr_analysis" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "crewai_flow_state_extensions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "data_import_sessions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "data_imports" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "data_items" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "discovery_flows" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "engagements" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "feedback" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "flow_deletion_audit" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "import_field_mappings" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "import_processing_steps" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "llm_usage_log" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "llm_usage_summary" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "migration_waves" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "raw_import_records" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "sixr_analysis" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "tags" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "wave_plans" ENABLE ROW LEVEL SECURITY;

-- One policy per table, for members of aiforce_tenant only (any other role but the owner sees no row). A row is
-- visible and writable when its client is aiforce.client_account_id; nothing is when that setting is unset or ''
-- (what a transaction-local setting leaves behind in the session). When aiforce.engagement_id is set too, rows of
-- the tenant's other engagements are hidden: coalesce(... , true) keeps rows whose engagement_id is NULL (the
-- tenant's rows that belong to no engagement) and every row while the setting is unset. Child tables are scoped
-- through their parent rows, which their own policies filter.
CREATE POLICY "tenant_isolation" ON "agent_insights" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "agent_questions" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "assessments" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "asset_dependencies" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (EXISTS (SELECT 1 FROM "assets" p WHERE p.id = "asset_dependencies"."asset_id") AND EXISTS (SELECT 1 FROM "assets" p WHERE p.id = "asset_dependencies"."depends_on_asset_id"))
  WITH CHECK (EXISTS (SELECT 1 FROM "assets" p WHERE p.id = "asset_dependencies"."asset_id") AND EXISTS (SELECT 1 FROM "assets" p WHERE p.id = "asset_dependencies"."depends_on_asset_id"));
CREATE POLICY "tenant_isolation" ON "asset_tags" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (EXISTS (SELECT 1 FROM "assets" p WHERE p.id = "asset_tags"."asset_id") AND EXISTS (SELECT 1 FROM "tags" p WHERE p.id = "asset_tags"."tag_id"))
  WITH CHECK (EXISTS (SELECT 1 FROM "assets" p WHERE p.id = "asset_tags"."asset_id") AND EXISTS (SELECT 1 FROM "tags" p WHERE p.id = "asset_tags"."tag_id"));
CREATE POLICY "tenant_isolation" ON "assets" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "client_access" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid)
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid);
CREATE POLICY "tenant_isolation" ON "cmdb_sixr_analysis" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "crewai_flow_state_extensions" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "data_import_sessions" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "data_imports" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "data_items" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "discovery_flows" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "engagements" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "feedback" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "flow_deletion_audit" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "import_field_mappings" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid)
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid);
CREATE POLICY "tenant_isolation" ON "import_processing_steps" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (EXISTS (SELECT 1 FROM "data_imports" p WHERE p.id = "import_processing_steps"."data_import_id"))
  WITH CHECK (EXISTS (SELECT 1 FROM "data_imports" p WHERE p.id = "import_processing_steps"."data_import_id"));
CREATE POLICY "tenant_isolation" ON "llm_usage_log" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "llm_usage_summary" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "migration_waves" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "raw_import_records" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "sixr_analysis" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));
CREATE POLICY "tenant_isolation" ON "tags" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid)
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid);
CREATE POLICY "tenant_isolation" ON "wave_plans" AS PERMISSIVE FOR ALL TO aiforce_tenant
  USING (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true))
  WITH CHECK (client_account_id = NULLIF(current_setting('aiforce.client_account_id', true), '')::uuid AND coalesce(engagement_id = NULLIF(current_setting('aiforce.engagement_id', true), '')::uuid, true));

-- A link row joins parent rows of one tenant. Arguments: pairs of (column of the link row, parent table whose id it
-- holds). As the owner every parent is seen and compared; under aiforce_tenant a parent of another tenant is not
-- visible and the policy refuses the row. A missing parent is left to the foreign key.
CREATE FUNCTION "assert_link_within_tenant"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  link jsonb := to_jsonb(NEW);
  tenant uuid;
  first_tenant uuid;
  first_column text;
BEGIN
  FOR i IN 0 .. TG_NARGS / 2 - 1 LOOP
    EXECUTE format('SELECT client_account_id FROM %I.%I WHERE id = $1', TG_TABLE_SCHEMA, TG_ARGV[2 * i + 1])
      INTO tenant USING (link ->> TG_ARGV[2 * i])::uuid;
    CONTINUE WHEN tenant IS NULL;
    IF first_tenant IS NULL THEN
      first_tenant := tenant;
      first_column := TG_ARGV[2 * i];
    ELSIF tenant <> first_tenant THEN
      RAISE EXCEPTION '% row joins two tenants: its % and % belong to different client accounts', TG_TABLE_NAME, first_column, TG_ARGV[2 * i]
        USING ERRCODE = 'foreign_key_violation', SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, CONSTRAINT = TG_NAME;
    END IF;
  END LOOP;
  RETURN NEW;
END
$$;

-- A parent keeps its tenant while link rows join it (moving it would leave them joining two tenants): unlink
-- first. Arguments: pairs of (link table, its column holding the parent's id).
CREATE FUNCTION "assert_tenant_kept_while_linked"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  linked boolean;
BEGIN
  FOR i IN 0 .. TG_NARGS / 2 - 1 LOOP
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE %I = $1)', TG_TABLE_SCHEMA, TG_ARGV[2 * i], TG_ARGV[2 * i + 1])
      INTO linked USING OLD.id;
    IF linked THEN
      RAISE EXCEPTION '% row % cannot move to another client account while % rows link it', TG_TABLE_NAME, OLD.id, TG_ARGV[2 * i]
        USING ERRCODE = 'foreign_key_violation', SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, CONSTRAINT = TG_NAME;
    END IF;
  END LOOP;
  RETURN NEW;
END
$$;

CREATE TRIGGER "asset_dependencies_within_tenant" BEFORE INSERT OR UPDATE OF asset_id, depends_on_asset_id ON "asset_dependencies"
  FOR EACH ROW EXECUTE FUNCTION "assert_link_within_tenant"('asset_id', 'assets', 'depends_on_asset_id', 'assets');
CREATE TRIGGER "asset_tags_within_tenant" BEFORE INSERT OR UPDATE OF asset_id, tag_id ON "asset_tags"
  FOR EACH ROW EXECUTE FUNCTION "assert_link_within_tenant"('asset_id', 'assets', 'tag_id', 'tags');
CREATE TRIGGER "assets_tenant_kept_while_linked" BEFORE UPDATE OF client_account_id ON "assets"
  FOR EACH ROW WHEN (OLD.client_account_id IS DISTINCT FROM NEW.client_account_id)
  EXECUTE FUNCTION "assert_tenant_kept_while_linked"('asset_dependencies', 'asset_id', 'asset_dependencies', 'depends_on_asset_id', 'asset_tags', 'asset_id');
CREATE TRIGGER "tags_tenant_kept_while_linked" BEFORE UPDATE OF client_account_id ON "tags"
  FOR EACH ROW WHEN (OLD.client_account_id IS DISTINCT FROM NEW.client_account_id)
  EXECUTE FUNCTION "assert_tenant_kept_while_linked"('asset_tags', 'tag_id');
