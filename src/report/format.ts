import type { Finding } from '../findings/finding.js';
import { plural } from '../formats/words.js';
import { findingKey } from './diff.js';
import type { TargetOutcome } from './check-target.js';
import { outcomeStatus, type NightlyReport, type TargetReport, type TargetStatus } from './report.js';

/**
 * A target's status in words, shared by every report: "no drift" only where nothing was found; a target whose
 * findings are all below the fail level, or accepted in its baseline, "passes".
 */
export function statusLabel(target: { status: TargetStatus; findings: readonly unknown[] }): string {
  if (target.status === 'ok') return target.findings.length ? 'passes' : 'no drift';
  return target.status === 'drift' ? 'drift' : 'not checked';
}

/** `2026-11-24T02:00:00.000Z` -> `2026-11-24 02:00 UTC`. */
export const when = (iso: string) => `${iso.replace('T', ' ').slice(0, 16)} UTC`;

export function summarySentence(report: NightlyReport): string {
  const { summary } = report;
  const parts = [plural(summary.targets, 'target'), plural(summary.total, 'finding'), `${summary.new} new`, `${summary.resolved} resolved`];
  if (summary.errors) parts.push(`${summary.errors} could not be checked`);
  return parts.join(' · ');
}

export function comparedWith(target: TargetReport): string {
  return target.previous ? `compared with the run of ${when(target.previous)}` : 'first run for this target: every finding counts as new';
}

export const firstLine = (text: string) => text.split('\n')[0]!;

/** The target's findings that are new tonight. */
export function newFindings(target: TargetReport): Finding[] {
  const keys = new Set(target.new.map(findingKey));
  return target.findings.filter((finding) => keys.has(findingKey(finding)));
}

/** Overview cells: counts, or a dash for a target that could not be checked. */
export function counts(target: TargetReport): [string, string, string] {
  if (target.status === 'error') return ['—', '—', '—'];
  return [String(target.findings.length), String(target.new.length), String(target.resolved.length)];
}

/**
 * One target as it finishes (db:report's stderr): `[2/3] staging: drift, 1 finding (0.8 s)`, or for a target
 * that could not be checked, `[3/3] qa: not checked (2.0 s): <reason>`.
 */
export function progressLine(outcome: TargetOutcome, elapsedMs: number, done: number, total: number): string {
  const head = `[${done}/${total}] ${outcome.name}: ${statusLabel({ status: outcomeStatus(outcome), findings: outcome.status === 'error' ? [] : outcome.result.findings })}`;
  const took = `${(elapsedMs / 1000).toFixed(1)} s`;
  if (outcome.status === 'error') return `${head} (${took}): ${outcome.error}`;
  return `${head}, ${plural(outcome.result.findings.length, 'finding')} (${took})`;
}
