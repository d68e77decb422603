import * as z from 'zod';
import { describeIssues, parseOnce, UserError } from '../errors/index.js';

/**
 * A variable that is either unset or holds a valid value. Set but empty (or only spaces) is refused: in CI that
 * is a secret that was never filled in, and silently falling back to a default would hide it.
 */
function setOrUnset<T>(ifEmpty: string, value: z.ZodType<T, string>) {
  return z.string().trim().min(1, `is set but empty: ${ifEmpty}`).pipe(value).optional();
}

/** Milliseconds, as the CLIs' own limits take them. */
const millis = z.coerce
  .number<string>({ message: 'must be a number of milliseconds' })
  .int('must be a whole number of milliseconds')
  .positive('must be positive')
  .max(86_400_000, 'must be at most a day (86400000)');
const millisOrDefault = (value: z.ZodType<number, string> = millis) => setOrUnset('set it to a number of milliseconds, or unset it for the default', value);

const timeoutsSchema = z.object({
  /** Whole-run deadline of a command (db:check: --timeout). */
  AIFORCE_DB_TIMEOUT_MS: millisOrDefault(),
  /** Client-side limit for each query's answer (db:check: --query-timeout). */
  AIFORCE_DB_QUERY_TIMEOUT_MS: millisOrDefault(),
  /** TCP connect and login (db:check: --connect-timeout). */
  AIFORCE_DB_CONNECT_TIMEOUT_MS: millisOrDefault(),
});

const envSchema = timeoutsSchema.extend({
  // Only an unset DATABASE_URL means the embedded database.
  DATABASE_URL: setOrUnset(
    'set it to a postgresql:// URL, or unset it to use the embedded database',
    z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgresql:// (or be unset to use the embedded database)'),
  ),
  /** Where the embedded database keeps its data; defaults to `.aiforce-db/` in the project. */
  AIFORCE_DB_HOME: setOrUnset('set it to a folder, or unset it to use .aiforce-db in the project', z.string()),
});

// Built when first read: only a run on the embedded server reads it.
const embeddedSchema = z.lazy(() => z.object({
  /** How long a command waits for another one that is starting or stopping the same embedded server (0: not at all). */
  AIFORCE_DB_WAIT_MS: millisOrDefault(z.coerce.number<string>({ message: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').min(0, 'must be 0 or more').max(86_400_000, 'must be at most a day (86400000)')),
  /** Deadline of each start-up phase of the embedded server: initdb, then the server becoming ready. */
  AIFORCE_DB_START_TIMEOUT_MS: millisOrDefault(millis.min(100, 'must be at least 100')),
}));

export type Env = z.infer<typeof envSchema>;
export type EmbeddedEnv = z.infer<typeof embeddedSchema>;

/** The embedded server's limits (unset: the defaults of its module). */
export function readEmbeddedEnv(source: NodeJS.ProcessEnv = process.env): EmbeddedEnv {
  const parsed = parseOnce(embeddedSchema, source);
  if (!parsed.success) throw new UserError(describeIssues('environment', parsed.error.issues));
  return parsed.data;
}
export type TimeoutEnv = z.infer<typeof timeoutsSchema>;

/** Reads and validates the environment variables every command shares. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = parseOnce(envSchema, source);
  if (!parsed.success) throw new UserError(describeIssues('environment', parsed.error.issues));
  return parsed.data;
}

/** The AIFORCE_DB_*_MS limits alone: what every connection takes its defaults from. */
export function readTimeoutEnv(source: NodeJS.ProcessEnv = process.env): TimeoutEnv {
  const parsed = parseOnce(timeoutsSchema, source);
  if (!parsed.success) throw new UserError(describeIssues('environment', parsed.error.issues));
  return parsed.data;
}
