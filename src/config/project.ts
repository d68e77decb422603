import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { readJsonFile } from './json-file.js';
import { namePattern } from './name-pattern.js';
import { describeIssues, parseOnce, UserError } from '../errors/index.js';
import { FINDING_CODES } from '../findings/finding.js';
import { codeMatcher, type FailOn, type SeverityRule } from '../severity/index.js';

export const CONFIG_FILE = 'aiforce-db.config.json';

/**
 * aiforce-db's own folder (its package.json, prisma/ and dist/): two levels above this compiled file, which is
 * dist/config/project.js, or dist/bundle/check.cjs once bundled. The platform commands (seed, migrate, studio,
 * demo) work here; the checker commands work on the user's project (findProjectRoot).
 */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Whether `root` is aiforce-db's own folder (where its platform commands and their wording apply), links resolved. */
export function isPackageRoot(root: string): boolean {
  const real = (folder: string) => {
    try {
      return realpathSync(folder);
    } catch {
      return path.resolve(folder); // a folder that vanished is simply not aiforce-db's
    }
  };
  return real(root) === real(packageRoot);
}

/**
 * The user's project: the nearest folder at or above `from` that holds aiforce-db.config.json or package.json
 * (the working folder itself when none does). Relative paths of the config are relative to it, and its
 * embedded database lives in its `.aiforce-db/`.
 */
export function findProjectRoot(from: string = process.cwd()): string {
  const start = path.resolve(from);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, CONFIG_FILE)) || existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

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

/** Today's layout of a Prisma project; each path of the config replaces one, relative to the project root. */
export const DEFAULT_PATHS = {
  schema: 'prisma/schema.prisma',
  migrations: 'prisma/migrations',
  lock: 'prisma/schema.lock.json',
  contract: 'prisma/spec-contract.json',
  baseline: 'prisma/drift-baseline.json',
  diagram: 'docs/schema.svg',
} as const;

const pathValue = z.string().trim().min(1, 'must not be empty');

const pathsSchema = z
  .object({
    /** The Prisma schema file (source locations of findings; `lock --check` renders it). */
    schema: pathValue.optional(),
    /** The Prisma migrations folder (the expected catalog and the migration history). */
    migrations: pathValue.optional(),
    /** The expected catalog `lock` writes and `check` compares with. */
    lock: pathValue.optional(),
    /** The spec contract; optional: without one (and none at the default path) only the lock is compared. */
    contract: pathValue.optional(),
    /** Accepted drift. */
    baseline: pathValue.optional(),
    /** The schema diagram (SVG) `lock` draws beside the lock. */
    diagram: pathValue.optional(),
  })
  .strict();

const configSchema = z
  .object({
    $comment: z.string().optional(),
    /** Where the project keeps its schema, migrations and aiforce-db files (default: DEFAULT_PATHS). */
    paths: pathsSchema.optional(),
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

/** The project's files, as absolute paths: what every command reads and writes, resolved once. */
export interface ProjectPaths {
  root: string;
  schema: string;
  migrations: string;
  lock: string;
  /** Null when the project has no spec contract (see `noContract`). */
  contract: string | null;
  /** Why there is no contract, for the report's notes. */
  noContract?: string;
  baseline: string;
  diagram: string;
}

export interface Project {
  root: string;
  config: ProjectConfig;
  paths: ProjectPaths;
}

const readJson = (file: string) => readJsonFile(file, `config ${path.basename(file)}`, { optional: true });

/**
 * The project's settings: `aiforce-db.config.json` in the root, or the `db` key of package.json (one place
 * only, so nobody edits the one that is not read). Absent = defaults; invalid = one clear line.
 */
export async function readProjectConfig(root: string): Promise<ProjectConfig> {
  const [file, pkg] = await Promise.all([readJson(path.join(root, CONFIG_FILE)), readJson(path.join(root, 'package.json'))]);
  const inPackage = (pkg as { db?: unknown } | undefined)?.db;
  if (file !== undefined && inPackage !== undefined) throw new UserError(`config: both ${CONFIG_FILE} and the "db" key of package.json exist: keep one`);
  const [raw, source] = file !== undefined ? [file, CONFIG_FILE] : inPackage !== undefined ? [inPackage, 'package.json "db"'] : [{}, undefined];
  const parsed = parseOnce(configSchema, raw);
  if (!parsed.success) throw new UserError(describeIssues(`config ${source} is invalid`, parsed.error.issues));
  return parsed.data;
}

/** The config's paths over the defaults, absolute. A contract the config names must exist (readContract says so); the default one may be absent. */
export function resolvePaths(root: string, configured: ProjectConfig['paths'] = {}): ProjectPaths {
  const at = (key: keyof typeof DEFAULT_PATHS) => path.resolve(root, configured[key] ?? DEFAULT_PATHS[key]);
  const contract = at('contract');
  const absent = configured.contract === undefined && !existsSync(contract);
  return {
    root,
    schema: at('schema'),
    migrations: at('migrations'),
    lock: at('lock'),
    contract: absent ? null : contract,
    ...(absent ? { noContract: `none at ${DEFAULT_PATHS.contract}; "paths": {"contract": …} in ${CONFIG_FILE} names one` } : {}),
    baseline: at('baseline'),
    diagram: at('diagram'),
  };
}

/** The project at `root` (default: the one the working folder is in), its config read and its paths resolved. */
export async function loadProject(root: string = findProjectRoot()): Promise<Project> {
  const config = await readProjectConfig(root);
  return { root, config, paths: resolvePaths(root, config.paths) };
}
