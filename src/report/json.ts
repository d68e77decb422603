import type { CheckResult } from '../check/result.js';

/** `--format json`: the versioned CheckResult shape; the database URL in it is already masked. */
export function renderJson(result: CheckResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
