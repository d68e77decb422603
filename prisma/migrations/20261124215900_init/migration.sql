-- CreateEnum
CREATE TYPE "roletype" AS ENUM ('PLATFORM_ADMIN', 'CLIENT_ADMIN', 'ENGAGEMENT_MANAGER', 'ANALYST', 'VIEWER');

-- CreateEnum
CREATE TYPE "accesslevel" AS ENUM ('READ_ONLY', 'READ_WRITE', 'ADMIN', 'SUPER_ADMIN');

-- CreateEnum
CREATE TYPE "assettype" AS ENUM ('SERVER', 'DATABASE', 'APPLICATION', 'NETWORK', 'LOAD_BALANCER', 'STORAGE', 'SECURITY_GROUP', 'VIRTUAL_MACHINE', 'CONTAINER', 'OTHER');

-- CreateEnum
CREATE TYPE "assetstatus" AS ENUM ('DISCOVERED', 'ASSESSED', 'PLANNED', 'MIGRATING', 'MIGRATED', 'FAILED', 'EXCLUDED');

-- CreateEnum
CREATE TYPE "sixrstrategy" AS ENUM ('REHOST', 'REPLATFORM', 'REFACTOR', 'REARCHITECT', 'REPLACE', 'REPURCHASE', 'RETIRE', 'RETAIN');

-- CreateEnum
CREATE TYPE "risklevel" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- CreateEnum
CREATE TYPE "assessmenttype" AS ENUM ('SIX_R_ANALYSIS', 'RISK_ASSESSMENT', 'COST_ANALYSIS', 'TECHNICAL_ASSESSMENT', 'BUSINESS_IMPACT', 'SECURITY_ASSESSMENT', 'COMPLIANCE_REVIEW');

-- CreateEnum
CREATE TYPE "assessmentstatus" AS ENUM ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'REVIEWED', 'APPROVED', 'REJECTED');

-- CreateEnum
CREATE TYPE "migrationstatus" AS ENUM ('PLANNING', 'IN_PROGRESS', 'COMPLETED', 'PAUSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "migrationphase" AS ENUM ('DISCOVERY', 'ASSESS', 'PLAN', 'EXECUTE', 'MODERNIZE', 'FINOPS', 'OBSERVABILITY', 'DECOMMISSION');

-- CreateEnum
CREATE TYPE "analysisstatus" AS ENUM ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'REQUIRES_INPUT');

-- CreateEnum
CREATE TYPE "questiontype" AS ENUM ('TEXT', 'SELECT', 'MULTISELECT', 'FILE_UPLOAD', 'BOOLEAN', 'NUMERIC');

-- CreateTable
CREATE TABLE "client_accounts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" VARCHAR(255) NOT NULL,
    "slug" VARCHAR(100) NOT NULL,
    "description" TEXT,
    "industry" VARCHAR(100),
    "company_size" VARCHAR(50),
    "headquarters_location" VARCHAR(255),
    "primary_contact_name" VARCHAR(255),
    "primary_contact_email" VARCHAR(255),
    "primary_contact_phone" VARCHAR(50),
    "contact_email" VARCHAR(255),
    "contact_phone" VARCHAR(50),
    "address" TEXT,
    "timezone" VARCHAR(50),
    "subscription_tier" VARCHAR(50) DEFAULT 'standard',
    "billing_contact_email" VARCHAR(255),
    "subscription_start_date" TIMESTAMPTZ(6),
    "subscription_end_date" TIMESTAMPTZ(6),
    "max_users" INTEGER,
    "max_engagements" INTEGER,
    "features_enabled" JSON DEFAULT '{}',
    "agent_configuration" JSON DEFAULT '{}',
    "storage_quota_gb" INTEGER,
    "api_quota_monthly" INTEGER,
    "settings" JSON DEFAULT '{}',
    "branding" JSON DEFAULT '{}',
    "business_objectives" JSON DEFAULT '{"primary_goals": [], "timeframe": "", "success_metrics": [], "constraints": []}',
    "agent_preferences" JSON DEFAULT '{"discovery_depth": "comprehensive", "automation_level": "assisted", "risk_tolerance": "moderate", "preferred_clouds": [], "compliance_requirements": [], "custom_rules": []}',
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),
    "is_active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "client_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "engagements" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_account_id" UUID NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "slug" VARCHAR(100) NOT NULL,
    "description" TEXT,
    "engagement_type" VARCHAR(50) DEFAULT 'migration',
    "status" VARCHAR(50) DEFAULT 'active',
    "priority" VARCHAR(20) DEFAULT 'medium',
    "start_date" TIMESTAMPTZ(6),
    "target_completion_date" TIMESTAMPTZ(6),
    "actual_completion_date" TIMESTAMPTZ(6),
    "engagement_lead_id" UUID,
    "client_contact_name" VARCHAR(255),
    "client_contact_email" VARCHAR(255),
    "settings" JSON DEFAULT '{}',
    "migration_scope" JSON DEFAULT '{"target_clouds": [], "migration_strategies": [], "excluded_systems": [], "included_environments": [], "business_units": [], "geographic_scope": [], "timeline_constraints": {}}',
    "team_preferences" JSON DEFAULT '{"stakeholders": [], "decision_makers": [], "technical_leads": [], "communication_style": "formal", "reporting_frequency": "weekly", "preferred_meeting_times": [], "escalation_contacts": [], "project_methodology": "agile"}',
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),
    "created_by" UUID,
    "is_active" BOOLEAN DEFAULT true,

    CONSTRAINT "engagements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" VARCHAR(255) NOT NULL,
    "password_hash" VARCHAR(255),
    "first_name" VARCHAR(100),
    "last_name" VARCHAR(100),
    "is_active" BOOLEAN DEFAULT true,
    "is_verified" BOOLEAN DEFAULT false,
    "default_client_id" UUID,
    "default_engagement_id" UUID,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "last_login" TIMESTAMPTZ(6),

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_roles" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "role_type" "roletype" NOT NULL,
    "role_name" VARCHAR(100) NOT NULL,
    "description" TEXT,
    "permissions" JSON DEFAULT '{"can_create_clients": false, "can_manage_engagements": false, "can_import_data": true, "can_export_data": true, "can_view_analytics": true, "can_manage_users": false, "can_configure_agents": false, "can_access_admin_console": false}',
    "scope_type" VARCHAR(20) DEFAULT 'global',
    "scope_client_id" UUID,
    "scope_engagement_id" UUID,
    "is_active" BOOLEAN DEFAULT true,
    "assigned_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "assigned_by" UUID,
    "expires_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_roles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "client_access" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_profile_id" UUID NOT NULL,
    "client_account_id" UUID NOT NULL,
    "access_level" "accesslevel" NOT NULL,
    "permissions" JSON DEFAULT '{"can_view_data": true, "can_import_data": false, "can_export_data": false, "can_manage_engagements": false, "can_configure_client_settings": false, "can_manage_client_users": false}',
    "restricted_environments" JSON DEFAULT '[]',
    "restricted_data_types" JSON DEFAULT '[]',
    "granted_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "granted_by" UUID NOT NULL,
    "expires_at" TIMESTAMPTZ(6),
    "is_active" BOOLEAN DEFAULT true,
    "last_accessed_at" TIMESTAMPTZ(6),
    "access_count" INTEGER DEFAULT 0,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "client_access_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "discovery_flows" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "flow_id" UUID NOT NULL,
    "master_flow_id" UUID,
    "client_account_id" UUID NOT NULL,
    "engagement_id" UUID NOT NULL,
    "user_id" VARCHAR NOT NULL,
    "import_session_id" UUID,
    "data_import_id" UUID,
    "flow_name" VARCHAR(255) NOT NULL,
    "status" VARCHAR(20) NOT NULL DEFAULT 'active',
    "progress_percentage" DOUBLE PRECISION NOT NULL DEFAULT 0.0,
    "data_import_completed" BOOLEAN NOT NULL DEFAULT false,
    "field_mapping_completed" BOOLEAN NOT NULL DEFAULT false,
    "data_cleansing_completed" BOOLEAN NOT NULL DEFAULT false,
    "asset_inventory_completed" BOOLEAN NOT NULL DEFAULT false,
    "dependency_analysis_completed" BOOLEAN NOT NULL DEFAULT false,
    "tech_debt_assessment_completed" BOOLEAN NOT NULL DEFAULT false,
    "learning_scope" VARCHAR(50) NOT NULL DEFAULT 'engagement',
    "memory_isolation_level" VARCHAR(20) NOT NULL DEFAULT 'strict',
    "assessment_ready" BOOLEAN NOT NULL DEFAULT false,
    "phase_state" JSONB NOT NULL DEFAULT '{}',
    "agent_state" JSONB NOT NULL DEFAULT '{}',
    "flow_type" VARCHAR(100),
    "current_phase" VARCHAR(100),
    "phases_completed" JSON,
    "flow_state" JSON DEFAULT '{}',
    "crew_outputs" JSON,
    "field_mappings" JSON,
    "discovered_assets" JSON,
    "dependencies" JSON,
    "tech_debt_analysis" JSON,
    "crewai_persistence_id" UUID,
    "crewai_state_data" JSONB NOT NULL DEFAULT '{}',
    "error_message" TEXT,
    "error_phase" VARCHAR(100),
    "error_details" JSON,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(6),

    CONSTRAINT "discovery_flows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "crewai_flow_state_extensions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "flow_id" UUID NOT NULL,
    "client_account_id" UUID NOT NULL,
    "engagement_id" UUID NOT NULL,
    "user_id" VARCHAR(255) NOT NULL,
    "flow_type" VARCHAR(50) NOT NULL,
    "flow_name" VARCHAR(255),
    "flow_status" VARCHAR(50) NOT NULL DEFAULT 'initialized',
    "flow_configuration" JSONB NOT NULL DEFAULT '{}',
    "flow_persistence_data" JSONB NOT NULL DEFAULT '{}',
    "agent_collaboration_log" JSONB DEFAULT '[]',
    "memory_usage_metrics" JSONB DEFAULT '{}',
    "knowledge_base_analytics" JSONB DEFAULT '{}',
    "phase_execution_times" JSONB DEFAULT '{}',
    "agent_performance_metrics" JSONB DEFAULT '{}',
    "crew_coordination_analytics" JSONB DEFAULT '{}',
    "learning_patterns" JSONB DEFAULT '[]',
    "user_feedback_history" JSONB DEFAULT '[]',
    "adaptation_metrics" JSONB DEFAULT '{}',
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "crewai_flow_state_extensions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_import_sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_account_id" UUID NOT NULL,
    "engagement_id" UUID NOT NULL,
    "session_name" VARCHAR(255) NOT NULL,
    "session_display_name" VARCHAR(255),
    "description" TEXT,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "parent_session_id" UUID,
    "session_type" VARCHAR(50) NOT NULL DEFAULT 'DATA_IMPORT',
    "auto_created" BOOLEAN NOT NULL DEFAULT true,
    "source_filename" VARCHAR(255),
    "status" VARCHAR(20) NOT NULL DEFAULT 'ACTIVE',
    "progress_percentage" INTEGER DEFAULT 0,
    "total_imports" INTEGER DEFAULT 0,
    "total_assets_processed" INTEGER DEFAULT 0,
    "total_records_imported" INTEGER DEFAULT 0,
    "data_quality_score" INTEGER DEFAULT 0,
    "session_config" JSON DEFAULT '{"deduplication_strategy": "engagement_level", "quality_thresholds": {"minimum_completeness": 0.7, "minimum_accuracy": 0.8}, "processing_preferences": {"auto_classify": true, "auto_deduplicate": true, "require_manual_review": false}}',
    "business_context" JSON DEFAULT '{"import_purpose": "", "data_source_description": "", "expected_changes": [], "validation_notes": []}',
    "agent_insights" JSON DEFAULT '{"classification_confidence": 0.0, "data_quality_issues": [], "recommendations": [], "learning_outcomes": []}',
    "started_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(6),
    "last_activity_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),

    CONSTRAINT "data_import_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_imports" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_account_id" UUID,
    "engagement_id" UUID,
    "master_flow_id" UUID,
    "import_name" VARCHAR(255) NOT NULL,
    "import_type" VARCHAR(50) NOT NULL,
    "description" TEXT,
    "filename" VARCHAR(255) NOT NULL,
    "file_size" INTEGER,
    "mime_type" VARCHAR(100),
    "source_system" VARCHAR(100),
    "status" VARCHAR(20) NOT NULL DEFAULT 'pending',
    "progress_percentage" DOUBLE PRECISION DEFAULT 0.0,
    "total_records" INTEGER,
    "processed_records" INTEGER DEFAULT 0,
    "failed_records" INTEGER DEFAULT 0,
    "imported_by" UUID NOT NULL,
    "error_message" TEXT,
    "error_details" JSONB,
    "started_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),

    CONSTRAINT "data_imports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "raw_import_records" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "data_import_id" UUID NOT NULL,
    "client_account_id" UUID,
    "engagement_id" UUID,
    "master_flow_id" UUID,
    "row_number" INTEGER NOT NULL,
    "raw_data" JSON NOT NULL,
    "cleansed_data" JSON,
    "validation_errors" JSON,
    "processing_notes" TEXT,
    "is_processed" BOOLEAN DEFAULT false,
    "is_valid" BOOLEAN DEFAULT true,
    "asset_id" UUID,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(6),

    CONSTRAINT "raw_import_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_field_mappings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "data_import_id" UUID NOT NULL,
    "client_account_id" UUID NOT NULL,
    "master_flow_id" UUID,
    "source_field" VARCHAR(255) NOT NULL,
    "target_field" VARCHAR(255) NOT NULL,
    "match_type" VARCHAR(50) NOT NULL DEFAULT 'direct',
    "confidence_score" DOUBLE PRECISION,
    "status" VARCHAR(20) DEFAULT 'suggested',
    "suggested_by" VARCHAR(50) DEFAULT 'ai_mapper',
    "approved_by" VARCHAR(255),
    "approved_at" TIMESTAMPTZ(6),
    "transformation_rules" JSON,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "import_field_mappings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assets" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_account_id" UUID NOT NULL,
    "engagement_id" UUID NOT NULL,
    "flow_id" UUID,
    "session_id" UUID,
    "migration_id" UUID,
    "master_flow_id" UUID,
    "discovery_flow_id" UUID,
    "assessment_flow_id" UUID,
    "planning_flow_id" UUID,
    "execution_flow_id" UUID,
    "source_phase" VARCHAR(50) DEFAULT 'discovery',
    "current_phase" VARCHAR(50) DEFAULT 'discovery',
    "phase_context" JSON DEFAULT '{}',
    "name" VARCHAR(255) NOT NULL,
    "asset_name" VARCHAR(255),
    "hostname" VARCHAR(255),
    "asset_type" "assettype" NOT NULL,
    "description" TEXT,
    "ip_address" VARCHAR(45),
    "fqdn" VARCHAR(255),
    "mac_address" VARCHAR(17),
    "environment" VARCHAR(50),
    "location" VARCHAR(100),
    "datacenter" VARCHAR(100),
    "rack_location" VARCHAR(50),
    "availability_zone" VARCHAR(50),
    "operating_system" VARCHAR(100),
    "os_version" VARCHAR(50),
    "cpu_cores" INTEGER,
    "memory_gb" DOUBLE PRECISION,
    "storage_gb" DOUBLE PRECISION,
    "business_owner" VARCHAR(255),
    "technical_owner" VARCHAR(255),
    "department" VARCHAR(100),
    "application_name" VARCHAR(255),
    "technology_stack" VARCHAR(255),
    "criticality" VARCHAR(20),
    "business_criticality" VARCHAR(20),
    "custom_attributes" JSON,
    "six_r_strategy" "sixrstrategy",
    "mapping_status" VARCHAR(20),
    "migration_priority" INTEGER DEFAULT 5,
    "migration_complexity" VARCHAR(20),
    "migration_wave" INTEGER,
    "sixr_ready" VARCHAR(50),
    "status" VARCHAR(50) DEFAULT 'active',
    "migration_status" "assetstatus" DEFAULT 'DISCOVERED',
    "dependencies" JSON,
    "related_assets" JSON,
    "discovery_method" VARCHAR(50),
    "discovery_source" VARCHAR(100),
    "discovery_timestamp" TIMESTAMPTZ(6),
    "cpu_utilization_percent" DOUBLE PRECISION,
    "memory_utilization_percent" DOUBLE PRECISION,
    "disk_iops" DOUBLE PRECISION,
    "network_throughput_mbps" DOUBLE PRECISION,
    "completeness_score" DOUBLE PRECISION,
    "quality_score" DOUBLE PRECISION,
    "current_monthly_cost" DOUBLE PRECISION,
    "estimated_cloud_cost" DOUBLE PRECISION,
    "imported_by" UUID,
    "imported_at" TIMESTAMPTZ(6),
    "source_filename" VARCHAR(255),
    "raw_data" JSON,
    "field_mappings_used" JSON,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "assets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "asset_dependencies" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "asset_id" UUID NOT NULL,
    "depends_on_asset_id" UUID NOT NULL,
    "dependency_type" VARCHAR(50) NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "asset_dependencies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assessments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_account_id" UUID NOT NULL,
    "engagement_id" UUID NOT NULL,
    "migration_id" UUID NOT NULL,
    "asset_id" UUID,
    "assessment_type" "assessmenttype" NOT NULL,
    "status" "assessmentstatus" DEFAULT 'PENDING',
    "title" VARCHAR(255) NOT NULL,
    "description" TEXT,
    "overall_score" DOUBLE PRECISION,
    "risk_level" "risklevel",
    "confidence_level" DOUBLE PRECISION,
    "recommended_strategy" "sixrstrategy",
    "alternative_strategies" JSON,
    "strategy_rationale" TEXT,
    "current_cost" DOUBLE PRECISION,
    "estimated_migration_cost" DOUBLE PRECISION,
    "estimated_target_cost" DOUBLE PRECISION,
    "cost_savings_potential" DOUBLE PRECISION,
    "roi_months" INTEGER,
    "identified_risks" JSON,
    "risk_mitigation" JSON,
    "blockers" JSON,
    "dependencies_impact" JSON,
    "technical_complexity" VARCHAR(20),
    "compatibility_score" DOUBLE PRECISION,
    "modernization_opportunities" JSON,
    "performance_impact" JSON,
    "business_criticality" VARCHAR(20),
    "downtime_requirements" JSON,
    "user_impact" TEXT,
    "compliance_considerations" JSON,
    "ai_insights" JSON,
    "ai_confidence" DOUBLE PRECISION,
    "ai_model_version" VARCHAR(50),
    "estimated_effort_hours" INTEGER,
    "estimated_duration_days" INTEGER,
    "recommended_wave" INTEGER,
    "prerequisites" JSON,
    "assessor" VARCHAR(100),
    "assessment_date" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "review_date" TIMESTAMPTZ(6),
    "approval_date" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),

    CONSTRAINT "assessments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "wave_plans" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_account_id" UUID NOT NULL,
    "engagement_id" UUID NOT NULL,
    "migration_id" UUID NOT NULL,
    "wave_number" INTEGER NOT NULL,
    "wave_name" VARCHAR(255),
    "description" TEXT,
    "planned_start_date" TIMESTAMPTZ(6),
    "planned_end_date" TIMESTAMPTZ(6),
    "actual_start_date" TIMESTAMPTZ(6),
    "actual_end_date" TIMESTAMPTZ(6),
    "total_assets" INTEGER DEFAULT 0,
    "completed_assets" INTEGER DEFAULT 0,
    "estimated_effort_hours" INTEGER,
    "estimated_cost" DOUBLE PRECISION,
    "prerequisites" JSON,
    "dependencies" JSON,
    "constraints" JSON,
    "overall_risk_level" "risklevel",
    "complexity_score" DOUBLE PRECISION,
    "success_criteria" JSON,
    "status" VARCHAR(50) DEFAULT 'planned',
    "progress_percentage" DOUBLE PRECISION DEFAULT 0.0,
    "ai_recommendations" JSON,
    "optimization_score" DOUBLE PRECISION,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),

    CONSTRAINT "wave_plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "migrations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" VARCHAR(255) NOT NULL,
    "description" TEXT,
    "status" "migrationstatus" DEFAULT 'PLANNING',
    "current_phase" "migrationphase" DEFAULT 'DISCOVERY',
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),
    "start_date" TIMESTAMPTZ(6),
    "target_completion_date" TIMESTAMPTZ(6),
    "actual_completion_date" TIMESTAMPTZ(6),
    "source_environment" VARCHAR(100),
    "target_environment" VARCHAR(100),
    "migration_strategy" VARCHAR(50),
    "progress_percentage" INTEGER DEFAULT 0,
    "total_assets" INTEGER DEFAULT 0,
    "migrated_assets" INTEGER DEFAULT 0,
    "ai_recommendations" JSON,
    "risk_assessment" JSON,
    "cost_estimates" JSON,
    "settings" JSON,

    CONSTRAINT "migrations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sixr_analysis" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "migration_id" UUID,
    "client_account_id" UUID NOT NULL,
    "engagement_id" UUID NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" TEXT,
    "status" "analysisstatus" NOT NULL DEFAULT 'PENDING',
    "priority" INTEGER DEFAULT 3,
    "application_ids" JSON,
    "application_data" JSON,
    "current_iteration" INTEGER DEFAULT 1,
    "progress_percentage" DOUBLE PRECISION DEFAULT 0.0,
    "estimated_completion" TIMESTAMPTZ(6),
    "final_recommendation" "sixrstrategy",
    "confidence_score" DOUBLE PRECISION,
    "created_by" VARCHAR(100),
    "updated_by" VARCHAR(100),
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),
    "analysis_config" JSON,

    CONSTRAINT "sixr_analysis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cmdb_sixr_analysis" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_account_id" UUID NOT NULL,
    "engagement_id" UUID NOT NULL,
    "analysis_name" VARCHAR(255) NOT NULL,
    "description" TEXT,
    "status" VARCHAR(50) DEFAULT 'in_progress',
    "total_assets" INTEGER DEFAULT 0,
    "rehost_count" INTEGER DEFAULT 0,
    "replatform_count" INTEGER DEFAULT 0,
    "refactor_count" INTEGER DEFAULT 0,
    "rearchitect_count" INTEGER DEFAULT 0,
    "retire_count" INTEGER DEFAULT 0,
    "retain_count" INTEGER DEFAULT 0,
    "total_current_cost" DOUBLE PRECISION,
    "total_estimated_cost" DOUBLE PRECISION,
    "potential_savings" DOUBLE PRECISION,
    "analysis_results" JSON,
    "recommendations" JSON,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),
    "created_by" UUID,

    CONSTRAINT "cmdb_sixr_analysis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "migration_waves" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_account_id" UUID NOT NULL,
    "engagement_id" UUID NOT NULL,
    "wave_number" INTEGER NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" TEXT,
    "status" VARCHAR(50) DEFAULT 'planned',
    "planned_start_date" TIMESTAMPTZ(6),
    "planned_end_date" TIMESTAMPTZ(6),
    "actual_start_date" TIMESTAMPTZ(6),
    "actual_end_date" TIMESTAMPTZ(6),
    "total_assets" INTEGER DEFAULT 0,
    "completed_assets" INTEGER DEFAULT 0,
    "failed_assets" INTEGER DEFAULT 0,
    "estimated_cost" DOUBLE PRECISION,
    "actual_cost" DOUBLE PRECISION,
    "estimated_effort_hours" DOUBLE PRECISION,
    "actual_effort_hours" DOUBLE PRECISION,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),
    "created_by" UUID,

    CONSTRAINT "migration_waves_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_questions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_account_id" UUID NOT NULL,
    "engagement_id" UUID NOT NULL,
    "flow_id" UUID,
    "agent_id" VARCHAR(100) NOT NULL,
    "agent_name" VARCHAR(255) NOT NULL,
    "question_type" "questiontype" NOT NULL,
    "page" VARCHAR(100) NOT NULL DEFAULT 'discovery',
    "title" VARCHAR(255) NOT NULL,
    "question" TEXT NOT NULL,
    "context" JSONB NOT NULL DEFAULT '{}',
    "options" JSONB,
    "confidence" VARCHAR(20),
    "priority" VARCHAR(20) NOT NULL DEFAULT 'medium',
    "user_response" TEXT,
    "is_resolved" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answered_at" TIMESTAMPTZ(6),

    CONSTRAINT "agent_questions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_insights" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_account_id" UUID NOT NULL,
    "engagement_id" UUID NOT NULL,
    "flow_id" UUID,
    "agent_id" VARCHAR(100) NOT NULL,
    "agent_name" VARCHAR(255) NOT NULL,
    "insight_type" VARCHAR(50) NOT NULL,
    "title" VARCHAR(255) NOT NULL,
    "description" TEXT NOT NULL,
    "confidence" VARCHAR(20) NOT NULL,
    "supporting_data" JSONB NOT NULL DEFAULT '{}',
    "actionable" BOOLEAN NOT NULL DEFAULT true,
    "page" VARCHAR(100) NOT NULL DEFAULT 'discovery',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_insights_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_items" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_account_id" UUID NOT NULL,
    "engagement_id" UUID NOT NULL,
    "flow_id" UUID,
    "data_type" VARCHAR(50) NOT NULL,
    "classification" VARCHAR(50) NOT NULL,
    "content" JSONB NOT NULL DEFAULT '{}',
    "agent_analysis" JSONB NOT NULL DEFAULT '{}',
    "confidence" VARCHAR(20),
    "issues" JSONB NOT NULL DEFAULT '[]',
    "recommendations" JSONB NOT NULL DEFAULT '[]',
    "page" VARCHAR(100) NOT NULL DEFAULT 'discovery',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "data_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "llm_usage_log" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "client_account_id" UUID,
    "engagement_id" UUID,
    "user_id" INTEGER,
    "username" VARCHAR(255),
    "session_id" VARCHAR(255),
    "request_id" VARCHAR(255),
    "endpoint" VARCHAR(500),
    "page_context" VARCHAR(255),
    "feature_context" VARCHAR(255),
    "llm_provider" VARCHAR(100) NOT NULL,
    "model_name" VARCHAR(255) NOT NULL,
    "model_version" VARCHAR(100),
    "input_tokens" INTEGER,
    "output_tokens" INTEGER,
    "total_tokens" INTEGER,
    "input_cost" DECIMAL(10,6),
    "output_cost" DECIMAL(10,6),
    "total_cost" DECIMAL(10,6),
    "cost_currency" VARCHAR(10) NOT NULL DEFAULT 'USD',
    "response_time_ms" INTEGER,
    "success" BOOLEAN NOT NULL DEFAULT true,
    "error_type" VARCHAR(255),
    "error_message" TEXT,
    "request_data" JSONB,
    "response_data" JSONB,
    "additional_metadata" JSONB,
    "ip_address" VARCHAR(45),
    "user_agent" VARCHAR(500),

    CONSTRAINT "llm_usage_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "llm_usage_summary" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "period_type" VARCHAR(20) NOT NULL,
    "period_start" TIMESTAMPTZ(6) NOT NULL,
    "period_end" TIMESTAMPTZ(6) NOT NULL,
    "client_account_id" UUID,
    "engagement_id" UUID,
    "user_id" INTEGER,
    "llm_provider" VARCHAR(100),
    "model_name" VARCHAR(255),
    "page_context" VARCHAR(255),
    "feature_context" VARCHAR(255),
    "total_requests" INTEGER NOT NULL DEFAULT 0,
    "successful_requests" INTEGER NOT NULL DEFAULT 0,
    "failed_requests" INTEGER NOT NULL DEFAULT 0,
    "total_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "total_output_tokens" BIGINT NOT NULL DEFAULT 0,
    "total_tokens" BIGINT NOT NULL DEFAULT 0,
    "total_cost" DECIMAL(12,6) NOT NULL DEFAULT 0,
    "avg_response_time_ms" INTEGER,
    "min_response_time_ms" INTEGER,
    "max_response_time_ms" INTEGER,

    CONSTRAINT "llm_usage_summary_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "feedback" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "feedback_type" VARCHAR(50) NOT NULL,
    "page" VARCHAR(255),
    "rating" INTEGER,
    "comment" TEXT,
    "category" VARCHAR(50) DEFAULT 'general',
    "breadcrumb" VARCHAR(500),
    "filename" VARCHAR(255),
    "original_analysis" JSON,
    "user_corrections" JSON,
    "asset_type_override" VARCHAR(100),
    "status" VARCHAR(20) DEFAULT 'new',
    "processed" BOOLEAN DEFAULT false,
    "user_agent" VARCHAR(500),
    "user_timestamp" VARCHAR(50),
    "client_ip" VARCHAR(45),
    "client_account_id" UUID,
    "engagement_id" UUID,
    "learning_patterns_extracted" JSON,
    "confidence_impact" DOUBLE PRECISION DEFAULT 0.0,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),
    "processed_at" TIMESTAMPTZ(6),

    CONSTRAINT "feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flow_deletion_audit" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "flow_id" UUID NOT NULL,
    "session_id" UUID,
    "client_account_id" UUID NOT NULL,
    "engagement_id" UUID NOT NULL,
    "user_id" VARCHAR NOT NULL,
    "deletion_type" VARCHAR NOT NULL,
    "deletion_reason" TEXT,
    "deletion_method" VARCHAR NOT NULL,
    "data_deleted" JSONB NOT NULL DEFAULT '{}',
    "deletion_impact" JSONB NOT NULL DEFAULT '{}',
    "cleanup_summary" JSONB NOT NULL DEFAULT '{}',
    "shared_memory_cleaned" BOOLEAN NOT NULL DEFAULT false,
    "knowledge_base_refs_cleaned" JSONB NOT NULL DEFAULT '[]',
    "agent_memory_cleaned" BOOLEAN NOT NULL DEFAULT false,
    "deleted_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_by" VARCHAR NOT NULL,
    "deletion_duration_ms" INTEGER,
    "recovery_possible" BOOLEAN NOT NULL DEFAULT false,
    "recovery_data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "flow_deletion_audit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "security_audit_log" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "event_type" VARCHAR(100) NOT NULL,
    "event_category" VARCHAR(50) NOT NULL,
    "severity" VARCHAR(20) NOT NULL DEFAULT 'INFO',
    "actor_user_id" VARCHAR(36) NOT NULL,
    "actor_email" VARCHAR(255),
    "actor_role" VARCHAR(50),
    "target_user_id" VARCHAR(36),
    "target_email" VARCHAR(255),
    "ip_address" VARCHAR(45),
    "user_agent" TEXT,
    "request_path" VARCHAR(500),
    "request_method" VARCHAR(10),
    "description" TEXT NOT NULL,
    "details" JSONB,
    "is_suspicious" BOOLEAN DEFAULT false,
    "requires_review" BOOLEAN DEFAULT false,
    "is_blocked" BOOLEAN DEFAULT false,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewed_at" TIMESTAMPTZ(6),
    "reviewed_by" VARCHAR(36),

    CONSTRAINT "security_audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role_change_approval" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "requested_by" VARCHAR(36) NOT NULL,
    "target_user_id" VARCHAR(36) NOT NULL,
    "current_role" VARCHAR(50) NOT NULL,
    "requested_role" VARCHAR(50) NOT NULL,
    "justification" TEXT,
    "status" VARCHAR(20) NOT NULL DEFAULT 'PENDING',
    "approved_by" VARCHAR(36),
    "approval_notes" TEXT,
    "requested_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approved_at" TIMESTAMPTZ(6),
    "expires_at" TIMESTAMPTZ(6),

    CONSTRAINT "role_change_approval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tags" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_account_id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "category" VARCHAR(50) NOT NULL,
    "description" TEXT,
    "reference_embedding" TEXT,
    "confidence_threshold" DOUBLE PRECISION DEFAULT 0.7,
    "is_active" BOOLEAN DEFAULT true,
    "usage_count" INTEGER DEFAULT 0,
    "last_used" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),

    CONSTRAINT "tags_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "asset_tags" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "asset_id" UUID NOT NULL,
    "tag_id" UUID NOT NULL,
    "confidence_score" DOUBLE PRECISION,
    "assigned_method" VARCHAR(50),
    "assigned_by" UUID,
    "is_validated" BOOLEAN DEFAULT false,
    "validated_by" UUID,
    "validated_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),

    CONSTRAINT "asset_tags_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_processing_steps" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "data_import_id" UUID NOT NULL,
    "step_name" VARCHAR(100) NOT NULL,
    "step_order" INTEGER NOT NULL,
    "status" VARCHAR(20) NOT NULL DEFAULT 'pending',
    "description" TEXT,
    "input_data" JSON,
    "output_data" JSON,
    "error_details" JSON,
    "records_processed" INTEGER,
    "duration_seconds" DOUBLE PRECISION,
    "started_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(6),

    CONSTRAINT "import_processing_steps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alembic_version" (
    "version_num" VARCHAR(32) NOT NULL,

    CONSTRAINT "alembic_version_pkc" PRIMARY KEY ("version_num")
);

-- CreateIndex
CREATE UNIQUE INDEX "client_accounts_slug_key" ON "client_accounts"("slug");

-- CreateIndex
CREATE INDEX "ix_client_accounts_id" ON "client_accounts"("id");

-- CreateIndex
CREATE INDEX "ix_client_accounts_slug" ON "client_accounts"("slug");

-- CreateIndex
CREATE INDEX "ix_client_accounts_is_active" ON "client_accounts"("is_active");

-- CreateIndex
CREATE INDEX "ix_engagements_id" ON "engagements"("id");

-- CreateIndex
CREATE INDEX "ix_engagements_client_account_id" ON "engagements"("client_account_id");

-- CreateIndex
CREATE INDEX "ix_engagements_status" ON "engagements"("status");

-- CreateIndex
CREATE INDEX "ix_engagements_is_active" ON "engagements"("is_active");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "ix_users_id" ON "users"("id");

-- CreateIndex
CREATE INDEX "ix_users_email" ON "users"("email");

-- CreateIndex
CREATE INDEX "ix_users_is_active" ON "users"("is_active");

-- CreateIndex
CREATE INDEX "ix_user_roles_id" ON "user_roles"("id");

-- CreateIndex
CREATE INDEX "ix_user_roles_user_id" ON "user_roles"("user_id");

-- CreateIndex
CREATE INDEX "ix_user_roles_is_active" ON "user_roles"("is_active");

-- CreateIndex
CREATE INDEX "ix_client_access_id" ON "client_access"("id");

-- CreateIndex
CREATE INDEX "ix_client_access_user_profile_id" ON "client_access"("user_profile_id");

-- CreateIndex
CREATE INDEX "ix_client_access_client_account_id" ON "client_access"("client_account_id");

-- CreateIndex
CREATE INDEX "ix_client_access_is_active" ON "client_access"("is_active");

-- CreateIndex
CREATE UNIQUE INDEX "discovery_flows_flow_id_key" ON "discovery_flows"("flow_id");

-- CreateIndex
CREATE INDEX "ix_discovery_flows_id" ON "discovery_flows"("id");

-- CreateIndex
CREATE INDEX "ix_discovery_flows_flow_id" ON "discovery_flows"("flow_id");

-- CreateIndex
CREATE INDEX "ix_discovery_flows_client_account_id" ON "discovery_flows"("client_account_id");

-- CreateIndex
CREATE INDEX "ix_discovery_flows_engagement_id" ON "discovery_flows"("engagement_id");

-- CreateIndex
CREATE INDEX "ix_discovery_flows_master_flow_id" ON "discovery_flows"("master_flow_id");

-- CreateIndex
CREATE INDEX "ix_discovery_flows_status" ON "discovery_flows"("status");

-- CreateIndex
CREATE UNIQUE INDEX "crewai_flow_state_extensions_flow_id_key" ON "crewai_flow_state_extensions"("flow_id");

-- CreateIndex
CREATE INDEX "ix_crewai_flow_state_extensions_flow_id" ON "crewai_flow_state_extensions"("flow_id");

-- CreateIndex
CREATE INDEX "ix_crewai_flow_state_extensions_client_account_id" ON "crewai_flow_state_extensions"("client_account_id");

-- CreateIndex
CREATE INDEX "ix_crewai_flow_state_extensions_engagement_id" ON "crewai_flow_state_extensions"("engagement_id");

-- CreateIndex
CREATE INDEX "ix_data_import_sessions_id" ON "data_import_sessions"("id");

-- CreateIndex
CREATE INDEX "ix_data_import_sessions_client_account_id" ON "data_import_sessions"("client_account_id");

-- CreateIndex
CREATE INDEX "ix_data_import_sessions_engagement_id" ON "data_import_sessions"("engagement_id");

-- CreateIndex
CREATE INDEX "ix_data_import_sessions_session_name" ON "data_import_sessions"("session_name");

-- CreateIndex
CREATE INDEX "ix_data_import_sessions_is_default" ON "data_import_sessions"("is_default");

-- CreateIndex
CREATE INDEX "ix_data_import_sessions_status" ON "data_import_sessions"("status");

-- CreateIndex
CREATE INDEX "ix_data_imports_id" ON "data_imports"("id");

-- CreateIndex
CREATE INDEX "ix_data_imports_client_account_id" ON "data_imports"("client_account_id");

-- CreateIndex
CREATE INDEX "ix_data_imports_engagement_id" ON "data_imports"("engagement_id");

-- CreateIndex
CREATE INDEX "ix_raw_import_records_id" ON "raw_import_records"("id");

-- CreateIndex
CREATE INDEX "ix_raw_import_records_data_import_id" ON "raw_import_records"("data_import_id");

-- CreateIndex
CREATE INDEX "ix_raw_import_records_tenant" ON "raw_import_records"("client_account_id", "engagement_id");

-- CreateIndex
CREATE INDEX "ix_import_field_mappings_id" ON "import_field_mappings"("id");

-- CreateIndex
CREATE INDEX "ix_import_field_mappings_data_import_id" ON "import_field_mappings"("data_import_id");

-- CreateIndex
CREATE INDEX "ix_import_field_mappings_tenant" ON "import_field_mappings"("client_account_id");

-- CreateIndex
CREATE INDEX "ix_assets_id" ON "assets"("id");

-- CreateIndex
CREATE INDEX "ix_assets_client_account_id" ON "assets"("client_account_id");

-- CreateIndex
CREATE INDEX "ix_assets_engagement_id" ON "assets"("engagement_id");

-- CreateIndex
CREATE INDEX "ix_assets_name" ON "assets"("name");

-- CreateIndex
CREATE INDEX "ix_assets_asset_type" ON "assets"("asset_type");

-- CreateIndex
CREATE INDEX "ix_assets_environment" ON "assets"("environment");

-- CreateIndex
CREATE INDEX "ix_assets_hostname" ON "assets"("hostname");

-- CreateIndex
CREATE INDEX "ix_assets_mapping_status" ON "assets"("mapping_status");

-- CreateIndex
CREATE INDEX "ix_assets_status" ON "assets"("status");

-- CreateIndex
CREATE INDEX "ix_assets_migration_status" ON "assets"("migration_status");

-- CreateIndex
CREATE INDEX "ix_assets_source_phase" ON "assets"("source_phase");

-- CreateIndex
CREATE INDEX "ix_assets_current_phase" ON "assets"("current_phase");

-- CreateIndex
CREATE INDEX "ix_assets_flow_id" ON "assets"("flow_id");

-- CreateIndex
CREATE INDEX "ix_assets_master_flow_id" ON "assets"("master_flow_id");

-- CreateIndex
CREATE INDEX "ix_assets_discovery_flow_id" ON "assets"("discovery_flow_id");

-- CreateIndex
CREATE INDEX "ix_assets_assessment_flow_id" ON "assets"("assessment_flow_id");

-- CreateIndex
CREATE INDEX "ix_assets_planning_flow_id" ON "assets"("planning_flow_id");

-- CreateIndex
CREATE INDEX "ix_assets_execution_flow_id" ON "assets"("execution_flow_id");

-- CreateIndex
CREATE INDEX "ix_assessments_id" ON "assessments"("id");

-- CreateIndex
CREATE INDEX "ix_assessments_client_account_id" ON "assessments"("client_account_id");

-- CreateIndex
CREATE INDEX "ix_assessments_engagement_id" ON "assessments"("engagement_id");

-- CreateIndex
CREATE INDEX "ix_wave_plans_id" ON "wave_plans"("id");

-- CreateIndex
CREATE INDEX "ix_wave_plans_client_account_id" ON "wave_plans"("client_account_id");

-- CreateIndex
CREATE INDEX "ix_wave_plans_engagement_id" ON "wave_plans"("engagement_id");

-- CreateIndex
CREATE INDEX "ix_migrations_id" ON "migrations"("id");

-- CreateIndex
CREATE INDEX "ix_migrations_name" ON "migrations"("name");

-- CreateIndex
CREATE INDEX "ix_sixr_analysis_id" ON "sixr_analysis"("id");

-- CreateIndex
CREATE INDEX "ix_sixr_analysis_name" ON "sixr_analysis"("name");

-- CreateIndex
CREATE INDEX "ix_sixr_analysis_client_account_id" ON "sixr_analysis"("client_account_id");

-- CreateIndex
CREATE INDEX "ix_sixr_analysis_engagement_id" ON "sixr_analysis"("engagement_id");

-- CreateIndex
CREATE INDEX "ix_cmdb_sixr_analysis_id" ON "cmdb_sixr_analysis"("id");

-- CreateIndex
CREATE INDEX "ix_cmdb_sixr_analysis_client_account_id" ON "cmdb_sixr_analysis"("client_account_id");

-- CreateIndex
CREATE INDEX "ix_cmdb_sixr_analysis_engagement_id" ON "cmdb_sixr_analysis"("engagement_id");

-- CreateIndex
CREATE INDEX "ix_migration_waves_id" ON "migration_waves"("id");

-- CreateIndex
CREATE INDEX "ix_migration_waves_client_account_id" ON "migration_waves"("client_account_id");

-- CreateIndex
CREATE INDEX "ix_migration_waves_engagement_id" ON "migration_waves"("engagement_id");

-- CreateIndex
CREATE INDEX "ix_migration_waves_wave_number" ON "migration_waves"("wave_number");

-- CreateIndex
CREATE INDEX "ix_migration_waves_status" ON "migration_waves"("status");

-- CreateIndex
CREATE INDEX "ix_agent_questions_tenant" ON "agent_questions"("client_account_id", "engagement_id");

-- CreateIndex
CREATE INDEX "ix_agent_questions_flow_id" ON "agent_questions"("flow_id");

-- CreateIndex
CREATE INDEX "ix_agent_questions_is_resolved" ON "agent_questions"("is_resolved");

-- CreateIndex
CREATE INDEX "ix_agent_insights_tenant" ON "agent_insights"("client_account_id", "engagement_id");

-- CreateIndex
CREATE INDEX "ix_agent_insights_flow_id" ON "agent_insights"("flow_id");

-- CreateIndex
CREATE INDEX "ix_data_items_tenant" ON "data_items"("client_account_id", "engagement_id");

-- CreateIndex
CREATE INDEX "ix_data_items_flow_id" ON "data_items"("flow_id");

-- CreateIndex
CREATE INDEX "idx_llm_usage_client_account" ON "llm_usage_log"("client_account_id");

-- CreateIndex
CREATE INDEX "idx_llm_usage_engagement" ON "llm_usage_log"("engagement_id");

-- CreateIndex
CREATE INDEX "idx_llm_usage_user" ON "llm_usage_log"("user_id");

-- CreateIndex
CREATE INDEX "idx_llm_usage_created_at" ON "llm_usage_log"("created_at");

-- CreateIndex
CREATE INDEX "idx_llm_usage_provider_model" ON "llm_usage_log"("llm_provider", "model_name");

-- CreateIndex
CREATE INDEX "idx_llm_usage_success" ON "llm_usage_log"("success");

-- CreateIndex
CREATE INDEX "idx_llm_usage_page_context" ON "llm_usage_log"("page_context");

-- CreateIndex
CREATE INDEX "idx_llm_usage_feature_context" ON "llm_usage_log"("feature_context");

-- CreateIndex
CREATE INDEX "idx_llm_usage_reporting" ON "llm_usage_log"("client_account_id", "created_at", "success");

-- CreateIndex
CREATE INDEX "idx_llm_usage_cost_analysis" ON "llm_usage_log"("client_account_id", "llm_provider", "model_name", "created_at");

-- CreateIndex
CREATE INDEX "idx_usage_summary_period" ON "llm_usage_summary"("period_type", "period_start", "period_end");

-- CreateIndex
CREATE INDEX "idx_usage_summary_client" ON "llm_usage_summary"("client_account_id", "period_start");

-- CreateIndex
CREATE INDEX "idx_usage_summary_model" ON "llm_usage_summary"("llm_provider", "model_name", "period_start");

-- CreateIndex
CREATE UNIQUE INDEX "uq_usage_summary_period_context" ON "llm_usage_summary"("period_type", "period_start", "client_account_id", "engagement_id", "user_id", "llm_provider", "model_name", "page_context", "feature_context");

-- CreateIndex
CREATE INDEX "ix_feedback_id" ON "feedback"("id");

-- CreateIndex
CREATE INDEX "ix_feedback_feedback_type" ON "feedback"("feedback_type");

-- CreateIndex
CREATE INDEX "ix_feedback_page" ON "feedback"("page");

-- CreateIndex
CREATE INDEX "ix_feedback_tenant" ON "feedback"("client_account_id", "engagement_id");

-- CreateIndex
CREATE INDEX "ix_flow_deletion_audit_flow_id" ON "flow_deletion_audit"("flow_id");

-- CreateIndex
CREATE INDEX "ix_flow_deletion_audit_session_id" ON "flow_deletion_audit"("session_id");

-- CreateIndex
CREATE INDEX "ix_flow_deletion_audit_client_account_id" ON "flow_deletion_audit"("client_account_id");

-- CreateIndex
CREATE INDEX "ix_flow_deletion_audit_engagement_id" ON "flow_deletion_audit"("engagement_id");

-- CreateIndex
CREATE INDEX "ix_flow_deletion_audit_deletion_type" ON "flow_deletion_audit"("deletion_type");

-- CreateIndex
CREATE INDEX "ix_flow_deletion_audit_deleted_at" ON "flow_deletion_audit"("deleted_at");

-- CreateIndex
CREATE INDEX "ix_security_audit_log_event_type" ON "security_audit_log"("event_type");

-- CreateIndex
CREATE INDEX "ix_security_audit_log_event_category" ON "security_audit_log"("event_category");

-- CreateIndex
CREATE INDEX "ix_security_audit_log_actor_user_id" ON "security_audit_log"("actor_user_id");

-- CreateIndex
CREATE INDEX "ix_security_audit_log_target_user_id" ON "security_audit_log"("target_user_id");

-- CreateIndex
CREATE INDEX "ix_security_audit_log_is_suspicious" ON "security_audit_log"("is_suspicious");

-- CreateIndex
CREATE INDEX "ix_security_audit_log_requires_review" ON "security_audit_log"("requires_review");

-- CreateIndex
CREATE INDEX "ix_security_audit_log_created_at" ON "security_audit_log"("created_at");

-- CreateIndex
CREATE INDEX "ix_role_change_approval_requested_by" ON "role_change_approval"("requested_by");

-- CreateIndex
CREATE INDEX "ix_role_change_approval_target_user_id" ON "role_change_approval"("target_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "tags_name_key" ON "tags"("name");

-- CreateIndex
CREATE INDEX "ix_tags_id" ON "tags"("id");

-- CreateIndex
CREATE INDEX "ix_tags_client_account_id" ON "tags"("client_account_id");

-- CreateIndex
CREATE INDEX "ix_tags_name" ON "tags"("name");

-- CreateIndex
CREATE INDEX "ix_tags_category" ON "tags"("category");

-- CreateIndex
CREATE INDEX "ix_tags_is_active" ON "tags"("is_active");

-- CreateIndex
CREATE INDEX "ix_asset_tags_asset_id" ON "asset_tags"("asset_id");

-- CreateIndex
CREATE INDEX "ix_asset_tags_tag_id" ON "asset_tags"("tag_id");

-- AddForeignKey
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_engagement_lead_id_fkey" FOREIGN KEY ("engagement_lead_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "fk_users_default_client_id" FOREIGN KEY ("default_client_id") REFERENCES "client_accounts"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "fk_users_default_engagement_id" FOREIGN KEY ("default_engagement_id") REFERENCES "engagements"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_scope_client_id_fkey" FOREIGN KEY ("scope_client_id") REFERENCES "client_accounts"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_scope_engagement_id_fkey" FOREIGN KEY ("scope_engagement_id") REFERENCES "engagements"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_assigned_by_fkey" FOREIGN KEY ("assigned_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "client_access" ADD CONSTRAINT "client_access_user_profile_id_fkey" FOREIGN KEY ("user_profile_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "client_access" ADD CONSTRAINT "client_access_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "client_access" ADD CONSTRAINT "client_access_granted_by_fkey" FOREIGN KEY ("granted_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "discovery_flows" ADD CONSTRAINT "discovery_flows_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "discovery_flows" ADD CONSTRAINT "discovery_flows_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "discovery_flows" ADD CONSTRAINT "fk_discovery_flows_data_import_id" FOREIGN KEY ("data_import_id") REFERENCES "data_imports"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "crewai_flow_state_extensions" ADD CONSTRAINT "crewai_flow_state_extensions_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "crewai_flow_state_extensions" ADD CONSTRAINT "crewai_flow_state_extensions_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "data_import_sessions" ADD CONSTRAINT "data_import_sessions_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "data_import_sessions" ADD CONSTRAINT "data_import_sessions_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "data_import_sessions" ADD CONSTRAINT "data_import_sessions_parent_session_id_fkey" FOREIGN KEY ("parent_session_id") REFERENCES "data_import_sessions"("id") ON DELETE SET NULL ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "data_import_sessions" ADD CONSTRAINT "data_import_sessions_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "data_imports" ADD CONSTRAINT "data_imports_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "data_imports" ADD CONSTRAINT "data_imports_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "data_imports" ADD CONSTRAINT "data_imports_master_flow_id_fkey" FOREIGN KEY ("master_flow_id") REFERENCES "crewai_flow_state_extensions"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "data_imports" ADD CONSTRAINT "data_imports_imported_by_fkey" FOREIGN KEY ("imported_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "raw_import_records" ADD CONSTRAINT "raw_import_records_data_import_id_fkey" FOREIGN KEY ("data_import_id") REFERENCES "data_imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "raw_import_records" ADD CONSTRAINT "raw_import_records_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "raw_import_records" ADD CONSTRAINT "raw_import_records_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "raw_import_records" ADD CONSTRAINT "raw_import_records_master_flow_id_fkey" FOREIGN KEY ("master_flow_id") REFERENCES "crewai_flow_state_extensions"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "raw_import_records" ADD CONSTRAINT "raw_import_records_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "import_field_mappings" ADD CONSTRAINT "import_field_mappings_data_import_id_fkey" FOREIGN KEY ("data_import_id") REFERENCES "data_imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "import_field_mappings" ADD CONSTRAINT "import_field_mappings_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "import_field_mappings" ADD CONSTRAINT "import_field_mappings_master_flow_id_fkey" FOREIGN KEY ("master_flow_id") REFERENCES "crewai_flow_state_extensions"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "assets" ADD CONSTRAINT "assets_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "assets" ADD CONSTRAINT "assets_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "assets" ADD CONSTRAINT "assets_flow_id_fkey" FOREIGN KEY ("flow_id") REFERENCES "discovery_flows"("flow_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "assets" ADD CONSTRAINT "assets_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "data_import_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "assets" ADD CONSTRAINT "assets_migration_id_fkey" FOREIGN KEY ("migration_id") REFERENCES "migrations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "assets" ADD CONSTRAINT "assets_imported_by_fkey" FOREIGN KEY ("imported_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "assets" ADD CONSTRAINT "assets_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "assets" ADD CONSTRAINT "assets_updated_by_fkey" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "asset_dependencies" ADD CONSTRAINT "asset_dependencies_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "asset_dependencies" ADD CONSTRAINT "asset_dependencies_depends_on_asset_id_fkey" FOREIGN KEY ("depends_on_asset_id") REFERENCES "assets"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_migration_id_fkey" FOREIGN KEY ("migration_id") REFERENCES "migrations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "wave_plans" ADD CONSTRAINT "wave_plans_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "wave_plans" ADD CONSTRAINT "wave_plans_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "wave_plans" ADD CONSTRAINT "wave_plans_migration_id_fkey" FOREIGN KEY ("migration_id") REFERENCES "migrations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "sixr_analysis" ADD CONSTRAINT "sixr_analysis_migration_id_fkey" FOREIGN KEY ("migration_id") REFERENCES "migrations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "sixr_analysis" ADD CONSTRAINT "sixr_analysis_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "sixr_analysis" ADD CONSTRAINT "sixr_analysis_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "cmdb_sixr_analysis" ADD CONSTRAINT "cmdb_sixr_analysis_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "cmdb_sixr_analysis" ADD CONSTRAINT "cmdb_sixr_analysis_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "cmdb_sixr_analysis" ADD CONSTRAINT "cmdb_sixr_analysis_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "migration_waves" ADD CONSTRAINT "migration_waves_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "migration_waves" ADD CONSTRAINT "migration_waves_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "migration_waves" ADD CONSTRAINT "migration_waves_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "agent_questions" ADD CONSTRAINT "agent_questions_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "agent_questions" ADD CONSTRAINT "agent_questions_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "agent_questions" ADD CONSTRAINT "agent_questions_flow_id_fkey" FOREIGN KEY ("flow_id") REFERENCES "discovery_flows"("flow_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "agent_insights" ADD CONSTRAINT "agent_insights_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "agent_insights" ADD CONSTRAINT "agent_insights_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "agent_insights" ADD CONSTRAINT "agent_insights_flow_id_fkey" FOREIGN KEY ("flow_id") REFERENCES "discovery_flows"("flow_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "data_items" ADD CONSTRAINT "data_items_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "data_items" ADD CONSTRAINT "data_items_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "data_items" ADD CONSTRAINT "data_items_flow_id_fkey" FOREIGN KEY ("flow_id") REFERENCES "discovery_flows"("flow_id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "llm_usage_log" ADD CONSTRAINT "llm_usage_log_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "llm_usage_log" ADD CONSTRAINT "llm_usage_log_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "llm_usage_summary" ADD CONSTRAINT "llm_usage_summary_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "llm_usage_summary" ADD CONSTRAINT "llm_usage_summary_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "flow_deletion_audit" ADD CONSTRAINT "flow_deletion_audit_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "flow_deletion_audit" ADD CONSTRAINT "flow_deletion_audit_engagement_id_fkey" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "tags" ADD CONSTRAINT "tags_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "client_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "asset_tags" ADD CONSTRAINT "asset_tags_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "asset_tags" ADD CONSTRAINT "asset_tags_tag_id_fkey" FOREIGN KEY ("tag_id") REFERENCES "tags"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "asset_tags" ADD CONSTRAINT "asset_tags_assigned_by_fkey" FOREIGN KEY ("assigned_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "asset_tags" ADD CONSTRAINT "asset_tags_validated_by_fkey" FOREIGN KEY ("validated_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "import_processing_steps" ADD CONSTRAINT "import_processing_steps_data_import_id_fkey" FOREIGN KEY ("data_import_id") REFERENCES "data_imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
