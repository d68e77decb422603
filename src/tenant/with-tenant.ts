/**
 * The application's side of tenant isolation (README "Tenant isolation"): `withTenant` runs a unit of work as
 * one tenant. The row-level security policies apply to members of the aiforce_tenant role, so the Prisma
 * Client must connect as such a login role, never as the tables' owner (the owner bypasses the policies).
 */
import * as z from 'zod';
import { describeIssues, UserError } from '../errors/index.js';

/** The settings the policies read (also in prisma/spec-contract.json, tenantIsolation). */
export const TENANT_SETTING = 'aiforce.client_account_id';
export const ENGAGEMENT_SETTING = 'aiforce.engagement_id';

/** Whose rows the work sees: one client account, and optionally one of its engagements (uuids). */
export interface TenantScope {
  clientAccountId: string;
  engagementId?: string;
}

// Any uuid PostgreSQL stores (z.guid: the 8-4-4-4-12 hex form, whatever its version bits), so a bad value is
// refused here rather than by the policies' ::uuid cast in the middle of a query.
const scopeSchema = z
  .object({
    clientAccountId: z.guid('must be a uuid'),
    engagementId: z.guid('must be a uuid').optional(),
  })
  .strict() satisfies z.ZodType<TenantScope>;

/** What withTenant needs of a Prisma Client: interactive transactions whose client runs raw SQL. */
export interface TenantTransactions<Tx extends RawSql, Options> {
  $transaction<R>(work: (tx: Tx) => Promise<R>, options?: Options): Promise<R>;
}

export interface RawSql {
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<number>;
}

/**
 * Runs `work` in an interactive transaction that first sets the tenant (and engagement) with
 * `set_config(..., true)`: transaction-local, so the settings end with the transaction and a pooled connection
 * never carries a tenant into its next use. `options` are Prisma's ($transaction: maxWait, timeout,
 * isolationLevel). A scope that is not a uuid (or has unknown keys) is refused before any query.
 */
export async function withTenant<Tx extends RawSql, Options, R>(prisma: TenantTransactions<Tx, Options>, scope: TenantScope, work: (tx: Tx) => Promise<R>, options?: Options): Promise<R> {
  const parsed = scopeSchema.safeParse(scope);
  if (!parsed.success) throw new UserError(describeIssues('withTenant: invalid tenant scope', parsed.error.issues));
  const { clientAccountId, engagementId } = parsed.data;
  return prisma.$transaction(async (tx) => {
    // No engagement is '' rather than left alone: that also overrides a session-level value on this connection.
    await tx.$executeRaw`SELECT set_config(${TENANT_SETTING}, ${clientAccountId}, true), set_config(${ENGAGEMENT_SETTING}, ${engagementId ?? ''}, true)`;
    return work(tx);
  }, options);
}
