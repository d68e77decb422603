/**
 * The repository's GitHub files (workflows, the composite action.yml, dependabot.yml): their structure as zod
 * schemas written from GitHub's documentation (actionlint lints workflows only), the shell of their `run:`
 * steps, and the actions they use.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { projectRoot } from './template.js';

export const WORKFLOWS = path.join(projectRoot, '.github', 'workflows');
export const ACTION_FILE = path.join(projectRoot, 'action.yml');
export const DEPENDABOT_FILE = path.join(projectRoot, '.github', 'dependabot.yml');

export const isYaml = (name: string) => /\.ya?ml$/.test(name);
export const workflowFiles = () => readdirSync(WORKFLOWS).filter(isYaml).sort().map((name) => path.join(WORKFLOWS, name));

export async function readYaml(file: string): Promise<unknown> {
  return parse(await readFile(file, 'utf8')) as unknown;
}

/** zod's issues as `path: message` lines, for assertion messages. */
export function problemsOf(result: z.ZodSafeParseResult<unknown>): string[] {
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

// ---------------------------------------------------------------------------------------------------------
// Workflows (only what the tests read; actionlint checks the rest)

export interface WorkflowStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'continue-on-error'?: boolean | string;
}

export interface Workflow {
  permissions?: unknown;
  jobs: Record<string, { permissions?: Record<string, string>; env?: Record<string, string>; steps: WorkflowStep[] }>;
}

// ---------------------------------------------------------------------------------------------------------
// Composite action metadata (docs: "Metadata syntax for GitHub Actions", runs.using: composite)

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must start with a letter or _ and hold only letters, digits, - and _');
const env = z.record(z.string(), z.string());
const condition = z.union([z.string().min(1), z.boolean()]);

const actionInput = z.strictObject({
  description: z.string().min(1),
  required: z.boolean().optional(),
  // A default is a string: an unquoted `false` or `1` would be read as another type.
  default: z.string().optional(),
  deprecationMessage: z.string().min(1).optional(),
});

const commonStep = {
  name: z.string().min(1).optional(),
  id: identifier.optional(),
  if: condition.optional(),
  env: env.optional(),
  'continue-on-error': z.union([z.boolean(), z.string().min(1)]).optional(),
};
const compositeRunStep = z.strictObject({
  ...commonStep,
  run: z.string().min(1),
  // Unlike a workflow step, a composite run step has no default shell.
  shell: z.string().min(1),
  'working-directory': z.string().min(1).optional(),
});
const compositeUsesStep = z.strictObject({
  ...commonStep,
  uses: z.string().min(1),
  with: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

const BRANDING_COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'] as const;

/** Expressions `${{ … }}` in a string, their insides trimmed. */
export const expressionsIn = (text: string) => [...text.matchAll(/\$\{\{\s*(.*?)\s*\}\}/gs)].map((match) => match[1]!);

export const compositeActionSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().min(1),
    author: z.string().min(1).optional(),
    branding: z.strictObject({ icon: z.string().min(1).optional(), color: z.enum(BRANDING_COLORS).optional() }).optional(),
    inputs: z.record(identifier, actionInput).optional(),
    outputs: z.record(identifier, z.strictObject({ description: z.string().min(1), value: z.string().min(1) })).optional(),
    runs: z.strictObject({ using: z.literal('composite'), steps: z.array(z.union([compositeRunStep, compositeUsesStep])).min(1) }),
  })
  .superRefine((action, context) => {
    const problem = (where: (string | number)[], message: string) => context.addIssue({ code: 'custom', path: where, message });
    const inputs = new Set(Object.keys(action.inputs ?? {}));
    const seen = new Set<string>();
    // Checks that every inputs.X and steps.Y names a declared input and a step that runs before.
    const references = (text: string, where: (string | number)[], earlier: Set<string>) => {
      for (const expression of expressionsIn(text)) {
        for (const [, name] of expression.matchAll(/\binputs\.([\w-]+)/g)) if (!inputs.has(name!)) problem(where, `inputs.${name} is not a declared input`);
        for (const [, id] of expression.matchAll(/\bsteps\.([\w-]+)\./g)) if (!earlier.has(id!)) problem(where, `steps.${id} is not an earlier step's id`);
      }
    };
    action.runs.steps.forEach((step, index) => {
      const where = ['runs', 'steps', index];
      if (step.id && seen.has(step.id)) problem([...where, 'id'], `step id ${step.id} is used twice`);
      if ('run' in step && expressionsIn(step.run).length) problem([...where, 'run'], 'an expression inside run: is spliced into the shell code: pass it through env');
      // A bare `if:` is an expression too.
      const condition = typeof step.if === 'string' && !step.if.includes('${{') ? `\${{ ${step.if} }}` : step.if;
      references(JSON.stringify({ ...step, if: condition }), where, seen);
      if (step.id) seen.add(step.id);
    });
    for (const [name, output] of Object.entries(action.outputs ?? {})) references(output.value, ['outputs', name, 'value'], seen);
  });

export type CompositeAction = z.infer<typeof compositeActionSchema>;

// ---------------------------------------------------------------------------------------------------------
// dependabot.yml, version 2 (docs: "Dependabot options reference")

const ECOSYSTEMS = [
  'bazel', 'bun', 'bundler', 'cargo', 'composer', 'conda', 'devcontainers', 'docker', 'docker-compose', 'dotnet-sdk',
  'elm', 'gitsubmodule', 'github-actions', 'gomod', 'gradle', 'helm', 'julia', 'maven', 'mix', 'npm', 'nuget',
  'opentofu', 'pip', 'pub', 'rust-toolchain', 'swift', 'terraform', 'uv', 'vcpkg',
] as const;
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const SEMVER_LEVELS = ['major', 'minor', 'patch'] as const;
const folder = z.string().regex(/^\//, 'must start with / (the repository root)');

const dependabotUpdate = z
  .strictObject({
    'package-ecosystem': z.enum(ECOSYSTEMS),
    directory: folder.optional(),
    directories: z.array(folder).min(1).optional(),
    schedule: z.strictObject({
      interval: z.enum(['daily', 'weekly', 'monthly', 'quarterly', 'semiannually', 'yearly', 'cron']),
      day: z.enum(DAYS).optional(),
      time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM').optional(),
      timezone: z.string().min(1).optional(),
      cronjob: z.string().min(1).optional(),
    }),
    allow: z.array(z.strictObject({ 'dependency-name': z.string().min(1).optional(), 'dependency-type': z.enum(['direct', 'indirect', 'all', 'production', 'development']).optional() })).optional(),
    assignees: z.array(z.string().min(1)).optional(),
    'commit-message': z.strictObject({ prefix: z.string().min(1).max(50).optional(), 'prefix-development': z.string().min(1).max(50).optional(), include: z.literal('scope').optional() }).optional(),
    cooldown: z
      .strictObject({
        'default-days': z.number().int().min(1).max(90).optional(),
        'semver-major-days': z.number().int().min(1).max(90).optional(),
        'semver-minor-days': z.number().int().min(1).max(90).optional(),
        'semver-patch-days': z.number().int().min(1).max(90).optional(),
        include: z.array(z.string().min(1)).optional(),
        exclude: z.array(z.string().min(1)).optional(),
      })
      .optional(),
    groups: z
      .record(
        z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'group names hold letters, digits, _, . and -'),
        z
          .strictObject({
            'applies-to': z.enum(['version-updates', 'security-updates']).optional(),
            'dependency-type': z.enum(['development', 'production']).optional(),
            patterns: z.array(z.string().min(1)).min(1).optional(),
            'exclude-patterns': z.array(z.string().min(1)).optional(),
            'update-types': z.array(z.enum(SEMVER_LEVELS)).min(1).optional(),
          })
          .refine((group) => group.patterns || group['dependency-type'] || group['update-types'], 'a group needs patterns, dependency-type or update-types'),
      )
      .optional(),
    ignore: z
      .array(
        z.strictObject({
          'dependency-name': z.string().min(1),
          versions: z.array(z.string().min(1)).optional(),
          'update-types': z.array(z.enum(['version-update:semver-major', 'version-update:semver-minor', 'version-update:semver-patch'])).optional(),
        }),
      )
      .optional(),
    'insecure-external-code-execution': z.enum(['allow', 'deny']).optional(),
    labels: z.array(z.string().min(1)).optional(),
    milestone: z.number().int().positive().optional(),
    'open-pull-requests-limit': z.number().int().min(0).optional(),
    'pull-request-branch-name': z.strictObject({ separator: z.enum(['-', '_', '/']) }).optional(),
    'rebase-strategy': z.enum(['auto', 'disabled']).optional(),
    registries: z.union([z.literal('*'), z.array(z.string().min(1))]).optional(),
    reviewers: z.array(z.string().min(1)).optional(),
    'target-branch': z.string().min(1).optional(),
    vendor: z.boolean().optional(),
    'versioning-strategy': z.enum(['auto', 'increase', 'increase-if-necessary', 'lockfile-only', 'widen']).optional(),
    'exclude-paths': z.array(z.string().min(1)).optional(),
  })
  .superRefine((update, context) => {
    const problem = (message: string) => context.addIssue({ code: 'custom', message });
    if ((update.directory === undefined) === (update.directories === undefined)) problem('give exactly one of directory and directories');
    const { interval, day, cronjob } = update.schedule;
    if (day && interval !== 'weekly') problem('schedule.day goes with interval weekly');
    if ((interval === 'cron') !== (cronjob !== undefined)) problem('schedule.cronjob goes with, and only with, interval cron');
  });

export const dependabotSchema = z
  .strictObject({
    version: z.literal(2),
    'enable-beta-ecosystems': z.boolean().optional(),
    registries: z.record(z.string(), z.looseObject({ type: z.string().min(1), url: z.string().min(1).optional() })).optional(),
    updates: z.array(dependabotUpdate).min(1),
  })
  .superRefine((config, context) => {
    // Dependabot refuses two entries for the same ecosystem, folder and target branch.
    const seen = new Set<string>();
    config.updates.forEach((update, index) => {
      for (const directory of update.directories ?? [update.directory]) {
        const key = `${update['package-ecosystem']} ${directory} ${update['target-branch'] ?? ''}`;
        if (seen.has(key)) context.addIssue({ code: 'custom', path: ['updates', index], message: `${update['package-ecosystem']} in ${directory} is configured twice` });
        seen.add(key);
      }
    });
  });

export type DependabotConfig = z.infer<typeof dependabotSchema>;

// ---------------------------------------------------------------------------------------------------------
// `uses:` pins

const PINNED_USES = /^\s*(?:-\s+)?uses:\s+([\w.-]+\/[\w.-]+(?:\/[\w./-]+)?)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)\s*$/;

export interface Pin {
  action: string;
  sha: string;
  version: string;
}

/**
 * Every `uses:` line of a YAML text: pinned ones as {action, sha, version}, the others as problems. A pin is a
 * full 40-hex commit SHA followed by `# vX.Y.Z` (the release it is, which Dependabot updates with it); a local
 * action (`./…`) needs no pin.
 */
export function usesPins(text: string, file: string): { pins: Pin[]; problems: string[] } {
  const pins: Pin[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (!/^\s*(?:-\s+)?uses:/.test(line) || /uses:\s+['"]?\.\//.test(line)) return;
    const match = PINNED_USES.exec(line);
    if (match) pins.push({ action: match[1]!, sha: match[2]!, version: match[3]! });
    else problems.push(`${file}:${index + 1}: not pinned to a full commit SHA with a "# vX.Y.Z" comment: ${line.trim()}`);
  });
  return { pins, problems };
}

// ---------------------------------------------------------------------------------------------------------
// Shell of run: steps

export const SHELLCHECK = '/usr/bin/shellcheck';

/**
 * shellcheck's findings for one bash `run:` script, run as GitHub runs it (`bash -eo pipefail`). Excluded:
 * SC1091 (sourced files that exist only on the runner) and SC2153/SC2154 (variables set by `env:`, not in the
 * script), as actionlint does.
 */
export function shellcheck(script: string): string[] {
  const result = spawnSync(SHELLCHECK, ['--norc', '--shell', 'bash', '--format', 'gcc', '--exclude', 'SC1091,SC2153,SC2154', '-'], {
    input: `set -eo pipefail\n${script}`,
    encoding: 'utf8',
  });
  if (result.error) throw new Error(`${SHELLCHECK} could not run (${result.error.message}): install it with apt-get install shellcheck (.ci/run does)`);
  if (result.status !== 0 && !result.stdout) throw new Error(`shellcheck failed: ${result.stderr}`);
  // The line numbers count the added first line; report them as lines of the script.
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^-:(\d+):/, (_, n: string) => `line ${Number(n) - 1}:`));
}
