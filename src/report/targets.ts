import * as z from 'zod';
import { readJsonFile } from '../config/json-file.js';
import { describeIssues, parseOnce, UserError } from '../errors/index.js';
import type { Target } from './check-target.js';

/** Unknown keys are refused; a `url` key gets its own message, since a URL in a committed file leaks its password. */
const refuseUnknownKeys = (issue: { code?: string; keys?: string[] }) => {
  if (issue.code !== 'unrecognized_keys') return undefined;
  if (issue.keys?.includes('url')) return 'a database URL must not be written in the targets file: put it in an environment variable and name that variable with "urlEnv"';
  return `unknown key ${issue.keys?.map((key) => `"${key}"`).join(', ')}`;
};

const targetSchema = z.strictObject(
  {
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'use 1 to 63 letters, digits, ".", "_" or "-"'),
    urlEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable, e.g. STAGING_DATABASE_URL'),
    schema: z.string().min(1).max(63).default('public'),
  },
  { error: refuseUnknownKeys },
);

const targetsFileSchema = z
  .strictObject({ targets: z.array(targetSchema).min(1, 'list at least one target') }, { error: refuseUnknownKeys })
  .refine((file) => new Set(file.targets.map((target) => target.name)).size === file.targets.length, { message: 'target names must be unique', path: ['targets'] });

export type TargetsFile = z.infer<typeof targetsFileSchema>;

/** Validates the parsed JSON of a targets file; every problem is one line naming the file. */
export function parseTargetsFile(json: unknown, file: string): TargetsFile {
  const parsed = parseOnce(targetsFileSchema, json);
  if (!parsed.success) throw new UserError(describeIssues(`targets file ${file}`, parsed.error.issues));
  return parsed.data;
}

export async function readTargetsFile(file: string): Promise<TargetsFile> {
  return parseTargetsFile(await readJsonFile(file, `targets file ${file}`), file);
}

/** Looks each target's URL up in the environment; an unset or empty variable leaves `url` absent. */
export function resolveTargets(file: TargetsFile, env: NodeJS.ProcessEnv): Target[] {
  return file.targets.map(({ name, urlEnv, schema }) => {
    const url = env[urlEnv]?.trim();
    return url ? { name, schema, source: urlEnv, url } : { name, schema, source: urlEnv };
  });
}
