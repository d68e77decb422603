import path from 'node:path';
import { runCheck, type CheckOptions } from '../../src/check/run-check.js';
import { projectRoot } from './template.js';

/** The options `npm run db:check` uses on `url` (the project's lock, contract, migrations), overridable. */
export function checkOptions(url: string, overrides: Partial<Omit<CheckOptions, 'databaseUrl'>> = {}): CheckOptions {
  return {
    databaseUrl: url,
    schema: 'public',
    expectedFile: path.join(projectRoot, 'prisma', 'schema.lock.json'),
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

/** Runs the drift check in-process against `url`. */
export async function check(url: string, overrides: Partial<Omit<CheckOptions, 'databaseUrl'>> = {}) {
  return (await runCheck(checkOptions(url, overrides))).result;
}

export const codesAndPaths = (findings: Array<{ code: string; path: string }>) => findings.map((f) => `${f.code} ${f.path}`).sort();
