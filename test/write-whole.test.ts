/**
 * writeWhole, the one writer of every output file (check --output, report --out, the lock, the diagram, the
 * baseline): the file gets the whole text or keeps what it held, and a failure is one line naming it. Each case
 * runs a tiny program on the compiled dist/config/output.js, under the limits the case needs.
 */
import { spawn } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFile, writeWholeSet } from '../src/config/output.js';
import { run } from './support/template.js';

const OUTPUT = path.resolve('dist/config/output.js');
let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-write-whole-'));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

/**
 * Runs writeWhole(file, `size` characters) in a program of its own, started by `shell` (a sh script ending in
 * `exec "$@"`, to set limits first); resolves with what the program printed: "written" or the error's line.
 */
async function writeWholeIn(file: string, size: number, shell = 'exec "$@"') {
  const program = path.join(work, 'program.mjs');
  await writeFile(
    program,
    `import { writeWhole } from ${JSON.stringify(OUTPUT)};\n` +
      `await writeWhole(${JSON.stringify(file)}, 'x'.repeat(${size}), 'the report ${file}').then(() => console.log('written'), (error) => console.log(error.message));\n`,
  );
  return run('/bin/sh', ['-c', shell, 'sh', process.execPath, program]);
}

describe('writeWhole', () => {
  it('writes the whole text, and replaces what the file held', async () => {
    const file = path.join(work, 'replaced.json');
    await writeFile(file, 'the previous report');
    expect((await writeWholeIn(file, 200_000)).stdout).toBe('written\n');
    expect(await readFile(file, 'utf8')).toBe('x'.repeat(200_000));
    expect(await readdir(work)).toEqual(['program.mjs', 'replaced.json']);
  });

  it('a write cut short (the disk full, a size limit) is one line naming the file; the file keeps its content, no temporary file stays', async () => {
    const dir = await mkdtemp(path.join(work, 'limited-'));
    const file = path.join(dir, 'report.json');
    await writeFile(file, 'the previous report');
    // A file size limit of a few kB: the first write(2) is cut short there and the next one fails with EFBIG,
    // as on a full disk with ENOSPC (Node ignores SIGXFSZ).
    const result = await writeWholeIn(file, 200_000, 'ulimit -f 8; exec "$@"');
    expect(result.stdout).toBe(`cannot write the report ${file}: the file is too large (EFBIG): raise the file size limit (ulimit -f), or write to another file system\n`);
    expect(await readFile(file, 'utf8')).toBe('the previous report');
    expect(await readdir(dir)).toEqual(['report.json']);
  });

  it('createFile (the run history) writes a new file whole, never over an existing one, and leaves no temporary file', async () => {
    const dir = await mkdtemp(path.join(work, 'create-'));
    const file = path.join(dir, 'run.json');
    await createFile(file, 'first');
    await expect(createFile(file, 'second')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(file, 'utf8')).toBe('first');
    expect(await readdir(dir)).toEqual(['run.json']);
  });

  it('writeWholeSet (report.json, .md, .html) writes all or none: one file that cannot be written leaves every file as it was', async () => {
    const dir = await mkdtemp(path.join(work, 'set-'));
    const set = (text: string) => ['report.json', 'report.md', 'report.html'].map((name) => ({ file: path.join(dir, name), text, label: `the report ${name}` }));
    await writeFile(path.join(dir, 'report.json'), 'old json');
    await writeFile(path.join(dir, 'report.md'), 'old md');
    await mkdir(path.join(dir, 'report.html'));
    await expect(writeWholeSet(set('new'))).rejects.toThrow('cannot write the report report.html: it is a folder (EISDIR): give the path of a file');
    expect(await readFile(path.join(dir, 'report.json'), 'utf8')).toBe('old json');
    expect(await readFile(path.join(dir, 'report.md'), 'utf8')).toBe('old md');
    expect((await readdir(dir)).sort()).toEqual(['report.html', 'report.json', 'report.md']);

    await rm(path.join(dir, 'report.html'), { recursive: true });
    await writeWholeSet(set('new'));
    for (const name of ['report.json', 'report.md', 'report.html']) expect(await readFile(path.join(dir, name), 'utf8')).toBe('new');
    expect((await readdir(dir)).sort()).toEqual(['report.html', 'report.json', 'report.md']);
  });

  it('a FIFO is written in place: its reader gets the whole text, and it stays a FIFO', async () => {
    const fifo = path.join(work, 'report.fifo');
    expect((await run('mkfifo', [fifo])).code).toBe(0);
    // The reader is a process of its own: one left waiting on a FIFO that was replaced could never end.
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    let read = '';
    reader.stdout.on('data', (chunk: Buffer) => (read += chunk.toString()));
    const ended = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    try {
      expect((await writeWholeIn(fifo, 200_000)).stdout).toBe('written\n');
      await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      expect(read).toBe('x'.repeat(200_000));
      expect((await lstat(fifo)).isFIFO()).toBe(true);
    } finally {
      reader.kill();
    }
  });

  it('a FIFO nobody reads is waited for, then one line: never a hang in open(2)', async () => {
    const fifo = path.join(work, 'unread.fifo');
    expect((await run('mkfifo', [fifo])).code).toBe(0);
    expect((await writeWholeIn(fifo, 1_000)).stdout).toBe(`cannot write the report ${fifo}: no program opened the named pipe for reading within 10 s: start its reader first\n`);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  }, 40_000);

  it('a FIFO whose reader takes nothing is given up after 10 s with one line: never a hang in write(2)', async () => {
    const fifo = path.join(work, 'stalled.fifo');
    expect((await run('mkfifo', [fifo])).code).toBe(0);
    // Opens the pipe for reading and never reads: more than the pipe's buffer cannot go in.
    const reader = spawn('/bin/sh', ['-c', 'exec sleep 60 < "$1"', 'sh', fifo], { stdio: 'ignore' });
    try {
      expect((await writeWholeIn(fifo, 1_000_000)).stdout).toBe(`cannot write the report ${fifo}: the program reading the named pipe took nothing for 10 s\n`);
    } finally {
      reader.kill();
    }
  }, 40_000);

  it('a character device is written in place and stays one; its write error (ENOSPC of /dev/full) is one line', async (context) => {
    // /dev/null and /dev/full, made in a folder of the test's own: never the system's. Making a device needs
    // root (CAP_MKNOD).
    const nullDevice = path.join(work, 'null');
    const fullDevice = path.join(work, 'full');
    const made = await Promise.all([run('mknod', ['-m', '666', nullDevice, 'c', '1', '3']), run('mknod', ['-m', '666', fullDevice, 'c', '1', '7'])]);
    if (made.some((result) => result.code !== 0)) context.skip('making a device needs root (CAP_MKNOD)');
    expect((await writeWholeIn(nullDevice, 200_000)).stdout).toBe('written\n');
    expect((await writeWholeIn(fullDevice, 200_000)).stdout).toBe(`cannot write the report ${fullDevice}: no space left on the device (ENOSPC): free some disk space\n`);
    for (const device of [nullDevice, fullDevice]) expect((await lstat(device)).isCharacterDevice()).toBe(true);
  });
});
