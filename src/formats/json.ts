import type { CheckResult } from '../check/result.js';
import { jsonDocument } from './escape.js';

/** `--format json`: the versioned CheckResult shape; the database URL in it is already masked. */
export function renderJson(result: CheckResult): string {
  return jsonDocument(result);
}
