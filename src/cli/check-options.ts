import path from 'node:path';
import * as z from 'zod';
import type { ProjectPaths } from '../config/project.js';
import { isoDate } from '../baseline/index.js';
import type { FailOn } from '../severity/index.js';
import { REPORT_FORMATS } from '../formats/index.js';
import { parseOptions } from '../config/cli-options.js';
import { namePattern } from '../config/name-pattern.js';
import { UserError } from '../errors/index.js';
import { DEFAULT_CHECK_STATEMENT_TIMEOUT_MS } from '../database/connect.js';

export const CHECK_HELP = `usage: aiforce-db check [options]        (in aiforce-db itself also: npm run -s db:check -- [options])
Compares the live database (DATABASE_URL, or the project's embedded one) with the project's lock
(prisma/schema.lock.json), its spec contract if it has one, and its migrations (the _prisma_migrations history).
Paths are the project's (aiforce-db.config.json "paths", else the defaults shown); the report goes to stdout,
everything else to stderr.
  --format FORMAT        human (default), json, markdown, github, sarif or junit
  --output FILE          write the --format report (or --fix-sql) to FILE; the human report goes to stdout
  --fix-sql              print the suggested SQL as one script (never runs it)
  --schema NAME          PostgreSQL schema to check (default public; older databases use "migration")
  --data                 also check the seed rows the spec requires
  --ignore PATTERN       ignore a table or table.column (* wildcard within a name, "my table" quotes one);
                         repeatable
  --no-history           do not compare _prisma_migrations with the migrations folder
  --against URL          compare with another live database instead (contract, history, baseline skipped)
  --baseline FILE        accepted drift (default prisma/drift-baseline.json, used when it exists)
  --update-baseline      accept every current finding into the baseline; needs --reason
    --reason TEXT        why the drift is accepted (required)
    --owner WHO          who answers for it (default: git user.email, else $USER)
    --expires YYYY-MM-DD last day it is accepted; after it the finding fails again
  --fail-on LEVEL        error (default, or the config's failOn) or warning
  --strict               same as --fail-on warning
  --expected FILE        expected-catalog lock (default prisma/schema.lock.json)
  --rules FILE           spec contract (default prisma/spec-contract.json, when it exists); --no-rules skips it
  --statement-timeout MS server-side limit per catalog query (default 30000)
  --query-timeout MS     client-side limit for each query's answer (default: statement timeout + 5000)
  --connect-timeout MS   connection and login (default 10000)
  --timeout MS           the whole check, on our side: a frozen or blocked server fails it (default 120000)
                         (the last three default to AIFORCE_DB_QUERY_TIMEOUT_MS, AIFORCE_DB_CONNECT_TIMEOUT_MS
                         and AIFORCE_DB_TIMEOUT_MS when those are set)
  --verbose              a database that looks unmigrated: list every finding, not only the missing names
  --timings              print phase timings on stderr
Severity overrides and failOn can be set in aiforce-db.config.json (or a "db" key in package.json).
exit codes: 0 nothing fails, 1 drift found (findings at or above the fail-on level), 2 could not check
(bad URL, connection, server, timeout, permissions, schema, options, config, baseline or output file),
3 a bug in aiforce-db`;

const millis = z.coerce.number().int().positive().max(3_600_000);
const today = () => new Date().toISOString().slice(0, 10);

const optionsSchema = z
  .object({
    format: z.enum(REPORT_FORMATS).default('human'),
    output: z.string().min(1).optional(),
    'fix-sql': z.boolean().default(false),
    schema: z.string().min(1).max(63).default('public'),
    data: z.boolean().default(false),
    ignore: z.array(namePattern(2)).default([]),
    'no-history': z.boolean().default(false),
    against: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL').optional(),
    baseline: z.string().min(1).optional(),
    'update-baseline': z.boolean().default(false),
    reason: z.string().trim().min(1, 'must not be empty').optional(),
    owner: z.string().trim().min(1, 'must not be empty').optional(),
    expires: isoDate.refine((date) => date >= today(), 'is in the past').optional(),
    'fail-on': z.enum(['error', 'warning']).optional(),
    strict: z.boolean().default(false),
    expected: z.string().min(1).optional(),
    rules: z.string().min(1).optional(),
    'no-rules': z.boolean().default(false),
    'statement-timeout': millis.default(DEFAULT_CHECK_STATEMENT_TIMEOUT_MS),
    'query-timeout': millis.optional(),
    'connect-timeout': millis.optional(),
    timeout: millis.optional(),
    verbose: z.boolean().default(false),
    timings: z.boolean().default(false),
    help: z.boolean().default(false),
  })
  .superRefine((options, context) => {
    const problem = (message: string) => context.addIssue({ code: 'custom', message });
    if (options['update-baseline'] && !options.reason) problem('--update-baseline needs --reason "why this drift is accepted"');
    for (const flag of ['reason', 'owner', 'expires'] as const) {
      if (options[flag] !== undefined && !options['update-baseline']) problem(`--${flag} goes with --update-baseline`);
    }
    if (options.against && (options.baseline || options['update-baseline'])) problem('--against compares two databases: the baseline does not apply there');
    if (options.against && options.data) problem('--against compares two databases without the spec contract, whose seed rows --data checks: run --data against the lock instead');
    if (options.strict && options['fail-on'] === 'error') problem('--strict means --fail-on warning: give one of them');
  });

export type CheckCliOptions = z.infer<typeof optionsSchema> & {
  /** --fail-on, or --strict; undefined leaves it to the config file. */
  failOn?: FailOn;
};

/** Parses argv (node:util) and validates it (zod); any problem is one line. */
export function parseCheckOptions(argv: string[]): CheckCliOptions {
  const options = parseOptions(
    argv,
    {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      'fix-sql': { type: 'boolean' },
      schema: { type: 'string' },
      data: { type: 'boolean' },
      ignore: { type: 'string', multiple: true },
      'no-history': { type: 'boolean' },
      against: { type: 'string' },
      baseline: { type: 'string' },
      'update-baseline': { type: 'boolean' },
      reason: { type: 'string' },
      owner: { type: 'string' },
      expires: { type: 'string' },
      'fail-on': { type: 'string' },
      strict: { type: 'boolean' },
      expected: { type: 'string' },
      rules: { type: 'string' },
      'no-rules': { type: 'boolean' },
      'statement-timeout': { type: 'string' },
      'query-timeout': { type: 'string' },
      'connect-timeout': { type: 'string' },
      timeout: { type: 'string' },
      verbose: { type: 'boolean' },
      timings: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    optionsSchema,
  );
  const failOn = options['fail-on'] ?? (options.strict ? 'warning' : undefined);
  return { ...options, ...(failOn ? { failOn } : {}) };
}

export interface CheckFiles {
  expectedFile: string;
  contractFile: string | null;
  /** Why contractFile is null. */
  contractSkipped?: string;
  baselineFile: string;
}

/** The files the check reads: the options' own, else the project's `paths`. */
export function checkFiles(options: CheckCliOptions, paths: ProjectPaths): CheckFiles {
  const contractFile = options['no-rules'] ? null : options.rules ? path.resolve(options.rules) : paths.contract;
  const contractSkipped = options['no-rules'] ? '--no-rules' : contractFile === null ? paths.noContract : undefined;
  if (options.data && contractFile === null) {
    throw new UserError(`--data checks the seed rows of the spec contract, and there is none (${contractSkipped}): give one with --rules FILE`);
  }
  return {
    expectedFile: options.expected ? path.resolve(options.expected) : paths.lock,
    contractFile,
    ...(contractSkipped ? { contractSkipped } : {}),
    baselineFile: options.baseline ? path.resolve(options.baseline) : paths.baseline,
  };
}
