import { parseArgs, type ParseArgsConfig } from 'node:util';
import type * as z from 'zod';
import { describeIssues, parseOnce, UserError } from '../errors/index.js';

/**
 * Every CLI's options: node:util parses argv (unknown options refused), zod validates and types the
 * values. Any problem is one line and exit code 2.
 */
export function parseOptions<Schema extends z.ZodType>(argv: string[], options: NonNullable<ParseArgsConfig['options']>, schema: Schema): z.infer<Schema> {
  let values: unknown;
  try {
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UserError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
  const parsed = parseOnce(schema, values);
  if (!parsed.success) throw new UserError(describeIssues('bad option', parsed.error.issues));
  return parsed.data;
}
