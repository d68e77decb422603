import type { TestProject } from 'vitest/node';
import { withConnection } from '../../src/database/connect.js';
import { createMutationTablespace, MUTATION_TABLESPACE } from './mutations.js';
import { migrateTemplate, TEMPLATE_DATABASE } from './template.js';
import { startTestServer } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    serverVersion: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestServer();
  const version = await withConnection(server.adminUrl, async (client) => (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version);
  process.stdout.write(`test database: real PostgreSQL ${version} (${server.description})\n`);
  await migrateTemplate(server.adminUrl);
  await createMutationTablespace(server.adminUrl);
  project.provide('adminUrl', server.adminUrl);
  project.provide('serverVersion', version);
  return async () => {
    await withConnection(server.adminUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
      // Empty once every test database is dropped.
      await client.query(`DROP TABLESPACE IF EXISTS ${MUTATION_TABLESPACE}`);
    }).catch(() => undefined);
    await server.stop();
  };
}
