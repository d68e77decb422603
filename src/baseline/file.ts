import * as z from 'zod';
import { readJsonFile } from '../config/json-file.js';
import { writeWhole } from '../config/output.js';
import { describeIssues, parseOnce, UserError } from '../errors/index.js';
import { FINDING_CODES, type FindingCode } from '../findings/finding.js';
import type { BaselineEntry } from './entry.js';

const BASELINE_COMMENT =
  'Accepted drift for `npm run db:check`: each entry is one finding (code + path) that is reported as baselined instead of failing, until `expires`. Written by `db:check --update-baseline --reason ...`; delete entries the check reports as stale.';

/** YYYY-MM-DD that is a real calendar date. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'not a calendar date');

const required = (what: string) => z.string({ error: `${what} is required` }).trim().min(1, `${what} is required`);

const entrySchema = z.lazy(() => z
  .object({
    code: z.enum(Object.keys(FINDING_CODES) as [FindingCode, ...FindingCode[]], { error: 'unknown finding code' }),
    path: required('path'),
    reason: required('reason'),
    owner: required('owner'),
    expires: isoDate.optional(),
  })
  .strict());

// Built when a baseline is read: most checks have none.
const baselineSchema = z.lazy(() => z
  .object({
    $comment: z.string().optional(),
    version: z.literal(1),
    entries: z.array(entrySchema),
  })
  .strict()
  .superRefine((baseline, context) => {
    const seen = new Map<string, number>();
    baseline.entries.forEach((entry, index) => {
      const key = `${entry.code} ${entry.path}`;
      const first = seen.get(key);
      if (first !== undefined) context.addIssue({ code: 'custom', path: ['entries', index], message: `duplicates entries[${first}] (${key})` });
      else seen.set(key, index);
    });
  }));

/** `entries.3.reason` reads better as `entries[3].reason`. */
const issuePath = (path: PropertyKey[]) => path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('');

/** Reads and validates a baseline; a missing file is an empty baseline unless `required`. */
export async function readBaseline(file: string, options: { required: boolean; display: string }): Promise<BaselineEntry[]> {
  const json = await readJsonFile(file, `baseline ${options.display}`, {
    optional: !options.required,
    hint: 'create it with db:check --update-baseline --reason "..."',
  });
  if (json === undefined) return [];
  const parsed = parseOnce(baselineSchema, json);
  if (!parsed.success) {
    throw new UserError(describeIssues(`baseline ${options.display} is invalid`, parsed.error.issues.slice(0, 3).map((issue) => ({ ...issue, path: issue.path.length ? [issuePath(issue.path)] : [] }))));
  }
  return parsed.data.entries.map(({ expires, ...entry }) => (expires ? { ...entry, expires } : entry));
}

/** Stable text: entries sorted by path, one field per line, so reviews see each accepted finding. */
export function serializeBaseline(entries: BaselineEntry[]): string {
  return `${JSON.stringify({ $comment: BASELINE_COMMENT, version: 1, entries }, null, 2)}\n`;
}

/** Written whole or not at all (write aside, then rename): an interrupted update never leaves half a baseline. */
export function writeBaseline(file: string, entries: BaselineEntry[]): Promise<void> {
  return writeWhole(file, serializeBaseline(entries), `baseline ${file}`);
}
