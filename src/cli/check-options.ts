import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeIssues, UserError } from '../errors/index.js';
import { REPORT_FORMATS } from '../report/index.js';

export const CHECK_HELP = `usage: npm run db:check [-- options]
Compares the live database (DATABASE_URL, or the embedded one) with prisma/schema.lock.json and the spec contract.
  --format FORMAT        human (default), json, markdown or github
  --fix-sql              print the suggested SQL as one script (never runs it)
  --schema NAME          PostgreSQL schema to check (default public; older databases use "migration")
  --data                 also check the seed rows the spec requires
  --ignore PATTERN       ignore a table or table.column (* wildcard); repeatable
  --strict               exit 1 on warnings too
  --expected FILE        expected-catalog lock (default prisma/schema.lock.json)
  --rules FILE           spec contract (default prisma/spec-contract.json); --no-rules skips it
  --statement-timeout MS server-side limit per catalog query (default 30000)
  --connect-timeout MS   connection limit (default 10000)
  --timings              print phase timings on stderr
exit codes: 0 no drift, 1 drift found, 2 could not check (bad URL, connection, schema or options)`;

const millis = z.coerce.number().int().positive().max(3_600_000);

const optionsSchema = z.object({
  format: z.enum(REPORT_FORMATS).default('human'),
  'fix-sql': z.boolean().default(false),
  schema: z.string().min(1).max(63).default('public'),
  data: z.boolean().default(false),
  ignore: z.array(z.string().regex(/^[^.\s]+(\.[^.\s]+)?$/, 'use table or table.column')).default([]),
  strict: z.boolean().default(false),
  expected: z.string().min(1).optional(),
  rules: z.string().min(1).optional(),
  'no-rules': z.boolean().default(false),
  'statement-timeout': millis.default(30_000),
  'connect-timeout': millis.default(10_000),
  timings: z.boolean().default(false),
  help: z.boolean().default(false),
});

export type CheckCliOptions = z.infer<typeof optionsSchema> & { expectedFile: string; rulesFile: string | null };

/** Parses argv (node:util) and validates it (zod); any problem is one line. */
export function parseCheckOptions(argv: string[], root: string): CheckCliOptions {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        format: { type: 'string', short: 'f' },
        'fix-sql': { type: 'boolean' },
        schema: { type: 'string' },
        data: { type: 'boolean' },
        ignore: { type: 'string', multiple: true },
        strict: { type: 'boolean' },
        expected: { type: 'string' },
        rules: { type: 'string' },
        'no-rules': { type: 'boolean' },
        'statement-timeout': { type: 'string' },
        'connect-timeout': { type: 'string' },
        timings: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UserError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) throw new UserError(describeIssues('bad option', parsed.error.issues));
  const options = parsed.data;
  return {
    ...options,
    expectedFile: path.resolve(options.expected ?? path.join(root, 'prisma', 'schema.lock.json')),
    rulesFile: options['no-rules'] ? null : path.resolve(options.rules ?? path.join(root, 'prisma', 'spec-contract.json')),
  };
}
