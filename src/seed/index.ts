/**
 * The seed: inserts the rows spec/schema-ready.md requires (and, on request, a browsing sample) through the
 * generated Prisma Client, in one interactive transaction. Rows are found by natural key before being created,
 * and existing rows are never changed, so running it again is a no-op.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { compareRequiredRows, type FieldDifference } from '../contract/required-rows.js';
import type { RunDeadline } from '../database/deadline.js';
import { explainFailure, isProgrammingError } from '../errors/explain.js';
import { UserError } from '../errors/index.js';
import { ensureAdmin, ensureAdminClientAccess, ensureAdminRole } from './admin.js';
import type { SeedContext, Tenant } from './context.js';
import { DEMO_ASSETS, DEMO_CLIENT, DEMO_ENGAGEMENT, DEMO_ENGAGEMENT_SCHEDULE, DEMO_FLOW, REQUIRED_ROWS, SECOND_TENANT, SECOND_TENANT_ASSETS, SECOND_TENANT_FLOW } from './data.js';
import { assertAdminPassword } from './password.js';
import { ensureDiscoveryFlow, ensureMasterFlow, ensureSampleAssets, ensureSampleImport } from './sample.js';
import { Tally, type TableCount } from './tally.js';
import { ensureClient, ensureEngagement } from './tenant.js';

export type { TableCount } from './tally.js';

export const REQUIRED_STEPS = ['demo client account', 'demo engagement', 'platform admin', 'admin role', 'admin client access'] as const;
export const SAMPLE_STEPS = ['sample tenant', 'sample master flows', 'sample data import', 'sample discovery flows', 'sample assets'] as const;
export type SeedStep = (typeof REQUIRED_STEPS)[number] | (typeof SAMPLE_STEPS)[number] | 'check of the required rows';

export interface SeedOptions {
  /** Password of the admin if it has to be created; when absent, a random one is generated and reported. */
  adminPassword?: string;
  /** Also insert the browsing sample (two tenants, flows, an import, assets). */
  sample?: boolean;
  /** Test hook: fail right after this step has written its rows, to prove the transaction leaves nothing behind. */
  failAfterStep?: SeedStep;
  /**
   * The run's deadline. The transaction must end before it (Prisma's own timeout); the adapter's connections,
   * created with the same deadline, are destroyed when it passes, so a frozen server cannot hold the seed.
   */
  deadline?: RunDeadline;
}

export interface SeedReport {
  /** Per table touched: rows created and rows found already there. */
  tables: TableCount[];
  createdRows: number;
  /** Required rows that already existed with a field other than the spec's: kept as they are, and reported. */
  differing: Array<{ row: string; fields: FieldDifference[] }>;
  /** The admin's password, when this run created the admin and generated it. Show it once; it is stored only hashed. */
  generatedPassword?: string;
}

/** A failed step: one line naming the step. Nothing was written (the transaction was rolled back). */
export class SeedStepError extends UserError {
  constructor(
    readonly step: SeedStep,
    cause: unknown,
  ) {
    super(`seed failed at step "${step}": ${describeCause(cause)}`);
    this.name = 'SeedStepError';
    this.cause = cause;
  }
}

interface PrismaErrorLike {
  code?: unknown;
  meta?: { driverAdapterError?: { cause?: { originalMessage?: unknown } } };
}

/** Prisma's messages quote the failing call over several lines; the reason is the last one. */
function lastLine(text: string): string {
  return text.split('\n').map((line) => line.trim()).filter(Boolean).at(-1) ?? 'unknown error';
}

/**
 * One line: what the server or the connection did and what to do, when it is theirs (explainFailure);
 * else PostgreSQL's own message when the adapter kept it (it names the constraint), else Prisma's reason.
 */
function describeCause(cause: unknown): string {
  const explained = explainFailure(cause);
  if (explained) return explained.message;
  const error = (cause ?? {}) as PrismaErrorLike;
  const original = error.meta?.driverAdapterError?.cause?.originalMessage;
  const reason = typeof original === 'string' ? original : lastLine(cause instanceof Error ? cause.message : String(cause));
  // P2021: a table does not exist, i.e. the migrations were not applied.
  return error.code === 'P2021' ? `${reason} (apply the migrations first: npm run db:migrate)` : reason;
}

/** Runs named steps in order, naming the step in any error, and injects the test failure after `failAfter`. */
function stepRunner(failAfter: SeedStep | undefined) {
  return async <T>(step: SeedStep, work: () => Promise<T>): Promise<T> => {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      if (isProgrammingError(error)) throw error;
      throw new SeedStepError(step, error);
    }
    if (step === failAfter) throw new SeedStepError(step, new Error('failure injected by the failAfterStep test hook'));
    return result;
  };
}

// Serialises concurrent seeds (e.g. two `prisma migrate reset` runs): the second one waits, then finds every row.
const SEED_LOCK = 'aiforce-db seed';

/** Inserts the required rows (and the sample when asked) in one transaction, and reports what it did. */
export async function seed(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedReport> {
  if (options.adminPassword !== undefined) assertAdminPassword(options.adminPassword);
  const steps: readonly SeedStep[] = options.sample ? [...REQUIRED_STEPS, ...SAMPLE_STEPS] : REQUIRED_STEPS;
  if (options.failAfterStep !== undefined && !steps.includes(options.failAfterStep)) {
    throw new Error(`failAfterStep "${options.failAfterStep}" is not a step of this seed (${steps.join(', ')})`);
  }
  const step = stepRunner(options.failAfterStep);
  // bcrypt at cost 12 runs inside the transaction: allow well beyond Prisma's 5 s default on a slow machine.
  const timeout = Math.max(1, options.deadline?.remainingMs() ?? 120_000);
  let committing = false;
  const { tally, generatedPassword, differing } = await prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${SEED_LOCK}))`;
      const ctx: SeedContext = { tx, tally: new Tally() };
      const client = await step('demo client account', () => ensureClient(ctx, DEMO_CLIENT));
      const engagement = await step('demo engagement', () => ensureEngagement(ctx, client.id, { ...DEMO_ENGAGEMENT, ...DEMO_ENGAGEMENT_SCHEDULE }));
      const demo: Tenant = { clientAccountId: client.id, engagementId: engagement.id };
      const { admin, generatedPassword } = await step('platform admin', () => ensureAdmin(ctx, options.adminPassword, demo));
      await step('admin role', () => ensureAdminRole(ctx, admin.id));
      await step('admin client access', () => ensureAdminClientAccess(ctx, admin.id, client.id));
      if (options.sample) await seedSample(ctx, step, demo, admin.id);
      const differing = await step('check of the required rows', () => differingRows(tx));
      committing = true;
      return { tally: ctx.tally, generatedPassword, differing };
    },
    { maxWait: Math.min(10_000, timeout), timeout },
  ).catch((error: unknown) => {
    // Before COMMIT nothing is written; a COMMIT cut off on its way may or may not have been applied.
    if (!committing) throw error;
    throw new UserError(`the seed's COMMIT did not complete (${describeCause(error)}), so whether its rows were written is unknown: run db:seed again when the database answers (it is idempotent)`);
  });
  const tables = tally.counts();
  return { tables, createdRows: tables.reduce((sum, table) => sum + table.created, 0), differing, generatedPassword };
}

/**
 * Existing rows are never updated (that keeps a second run a no-op, and never undoes a deliberate change such
 * as a deactivated admin), so a required row that exists with another value stays as it is: the seed compares
 * the rows the way `db:check --data` does and reports them.
 */
async function differingRows(tx: Prisma.TransactionClient): Promise<SeedReport['differing']> {
  const differences = await compareRequiredRows((sql) => tx.$queryRawUnsafe<Array<Record<string, string | null>>>(sql), REQUIRED_ROWS, 'public');
  return differences.flatMap((difference) => (difference.missing ? [] : [{ row: difference.required.label, fields: difference.fields }]));
}

async function seedSample(ctx: SeedContext, step: ReturnType<typeof stepRunner>, demo: Tenant, adminId: string): Promise<void> {
  const second = await step('sample tenant', async () => {
    const client = await ensureClient(ctx, SECOND_TENANT.client);
    const engagement = await ensureEngagement(ctx, client.id, SECOND_TENANT.engagement);
    return { clientAccountId: client.id, engagementId: engagement.id };
  });
  const { demoMaster, secondMaster } = await step('sample master flows', async () => ({
    demoMaster: await ensureMasterFlow(ctx, demo, DEMO_FLOW, adminId),
    secondMaster: await ensureMasterFlow(ctx, second, SECOND_TENANT_FLOW, adminId),
  }));
  const source = await step('sample data import', () => ensureSampleImport(ctx, demo, demoMaster, adminId));
  const flows = await step('sample discovery flows', async () => ({
    demo: await ensureDiscoveryFlow(ctx, demo, DEMO_FLOW, demoMaster, source),
    second: await ensureDiscoveryFlow(ctx, second, SECOND_TENANT_FLOW, secondMaster),
  }));
  await step('sample assets', async () => {
    await ensureSampleAssets(ctx, demo, flows.demo, DEMO_ASSETS, adminId, source);
    await ensureSampleAssets(ctx, second, flows.second, SECOND_TENANT_ASSETS, adminId);
  });
}
