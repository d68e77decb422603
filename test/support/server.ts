/**
 * Picks the PostgreSQL server the tests run on, in this order:
 * TEST_DATABASE_URL, else testcontainers where a container runtime answers, else the embedded PostgreSQL 18
 * (src/database/embedded.ts) in a throw-away folder.
 * Never a mock: every database test talks to a real server.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbedded } from '../../src/database/embedded.js';

export interface TestServer {
  adminUrl: string;
  description: string;
  stop(): Promise<void>;
}

async function containerRuntimeAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

export async function startTestServer(): Promise<TestServer> {
  const explicit = process.env.TEST_DATABASE_URL?.trim();
  if (explicit) {
    return { adminUrl: explicit, description: 'TEST_DATABASE_URL', stop: async () => undefined };
  }
  if (await containerRuntimeAnswers()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:17-alpine').start();
    return { adminUrl: container.getConnectionUri(), description: 'testcontainers postgres:17-alpine', stop: async () => void (await container.stop()) };
  }
  const home = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-test-'));
  const server = await startEmbedded({ home, throwaway: true });
  return { adminUrl: server.adminUrl(), description: 'embedded, throw-away folder', stop: server.stop };
}
