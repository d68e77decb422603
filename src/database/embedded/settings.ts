import { z } from 'zod';
import { describeIssues, UserError } from '../../errors/index.js';

/** Milliseconds from an environment variable: blank or unset means the default. */
const milliseconds = (fallback: number, min: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() ? Number(value.trim()) : undefined),
    z
      .number({ error: 'must be a whole number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(min, `must be at least ${min}`)
      .max(3_600_000, 'must be at most 3600000 (one hour)')
      .default(fallback),
  );

const settingsSchema = z.object({
  /** How long a command waits for another one that is starting or stopping the same embedded server. */
  AIFORCE_DB_WAIT_MS: milliseconds(60_000, 0),
  /** Deadline of each start-up phase: initdb, then the server becoming ready. */
  AIFORCE_DB_START_TIMEOUT_MS: milliseconds(60_000, 100),
});

export interface EmbeddedSettings {
  waitMs: number;
  startTimeoutMs: number;
}

/** Reads the embedded server's limits from the environment (validated: a bad value is one line, exit 2). */
export function readEmbeddedSettings(source: NodeJS.ProcessEnv = process.env): EmbeddedSettings {
  const parsed = settingsSchema.safeParse(source);
  if (!parsed.success) throw new UserError(describeIssues('environment', parsed.error.issues));
  return { waitMs: parsed.data.AIFORCE_DB_WAIT_MS, startTimeoutMs: parsed.data.AIFORCE_DB_START_TIMEOUT_MS };
}
