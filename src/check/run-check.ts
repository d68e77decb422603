import path from 'node:path';
import type pg from 'pg';
import { acceptFindings, readBaseline, writeBaseline, type BaselineEntry } from '../baseline/index.js';
import { compareCatalogs, type CompareOptions } from '../catalog/compare.js';
import { castability, probeConversions, recordingCastable } from '../catalog/casts.js';
import { defaultEquivalence, defaultsToProbe, probeDefaults } from '../catalog/equivalence.js';
import { withoutIgnored } from '../catalog/ignore.js';
import { openLockFile, readLockKnowing, type LockFile } from '../catalog/lock.js';
import { readCatalog } from '../catalog/read.js';
import { connect, type ConnectOptions } from '../database/connect.js';
import { maskUrl } from '../database/url.js';
import { constraints } from '../catalog/kinds/constraints.js';
import { foreignKeys } from '../catalog/kinds/foreign-keys.js';
import { indexes } from '../catalog/kinds/indexes.js';
import { primaryKeys } from '../catalog/kinds/primary-keys.js';
import { refKey, type ObjectRef } from '../catalog/model.js';
import type { Catalog } from '../catalog/registry.js';
import { SourceLocations, type KeyHint } from '../expected/locations.js';
import { byPathAndCode, type Finding } from '../findings/finding.js';
import { diagnoseHistory, readCommittedMigrations, readMigrationTable, type CommittedMigration } from '../migration-history/index.js';
import type { FailOn, SeverityRule } from '../severity/index.js';
import { checkContract, foldContractFindings } from '../contract/check-contract.js';
import { readContract, type SpecContract } from '../contract/contract.js';
import { checkRequiredRows } from '../contract/required-rows.js';
import { DEFAULT_IGNORES, ignoreMatcher, MIGRATION_TABLE } from './ignore.js';
import { readReplicationRoles, replicationRoleFindings } from './replication-role.js';
import { judge } from './judge.js';
import type { CheckResult } from './result.js';
import { assessUnmigrated, PRISMA_MIGRATE } from './unmigrated.js';
import { isPackageRoot } from '../config/project.js';
import { MIGRATE_COMMAND } from '../formats/words.js';
import { now } from '../process/clock.js';

export interface CheckOptions {
  databaseUrl: string;
  schema: string;
  /** The expected-catalog lock file. */
  expectedFile: string;
  /** The spec contract, or null to skip it. */
  contractFile: string | null;
  /** Why contractFile is null, for the notes (default: --no-rules). */
  contractSkipped?: string;
  /** The Prisma schema file, for source locations. */
  schemaFile: string;
  /** Project root, to print locations relative to it. */
  root: string;
  data: boolean;
  ignore: string[];
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  /** Client-side limit for each query's answer (default: the statement timeout plus 5 s). */
  queryTimeoutMs?: number;
  /** The run's deadline: when it passes, the connections are destroyed and the check fails with its reason. */
  signal?: AbortSignal;
  /** The migrations folder: source locations, and the history `_prisma_migrations` is compared with. */
  migrationsDir: string;
  /** Compare the migration history (default true; --no-history). */
  history?: boolean;
  /** Compare with this live database instead of the lock: contract, history and baseline are skipped. */
  againstUrl?: string;
  /** Severity overrides (config file); the last matching rule wins. */
  severity?: SeverityRule[];
  /** Default: error. */
  failOn?: FailOn;
  /** Accepted drift. With `accept`, the file is first rewritten to accept every current finding. */
  baseline?: { file: string; required: boolean; accept?: Pick<BaselineEntry, 'reason' | 'owner' | 'expires'> };
  /** YYYY-MM-DD (UTC) against which baseline expiry is judged; default today. */
  today?: string;
  /** Compare owners too (off by default: they differ between environments for good reasons). */
  owners?: boolean;
  /**
   * Return without waiting for the server to close the connections (Terminate is sent either way): about 5 ms
   * for a process that exits right after. A caller that goes on to connect again (the nightly report, under a
   * connection limit) must not set it.
   */
  leaveClosing?: boolean;
}

export interface CheckTimings {
  connectMs: number;
  snapshotMs: number;
  compareMs: number;
  tables: number;
  columns: number;
}

/** What the check reads from files, all at once while it connects (the lock is only found readable then). */
interface Inputs {
  /** Found readable; read once the live catalog is in. */
  lock?: LockFile;
  contract: SpecContract | null;
  /** Undefined when the history is not checked. */
  committed?: CommittedMigration[];
  baseline: BaselineEntry[];
}

const relative = (root: string, file: string) => path.relative(root, file) || file;

/** config -> connect -> snapshot -> compare -> findings -> policy and baseline. Only the edges do I/O. */
export async function runCheck(options: CheckOptions): Promise<{ result: CheckResult; timings: CheckTimings }> {
  const started = now();
  const against = options.againstUrl;
  const migrationsDir = against || options.history === false ? null : options.migrationsDir;
  const baseline = against ? undefined : options.baseline;
  const notes: string[] = [];
  if (against) notes.push('compared with another database (--against): the spec contract, the migration history and the baseline are not checked in this mode');
  else {
    if (!options.contractFile) notes.push(`spec contract not checked (${options.contractSkipped ?? '--no-rules'})`);
    if (migrationsDir === null) notes.push('migration history not checked (--no-history)');
  }

  const connectOptions: ConnectOptions = { statementTimeoutMs: options.statementTimeoutMs, connectTimeoutMs: options.connectTimeoutMs, queryTimeoutMs: options.queryTimeoutMs, signal: options.signal, applicationName: 'aiforce-db check' };
  const { inputs, clients, helpers } = await openInputs(
    {
      lock: against ? undefined : openLockFile(options.expectedFile, relative(options.root, options.expectedFile)),
      contract: against || !options.contractFile ? null : readContract(options.contractFile),
      committed: migrationsDir === null ? undefined : readCommittedMigrations(migrationsDir),
      baseline: baseline ? readBaseline(baseline.file, { required: baseline.required && !baseline.accept, display: relative(options.root, baseline.file) }) : [],
    },
    [{ url: options.databaseUrl }, ...(against ? [{ url: against, variable: '--against' }] : [])],
    connectOptions,
  );
  const [client, referenceClient] = clients as [pg.Client, pg.Client | undefined];
  try {
    const connected = now();
    const readOptions = (helper: Promise<pg.Client | undefined> | undefined) => ({ helper, owners: options.owners ?? false });
    const [live, reference] = await Promise.all([
      readCatalog(client, options.schema, readOptions(helpers[0])),
      referenceClient && readCatalog(referenceClient, options.schema, readOptions(helpers[1])),
    ]);
    const ignore = ignoreMatcher([...DEFAULT_IGNORES, ...options.ignore]);
    const actual = withoutIgnored(live.catalog, ignore);
    // Asked first, so that the server reads the history while the lock is parsed.
    const historyRead = inputs.committed && readMigrationTable(client, options.schema);
    void historyRead?.catch(() => undefined);
    // Of the database checked only: another one (--against) is what it should be, not where rows are written.
    const replicationRead = against ? undefined : readReplicationRoles(client);
    void replicationRead?.catch(() => undefined);
    // Read against what the database holds, as compared: the lines that match it are not parsed again.
    const lock = inputs.lock && (await readLockKnowing(inputs.lock, actual));
    const history = await historyRead;
    const expected = withoutIgnored(reference?.catalog ?? lock!.catalog, ignore, actual);
    const equalDefaults = await probeDefaults(client, options.schema, defaultsToProbe(expected, actual));
    const snapshotDone = now();

    const labels = against ? { expectedLabel: maskUrl(against), actualLabel: maskUrl(options.databaseUrl) } : {};
    const sameDefault = defaultEquivalence(equalDefaults);
    const compareOptions: CompareOptions = {
      schema: options.schema,
      // The oldest server of the comparison: the database's, the other database's, or the lock's.
      serverVersion: Math.min(live.serverVersionNumber, reference?.serverVersionNumber ?? Infinity, lock ? lock.serverMajor * 10000 : Infinity),
      ...labels,
      sameDefault,
      ...(options.owners ? {} : { skip: new Set(['owners'] as const) }),
      readers: { actual: live.reader, expected: reference?.reader },
    };
    // The conversions its fixes write are asked about (where there are any), then compared again with the answers.
    const conversions = recordingCastable();
    let findings = compareCatalogs(expected, actual, { ...compareOptions, castable: conversions.castable });
    const uncastable = await probeConversions(client, options.schema, conversions.asked());
    if (uncastable.size) findings = compareCatalogs(expected, actual, { ...compareOptions, castable: castability(uncastable) });
    if (inputs.contract) {
      const contractOptions = { ignoreTable: ignore.table, sameDefault, expected };
      const broken = checkContract(inputs.contract, actual, options.schema, contractOptions);
      // Where the schema itself breaks a rule, the spec's words say what the schema finding cannot (asked only
      // when the database breaks one: most checks find none, and it costs as much again).
      const schemaBreaks = new Set(broken.length ? checkContract(inputs.contract, expected, options.schema, contractOptions).map((violation) => violation.path) : []);
      findings = foldContractFindings(findings, broken, schemaBreaks);
      if (options.data) findings.push(...(await checkRequiredRows(client, inputs.contract.seed, options.schema, actual)));
    }
    findings.push(...replicationRoleFindings((await replicationRead) ?? []));
    if (inputs.committed && history) {
      const diagnosis = diagnoseHistory(inputs.committed, history, { schema: options.schema, root: options.root, folder: relative(options.root, options.migrationsDir) });
      findings.push(...diagnosis.findings);
      if (diagnosis.note) notes.push(diagnosis.note);
    }
    // Source locations come from the migrations even when the history is not compared.
    const located = locate(findings, options, options.migrationsDir, [expected, actual]);

    const today = options.today ?? new Date().toISOString().slice(0, 10);
    let entries = inputs.baseline;
    if (baseline?.accept) {
      entries = acceptFindings(located, entries, baseline.accept, today);
      await writeBaseline(baseline.file, entries);
      notes.push(`wrote ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} to ${relative(options.root, baseline.file)} (--update-baseline)`);
    }
    const verdict = judge(located, { severity: options.severity ?? [], failOn: options.failOn ?? 'error' }, entries, today);
    const compareDone = now();

    const result: CheckResult = {
      version: 1,
      target: { database: maskUrl(options.databaseUrl), schema: options.schema, serverVersion: live.serverVersion },
      expected: against ? { source: maskUrl(against) } : { source: relative(options.root, options.expectedFile), migrations: lock!.migrations.length },
      schemaFile: relative(options.root, options.schemaFile),
      summary: {
        drift: verdict.findings.length > 0,
        failed: verdict.failed,
        failOn: options.failOn ?? 'error',
        errors: verdict.errors,
        warnings: verdict.warnings,
        baselined: verdict.baselined.length,
        stale: verdict.stale.length,
        tables: actual.tables.length,
        columns: actual.columns.length,
        enums: actual.enums.length,
        // Only against the migrations: another live database (--against) is no sign of what to run.
        unmigrated: against ? null : assessUnmigrated(expected, actual, live.catalog.tables.some((table) => table.name === MIGRATION_TABLE), isPackageRoot(options.root) ? MIGRATE_COMMAND : PRISMA_MIGRATE),
      },
      tables: [...new Set([...expected.tables, ...actual.tables].map((table) => table.name))].sort(),
      historyChecked: history !== undefined && history.status !== 'unreadable',
      notes,
      findings: verdict.findings,
      baselined: verdict.baselined,
      ...(baseline ? { baselineFile: relative(options.root, baseline.file) } : {}),
      staleBaseline: verdict.stale,
    };
    return {
      result,
      timings: {
        connectMs: connected - started,
        snapshotMs: snapshotDone - connected,
        compareMs: compareDone - snapshotDone,
        tables: live.catalog.tables.length,
        columns: live.catalog.columns.length,
      },
    };
  } finally {
    const closing = closeAll(clients);
    if (!options.leaveClosing) await closing;
  }
}

const closeAll = (clients: pg.Client[]) => Promise.all(clients.map((client) => client.end().catch(() => undefined)));

/**
 * Reads the input files while connecting to the database(s), each with a second connection that the catalog
 * read shares its work with (it reads alone where that one cannot open). If anything fails, the connections
 * that did open are closed before the error goes up (an open socket would keep the CLI from exiting).
 */
async function openInputs(
  reads: { [K in keyof Inputs]: Promise<Inputs[K]> | Inputs[K] },
  targets: Array<{ url: string; variable?: string }>,
  connectOptions: ConnectOptions,
): Promise<{ inputs: Inputs; clients: pg.Client[]; helpers: Array<Promise<pg.Client | undefined>> }> {
  const opening = targets.map(({ url, variable }) => connect(url, { ...connectOptions, ...(variable ? { variable } : {}) }));
  // Only once the first connections are in: under a connection limit, a second one must be what is refused.
  const allIn = Promise.all(opening);
  const helpers = targets.map(({ url }) => allIn.then(() => connect(url, connectOptions)).catch(() => undefined));
  const files = Promise.all([reads.lock, reads.contract, reads.committed, reads.baseline]);
  const settled = await Promise.allSettled([files, ...opening]);
  const clients = settled.slice(1).flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value as pg.Client] : []));
  const failure = settled.find((outcome) => outcome.status === 'rejected');
  if (failure) {
    for (const helper of helpers) void helper.then((opened) => opened?.end()).catch(() => undefined);
    await closeAll(clients);
    throw failure.reason;
  }
  const [lock, contract, committed, baseline] = (settled[0] as PromiseFulfilledResult<Awaited<typeof files>>).value;
  return { inputs: { lock, contract, committed, baseline }, clients, helpers };
}

/** The columns of the findings' indexes and constraints: where schema.prisma declares one without a name. */
function keyHints(findings: readonly Finding[], catalogs: Catalog[]): Map<string, KeyHint> {
  const hints = new Map<string, KeyHint>();
  // Only names a finding mentions are keyed: a large catalog has tens of thousands of keys and indexes.
  const named = new Set(findings.flatMap((finding) => (finding.object ? [finding.object.name] : [])));
  const add = (ref: ObjectRef, hint: KeyHint) => named.has(ref.name) && hints.set(refKey(ref), hint);
  for (const catalog of catalogs) {
    for (const index of catalog.indexes) add(indexes.ref(index), { columns: index.columns, unique: index.unique });
    for (const constraint of catalog.constraints) add(constraints.ref(constraint), { columns: constraint.columns, unique: constraint.type === 'unique' });
    for (const key of catalog.foreignKeys) add(foreignKeys.ref(key), { columns: key.columns, unique: false });
    for (const key of catalog.primaryKeys) add(primaryKeys.ref(key), { columns: key.columns, unique: true });
  }
  return hints;
}

/** Adds source locations (schema.prisma, or the migration that creates the object) and sorts findings by path, so reports are stable. */
function locate(findings: Finding[], options: CheckOptions, migrationsDir: string | null, catalogs: Catalog[]): Finding[] {
  if (findings.length === 0) return findings;
  const locations = SourceLocations.load({ schemaFile: options.schemaFile, migrationsDir, display: (file) => relative(options.root, file) });
  const hints = keyHints(findings, catalogs);
  return findings
    .map((finding) => {
      const location = finding.location ?? (finding.object && locations.locate(finding.object, hints.get(refKey(finding.object))));
      return location ? { ...finding, location } : finding;
    })
    .sort(byPathAndCode);
}
