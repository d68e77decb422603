import { readEmbeddedEnv } from '../../config/env.js';

export interface EmbeddedSettings {
  /** How long a command waits for another one that is starting or stopping the same embedded server. */
  waitMs: number;
  /** Deadline of each start-up phase: initdb, then the server becoming ready. */
  startTimeoutMs: number;
}

const DEFAULT_WAIT_MS = 60_000;
const DEFAULT_START_TIMEOUT_MS = 60_000;

/** Reads the embedded server's limits from the environment (validated with the other AIFORCE_DB_*_MS: a bad or blank value is one line, exit 2). */
export function readEmbeddedSettings(source: NodeJS.ProcessEnv = process.env): EmbeddedSettings {
  const env = readEmbeddedEnv(source);
  return { waitMs: env.AIFORCE_DB_WAIT_MS ?? DEFAULT_WAIT_MS, startTimeoutMs: env.AIFORCE_DB_START_TIMEOUT_MS ?? DEFAULT_START_TIMEOUT_MS };
}
