import { applyBaseline, type BaselineEntry, type BaselinedFinding } from '../baseline/index.js';
import type { Finding } from '../findings/finding.js';
import { applySeverityRules, fails, type FailOn, type SeverityRule } from '../severity/index.js';
import { summarize } from './result.js';

export interface Policy {
  severity: SeverityRule[];
  failOn: FailOn;
}

export interface Verdict {
  findings: Finding[];
  baselined: BaselinedFinding[];
  stale: BaselineEntry[];
  errors: number;
  warnings: number;
  failed: boolean;
}

/**
 * Settles what the findings mean (pure): the config's severities first, then the baseline (an expired entry
 * turns its finding into an error), then the failing policy. Stale baseline entries are warnings, so
 * `--fail-on warning` also asks for a clean baseline.
 */
export function judge(findings: Finding[], policy: Policy, baseline: BaselineEntry[], today: string): Verdict {
  const outcome = applyBaseline(applySeverityRules(findings, policy.severity), baseline, today);
  const { errors, warnings } = summarize(outcome.findings);
  return { ...outcome, errors, warnings, failed: fails({ errors, warnings: warnings + outcome.stale.length }, policy.failOn) };
}
