import path from 'node:path';
import { projectRoot } from '../database/resolve.js';
import type { CheckOptions } from './run-check.js';

/** The project's expected-catalog lock (db:check compares with it; db:report draws it). */
export const projectLockFile = (root: string = projectRoot): string => path.join(root, 'prisma', 'schema.lock.json');

/** The options `npm run db:check` uses by default: the project's lock, contract, schema.prisma and migrations. */
export function projectCheckOptions(databaseUrl: string, overrides: Partial<Omit<CheckOptions, 'databaseUrl'>> = {}): CheckOptions {
  return {
    databaseUrl,
    schema: 'public',
    expectedFile: projectLockFile(),
    rulesFile: path.join(projectRoot, 'prisma', 'spec-contract.json'),
    schemaFile: path.join(projectRoot, 'prisma', 'schema.prisma'),
    root: projectRoot,
    data: false,
    ignore: [],
    statementTimeoutMs: 30_000,
    connectTimeoutMs: 10_000,
    ...overrides,
  };
}
