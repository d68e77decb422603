#!/usr/bin/env node
/**
 * `aiforce-db report` (npm run db:report): the nightly drift report over one or more environments.
 * Exit 0 no drift anywhere, 1 drift in some target, 2 some target could not be checked (or bad options).
 */
import path from 'node:path';
import { z } from 'zod';
import { readEnv, type Env } from '../config/env.js';
import { prepareOutputFolder, projectInputs } from '../config/output.js';
import { loadProject, type Project } from '../config/project.js';
import { withDatabase } from '../database/resolve.js';
import { checkTarget, describeFailure, type CheckPolicy, type TargetOutcome } from '../nightly/check-target.js';
import { STATUS_LABEL, summarySentence } from '../nightly/format.js';
import { plural } from '../report/words.js';
import { readHistory } from '../nightly/history.js';
import { buildReport, reportExitCode, type NightlyReport } from '../nightly/report.js';
import { checkTargets, writeReport } from '../nightly/run.js';
import { readTargetsFile, resolveTargets } from '../nightly/targets.js';
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
exit codes: 0 no drift anywhere, 1 drift in some target, 2 some target could not be checked, or bad options,
or the report could not be written, 3 a bug in aiforce-db`;

const optionsSchema = z.object({
  targets: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
  history: z.string().min(1).optional(),
  concurrency: z.coerce.number().int().min(1).max(32).default(4),
  help: z.boolean().default(false),
});

/** Without a targets file: DATABASE_URL, or the project's embedded database, as target "default". */
async function checkDefault(env: Env, project: Project, policy: CheckPolicy): Promise<TargetOutcome[]> {
  const target = { name: 'default', schema: 'public', source: 'DATABASE_URL' };
  if (env.DATABASE_URL) return [await checkTarget({ ...target, url: env.DATABASE_URL }, policy)];
  try {
    return await withDatabase(env, project.root, async (db) => [await checkTarget({ ...target, source: 'the embedded database URL', url: db.url }, policy)]);
  } catch (error) {
    return [{ ...target, status: 'error', database: null, error: describeFailure(error) }];
  }
}

function targetLine(target: NightlyReport['targets'][number], width: number): string {
  const name = target.name.padEnd(width);
  if (target.status === 'error') return `${name}  ${STATUS_LABEL.error}: ${target.error}`;
  return `${name}  ${STATUS_LABEL[target.status].padEnd(8)}  ${plural(target.findings.length, 'finding')} (${target.new.length} new, ${target.resolved.length} resolved)  ${target.database}`;
}

runMain(async () => {
  const options = parseOptions(
    process.argv.slice(2),
    { targets: { type: 'string' }, out: { type: 'string' }, history: { type: 'string' }, concurrency: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    optionsSchema,
  );
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const generatedAt = new Date().toISOString();
  const outDir = path.resolve(options.out ?? path.join('reports', generatedAt.slice(0, 10)));
  const historyDir = path.resolve(options.history ?? path.join('reports', 'history'));
  // Before any target is checked: a folder that cannot hold the report fails fast.
  const project = await loadProject();
  await prepareOutputFolder(outDir, '--out', projectInputs(project.paths));
  await prepareOutputFolder(historyDir, '--history', projectInputs(project.paths));
  const { severity, failOn, compare } = project.config;
  const policy: CheckPolicy = { paths: project.paths, severity, ...(failOn ? { failOn } : {}), owners: compare.owners };
  const outcomes = options.targets
    ? await checkTargets(resolveTargets(await readTargetsFile(path.resolve(options.targets)), process.env), options.concurrency, policy)
    : await checkDefault(readEnv(), project, policy);

  const history = await readHistory(historyDir, (line) => process.stderr.write(`${line}\n`));
  const report = buildReport(generatedAt, outcomes, history);
  const written = await writeReport(report, history, outDir, historyDir);

  const width = Math.max(...report.targets.map((t) => t.name.length));
  const shown = (file: string) => (file.startsWith(`${process.cwd()}${path.sep}`) ? path.relative(process.cwd(), file) : file);
  process.stdout.write(
    [
      ...report.targets.map((t) => targetLine(t, width)),
      `summary: ${summarySentence(report)}`,
      `report: ${written.files.map(shown).join(', ')}`,
      `history: ${shown(written.historyFile)}`,
      '',
    ].join('\n'),
  );
  return reportExitCode(report);
});
