import type { ProjectPaths } from '../config/project.js';
import { DEFAULT_CHECK_STATEMENT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS } from '../database/connect.js';
import type { CheckOptions } from './run-check.js';

/** The options `aiforce-db check` uses by default: the project's lock, contract (if any), schema.prisma and migrations. */
export function projectCheckOptions(databaseUrl: string, paths: ProjectPaths, overrides: Partial<Omit<CheckOptions, 'databaseUrl'>> = {}): CheckOptions {
  return {
    databaseUrl,
    schema: 'public',
    expectedFile: paths.lock,
    contractFile: paths.contract,
    ...(paths.noContract ? { contractSkipped: paths.noContract } : {}),
    schemaFile: paths.schema,
    root: paths.root,
    migrationsDir: paths.migrations,
    data: false,
    ignore: [],
    statementTimeoutMs: DEFAULT_CHECK_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
    ...overrides,
  };
}
