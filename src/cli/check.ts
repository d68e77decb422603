#!/usr/bin/env node
/** `npm run db:check`: the drift checker. Exit 0 no drift, 1 drift, 2 could not check. */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCheck } from '../check/run-check.js';
import { readEnv } from '../config/env.js';
import { projectRoot, withDatabase } from '../database/resolve.js';
import { renderFixSql, renderReport } from '../report/index.js';
import { CHECK_HELP, parseCheckOptions } from './check-options.js';
import { runMain } from './run-main.js';

runMain(async () => {
  const options = parseCheckOptions(process.argv.slice(2), projectRoot);
  if (options.help) {
    process.stdout.write(`${CHECK_HELP}\n`);
    return 0;
  }
  return withDatabase(readEnv(), async (db) => {
    const { result, timings } = await runCheck({
      databaseUrl: db.url,
      schema: options.schema,
      expectedFile: options.expectedFile,
      rulesFile: options.rulesFile,
      schemaFile: path.join(projectRoot, 'prisma', 'schema.prisma'),
      root: projectRoot,
      data: options.data,
      ignore: options.ignore,
      statementTimeoutMs: options['statement-timeout'],
      connectTimeoutMs: options['connect-timeout'],
    });
    const reportStarted = performance.now();
    const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
    process.stdout.write(options['fix-sql'] ? renderFixSql(result) : renderReport(result, options.format, color));
    if (options.timings) {
      const reportMs = performance.now() - reportStarted;
      const rounded = Object.fromEntries(Object.entries({ ...timings, reportMs }).map(([key, value]) => [key, Math.round(value * 10) / 10]));
      process.stderr.write(`timings ${JSON.stringify(rounded)}\n`);
    }
    const failing = result.summary.errors + (options.strict ? result.summary.warnings : 0);
    return failing > 0 ? 1 : 0;
  });
});
