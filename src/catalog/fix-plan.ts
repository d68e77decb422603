/**
 * One script from many findings' fixes: each statement once (an enum rebuilt for three findings is rebuilt
 * once), in phase order (drops of dependants, types, tables, columns, keys, foreign keys, views, policies,
 * grants, then drops of what nothing uses any more), so applying it converges.
 */
import type { Finding } from '../findings/finding.js';
import type { FixStep } from './model.js';

export function fixPlan(findings: readonly Finding[]): FixStep[] {
  const statements = new Map<string, { step: FixStep; index: number }>();
  for (const finding of findings) {
    for (const step of finding.fixSteps ?? []) {
      if (!statements.has(step.sql)) statements.set(step.sql, { step, index: statements.size });
    }
  }
  return [...statements.values()]
    .sort((a, b) => a.step.phase - b.step.phase || (a.step.order ?? 0) - (b.step.order ?? 0) || a.index - b.index)
    .map(({ step }) => step);
}
