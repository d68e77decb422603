import type { CheckResult } from '../check/result.js';
import { projectCheckOptions } from '../check/project-options.js';
import { runCheck, type CheckOptions } from '../check/run-check.js';
import type { ProjectPaths } from '../config/project.js';
import { maskSecrets, maskUrl, parseDatabaseUrl } from '../database/url.js';
import { explainFailure } from '../errors/explain.js';

/** The project's files, and its severity rules, failing level and compared kinds (aiforce-db.config.json), applied to every target. */
export type CheckPolicy = Pick<CheckOptions, 'severity' | 'failOn' | 'owners'> & { paths: ProjectPaths };

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

/** Checks one target. Never throws: a target that cannot be checked becomes an `error` outcome. */
export async function checkTarget(target: Target, policy: CheckPolicy): Promise<TargetOutcome> {
  const { name, schema } = target;
  if (!target.url) return { name, schema, status: 'error', database: null, error: `environment variable ${target.source} is not set` };
  const database = maskUrl(target.url);
  try {
    // Parsed first so a malformed URL is named by its variable rather than as DATABASE_URL.
    parseDatabaseUrl(target.url, target.source);
    const { paths, ...rules } = policy;
    const { result } = await runCheck(projectCheckOptions(target.url, paths, { schema, ...rules }));
    return { name, schema, status: 'checked', database, result };
  } catch (error) {
    return { name, schema, status: 'error', database, error: describeFailure(error) };
  }
}
