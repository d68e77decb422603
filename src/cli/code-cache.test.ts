import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheDir } from './code-cache.js';

let dir: string;
let cacheDir: string;
let file: string;

const BUNDLE =
  "#!/usr/bin/env node\n'use strict';\nfunction answer() { return 42; }\nmodule.exports = { answer: answer(), strict: (function () { return this; })() === undefined, file: __filename, required: typeof require('node:path').join, imported: import('node:path').then((m) => typeof m.join) };\n";

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'code-cache-'));
  cacheDir = path.join(dir, 'cache');
  file = path.join(dir, 'bundle.cjs');
  await writeFile(file, BUNDLE);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const MODULE = new URL('./code-cache.ts', import.meta.url).href;

/**
 * compileWithCodeCache, run and save in a process of its own (one process keeps what it compiled, whatever
 * cache it is given): whether it found a cache V8 took, and the file's exports.
 */
function inProcess(cache = cacheDir): { cache: string; answer: number; strict: boolean; file: string; required: string; imported: string } {
  const script = `const { compileWithCodeCache } = await import(${JSON.stringify(MODULE)});
    const script = compileWithCodeCache(process.argv[1], process.argv[2]);
    const exported = script.run();
    const imported = await exported.imported;
    script.save();
    process.stdout.write(JSON.stringify({ cache: script.cache, ...exported, imported }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script, file, cache], { encoding: 'utf8' })) as ReturnType<typeof inProcess>;
}

describe('compileWithCodeCache', () => {
  it('runs the file as a CommonJS module: strict, its own require and __filename, import() too', () => {
    expect(inProcess()).toEqual({ cache: 'none', answer: 42, strict: true, file, required: 'function', imported: 'function' });
  });

  it('saves a cache after a run, which the next start uses', async () => {
    expect(inProcess().cache).toBe('none');
    expect(await readdir(cacheDir)).toEqual([expect.stringMatching(/^bundle\.cjs-[0-9a-f]{40}\.v8$/)]);
    expect(inProcess()).toMatchObject({ cache: 'used', answer: 42 });
  });

  it('names the cache after the source: a changed file of the same length gets no old cache, and replaces it', async () => {
    inProcess();
    const [old] = await readdir(cacheDir);
    await writeFile(file, BUNDLE.replace('return 42', 'return 43'));
    expect(inProcess()).toMatchObject({ cache: 'none', answer: 43 });
    const now = await readdir(cacheDir);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(old);
    expect(inProcess()).toMatchObject({ cache: 'used', answer: 43 });
  });

  it('runs from source when the cache is damaged, and rewrites it', async () => {
    inProcess();
    const [name] = await readdir(cacheDir);
    await writeFile(path.join(cacheDir, name!), Buffer.from('not a code cache'));
    expect(inProcess()).toMatchObject({ cache: 'rejected', answer: 42 });
    expect(inProcess()).toMatchObject({ cache: 'used', answer: 42 });
  });

  it('runs all the same where the cache cannot be written', async () => {
    // A file where the folder should be: the cache can be neither read nor written.
    const blocked = path.join(dir, 'blocked');
    await writeFile(blocked, '');
    expect(inProcess(blocked)).toMatchObject({ cache: 'none', answer: 42 });
    expect(inProcess(blocked)).toMatchObject({ cache: 'none', answer: 42 });
  });

  it('lives in $XDG_CACHE_HOME, else in ~/.cache', () => {
    expect(codeCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe(path.join('/x/cache', 'aiforce-db'));
    expect(codeCacheDir({})).toMatch(/[/\\]\.cache[/\\]aiforce-db$/);
  });
});
