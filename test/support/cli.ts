import { expect } from 'vitest';
import { run } from './template.js';

/** Runs a compiled CLI (dist/cli/<name>.js) with colors off. */
export const cli = (name: string, args: string[], env: NodeJS.ProcessEnv) => run(process.execPath, [`dist/cli/${name}.js`, ...args], { NO_COLOR: '1', ...env });

/** `db:check` (its bundled entry, as `npm run db:check` starts it) against `url`. */
export const checkCli = (args: string[], url: string) => cli('db-check', args, { DATABASE_URL: url });

/** Exit 2 with exactly one `error:` line matching `pattern`, no stack trace, and never `secret`. */
export function expectOneClearError(result: { code: number; stdout: string; stderr: string }, pattern: RegExp, secret?: string): void {
  expect(result.code).toBe(2);
  const errors = result.stderr.split('\n').filter((line) => line.startsWith('error:'));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  if (secret) expect(result.stdout + result.stderr).not.toContain(secret);
}
