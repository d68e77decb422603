import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTextFile } from './json-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-input-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('readTextFile, the one reader of input files', () => {
  it('reads a regular file whole; an absent optional one is undefined', async () => {
    const file = path.join(dir, 'plain.json');
    await writeFile(file, '{"a":1}');
    expect(await readTextFile(file, 'the file')).toBe('{"a":1}');
    expect(await readTextFile(path.join(dir, 'absent.json'), 'the file', { optional: true })).toBeUndefined();
  });

  it('reads a named pipe once its writer has written and closed it', async () => {
    const fifo = path.join(dir, 'written.fifo');
    execFileSync('mkfifo', [fifo]);
    const reading = readTextFile(fifo, 'the pipe');
    // The writer comes later than the reader, as a shell's `<(…)` may.
    setTimeout(() => spawn('sh', ['-c', `printf '%s' '{"from":"pipe"}' > "$1"`, 'sh', fifo], { stdio: 'ignore' }), 300);
    expect(await reading).toBe('{"from":"pipe"}');
  });

  it('a named pipe no program writes is one line after 10 s, never a hang in open(2)', async () => {
    const fifo = path.join(dir, 'unwritten.fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(readTextFile(fifo, 'the pipe')).rejects.toThrow('the pipe is a named pipe no program opened for writing within 10 s: start its writer first, or give a file');
  }, 30_000);

  it('an endless device stops at the size limit with one line', async () => {
    await expect(readTextFile('/dev/zero', 'baseline /dev/zero')).rejects.toThrow('baseline /dev/zero is larger than 256 MB');
  }, 30_000);
});
