import path from 'node:path';
import { z } from 'zod';
import { readJsonFile } from './json-file.js';
import { namePattern } from './name-pattern.js';
import { describeIssues, UserError } from '../errors/index.js';
import { FINDING_CODES } from '../findings/finding.js';
import { codeMatcher, type FailOn, type SeverityRule } from '../policy/index.js';

const CONFIG_FILE = 'aiforce-db.config.json';

const severity = z.enum(['error', 'warning']);
const knownCodes = Object.keys(FINDING_CODES);

const codePattern = namePattern(Infinity, (text) => (knownCodes.some(codeMatcher(text)) ? undefined : `matches no finding code (${JSON.stringify(text)}); see the README's table`));

const ruleSchema = z
  .object({
    match: z
      .object({
        code: codePattern.optional(),
        path: namePattern().optional(),
      })
      .strict()
      .refine((match) => match.code !== undefined || match.path !== undefined, { error: 'give code, path or both' }),
    severity,
  })
  .strict();

const configSchema = z
  .object({
    $comment: z.string().optional(),
    /** Overrides of the default severities; the last matching rule wins. */
    severity: z.array(ruleSchema).default([]),
    failOn: severity.optional(),
    /** What the comparison includes beyond its defaults. */
    compare: z
      .object({
        /** Owners differ between environments for good reasons (each has its own roles): off unless asked for. */
        owners: z.boolean().default(false),
      })
      .strict()
      .default({ owners: false }),
  })
  .strict();

export type ProjectConfig = z.infer<typeof configSchema> & { severity: SeverityRule[]; failOn?: FailOn };

const readJson = (file: string) => readJsonFile(file, `config ${path.basename(file)}`, { optional: true });

/**
 * The project's db:check settings: `aiforce-db.config.json` in the root, or the `db` key of package.json
 * (one place only, so nobody edits the one that is not read). Absent = defaults; invalid = one clear line.
 */
export async function readProjectConfig(root: string): Promise<ProjectConfig> {
  const [file, pkg] = await Promise.all([readJson(path.join(root, CONFIG_FILE)), readJson(path.join(root, 'package.json'))]);
  const inPackage = (pkg as { db?: unknown } | undefined)?.db;
  if (file !== undefined && inPackage !== undefined) throw new UserError(`config: both ${CONFIG_FILE} and the "db" key of package.json exist: keep one`);
  const [raw, source] = file !== undefined ? [file, CONFIG_FILE] : inPackage !== undefined ? [inPackage, 'package.json "db"'] : [{}, undefined];
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new UserError(describeIssues(`config ${source} is invalid`, parsed.error.issues));
  return parsed.data;
}
