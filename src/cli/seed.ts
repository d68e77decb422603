#!/usr/bin/env node
/**
 * `aiforce-db seed [--sample]` (npm run db:seed), also Prisma's seed command (prisma.config.ts): inserts the rows
 * the spec requires. With no DATABASE_URL it seeds aiforce-db's embedded PostgreSQL.
 */
import * as z from 'zod';
import { readEnv } from '../config/env.js';
import { packageRoot } from '../config/project.js';
import { assertReachable, DEFAULT_RUN_TIMEOUT_MS, DEFAULT_STATEMENT_TIMEOUT_MS } from '../database/connect.js';
import { runDeadline } from '../database/deadline.js';
import { createPrismaAdapter } from '../database/prisma-adapter.js';
import { withDatabase } from '../database/resolve.js';
import { describeIssues, parseOnce, UserError } from '../errors/index.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { ADMIN_PASSWORD_MIN_LENGTH, DEMO_CLIENT, DEMO_ENGAGEMENT, PLATFORM_ADMIN } from '../seed/data.js';
import { seed } from '../seed/index.js';
import { adminPasswordSchema } from '../seed/password.js';
import { colorsOn, style } from '../formats/style.js';
import { formatSummary } from '../seed/summary.js';
import { parseOptions } from '../config/cli-options.js';
import { runMain } from './run-main.js';

const HELP = `usage: aiforce-db seed [--sample]        (also: npm run db:seed [-- --sample])
Inserts, in one transaction, the demo client "${DEMO_CLIENT.name}" (${DEMO_CLIENT.slug}), its engagement
"${DEMO_ENGAGEMENT.name}" and the platform admin ${PLATFORM_ADMIN.email}. Rows that already exist are left
as they are, so running it again changes nothing.
  --sample   also insert a small sample: flows, a data import, assets, and a second tenant
environment:
  DATABASE_URL          the database to seed (unset: the project's embedded PostgreSQL)
  SEED_ADMIN_PASSWORD   password of the admin when it is created (${ADMIN_PASSWORD_MIN_LENGTH}+ characters);
                        unset: a random one is generated and printed once
  AIFORCE_DB_TIMEOUT_MS the whole seed must finish within this (default ${DEFAULT_RUN_TIMEOUT_MS}); also
                        AIFORCE_DB_QUERY_TIMEOUT_MS and AIFORCE_DB_CONNECT_TIMEOUT_MS (README: deadlines)
  NO_COLOR              print the summary without colours (FORCE_COLOR=1: with colours, even when piped)
exit codes: 0 done (or nothing to do), 2 could not run (bad input, no connection, a failed step, a
deadline: nothing was written), 3 a bug in aiforce-db`;

const optionsSchema = z.object({
  sample: z.boolean().default(false),
  help: z.boolean().default(false),
});

// An empty or short SEED_ADMIN_PASSWORD is refused rather than silently replaced by a generated one.
const envSchema = z.object({ SEED_ADMIN_PASSWORD: adminPasswordSchema.optional() });

runMain(async () => {
  const options = parseOptions(process.argv.slice(2), { sample: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, optionsSchema);
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  // Validated before any database is started, so bad input fails fast.
  const env = parseOnce(envSchema, process.env);
  if (!env.success) throw new UserError(describeIssues('environment', env.error.issues));
  const shared = readEnv();
  const deadline = runDeadline(shared.AIFORCE_DB_TIMEOUT_MS ?? DEFAULT_RUN_TIMEOUT_MS, 'db:seed', 'AIFORCE_DB_TIMEOUT_MS');
  const report = await withDatabase(shared, packageRoot, async (db) => {
    const limits = { signal: deadline.signal, statementTimeoutMs: DEFAULT_STATEMENT_TIMEOUT_MS, applicationName: 'aiforce-db seed' };
    await assertReachable(db.url, limits);
    const prisma = new PrismaClient({ adapter: await createPrismaAdapter(db.url, limits), errorFormat: 'minimal' });
    try {
      return await seed(prisma, { adminPassword: env.data.SEED_ADMIN_PASSWORD, sample: options.sample, deadline });
    } finally {
      await prisma.$disconnect();
    }
  });
  process.stdout.write(formatSummary(report, style(colorsOn(process.stdout))));
  return 0;
});
