/**
 * runMain: exit 0 only when main resolved; every other ending is a meaningful code and one line. Each case runs
 * a tiny program on the compiled dist/cli/run-main.js, as the CLIs do.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, runWithBrokenStdout } from './support/template.js';

const RUN_MAIN = path.resolve('dist/cli/run-main.js');
let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-run-main-'));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

let programs = 0;
/** Writes `body` (the argument of runMain, plus any set-up before it) as a program and returns its path. */
async function program(body: string): Promise<string> {
  const file = path.join(work, `program-${++programs}.mjs`);
  await writeFile(file, `import { runMain } from ${JSON.stringify(RUN_MAIN)};\n${body}\n`);
  return file;
}

async function runProgram(body: string, env: NodeJS.ProcessEnv = {}) {
  return run(process.execPath, [await program(body)], env);
}

const errorLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('error:'));

describe('runMain', () => {
  it('exits with the code main resolved to, and prints nothing of its own', async () => {
    expect(await runProgram('runMain(async () => undefined);')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await runProgram('runMain(async () => 1);')).code).toBe(1);
  });

  it('a main that can never settle (nothing left to wait for) is exit 3 with one line, never a silent 0', async () => {
    const result = await runProgram('runMain(() => new Promise(() => undefined));');
    expect(result.code).toBe(3);
    expect(errorLines(result.stderr)).toEqual([expect.stringMatching(/^error: the command stopped before finishing its work: .*a bug in aiforce-db/)]);
  });

  it('an environment failure (a missing file) is exit 2 with one line, no stack', async () => {
    const result = await runProgram(`import { readFile } from 'node:fs/promises';\nrunMain(() => readFile('/nonexistent/aiforce-db.json'));`);
    expect(result.code).toBe(2);
    expect(errorLines(result.stderr)).toEqual(['error: cannot open /nonexistent/aiforce-db.json: no such file or folder (ENOENT): check the path']);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a bug is exit 3 with one line; AIFORCE_DB_DEBUG=1 adds the stack', async () => {
    const body = `runMain(async () => { throw new TypeError('boom\\nsecond line postgresql://u:hunter2-pw@h/db'); });`;
    const plain = await runProgram(body);
    expect(plain.code).toBe(3);
    expect(plain.stderr).toBe('error: unexpected failure: boom second line postgresql://u:****@h/db (a bug in aiforce-db: please report it; AIFORCE_DB_DEBUG=1 prints the stack)\n');
    const debug = await runProgram(body, { AIFORCE_DB_DEBUG: '1' });
    expect(debug.code).toBe(3);
    // The error line first, where a reader looks; the stack after it.
    expect(debug.stderr).toMatch(/^error: unexpected failure: boom .*\nTypeError: boom\n.*\n\s+at /);
    expect(debug.stderr).not.toContain('hunter2-pw');
  });

  it('writes control characters of an error (a malformed file quoted by a parser) as escapes, never raw to the terminal', async () => {
    const result = await runProgram(`runMain(async () => { throw new TypeError('bad \\u001b]0;pwned\\u0007 \\u001b[2J end'); });`);
    expect(errorLines(result.stderr)).toEqual([expect.stringContaining('bad \\x1b]0;pwned\\x07 \\x1b[2J end')]);
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  it("an 'error' event nobody listens to is classified too: a connection reset is exit 2", async () => {
    const result = await runProgram(
      `import { EventEmitter } from 'node:events';\n` +
        `const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' });\n` +
        `runMain(() => new Promise(() => setTimeout(() => new EventEmitter().emit('error', reset), 10)));`,
    );
    expect(result.code).toBe(2);
    expect(errorLines(result.stderr)).toEqual(['error: cannot read: the connection was reset by the other side (ECONNRESET): check the server and the network, then try again']);
  });

  describe('a report that does not reach stdout is exit 2 with one line, never the answer main gave', () => {
    const report = `process.stdout.write('x'.repeat(1_000_000));`;
    const noSpace = 'error: could not write to standard output: no space left on the device (ENOSPC): free some disk space';

    it('a full disk (/dev/full): exit 2 whether main answered 0 or 1', async () => {
      for (const code of [0, 1]) {
        const result = await runWithBrokenStdout(process.execPath, [await program(`runMain(async () => { ${report} return ${code}; });`)], 'full');
        expect(result).toEqual({ code: 2, stderr: `${noSpace}\n` });
      }
    });

    it('a failure with its own line keeps it as the one line', async () => {
      const result = await runWithBrokenStdout(process.execPath, [await program(`import { readFile } from 'node:fs/promises';\nrunMain(async () => { ${report} await readFile('/nonexistent/aiforce-db.json'); });`)], 'full');
      expect(result.code).toBe(2);
      expect(errorLines(result.stderr)).toEqual(['error: cannot open /nonexistent/aiforce-db.json: no such file or folder (ENOENT): check the path']);
    });

    it('a reader that is gone (EPIPE), for one large write or many small ones', async () => {
      const writes = [report, `for (let row = 0; row < 100_000; row++) process.stdout.write(\`{"row":\${row}}\\n\`);`];
      for (const write of writes) {
        // Written once the test has closed its end of the pipe.
        const result = await runWithBrokenStdout(process.execPath, [await program(`runMain(async () => { await new Promise((resolve) => setTimeout(resolve, 200)); ${write} return 0; });`)], 'closed');
        expect(result.code).toBe(2);
        expect(result.stderr).toBe('error: could not write to standard output: the other side closed the connection (broken pipe) (EPIPE): check the server, or the program reading the output\n');
      }
    });
  });

  it('a signal keeps its meaning: the process ends by SIGTERM (the shell sees 143)', async () => {
    const child = spawn(process.execPath, [await program('runMain(() => new Promise(() => setInterval(() => undefined, 1000)));')], { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM');
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (...outcome) => resolve(outcome)));
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
  });
});
