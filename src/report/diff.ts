import type { HistoryEntry } from './run-history.js';

/** What identifies a finding from one night to the next: its code and object path. */
export interface FindingRef {
  code: string;
  path: string;
}

/** `column.unexpected public.users.is_mock`: codes hold no space, so the first space splits a key again. */
export const findingKey = (finding: FindingRef): string => `${finding.code} ${finding.path}`;

export function parseFindingKey(key: string): FindingRef {
  const space = key.indexOf(' ');
  return { code: key.slice(0, space), path: key.slice(space + 1) };
}

/** New: in `current` but not in `previous`. Resolved: the reverse. Both keep the order they had. */
export function diffKeys(current: readonly string[], previous: readonly string[]): { added: string[]; resolved: string[] } {
  const before = new Set(previous);
  const now = new Set(current);
  return { added: current.filter((key) => !before.has(key)), resolved: previous.filter((key) => !now.has(key)) };
}

/**
 * The newest earlier run in which `target` was actually checked. A night on which it could not be checked is
 * skipped, so one outage does not make every finding look new the next night.
 */
export function previousCheck(history: readonly HistoryEntry[], target: string, before: string): { generatedAt: string; keys: string[] } | null {
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const run = history[i]!;
    if (run.generatedAt >= before) continue;
    const entry = run.targets.find((t) => t.name === target && t.status !== 'error');
    if (entry) return { generatedAt: run.generatedAt, keys: entry.keys };
  }
  return null;
}
