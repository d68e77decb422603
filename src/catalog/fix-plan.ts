/**
 * One script from many findings' fixes: each statement once (an enum rebuilt for three findings is rebuilt
 * once), in phase order (drops of dependants, types, tables, columns, keys, foreign keys, views, policies,
 * grants, then drops of what nothing uses any more), so applying it converges. A statement two fixes place
 * differently runs at the earlier place: a fix that needs it sooner (an unused function dropped before the enum
 * it takes is rebuilt) knows why.
 */
import type { Finding } from '../findings/finding.js';
import type { FixStep } from './model.js';

/** Steps in the order they run: by phase, then by order inside it. */
const stepOrder = (a: FixStep, b: FixStep) => a.phase - b.phase || (a.order ?? 0) - (b.order ?? 0);

export function fixPlan(findings: readonly Finding[]): FixStep[] {
  const statements = new Map<string, { step: FixStep; index: number }>();
  for (const finding of findings) {
    for (const step of finding.fixSteps ?? []) {
      const placed = statements.get(step.sql);
      if (!placed) statements.set(step.sql, { step, index: statements.size });
      else if (stepOrder(step, placed.step) < 0) placed.step = step;
    }
  }
  return [...statements.values()]
    .sort((a, b) => stepOrder(a.step, b.step) || a.index - b.index)
    .map(({ step }) => step);
}
