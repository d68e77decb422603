import { byPathAndCode, type Finding } from '../findings/finding.js';
import type { BaselineEntry, BaselinedFinding } from './entry.js';

const keyOf = (item: { code: string; path: string }) => `${item.code}\u0000${item.path}`;
const isExpired = (entry: BaselineEntry, today: string) => entry.expires !== undefined && entry.expires < today;

export interface BaselineOutcome {
  /** Findings that count: those no entry matches, and those whose entry expired (now errors). */
  findings: Finding[];
  baselined: BaselinedFinding[];
  /** Entries that match no finding any more: to delete from the file. */
  stale: BaselineEntry[];
}

/** Splits findings by the baseline (pure). `today` is YYYY-MM-DD, UTC. */
export function applyBaseline(findings: Finding[], entries: BaselineEntry[], today: string): BaselineOutcome {
  const byKey = new Map(entries.map((entry) => [keyOf(entry), entry]));
  const used = new Set<BaselineEntry>();
  const outcome: BaselineOutcome = { findings: [], baselined: [], stale: [] };
  for (const finding of findings) {
    const entry = byKey.get(keyOf(finding));
    if (!entry) {
      outcome.findings.push(finding);
      continue;
    }
    used.add(entry);
    const { reason, owner, expires } = entry;
    if (isExpired(entry, today)) {
      outcome.findings.push({ ...finding, severity: 'error', message: `${finding.message} [baseline entry expired on ${expires}: accepted by ${owner}, "${reason}"]` });
    } else {
      outcome.baselined.push({ ...finding, baseline: { reason, owner, ...(expires ? { expires } : {}) } });
    }
  }
  outcome.stale = entries.filter((entry) => !used.has(entry));
  return outcome;
}

/**
 * The baseline `--update-baseline` writes (pure): one entry per current finding. Entries that still match
 * and have not expired keep their reason, owner and date; the others are made from `acceptance`; stale
 * entries are dropped.
 */
export function acceptFindings(findings: Finding[], entries: BaselineEntry[], acceptance: Pick<BaselineEntry, 'reason' | 'owner' | 'expires'>, today: string): BaselineEntry[] {
  const byKey = new Map(entries.filter((entry) => !isExpired(entry, today)).map((entry) => [keyOf(entry), entry]));
  const accepted = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    const key = keyOf(finding);
    accepted.set(key, byKey.get(key) ?? { code: finding.code, path: finding.path, ...acceptance });
  }
  return [...accepted.values()].sort(byPathAndCode);
}
