import path from 'node:path';
import { runCheck } from '../../src/check/run-check.js';
import { projectRoot } from './template.js';

/** Runs the drift check in-process against `url`, with the project's lock and contract. */
export async function check(url: string, overrides: { data?: boolean; schema?: string; ignore?: string[] } = {}) {
  const { result } = await runCheck({
    databaseUrl: url,
    schema: overrides.schema ?? 'public',
    expectedFile: path.join(projectRoot, 'prisma', 'schema.lock.json'),
    rulesFile: path.join(projectRoot, 'prisma', 'spec-contract.json'),
    schemaFile: path.join(projectRoot, 'prisma', 'schema.prisma'),
    root: projectRoot,
    data: overrides.data ?? false,
    ignore: overrides.ignore ?? [],
    statementTimeoutMs: 30_000,
    connectTimeoutMs: 10_000,
  });
  return result;
}

export const codesAndPaths = (findings: Array<{ code: string; path: string }>) => findings.map((f) => `${f.code} ${f.path}`).sort();
