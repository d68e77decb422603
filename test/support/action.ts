/**
 * Runs the composite action (action.yml) step by step as GitHub runs it: its `run:` steps in order with their env
 * and working-directory, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP. Its `uses:` steps cannot run here
 * and are listed as skipped.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { ACTION_FILE, compositeActionSchema, expressionsIn, readYaml } from './github.js';
import { projectRoot, run } from './template.js';

export interface ActionRun {
  /** The run: steps that ran, in order, with their endings; the first failure ends the action. */
  steps: Array<{ name: string; code: number; stdout: string; stderr: string }>;
  skipped: string[];
  outputs: Record<string, string>;
  summary: string;
}

/** Lines `name=value` a step wrote to its GITHUB_OUTPUT file. */
const readOutputs = async (file: string) =>
  Object.fromEntries((await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));

/**
 * Runs action.yml with `inputs` in `workspace`. Expressions are resolved for the contexts the action uses
 * (inputs, github.action_path, steps.*.outputs); any other expression fails the test, so the runner cannot
 * silently differ from GitHub's.
 */
export async function runAction(inputs: Record<string, string>, workspace: string, scratch: string): Promise<ActionRun> {
  const action = compositeActionSchema.parse(await readYaml(ACTION_FILE));
  const stepOutputs: Record<string, Record<string, string>> = {};
  const evaluate = (text: string) =>
    text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
      const input = /^inputs\.([\w-]+)$/.exec(expression);
      if (input) return inputs[input[1]!] ?? action.inputs?.[input[1]!]?.default ?? '';
      if (expression === 'github.action_path') return projectRoot;
      const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
      if (output) return stepOutputs[output[1]!]?.[output[2]!] ?? '';
      throw new Error(`the test's runner does not know \${{ ${expression} }}`);
    });
  const summary = path.join(scratch, 'summary.md');
  const result: ActionRun = { steps: [], skipped: [], outputs: {}, summary: '' };
  for (const [index, step] of action.runs.steps.entries()) {
    const name = step.name ?? `step ${index + 1}`;
    if ('uses' in step) {
      result.skipped.push(name);
      continue;
    }
    expect(step.if, `${name}: the test's runner does not evaluate conditions on run: steps`).toBeUndefined();
    const outputFile = path.join(scratch, `output-${index}`);
    const script = path.join(scratch, `step-${index}.sh`);
    await writeFile(script, step.run);
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, evaluate(value)]));
    const cwd = path.resolve(workspace, evaluate(step['working-directory'] ?? '.'));
    const ended = await run(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', script],
      { ...env, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summary, RUNNER_TEMP: scratch, CI: 'true', NO_COLOR: '1' },
      cwd,
    );
    result.steps.push({ name, ...ended });
    if (step.id) stepOutputs[step.id] = await readOutputs(outputFile);
    if (ended.code !== 0) break;
  }
  for (const [name, output] of Object.entries(action.outputs ?? {})) result.outputs[name] = evaluate(output.value);
  result.summary = await readFile(summary, 'utf8').catch(() => '');
  for (const expression of Object.values(action.outputs ?? {}).flatMap((output) => expressionsIn(output.value))) expect(expression).toMatch(/^steps\./);
  return result;
}
