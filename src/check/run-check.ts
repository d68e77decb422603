import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { compareSnapshots } from '../compare/index.js';
import { connect } from '../database/connect.js';
import { maskUrl } from '../database/url.js';
import { readLock } from '../expected/lock.js';
import { SchemaLocations } from '../expected/locations.js';
import type { Finding } from '../findings/finding.js';
import { readSnapshot, type CatalogSnapshot } from '../introspection/index.js';
import { checkContract, foldContractFindings } from '../rules/check-contract.js';
import { readContract } from '../rules/contract.js';
import { checkRequiredRows } from '../rules/required-rows.js';
import { DEFAULT_IGNORES, ignoreMatcher, withoutIgnored } from './ignore.js';
import { summarize, type CheckResult } from './result.js';

export interface CheckOptions {
  databaseUrl: string;
  schema: string;
  /** The expected-catalog lock file. */
  expectedFile: string;
  /** The spec contract (rules file), or null to skip it. */
  rulesFile: string | null;
  /** prisma/schema.prisma, for source locations. */
  schemaFile: string;
  /** Project root, to print locations relative to it. */
  root: string;
  data: boolean;
  ignore: string[];
  statementTimeoutMs: number;
  connectTimeoutMs: number;
}

export interface CheckTimings {
  connectMs: number;
  snapshotMs: number;
  compareMs: number;
  tables: number;
  columns: number;
}

const countColumns = (snapshot: CatalogSnapshot) => snapshot.tables.reduce((sum, table) => sum + table.columns.length, 0);

/** config -> connect -> snapshot -> compare -> findings. Only the edges do I/O. */
export async function runCheck(options: CheckOptions): Promise<{ result: CheckResult; timings: CheckTimings }> {
  const started = performance.now();
  const [lock, contract, client] = await Promise.all([
    readLock(options.expectedFile),
    options.rulesFile ? readContract(options.rulesFile) : Promise.resolve(null),
    connect(options.databaseUrl, { statementTimeoutMs: options.statementTimeoutMs, connectTimeoutMs: options.connectTimeoutMs, applicationName: 'aiforce-db check' }),
  ]);
  try {
    const connected = performance.now();
    const serverVersion = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    const live = await readSnapshot(client, options.schema);
    const snapshotDone = performance.now();

    const ignores = [...DEFAULT_IGNORES, ...options.ignore];
    const actual = withoutIgnored(live, ignores);
    const expected = withoutIgnored(lock.catalog, ignores);
    let findings = compareSnapshots(expected, actual, { schema: options.schema });
    if (contract) {
      const ignore = ignoreMatcher(ignores);
      findings = foldContractFindings(findings, checkContract(contract, actual, options.schema, ignore.table));
      if (options.data) findings.push(...(await checkRequiredRows(client, contract.seed, options.schema, actual)));
    }
    const located = locate(findings, options);
    const compareDone = performance.now();

    const { errors, warnings } = summarize(located);
    const result: CheckResult = {
      version: 1,
      target: { database: maskUrl(options.databaseUrl), schema: options.schema, serverVersion },
      expected: { source: path.relative(options.root, options.expectedFile) || options.expectedFile, migrations: lock.migrations.length },
      summary: { drift: located.length > 0, errors, warnings, tables: actual.tables.length, columns: countColumns(actual), enums: actual.enums.length },
      findings: located,
    };
    return {
      result,
      timings: {
        connectMs: connected - started,
        snapshotMs: snapshotDone - connected,
        compareMs: compareDone - snapshotDone,
        tables: live.tables.length,
        columns: countColumns(live),
      },
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Adds schema.prisma locations and sorts findings by path, so reports are stable. */
function locate(findings: Finding[], options: CheckOptions): Finding[] {
  const locations = SchemaLocations.load(options.schemaFile, path.relative(options.root, options.schemaFile));
  return findings
    .map((finding) => {
      const location = finding.location ?? locations?.locate(finding, options.schema);
      return location ? { ...finding, location } : finding;
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
