import type { Prisma } from '../generated/prisma/client.js';
import type { Tally } from './tally.js';

/** What every seed function works with: the open transaction and the per-table counts. */
export interface SeedContext {
  tx: Prisma.TransactionClient;
  tally: Tally;
}

/** The two columns that place a row in one client's engagement. */
export interface Tenant {
  clientAccountId: string;
  engagementId: string;
}
