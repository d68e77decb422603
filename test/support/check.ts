import { projectCheckOptions } from '../../src/check/project-options.js';
import { runCheck, type CheckOptions } from '../../src/check/run-check.js';

/** Runs the drift check in-process against `url`, with the options `npm run db:check` uses. */
export async function check(url: string, overrides: Partial<Omit<CheckOptions, 'databaseUrl'>> = {}) {
  return (await runCheck(projectCheckOptions(url, overrides))).result;
}

export const codesAndPaths = (findings: Array<{ code: string; path: string }>) => findings.map((f) => `${f.code} ${f.path}`).sort();
