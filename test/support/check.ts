import { projectCheckOptions } from '../../src/check/project-options.js';
import { runCheck, type CheckOptions } from '../../src/check/run-check.js';
import type { Finding } from '../../src/findings/finding.js';
import { loadProject } from '../../src/config/project.js';
import { projectRoot } from './template.js';

const { paths } = await loadProject(projectRoot);

/** Runs the drift check in-process against `url`, with the options `aiforce-db check` uses in this project. */
export async function check(url: string, overrides: Partial<Omit<CheckOptions, 'databaseUrl'>> = {}) {
  return (await runCheck(projectCheckOptions(url, paths, overrides))).result;
}

export const codesAndPaths = (findings: Array<{ code: string; path: string }>) => findings.map((f) => `${f.code} ${f.path}`).sort();

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `word` as a whole name (not inside a longer identifier: `tags` is not in `ix_tags_x`). */
const wholeName = (word: string) => new RegExp(`(?<![\\w$])${escapeRegExp(word)}(?![\\w$])`, 'g');
const occurrences = (text: string, word: string) => text.match(wholeName(word))?.length ?? 0;

/**
 * What a finding's message repeats, if anything. A message says what differs once when it names its object
 * exactly once (a second clause about the same object, such as a folded contract rule restating it, names it
 * again) and gives the expected and the actual value at most once each (a default stated twice); a value that
 * is part of the other one (`NULL` in `NOT NULL`) is counted outside it.
 */
export function repeatedClauses(finding: Finding): string[] {
  const name = finding.object?.member ?? finding.object?.name;
  const problems: string[] = [];
  if (name !== undefined && occurrences(finding.message, name) !== 1) problems.push(`names ${name} ${occurrences(finding.message, name)} times`);
  const values = [finding.expected, finding.actual].filter((value): value is string => Boolean(value)).sort((a, b) => b.length - a.length);
  let rest = finding.message;
  for (const value of values) {
    if (occurrences(rest, value) > 1) problems.push(`states ${value} ${occurrences(rest, value)} times`);
    rest = rest.replace(wholeName(value), '');
  }
  return problems;
}
