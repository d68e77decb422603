import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
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
function inProcess(cache = cacheDir, nodeOptions: string[] = []): { cache: string; answer: number; strict: boolean; file: string; required: string; imported: string } {
  const script = `const { compileWithCodeCache } = await import(${JSON.stringify(MODULE)});
    const script = compileWithCodeCache(process.argv[1], process.argv[2]);
    const exported = script.run();
    const imported = await exported.imported;
    script.save();
    process.stdout.write(JSON.stringify({ cache: script.cache, ...exported, imported }));`;
  return JSON.parse(execFileSync(process.execPath, [...nodeOptions, '--input-type=module', '-e', script, file, cache], { encoding: 'utf8' })) as ReturnType<typeof inProcess>;
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

  it('names the cache after the source: a changed file of the same length gets a cache of its own', async () => {
    inProcess();
    const [old] = await readdir(cacheDir);
    await writeFile(file, BUNDLE.replace('return 42', 'return 43'));
    expect(inProcess()).toMatchObject({ cache: 'none', answer: 43 });
    expect((await readdir(cacheDir)).filter((name) => name !== old)).toHaveLength(1);
    expect(inProcess()).toMatchObject({ cache: 'used', answer: 43 });
  });

  it('keeps a cache per set of Node options: a run with another V8 flag neither takes nor replaces the cache of a plain run', async () => {
    inProcess();
    expect(inProcess(cacheDir, ['--no-opt'])).toMatchObject({ cache: 'none', answer: 42 });
    expect(await readdir(cacheDir)).toHaveLength(2);
    expect(inProcess(cacheDir, ['--no-opt']).cache).toBe('used');
    expect(inProcess().cache).toBe('used');
  });

  it('never hands V8 a damaged cache; one V8 refuses is compiled from source; either is written again', async () => {
    inProcess();
    const [name] = await readdir(cacheDir);
    const cache = path.join(cacheDir, name!);
    await writeFile(cache, Buffer.from('a damaged cache, whose digest does not match'));
    expect(inProcess()).toMatchObject({ cache: 'none', answer: 42 });
    const garbage = Buffer.from('whole, but not a code cache');
    await writeFile(cache, Buffer.concat([createHash('sha1').update(garbage).digest(), garbage]));
    expect(inProcess()).toMatchObject({ cache: 'rejected', answer: 42 });
    expect(inProcess()).toMatchObject({ cache: 'used', answer: 42 });
  });

  it('reads and writes no cache in a folder others may write to, or where there is no folder', async () => {
    inProcess();
    await chmod(cacheDir, 0o777);
    expect(inProcess()).toMatchObject({ cache: 'none', answer: 42 });
    // A file where the folder should be: the cache can be neither read nor written.
    const blocked = path.join(dir, 'blocked');
    await writeFile(blocked, '');
    expect(inProcess(blocked)).toMatchObject({ cache: 'none', answer: 42 });
    expect(inProcess(blocked)).toMatchObject({ cache: 'none', answer: 42 });
  });

  it('keeps the caches of three other versions of the file, the newest', async () => {
    await mkdir(cacheDir, { mode: 0o700 });
    const old = ['a', 'b', 'c', 'd', 'e'].map((version) => path.join(cacheDir, `bundle.cjs-${version}.v8`));
    for (const [age, file] of old.entries()) {
      await writeFile(file, '');
      await utimes(file, 1000 + age, 1000 + age);
    }
    inProcess();
    expect((await readdir(cacheDir)).filter((name) => !/-[a-e]\.v8$/.test(name))).toHaveLength(1);
    expect((await readdir(cacheDir)).filter((name) => /-[a-e]\.v8$/.test(name)).sort()).toEqual(['bundle.cjs-c.v8', 'bundle.cjs-d.v8', 'bundle.cjs-e.v8']);
  });

  it('runWithCodeCache writes the cache when the run did its work (exit 0 or 1), not when it failed', async () => {
    const runner = (code: number) => {
      const script = `const { runWithCodeCache } = await import(${JSON.stringify(MODULE)}); runWithCodeCache(process.argv[1]);`;
      writeFileSync(file, `${BUNDLE}process.exitCode = ${code};\n`);
      return spawnSync(process.execPath, ['--input-type=module', '-e', script, file], { env: { ...process.env, XDG_CACHE_HOME: dir } }).status;
    };
    expect(runner(2)).toBe(2);
    expect(await readdir(dir)).not.toContain('aiforce-db');
    expect(runner(1)).toBe(1);
    expect(await readdir(path.join(dir, 'aiforce-db'))).toHaveLength(1);
  });

  it('runWithCodeCache writes no cache after a run that says it did not do its whole work (check --help)', async () => {
    const runner = (whole: boolean) => {
      const script = `const { runWithCodeCache } = await import(${JSON.stringify(MODULE)}); runWithCodeCache(process.argv[1]);`;
      writeFileSync(file, `${BUNDLE}module.exports.didWholeWork = () => ${whole};\n`);
      return spawnSync(process.execPath, ['--input-type=module', '-e', script, file], { env: { ...process.env, XDG_CACHE_HOME: dir } }).status;
    };
    expect(runner(false)).toBe(0);
    expect(await readdir(dir)).not.toContain('aiforce-db');
    expect(runner(true)).toBe(0);
    expect(await readdir(path.join(dir, 'aiforce-db'))).toHaveLength(1);
  });

  it('lives in $XDG_CACHE_HOME if it is absolute, else in ~/.cache', () => {
    expect(codeCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe(path.join('/x/cache', 'aiforce-db'));
    expect(codeCacheDir({})).toMatch(/[/\\]\.cache[/\\]aiforce-db$/);
    expect(codeCacheDir({ XDG_CACHE_HOME: 'relative/cache' })).toBe(codeCacheDir({}));
  });
});
