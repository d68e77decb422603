import { projectCheckOptions } from '../../src/check/project-options.js';
import { runCheck, type CheckOptions } from '../../src/check/run-check.js';
import { loadProject } from '../../src/config/project.js';
import { projectRoot } from './template.js';

const { paths } = await loadProject(projectRoot);

/** Runs the drift check in-process against `url`, with the options `aiforce-db check` uses in this project. */
export async function check(url: string, overrides: Partial<Omit<CheckOptions, 'databaseUrl'>> = {}) {
  return (await runCheck(projectCheckOptions(url, paths, overrides))).result;
}

export const codesAndPaths = (findings: Array<{ code: string; path: string }>) => findings.map((f) => `${f.code} ${f.path}`).sort();
