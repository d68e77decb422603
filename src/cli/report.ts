#!/usr/bin/env node
/**
 * `aiforce-db report` (npm run db:report): the nightly drift report over one or more environments.
 * Exit 0 no drift anywhere, 1 drift in some target, 2 some target could not be checked (or bad options).
 */
import path from 'node:path';
import * as z from 'zod';
import { readLock } from '../catalog/lock.js';
import { readEnv, readTimeoutEnv, type Env } from '../config/env.js';
import { explainFailure } from '../errors/explain.js';
import { UserError } from '../errors/index.js';
import type { SchemaSource } from '../report/diagram.js';
import { assertOutputFolder, makeFolders, projectInputs, shownPath } from '../config/output.js';
import { loadProject, type Project } from '../config/project.js';
import { withDatabase } from '../database/resolve.js';
import { DEFAULT_TARGET_LIMITS, describeFailure, type CheckPolicy, type TargetLimits, type TargetOutcome } from '../report/check-target.js';
import { progressLine, statusLabel, summarySentence } from '../report/format.js';
import { plural } from '../formats/words.js';
import { readHistory } from '../report/run-history.js';
import { buildReport, reportExitCode, type NightlyReport } from '../report/report.js';
import { checkTargets, writeReport, type TargetWatch } from '../report/run.js';
import { readTargetsFile, resolveTargets } from '../report/targets.js';
import { parseOptions } from '../config/cli-options.js';
import { runMain } from './run-main.js';

const HELP = `usage: aiforce-db report [options]        (also: npm run db:report -- [options])
Checks one or more databases for drift against the project's lock and writes report.json, report.md and
report.html.
  --targets FILE      JSON file naming the environments to check, each with the environment variable that
                      holds its URL: {"targets":[{"name":"staging","urlEnv":"STAGING_DATABASE_URL","schema":"public"}]}
                      (without it: one target "default", DATABASE_URL or the embedded database)
  --out DIR           report folder (default reports/YYYY-MM-DD, the UTC date)
  --history DIR       one small JSON file per run, for "new" and "resolved" and the chart (default reports/history)
  --concurrency N     targets checked at once (default 4)
  --connect-timeout MS  each target's connect and login (default 10000, or AIFORCE_DB_CONNECT_TIMEOUT_MS)
  --target-timeout MS   each target's whole check (default 120000, or AIFORCE_DB_TIMEOUT_MS): a target that
                      takes longer is reported as not checked, and the others go on
Each target is printed on stderr as it finishes (status, findings, time taken); stdout gets the summary.
exit codes: 0 no drift anywhere, 1 drift in some target, 2 some target could not be checked, or bad options,
or the report could not be written, 3 a bug in aiforce-db`;

const optionsSchema = z.object({
  targets: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
  history: z.string().min(1).optional(),
  concurrency: z.coerce.number().int().min(1).max(32).default(4),
  'connect-timeout': z.coerce.number().int().positive().max(3_600_000).optional(),
  'target-timeout': z.coerce.number().int().positive().max(3_600_000).optional(),
  help: z.boolean().default(false),
});

/** Without a targets file: DATABASE_URL, or the project's embedded database, as target "default". */
async function checkDefault(env: Env, project: Project, policy: CheckPolicy, watch: TargetWatch): Promise<TargetOutcome[]> {
  const target = { name: 'default', schema: 'public', source: 'DATABASE_URL' };
  if (env.DATABASE_URL) return checkTargets([{ ...target, url: env.DATABASE_URL }], 1, policy, watch);
  let outcomes: TargetOutcome[] | undefined;
  try {
    await withDatabase(env, project.root, async (db) => {
      outcomes = await checkTargets([{ ...target, source: 'the embedded database URL', url: db.url }], 1, policy, watch);
    });
    return outcomes!;
  } catch (error) {
    if (!explainFailure(error)) throw error;
    // The check is done; an embedded server that would not stop afterwards does not change its outcome.
    if (outcomes) {
      process.stderr.write(`warning: ${describeFailure(error)}\n`);
      return outcomes;
    }
    const outcome: TargetOutcome = { ...target, status: 'error', database: null, error: describeFailure(error) };
    watch.onDone?.(outcome, 0);
    return [outcome];
  }
}

/** The expected catalog for the report's diagram; a lock that cannot be read leaves the page without one. */
async function schemaSource(lockFile: string): Promise<SchemaSource> {
  try {
    return { catalog: (await readLock(lockFile)).catalog };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    process.stderr.write(`warning: report.html has no schema diagram: ${error.message}\n`);
    return { unavailable: error.message };
  }
}

function targetLine(target: NightlyReport['targets'][number], width: number): string {
  const name = target.name.padEnd(width);
  if (target.status === 'error') return `${name}  ${statusLabel(target)}: ${target.error}`;
  return `${name}  ${statusLabel(target).padEnd(8)}  ${plural(target.findings.length, 'finding')} (${target.new.length} new, ${target.resolved.length} resolved)  ${target.database}`;
}

runMain(async () => {
  const options = parseOptions(
    process.argv.slice(2),
    {
      targets: { type: 'string' },
      out: { type: 'string' },
      history: { type: 'string' },
      concurrency: { type: 'string' },
      'connect-timeout': { type: 'string' },
      'target-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    optionsSchema,
  );
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const generatedAt = new Date().toISOString();
  const outDir = path.resolve(options.out ?? path.join('reports', generatedAt.slice(0, 10)));
  const historyDir = path.resolve(options.history ?? path.join('reports', 'history'));
  // Before any target is checked: a folder that cannot hold the report fails fast. Created only once nothing
  // else can refuse the run, so a refused run leaves no empty folder.
  const project = await loadProject();
  await assertOutputFolder(outDir, '--out', projectInputs(project.paths));
  await assertOutputFolder(historyDir, '--history', projectInputs(project.paths));
  const { severity, failOn, compare } = project.config;
  const policy: CheckPolicy = { paths: project.paths, severity, ...(failOn ? { failOn } : {}), owners: compare.owners };
  const targets = options.targets ? resolveTargets(await readTargetsFile(path.resolve(options.targets)), process.env) : undefined;
  const env = readTimeoutEnv();
  const limits: TargetLimits = {
    connectTimeoutMs: options['connect-timeout'] ?? env.AIFORCE_DB_CONNECT_TIMEOUT_MS ?? DEFAULT_TARGET_LIMITS.connectTimeoutMs,
    timeoutMs: options['target-timeout'] ?? env.AIFORCE_DB_TIMEOUT_MS ?? DEFAULT_TARGET_LIMITS.timeoutMs,
  };
  await makeFolders([
    { folder: outDir, option: '--out' },
    { folder: historyDir, option: '--history' },
  ]);
  const total = targets?.length ?? 1;
  process.stderr.write(`checking ${plural(total, 'target')}${total > 1 ? `, ${Math.min(total, options.concurrency)} at a time` : ''} (each: connect ${limits.connectTimeoutMs} ms, whole check ${limits.timeoutMs} ms)\n`);
  let done = 0;
  // In the order targets finish, so a slow one shows which are already done.
  const watch: TargetWatch = { limits, onDone: (outcome, elapsedMs) => process.stderr.write(`${progressLine(outcome, elapsedMs, (done += 1), total)}\n`) };
  const outcomes = targets ? await checkTargets(targets, options.concurrency, policy, watch) : await checkDefault(readEnv(), project, policy, watch);

  const history = await readHistory(historyDir, (line) => process.stderr.write(`${line}\n`));
  const report = buildReport(generatedAt, outcomes, history);
  const written = await writeReport(report, history, outDir, historyDir, await schemaSource(project.paths.lock));

  const width = Math.max(...report.targets.map((t) => t.name.length));
  process.stdout.write(
    [
      ...report.targets.map((t) => targetLine(t, width)),
      `summary: ${summarySentence(report)}`,
      `report: ${written.files.map(shownPath).join(', ')}`,
      `history: ${shownPath(written.historyFile)}`,
      '',
    ].join('\n'),
  );
  return reportExitCode(report);
});
