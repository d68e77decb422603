#!/usr/bin/env node
/** `aiforce-db check`: the drift checker. Exit 0 nothing fails, 1 drift, 2 could not check. */
import { now } from '../process/clock.js';
import { defaultOwner } from '../baseline/index.js';
import { projectCheckOptions } from '../check/project-options.js';
import { runCheck } from '../check/run-check.js';
import { readEnv } from '../config/env.js';
import { assertOutputFile, projectInputs, writeWhole } from '../config/output.js';
import { loadProject } from '../config/project.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_RUN_TIMEOUT_MS } from '../database/connect.js';
import { runDeadline } from '../database/deadline.js';
import { withDatabase } from '../database/resolve.js';
import { UserError } from '../errors/index.js';
import { renderFixSql, renderHuman, renderReport } from '../formats/index.js';
import { colorsOn } from '../formats/style.js';
import { CHECK_HELP, checkFiles, parseCheckOptions } from './check-options.js';
import type { CodeCacheRun } from './code-cache.js';
import { runMain } from './run-main.js';

let compared = false;
/** How long work pending when the run deadline passes may take to fail on its own. */
const DEADLINE_GRACE_MS = 1_000;
/** For the code cache (code-cache.ts): only a run that compared writes one. */
export const didWholeWork: NonNullable<CodeCacheRun['didWholeWork']> = () => compared;

runMain(async () => {
  const options = parseCheckOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${CHECK_HELP}\n`);
    return 0;
  }
  const env = readEnv();
  // Started first: the whole check, embedded server included, must end within it.
  const deadline = runDeadline(options.timeout ?? env.AIFORCE_DB_TIMEOUT_MS ?? DEFAULT_RUN_TIMEOUT_MS, 'db:check', '--timeout MS, or AIFORCE_DB_TIMEOUT_MS');
  // Pending work that ignores the signal (a file system call in the threadpool) must not outlive the deadline:
  // past a grace for the work to fail with its own line, the deadline's line ends the run (runMain: exit 2).
  // Only while the check itself runs: the embedded server's start and stop must not be cut short.
  let checking = false;
  const overrun = () => {
    if (checking && !compared) throw deadline.signal.reason;
  };
  deadline.signal.addEventListener('abort', () => setTimeout(overrun, DEADLINE_GRACE_MS).unref(), { once: true });
  const { root, config, paths } = await loadProject();
  const files = checkFiles(options, paths);
  const owner = options['update-baseline'] ? (options.owner ?? (await defaultOwner())) : undefined;
  if (options['update-baseline'] && !owner) throw new UserError('--update-baseline needs --owner: there is no git user.email and no $USER to default to');
  if (options.output) {
    // Refused before the check runs: a report must never replace what the check reads.
    const inputs = [
      ...projectInputs(paths),
      { path: files.expectedFile, what: 'the expected-catalog lock (--expected)' },
      { path: files.baselineFile, what: 'the drift baseline (--baseline)' },
      ...(files.contractFile ? [{ path: files.contractFile, what: 'the spec contract (--rules)' }] : []),
    ];
    await assertOutputFile(options.output, '--output', inputs);
  }
  return withDatabase(env, root, async (db) => {
    checking = true;
    const { result, timings } = await runCheck(projectCheckOptions(db.url, paths, {
      schema: options.schema,
      ...files,
      data: options.data,
      ignore: options.ignore,
      statementTimeoutMs: options['statement-timeout'],
      queryTimeoutMs: options['query-timeout'] ?? env.AIFORCE_DB_QUERY_TIMEOUT_MS,
      connectTimeoutMs: options['connect-timeout'] ?? env.AIFORCE_DB_CONNECT_TIMEOUT_MS ?? DEFAULT_CONNECT_TIMEOUT_MS,
      signal: deadline.signal,
      history: !options['no-history'],
      ...(options.against ? { againstUrl: options.against } : {}),
      severity: config.severity,
      failOn: options.failOn ?? config.failOn ?? 'error',
      owners: config.compare.owners,
      // The process exits once the report is out.
      leaveClosing: true,
      baseline: {
        file: files.baselineFile,
        required: options.baseline !== undefined,
        ...(owner ? { accept: { reason: options.reason!, owner, ...(options.expires ? { expires: options.expires } : {}) } } : {}),
      },
    })).finally(() => {
      checking = false;
    });
    compared = true;
    const reportStarted = now();
    const color = colorsOn(process.stdout);
    if (options.output) {
      // A file gets the machine format; the terminal still gets the human report.
      const report = options['fix-sql'] ? renderFixSql(result) : renderReport(result, options.format, false, options.verbose);
      await writeWhole(options.output, report, `--output ${options.output}`);
      process.stdout.write(renderHuman(result, { color, verbose: options.verbose }));
      process.stderr.write(`report: wrote ${options['fix-sql'] ? 'fix-sql' : options.format} to ${options.output}\n`);
    } else {
      process.stdout.write(options['fix-sql'] ? renderFixSql(result) : renderReport(result, options.format, color, options.verbose));
    }
    if (options.timings) {
      const reportMs = now() - reportStarted;
      const rounded = Object.fromEntries(Object.entries({ ...timings, reportMs }).map(([key, value]) => [key, Math.round(value * 10) / 10]));
      process.stderr.write(`timings ${JSON.stringify(rounded)}\n`);
    }
    return result.summary.failed ? 1 : 0;
  });
});
