import { expect } from 'vitest';
import { run, runWithBrokenStdout } from './template.js';

/** The compiled bin, as `npx aiforce-db` and the npm scripts start it. */
export const BIN = 'dist/cli/main.js';

/** Runs `aiforce-db <command> ...args` (the compiled bin) with colours off. */
export const cli = (command: string, args: string[], env: NodeJS.ProcessEnv) => run(process.execPath, [BIN, command, ...args], { NO_COLOR: '1', ...env });

/** `aiforce-db <command> ...args` with a stdout that cannot be written (runWithBrokenStdout). */
export const cliWithBrokenStdout = (command: string, args: string[], stdout: 'full' | 'closed', env: NodeJS.ProcessEnv = {}) =>
  runWithBrokenStdout(process.execPath, [BIN, command, ...args], stdout, { NO_COLOR: '1', ...env });

/** `aiforce-db check` (the bin loads the bundled checker) against `url`. */
export const checkCli = (args: string[], url: string) => cli('check', args, { DATABASE_URL: url });

/** Exit 2 with exactly one `error:` line matching `pattern`, no stack trace, and never `secret`. */
export function expectOneClearError(result: { code: number; stdout?: string; stderr: string }, pattern: RegExp, secret?: string): void {
  expect(result.code).toBe(2);
  const errors = result.stderr.split('\n').filter((line) => line.startsWith('error:'));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  if (secret) expect(`${result.stdout ?? ''}${result.stderr}`).not.toContain(secret);
}
