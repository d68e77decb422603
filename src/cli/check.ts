#!/usr/bin/env node
/** `npm run db:check`: the drift checker. Exit 0 nothing fails, 1 drift, 2 could not check. */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultOwner } from '../baseline/index.js';
import { projectCheckOptions } from '../check/project-options.js';
import { runCheck } from '../check/run-check.js';
import { readEnv } from '../config/env.js';
import { assertOutputFile, projectInputs, writeWhole } from '../config/output.js';
import { readProjectConfig } from '../config/project.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_RUN_TIMEOUT_MS } from '../database/connect.js';
import { runDeadline } from '../database/deadline.js';
import { projectRoot, withDatabase } from '../database/resolve.js';
import { UserError } from '../errors/index.js';
import { renderFixSql, renderHuman, renderReport } from '../report/index.js';
import { CHECK_HELP, parseCheckOptions } from './check-options.js';
import { runMain } from './run-main.js';

runMain(async () => {
  const options = parseCheckOptions(process.argv.slice(2), projectRoot);
  if (options.help) {
    process.stdout.write(`${CHECK_HELP}\n`);
    return 0;
  }
  const env = readEnv();
  // Started first: the whole check, embedded server included, must end within it.
  const deadline = runDeadline(options.timeout ?? env.AIFORCE_DB_TIMEOUT_MS ?? DEFAULT_RUN_TIMEOUT_MS, 'db:check', '--timeout MS, or AIFORCE_DB_TIMEOUT_MS');
  const config = await readProjectConfig(projectRoot);
  const owner = options['update-baseline'] ? (options.owner ?? defaultOwner()) : undefined;
  if (options['update-baseline'] && !owner) throw new UserError('--update-baseline needs --owner: there is no git user.email and no $USER to default to');
  if (options.output) {
    // Refused before the check runs: a report must never replace what the check reads.
    const inputs = [
      ...projectInputs(projectRoot),
      { path: options.expectedFile, what: 'the expected-catalog lock (--expected)' },
      { path: options.baselineFile, what: 'the drift baseline (--baseline)' },
      ...(options.rulesFile ? [{ path: options.rulesFile, what: 'the spec contract (--rules)' }] : []),
    ];
    await assertOutputFile(options.output, '--output', inputs);
  }
  return withDatabase(env, async (db) => {
    const { result, timings } = await runCheck(projectCheckOptions(db.url, {
      schema: options.schema,
      expectedFile: options.expectedFile,
      rulesFile: options.rulesFile,
      data: options.data,
      ignore: options.ignore,
      statementTimeoutMs: options['statement-timeout'],
      queryTimeoutMs: options['query-timeout'] ?? env.AIFORCE_DB_QUERY_TIMEOUT_MS,
      connectTimeoutMs: options['connect-timeout'] ?? env.AIFORCE_DB_CONNECT_TIMEOUT_MS ?? DEFAULT_CONNECT_TIMEOUT_MS,
      signal: deadline.signal,
      migrationsDir: options['no-history'] ? null : path.join(projectRoot, 'prisma', 'migrations'),
      ...(options.against ? { againstUrl: options.against } : {}),
      severity: config.severity,
      failOn: options.failOn ?? config.failOn ?? 'error',
      owners: config.compare.owners,
      baseline: {
        file: options.baselineFile,
        required: options.baseline !== undefined,
        ...(owner ? { accept: { reason: options.reason!, owner, ...(options.expires ? { expires: options.expires } : {}) } } : {}),
      },
    }));
    const reportStarted = performance.now();
    const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
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
      const reportMs = performance.now() - reportStarted;
      const rounded = Object.fromEntries(Object.entries({ ...timings, reportMs }).map(([key, value]) => [key, Math.round(value * 10) / 10]));
      process.stderr.write(`timings ${JSON.stringify(rounded)}\n`);
    }
    return result.summary.failed ? 1 : 0;
  });
});
