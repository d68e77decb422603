import type { Finding } from '../findings/finding.js';
import type { TargetOutcome } from './check-target.js';
import { diffKeys, findingKey, parseFindingKey, previousCheck, type FindingRef } from './diff.js';
import type { HistoryEntry } from './run-history.js';

export type TargetStatus = 'ok' | 'drift' | 'error';

export interface TargetReport {
  name: string;
  status: TargetStatus;
  /** Why the target could not be checked: one line, password masked. */
  error?: string;
  /** The connection URL with its password masked; null when its variable was not set. */
  database: string | null;
  schema: string;
  serverVersion?: string;
  findings: Finding[];
  /** Findings absent from the previous run that checked this target (all of them on a first run). */
  new: FindingRef[];
  resolved: FindingRef[];
  /** When that previous run was, or null on a target's first run. */
  previous: string | null;
}

/** The versioned shape of report.json (read by the nightly workflow: summary.new, summary.total). */
export interface NightlyReport {
  version: 1;
  generatedAt: string;
  summary: { targets: number; total: number; new: number; resolved: number; errors: number };
  targets: TargetReport[];
}

/** Drift as db:check judges it: findings at or above the failing level (warnings alone are listed, not failed). */
export function outcomeStatus(outcome: TargetOutcome): TargetStatus {
  if (outcome.status === 'error') return 'error';
  return outcome.result.summary.failed ? 'drift' : 'ok';
}

function targetReport(outcome: TargetOutcome, history: readonly HistoryEntry[], generatedAt: string): TargetReport {
  const { name, database, schema } = outcome;
  if (outcome.status === 'error') return { name, status: 'error', error: outcome.error, database, schema, findings: [], new: [], resolved: [], previous: null };
  const { findings, target } = outcome.result;
  const previous = previousCheck(history, name, generatedAt);
  const { added, resolved } = diffKeys(findings.map(findingKey), previous?.keys ?? []);
  const addedSet = new Set(added);
  return {
    name,
    status: outcomeStatus(outcome),
    database,
    schema,
    serverVersion: target.serverVersion,
    findings,
    new: findings.filter((finding) => addedSet.has(findingKey(finding))).map(({ code, path }) => ({ code, path })),
    resolved: resolved.map(parseFindingKey),
    previous: previous?.generatedAt ?? null,
  };
}

/** Pure: the night's outcomes plus the earlier runs give the report. */
export function buildReport(generatedAt: string, outcomes: readonly TargetOutcome[], history: readonly HistoryEntry[]): NightlyReport {
  const targets = outcomes.map((outcome) => targetReport(outcome, history, generatedAt));
  const sum = (pick: (target: TargetReport) => number) => targets.reduce((total, target) => total + pick(target), 0);
  return {
    version: 1,
    generatedAt,
    summary: {
      targets: targets.length,
      total: sum((t) => t.findings.length),
      new: sum((t) => t.new.length),
      resolved: sum((t) => t.resolved.length),
      errors: sum((t) => (t.status === 'error' ? 1 : 0)),
    },
    targets,
  };
}

/** What the history keeps of a report: enough to diff the next night and draw the chart. */
export function toHistoryEntry(report: NightlyReport): HistoryEntry {
  return {
    version: 1,
    generatedAt: report.generatedAt,
    targets: report.targets.map((t) => ({ name: t.name, status: t.status, count: t.findings.length, keys: t.findings.map(findingKey) })),
  };
}

/** 2 when some target could not be checked (that wins), 1 when some target drifted, else 0. */
export function reportExitCode(report: NightlyReport): 0 | 1 | 2 {
  if (report.summary.errors > 0) return 2;
  return report.targets.some((t) => t.status === 'drift') ? 1 : 0;
}
