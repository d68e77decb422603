/**
 * What the seed writes. The required rows come from spec/schema-ready.md ("Seeding Requirements") and are
 * exported so the drift checker can verify the same values; the sample is small, realistic browsing data.
 * Every date is a UTC instant (the columns are timestamptz).
 */
import { AccessLevel, AssetType, RoleType } from '../generated/prisma/enums.js';
import type { SpecContract } from '../contract/contract.js';

// ---- Required rows (spec/schema-ready.md) ----

/** The demo client. The spec's "Code: DEMO" lives in `client_accounts.slug`. */
export const DEMO_CLIENT = {
  name: 'Demo Corporation',
  slug: 'DEMO',
  subscriptionTier: 'standard',
} as const;

/** The demo client's engagement; `engagements.slug` is required, so it is derived from the name. */
export const DEMO_ENGAGEMENT = {
  name: 'Q1 2025 Cloud Migration',
  slug: 'q1-2025-cloud-migration',
  engagementType: 'cloud_migration',
  status: 'active',
} as const;

/** Dates of the demo engagement (not in the spec, but a "Q1 2025" engagement without them would look broken). */
export const DEMO_ENGAGEMENT_SCHEDULE = {
  startDate: new Date('2025-01-06T00:00:00Z'),
  targetCompletionDate: new Date('2025-03-31T00:00:00Z'),
} as const;

export const PLATFORM_ADMIN = {
  email: 'admin@aiforce.com',
  firstName: 'Platform',
  lastName: 'Administrator',
  /** `user_roles.role_type` */
  roleType: RoleType.PLATFORM_ADMIN,
  roleName: 'Platform Administrator',
  roleScope: 'global',
  /** `client_access.access_level` on the demo client */
  accessLevel: AccessLevel.SUPER_ADMIN,
} as const;

/**
 * The required rows as the spec contract describes them (prisma/spec-contract.json "seed"), so the seed can say
 * which existing row differs from the spec with the same comparison `db:check --data` makes.
 */
export const REQUIRED_ROWS: SpecContract['seed'] = {
  adminEmail: PLATFORM_ADMIN.email,
  adminRole: PLATFORM_ADMIN.roleType,
  adminAccess: PLATFORM_ADMIN.accessLevel,
  client: { name: DEMO_CLIENT.name, slug: DEMO_CLIENT.slug, subscriptionTier: DEMO_CLIENT.subscriptionTier },
  engagement: { name: DEMO_ENGAGEMENT.name, type: DEMO_ENGAGEMENT.engagementType, status: DEMO_ENGAGEMENT.status },
};

/** Every permission flag of the user_roles.permissions document, granted. */
export const PLATFORM_ADMIN_ROLE_PERMISSIONS = {
  can_create_clients: true,
  can_manage_engagements: true,
  can_import_data: true,
  can_export_data: true,
  can_view_analytics: true,
  can_manage_users: true,
  can_configure_agents: true,
  can_access_admin_console: true,
} as const;

/** Every permission flag of the client_access.permissions document, granted. */
export const SUPER_ADMIN_CLIENT_PERMISSIONS = {
  can_view_data: true,
  can_import_data: true,
  can_export_data: true,
  can_manage_engagements: true,
  can_configure_client_settings: true,
  can_manage_client_users: true,
} as const;

/** bcrypt cost for the admin's password hash (2^12 rounds, about 250 ms). */
export const ADMIN_PASSWORD_BCRYPT_COST = 12;
export const ADMIN_PASSWORD_MIN_LENGTH = 12;

// ---- Sample (`--sample`) ----

export interface TenantDefinition {
  client: { name: string; slug: string; subscriptionTier: string; industry: string };
  engagement: { name: string; slug: string; engagementType: string; status: string; startDate: Date; targetCompletionDate: Date };
}

/** The discovery phases, in order; each has a `<phase>_completed` flag in discovery_flows. */
export const DISCOVERY_PHASES = ['data_import', 'field_mapping', 'data_cleansing', 'asset_inventory', 'dependency_analysis', 'tech_debt_assessment'] as const;
export type DiscoveryPhase = (typeof DISCOVERY_PHASES)[number];

export interface FlowDefinition {
  flowName: string;
  phasesCompleted: readonly DiscoveryPhase[];
  currentPhase: DiscoveryPhase;
  progressPercentage: number;
  /** Left undefined to take the column defaults ('engagement', 'strict'). */
  learningScope?: string;
  memoryIsolationLevel?: string;
}

/** A second tenant, so tenant isolation can be seen: other client, other engagement, other agent memory settings. */
export const SECOND_TENANT: TenantDefinition = {
  client: { name: 'Northwind Logistics', slug: 'NORTHWIND', subscriptionTier: 'enterprise', industry: 'Logistics' },
  engagement: {
    name: 'Datacenter Exit 2025',
    slug: 'datacenter-exit-2025',
    engagementType: 'datacenter_exit',
    status: 'active',
    startDate: new Date('2025-02-03T00:00:00Z'),
    targetCompletionDate: new Date('2025-09-30T00:00:00Z'),
  },
};

export const DEMO_FLOW: FlowDefinition = {
  flowName: 'CMDB discovery (January 2025 export)',
  phasesCompleted: ['data_import', 'field_mapping', 'data_cleansing'],
  currentPhase: 'asset_inventory',
  progressPercentage: 50,
};

export const SECOND_TENANT_FLOW: FlowDefinition = {
  flowName: 'Warehouse systems discovery',
  phasesCompleted: [],
  currentPhase: 'data_import',
  progressPercentage: 0,
  learningScope: 'client',
  memoryIsolationLevel: 'moderate',
};

/** The master-flow type every discovery flow registers under in crewai_flow_state_extensions. */
export const DISCOVERY_FLOW_TYPE = 'discovery';

export const SAMPLE_IMPORT = {
  sessionName: 'demo-cmdb-2025-01',
  sessionDisplayName: 'CMDB export, January 2025',
  importName: 'ServiceNow CMDB export 2025-01',
  importType: 'cmdb',
  filename: 'cmdb_export_2025-01.csv',
  fileSize: 2_184,
  mimeType: 'text/csv',
  sourceSystem: 'ServiceNow',
  startedAt: new Date('2025-01-08T09:30:00Z'),
  completedAt: new Date('2025-01-08T09:31:12Z'),
} as const;

/** One CSV row of the sample import, and the asset discovered from it. */
export interface SampleAsset {
  row: Record<string, string>;
  name: string;
  assetType: AssetType;
  tags: readonly string[];
}

export const SAMPLE_ASSETS: readonly SampleAsset[] = [
  {
    row: { hostname: 'portal-web-01', ip: '10.20.1.11', os: 'Ubuntu 22.04', env: 'production', app: 'Customer Portal', cpu: '4', ram_gb: '16' },
    name: 'portal-web-01',
    assetType: AssetType.SERVER,
    tags: ['production', 'customer-facing'],
  },
  {
    row: { hostname: 'portal-web-02', ip: '10.20.1.12', os: 'Ubuntu 22.04', env: 'production', app: 'Customer Portal', cpu: '4', ram_gb: '16' },
    name: 'portal-web-02',
    assetType: AssetType.SERVER,
    tags: ['production', 'customer-facing'],
  },
  {
    row: { hostname: 'portal-db-01', ip: '10.20.2.21', os: 'RHEL 8.9', env: 'production', app: 'PostgreSQL 13', cpu: '8', ram_gb: '64' },
    name: 'portal-db-01',
    assetType: AssetType.DATABASE,
    tags: ['production', 'pci-scope'],
  },
  {
    row: { hostname: 'edge-lb-01', ip: '10.20.0.5', os: 'F5 BIG-IP 16.1', env: 'production', app: 'Customer Portal', cpu: '2', ram_gb: '8' },
    name: 'edge-lb-01',
    assetType: AssetType.LOAD_BALANCER,
    tags: ['production', 'customer-facing'],
  },
];

/** How the CSV columns above map to asset fields (import_field_mappings). */
export const SAMPLE_FIELD_MAPPINGS = [
  { sourceField: 'hostname', targetField: 'hostname', matchType: 'direct', confidenceScore: 0.99 },
  { sourceField: 'ip', targetField: 'ip_address', matchType: 'fuzzy', confidenceScore: 0.93 },
  { sourceField: 'os', targetField: 'operating_system', matchType: 'fuzzy', confidenceScore: 0.9 },
  { sourceField: 'env', targetField: 'environment', matchType: 'fuzzy', confidenceScore: 0.88 },
  { sourceField: 'app', targetField: 'application_name', matchType: 'semantic', confidenceScore: 0.81 },
  { sourceField: 'cpu', targetField: 'cpu_cores', matchType: 'semantic', confidenceScore: 0.85 },
  { sourceField: 'ram_gb', targetField: 'memory_gb', matchType: 'semantic', confidenceScore: 0.86 },
] as const;

/** A relationship between two assets of one sample, by asset name. */
export interface SampleDependency {
  from: string;
  to: string;
  dependencyType: string;
  description: string;
}

/** A tag of one client. Note `tags.name` is unique across all clients, not per client. */
export interface SampleTag {
  name: string;
  category: string;
  description: string;
}

/** One tenant's assets with their dependencies and tags. */
export interface AssetSample {
  assets: readonly SampleAsset[];
  dependencies: readonly SampleDependency[];
  tags: readonly SampleTag[];
}

/** Asset relationships, by asset name. */
export const SAMPLE_DEPENDENCIES = [
  { from: 'edge-lb-01', to: 'portal-web-01', dependencyType: 'network', description: 'Load-balances HTTPS traffic' },
  { from: 'edge-lb-01', to: 'portal-web-02', dependencyType: 'network', description: 'Load-balances HTTPS traffic' },
  { from: 'portal-web-01', to: 'portal-db-01', dependencyType: 'database', description: 'Reads and writes customer data' },
  { from: 'portal-web-02', to: 'portal-db-01', dependencyType: 'database', description: 'Reads and writes customer data' },
] as const;

/** Tags of the demo client. Note `tags.name` is unique across all clients, not per client. */
export const SAMPLE_TAGS = [
  { name: 'production', category: 'environment', description: 'Serves production traffic' },
  { name: 'customer-facing', category: 'business', description: 'Reachable by customers' },
  { name: 'pci-scope', category: 'compliance', description: 'Stores or processes cardholder data' },
] as const;

/** The demo client's assets, discovered by its import. */
export const DEMO_ASSETS: AssetSample = { assets: SAMPLE_ASSETS, dependencies: SAMPLE_DEPENDENCIES, tags: SAMPLE_TAGS };

/**
 * The second tenant's assets, entered by hand (its flow has imported nothing yet): rows of its own in assets,
 * asset_dependencies, tags and asset_tags, so each tenant can be seen to get only its own (README "Tenant isolation").
 */
export const SECOND_TENANT_ASSETS: AssetSample = {
  assets: [
    {
      row: { hostname: 'wms-app-01', ip: '172.16.4.21', os: 'Windows Server 2019', env: 'production', app: 'Warehouse Management', cpu: '8', ram_gb: '32' },
      name: 'wms-app-01',
      assetType: AssetType.SERVER,
      tags: ['warehouse-floor'],
    },
    {
      row: { hostname: 'wms-sql-01', ip: '172.16.4.30', os: 'Windows Server 2019', env: 'production', app: 'SQL Server 2017', cpu: '16', ram_gb: '128' },
      name: 'wms-sql-01',
      assetType: AssetType.DATABASE,
      tags: ['warehouse-floor'],
    },
  ],
  dependencies: [{ from: 'wms-app-01', to: 'wms-sql-01', dependencyType: 'database', description: 'Stock levels and pick lists' }],
  tags: [{ name: 'warehouse-floor', category: 'business', description: 'Used on the warehouse floor' }],
};
