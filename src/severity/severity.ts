import { matchesNames, matchesPath, parsePattern } from '../findings/pattern.js';
import type { Finding, Severity } from '../findings/finding.js';

/** When db:check exits 1: on any error (the default), or on warnings too (--fail-on warning, --strict). */
export type FailOn = Severity;

/**
 * One severity override from the config file. `code` is a finding code or a pattern (`index.*`); `path` is an
 * object path pattern (`public.audit_*`) that also matches everything inside the object (its columns, indexes).
 */
export interface SeverityRule {
  match: { code?: string; path?: string };
  severity: Severity;
}

/** A code pattern (`index.*`): one segment per part of the code, `*` within one part. */
export function codeMatcher(pattern: string): (code: string) => boolean {
  const parsed = parsePattern(pattern);
  return (code) => matchesNames(parsed, code.split('.'));
}

/** A path pattern: the object it names and everything inside it (`public.users` covers `public.users.is_mock`). */
function pathMatcher(pattern: string): (path: string) => boolean {
  const parsed = parsePattern(pattern);
  return (path) => matchesPath(parsed, path);
}

/** Applies the rules in order, so the last rule that matches a finding sets its severity (pure). */
export function applySeverityRules(findings: Finding[], rules: SeverityRule[]): Finding[] {
  if (rules.length === 0) return findings;
  const compiled = rules.map((rule) => ({
    code: rule.match.code === undefined ? undefined : codeMatcher(rule.match.code),
    path: rule.match.path === undefined ? undefined : pathMatcher(rule.match.path),
    severity: rule.severity,
  }));
  return findings.map((finding) => {
    let severity = finding.severity;
    for (const rule of compiled) {
      if ((!rule.code || rule.code(finding.code)) && (!rule.path || rule.path(finding.path))) severity = rule.severity;
    }
    return severity === finding.severity ? finding : { ...finding, severity };
  });
}

/** Whether findings of these severities fail the check under `failOn`. */
export function fails(counts: { errors: number; warnings: number }, failOn: FailOn): boolean {
  return counts.errors > 0 || (failOn === 'warning' && counts.warnings > 0);
}
