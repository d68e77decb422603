import type { CheckResult } from '../check/result.js';
import { projectCheckOptions } from '../check/project-options.js';
import { runCheck, type CheckOptions } from '../check/run-check.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_RUN_TIMEOUT_MS } from '../database/connect.js';
import { runDeadline } from '../database/deadline.js';
import type { ProjectPaths } from '../config/project.js';
import { maskSecrets, maskUrl, parseDatabaseUrl } from '../database/url.js';
import { explainFailure } from '../errors/explain.js';

/** The project's files, and its severity rules, failing level and compared kinds (aiforce-db.config.json), applied to every target. */
export type CheckPolicy = Pick<CheckOptions, 'severity' | 'failOn' | 'owners'> & { paths: ProjectPaths };

/** Each target's own deadlines, so one stalled target cannot hold the others. */
export interface TargetLimits {
  /** TCP connect and login. */
  connectTimeoutMs: number;
  /** The whole check of the target: when it passes, its connections are closed and it becomes an `error`. */
  timeoutMs: number;
}

export const DEFAULT_TARGET_LIMITS: TargetLimits = { connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS, timeoutMs: DEFAULT_RUN_TIMEOUT_MS };

/** One environment to check; `url` is absent when its environment variable is not set. */
export interface Target {
  name: string;
  schema: string;
  /** The environment variable the URL comes from, named in messages. */
  source: string;
  url?: string;
}

export type TargetOutcome =
  | { name: string; schema: string; status: 'checked'; database: string; result: CheckResult }
  | { name: string; schema: string; status: 'error'; database: string | null; error: string };

/** One line, password masked: what a broken target shows in the report. */
export function describeFailure(error: unknown): string {
  const text = explainFailure(error)?.message ?? `unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
  return maskSecrets(text.split('\n')[0]!.trim()).slice(0, 500);
}

/**
 * Checks one target within its own deadlines (`limits`). A target that cannot be checked, or not in time,
 * becomes an `error` outcome with a one-line reason; only a bug in aiforce-db throws.
 */
export async function checkTarget(target: Target, policy: CheckPolicy, limits: TargetLimits = DEFAULT_TARGET_LIMITS): Promise<TargetOutcome> {
  const { name, schema } = target;
  if (!target.url) return { name, schema, status: 'error', database: null, error: `environment variable ${target.source} is not set` };
  const database = maskUrl(target.url);
  try {
    // Parsed first so a malformed URL is named by its variable rather than as DATABASE_URL.
    parseDatabaseUrl(target.url, target.source);
    const { signal } = runDeadline(limits.timeoutMs, `the check of target ${name}`, '--target-timeout MS');
    const { paths, ...rules } = policy;
    const { result } = await runCheck(projectCheckOptions(target.url, paths, { schema, ...rules, connectTimeoutMs: limits.connectTimeoutMs, signal }));
    return { name, schema, status: 'checked', database, result };
  } catch (error) {
    // A bug in aiforce-db is not a target that could not be checked: it ends the run with exit 3.
    if (!explainFailure(error)) throw error;
    return { name, schema, status: 'error', database, error: describeFailure(error) };
  }
}
