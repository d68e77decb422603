/**
 * writeWhole, the one writer of every output file (check --output, report --out, the lock, the diagram, the
 * baseline): the file gets the whole text or keeps what it held, and a failure is one line naming it. Each case
 * runs a tiny program on the compiled dist/config/output.js, under the limits the case needs.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
