import type { ClientAccount, Engagement, Prisma } from '../generated/prisma/client.js';
import type { SeedContext } from './context.js';

export type ClientFields = Omit<Prisma.ClientAccountUncheckedCreateInput, 'id'>;
export type EngagementFields = Omit<Prisma.EngagementUncheckedCreateInput, 'id' | 'clientAccountId'>;

/** A client account, keyed by its slug (unique). */
export function ensureClient({ tx, tally }: SeedContext, fields: ClientFields): Promise<ClientAccount> {
  return tally.findOrCreate(
    'client_accounts',
    () => tx.clientAccount.findUnique({ where: { slug: fields.slug } }),
    () => tx.clientAccount.create({ data: fields }),
  );
}

/** An engagement, keyed by its name within the client. */
export function ensureEngagement({ tx, tally }: SeedContext, clientAccountId: string, fields: EngagementFields): Promise<Engagement> {
  return tally.findOrCreate(
    'engagements',
    () => tx.engagement.findFirst({ where: { clientAccountId, name: fields.name } }),
    () => tx.engagement.create({ data: { ...fields, clientAccountId } }),
  );
}
