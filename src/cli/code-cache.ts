/**
 * Runs a CommonJS file (the check bundle) with a V8 code cache made at the end of a run. Node's own compile
 * cache is made when a module is compiled, before it runs, so it holds the top level only: every function the
 * check calls was compiled again on each start: about a tenth of a 32-table check (`npm run bench`).
 * V8 checks a cache against the source's length only, so the cache is named after a hash of the source (and
 * of Node's version). It lives in the user's cache folder; reading or writing it can fail without harm.
 */
import { hash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/** $XDG_CACHE_HOME/aiforce-db, else ~/.cache/aiforce-db. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'aiforce-db');
}

export interface CachedScript {
  /** Whether a cache was found, and whether V8 took it. */
  cache: 'used' | 'none' | 'rejected';
  /** Runs the file as Node runs a CommonJS module (its own require, __filename, __dirname); its exports. */
  run(): unknown;
  /** Writes the cache of what has been compiled so far, replacing the caches of other versions of the file. */
  save(): void;
}

/** Compiles `file` with its cache from `cacheDir`, if there is one V8 accepts. */
export function compileWithCodeCache(file: string, cacheDir = codeCacheDir()): CachedScript {
  const bytes = readFileSync(file);
  const base = path.basename(file);
  const cacheFile = path.join(cacheDir, `${base}-${hash('sha1', Buffer.concat([Buffer.from(process.version), bytes]), 'hex')}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // None yet (or unreadable): compiled from source, and saved after the run.
  }
  // Node's own wrapper; the shebang line is blanked, so that line numbers stay.
  const source = `(function (exports, require, module, __filename, __dirname) { ${bytes.toString('utf8').replace(/^#!.*/, '')}\n})`;
  const script = new vm.Script(source, { filename: file, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  return {
    cache: !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used',
    run() {
      const module = { exports: {} };
      (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
      return module.exports;
    },
    save() {
      try {
        mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
        for (const old of readdirSync(cacheDir)) if (old.startsWith(`${base}-`) && old.endsWith('.v8')) rmSync(path.join(cacheDir, old), { force: true });
        // Written whole, then renamed: another run reads the old cache or the new one, never half of one.
        const partial = `${cacheFile}.${process.pid}`;
        writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        renameSync(partial, cacheFile);
      } catch {
        // A read-only or full disk: the next run compiles again.
      }
    },
  };
}

/** Runs `file` with its code cache; without a usable one, it is written when the process exits. */
export function runWithCodeCache(file: string): void {
  const script = compileWithCodeCache(file);
  if (script.cache !== 'used') process.once('exit', () => script.save());
  script.run();
}
