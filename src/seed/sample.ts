/**
 * The `--sample` rows: one discovery flow per tenant (each with its master flow), a data import of the demo
 * client with its raw records and field mappings, the assets discovered from it with dependencies and tags, and
 * a few assets of the second tenant entered by hand.
 * Every row is keyed on a natural key, like the required rows, so the sample can be re-run.
 */
import { randomUUID } from 'node:crypto';
import type { CrewaiFlowStateExtension, DataImport, DataImportSession, DiscoveryFlow } from '../generated/prisma/client.js';
import type { SeedContext, Tenant } from './context.js';
import {
  DISCOVERY_FLOW_TYPE,
  PLATFORM_ADMIN,
  SAMPLE_ASSETS,
  SAMPLE_FIELD_MAPPINGS,
  SAMPLE_IMPORT,
  type AssetSample,
  type DiscoveryPhase,
  type FlowDefinition,
  type SampleAsset,
} from './data.js';

export interface SampleImport {
  session: DataImportSession;
  dataImport: DataImport;
}

/**
 * The master flow a discovery flow registers in crewai_flow_state_extensions, keyed by tenant, type and name.
 * Its `id` and `flow_id` are one uuid: the `master_flow_id` foreign keys of data_imports, raw_import_records and
 * import_field_mappings point at `id`, while those of discovery_flows and assets have no foreign key and could
 * mean either; this way every one of them resolves.
 */
export function ensureMasterFlow({ tx, tally }: SeedContext, tenant: Tenant, flow: FlowDefinition, userId: string): Promise<CrewaiFlowStateExtension> {
  return tally.findOrCreate(
    'crewai_flow_state_extensions',
    () => tx.crewaiFlowStateExtension.findFirst({ where: { ...tenant, flowType: DISCOVERY_FLOW_TYPE, flowName: flow.flowName } }),
    () => {
      const id = randomUUID();
      return tx.crewaiFlowStateExtension.create({
        data: { id, flowId: id, ...tenant, userId, flowType: DISCOVERY_FLOW_TYPE, flowName: flow.flowName, flowStatus: 'running' },
      });
    },
  );
}

/**
 * A discovery flow, keyed by tenant and name. It shares its master flow's flow_id, so one id finds both.
 * learning_scope and memory_isolation_level are set only when the definition sets them; assessment_ready,
 * phase_state and agent_state never are, so they take the spec's defaults. (Prisma Client writes schema.prisma's
 * static @default values into the INSERT itself; the migration gives the columns the same defaults.)
 */
export function ensureDiscoveryFlow(
  { tx, tally }: SeedContext,
  tenant: Tenant,
  flow: FlowDefinition,
  master: CrewaiFlowStateExtension,
  source?: SampleImport,
): Promise<DiscoveryFlow> {
  const done = (phase: DiscoveryPhase) => flow.phasesCompleted.includes(phase);
  return tally.findOrCreate(
    'discovery_flows',
    () => tx.discoveryFlow.findFirst({ where: { ...tenant, flowName: flow.flowName } }),
    () =>
      tx.discoveryFlow.create({
        data: {
          flowId: master.flowId,
          masterFlowId: master.flowId,
          ...tenant,
          userId: master.userId,
          importSessionId: source?.session.id,
          dataImportId: source?.dataImport.id,
          flowName: flow.flowName,
          flowType: DISCOVERY_FLOW_TYPE,
          currentPhase: flow.currentPhase,
          phasesCompleted: [...flow.phasesCompleted],
          progressPercentage: flow.progressPercentage,
          dataImportCompleted: done('data_import'),
          fieldMappingCompleted: done('field_mapping'),
          dataCleansingCompleted: done('data_cleansing'),
          assetInventoryCompleted: done('asset_inventory'),
          dependencyAnalysisCompleted: done('dependency_analysis'),
          techDebtAssessmentCompleted: done('tech_debt_assessment'),
          learningScope: flow.learningScope,
          memoryIsolationLevel: flow.memoryIsolationLevel,
        },
      }),
  );
}

/** The demo import: its session, the import itself, one raw record per CSV row and the approved field mappings. */
export async function ensureSampleImport(ctx: SeedContext, tenant: Tenant, master: CrewaiFlowStateExtension, adminId: string): Promise<SampleImport> {
  const { tx, tally } = ctx;
  const rows = SAMPLE_ASSETS.length;
  const session = await tally.findOrCreate(
    'data_import_sessions',
    () => tx.dataImportSession.findFirst({ where: { ...tenant, sessionName: SAMPLE_IMPORT.sessionName } }),
    () =>
      tx.dataImportSession.create({
        data: {
          ...tenant,
          sessionName: SAMPLE_IMPORT.sessionName,
          sessionDisplayName: SAMPLE_IMPORT.sessionDisplayName,
          isDefault: true,
          autoCreated: false,
          sourceFilename: SAMPLE_IMPORT.filename,
          status: 'COMPLETED',
          progressPercentage: 100,
          totalImports: 1,
          totalAssetsProcessed: rows,
          totalRecordsImported: rows,
          dataQualityScore: 92,
          startedAt: SAMPLE_IMPORT.startedAt,
          completedAt: SAMPLE_IMPORT.completedAt,
          lastActivityAt: SAMPLE_IMPORT.completedAt,
          createdBy: adminId,
        },
      }),
  );
  const dataImport = await tally.findOrCreate(
    'data_imports',
    () => tx.dataImport.findFirst({ where: { ...tenant, importName: SAMPLE_IMPORT.importName } }),
    () =>
      tx.dataImport.create({
        data: {
          ...tenant,
          masterFlowId: master.id,
          importName: SAMPLE_IMPORT.importName,
          importType: SAMPLE_IMPORT.importType,
          filename: SAMPLE_IMPORT.filename,
          fileSize: SAMPLE_IMPORT.fileSize,
          mimeType: SAMPLE_IMPORT.mimeType,
          sourceSystem: SAMPLE_IMPORT.sourceSystem,
          status: 'completed',
          progressPercentage: 100,
          totalRecords: rows,
          processedRecords: rows,
          failedRecords: 0,
          importedBy: adminId,
          startedAt: SAMPLE_IMPORT.startedAt,
          completedAt: SAMPLE_IMPORT.completedAt,
        },
      }),
  );
  for (const [index, asset] of SAMPLE_ASSETS.entries()) {
    await tally.findOrCreate(
      'raw_import_records',
      () => tx.rawImportRecord.findFirst({ where: { dataImportId: dataImport.id, rowNumber: index + 1 } }),
      () =>
        tx.rawImportRecord.create({
          data: { dataImportId: dataImport.id, ...tenant, masterFlowId: master.id, rowNumber: index + 1, rawData: asset.row, isProcessed: true, isValid: true, processedAt: SAMPLE_IMPORT.completedAt },
        }),
    );
  }
  for (const mapping of SAMPLE_FIELD_MAPPINGS) {
    await tally.findOrCreate(
      'import_field_mappings',
      () => tx.importFieldMapping.findFirst({ where: { dataImportId: dataImport.id, sourceField: mapping.sourceField } }),
      () =>
        tx.importFieldMapping.create({
          data: {
            dataImportId: dataImport.id,
            clientAccountId: tenant.clientAccountId,
            masterFlowId: master.id,
            ...mapping,
            status: 'approved',
            approvedBy: PLATFORM_ADMIN.email,
            approvedAt: SAMPLE_IMPORT.completedAt,
          },
        }),
    );
  }
  return { session, dataImport };
}

/** The asset columns the sample's field mappings fill from one CSV row. */
function mappedColumns(row: SampleAsset['row']) {
  return {
    hostname: row.hostname,
    ipAddress: row.ip,
    operatingSystem: row.os,
    environment: row.env,
    applicationName: row.app,
    cpuCores: Number(row.cpu),
    memoryGb: Number(row.ram_gb),
  };
}

/** Where a sample's assets came from: the demo import, or entered by hand. */
function provenance(source: SampleImport | undefined, adminId: string) {
  if (!source) return { discoveryMethod: 'manual' };
  return {
    sessionId: source.session.id,
    discoveryMethod: 'import',
    discoverySource: SAMPLE_IMPORT.sourceSystem,
    discoveryTimestamp: SAMPLE_IMPORT.completedAt,
    importedBy: adminId,
    importedAt: SAMPLE_IMPORT.completedAt,
    sourceFilename: SAMPLE_IMPORT.filename,
  };
}

/** A tenant's sample assets, keyed by name within the engagement, then their dependencies and tags. */
export async function ensureSampleAssets(ctx: SeedContext, tenant: Tenant, flow: DiscoveryFlow, sample: AssetSample, adminId: string, source?: SampleImport): Promise<void> {
  const { tx, tally } = ctx;
  const assetIds = new Map<string, string>();
  for (const entry of sample.assets) {
    const asset = await tally.findOrCreate(
      'assets',
      () => tx.asset.findFirst({ where: { ...tenant, name: entry.name } }),
      () =>
        tx.asset.create({
          data: {
            ...tenant,
            flowId: flow.flowId,
            masterFlowId: flow.masterFlowId,
            name: entry.name,
            assetName: entry.name,
            assetType: entry.assetType,
            ...mappedColumns(entry.row),
            ...provenance(source, adminId),
            rawData: entry.row,
            createdBy: adminId,
          },
        }),
    );
    assetIds.set(entry.name, asset.id);
  }
  const idOf = (name: string) => assetIds.get(name) ?? fail(`sample data names an unknown asset "${name}"`);

  for (const dependency of sample.dependencies) {
    const assetId = idOf(dependency.from);
    const dependsOnAssetId = idOf(dependency.to);
    await tally.findOrCreate(
      'asset_dependencies',
      () => tx.assetDependency.findFirst({ where: { assetId, dependsOnAssetId } }),
      () => tx.assetDependency.create({ data: { assetId, dependsOnAssetId, dependencyType: dependency.dependencyType, description: dependency.description } }),
    );
  }

  const tagIds = new Map<string, string>();
  for (const tag of sample.tags) {
    // Keyed by client too: a same-named tag of another client must fail (tags.name is globally unique), not be borrowed.
    const row = await tally.findOrCreate(
      'tags',
      () => tx.tag.findFirst({ where: { clientAccountId: tenant.clientAccountId, name: tag.name } }),
      () => {
        const usageCount = sample.assets.filter((asset) => asset.tags.includes(tag.name)).length;
        return tx.tag.create({ data: { clientAccountId: tenant.clientAccountId, ...tag, usageCount } });
      },
    );
    tagIds.set(tag.name, row.id);
  }

  for (const entry of sample.assets) {
    const assetId = idOf(entry.name);
    for (const name of entry.tags) {
      const tagId = tagIds.get(name) ?? fail(`sample asset "${entry.name}" has an unknown tag "${name}"`);
      await tally.findOrCreate(
        'asset_tags',
        () => tx.assetTag.findFirst({ where: { assetId, tagId } }),
        () =>
          tx.assetTag.create({
            data: { assetId, tagId, confidenceScore: 1, assignedMethod: 'manual', assignedBy: adminId, isValidated: true, validatedBy: adminId, validatedAt: SAMPLE_IMPORT.completedAt },
          }),
      );
    }
  }
}

function fail(message: string): never {
  throw new Error(message);
}
