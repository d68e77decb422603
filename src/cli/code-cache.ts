/**
 * Runs a CommonJS file (the check bundle) with a V8 code cache made at the end of a run. Node's own compile
 * cache is made when a module is compiled, before it runs, so it holds the top level only: every function the
 * check calls was compiled again on each start, about a tenth of a 32-table check (`npm run bench`).
 *
 * A code cache is code, and V8 checks one against the source's length and its own version and flags only. So
 * the cache is named after a hash of the source and of the V8 version and Node options, it starts with a hash
 * of its own bytes (a damaged file is never handed to V8), and it is read only from a folder of the user's own
 * that nobody else may write to. Reading or writing it can fail without harm: the file is then compiled from source.
 */
import { createHash, hash, randomUUID } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/** $XDG_CACHE_HOME/aiforce-db (an absolute one, as the XDG specification requires), else ~/.cache/aiforce-db. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(homedir(), '.cache'), 'aiforce-db');
}

/** Caches of other versions of a file kept besides its own (two installed versions, a rebuilt bundle). */
const OTHER_VERSIONS_KEPT = 3;
const DIGEST = 'sha1';
const DIGEST_BYTES = 20;

/** A real folder (no link) of this user's, that no one else may write to. */
function isPrivate(dir: string): boolean {
  const stats = lstatSync(dir, { throwIfNoEntry: false });
  if (!stats?.isDirectory()) return false;
  return (stats.mode & 0o022) === 0 && (process.getuid === undefined || stats.uid === process.getuid());
}

export interface CachedScript {
  /** Whether a cache was found, and whether V8 took it. */
  cache: 'used' | 'none' | 'rejected';
  /** Runs the file as Node runs a CommonJS module (its own require, __filename, __dirname); its exports. */
  run(): unknown;
  /** Writes the cache of what has been compiled so far; removes the oldest caches of other versions of the file. */
  save(): void;
}

/** The cache's bytes, if they are whole and in a private folder. */
function readCache(cacheDir: string, cacheFile: string): Buffer | undefined {
  try {
    if (!isPrivate(cacheDir)) return undefined;
    const stored = readFileSync(cacheFile);
    const data = stored.subarray(DIGEST_BYTES);
    return stored.subarray(0, DIGEST_BYTES).equals(hash(DIGEST, data, 'buffer')) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Compiles `file` with its cache from `cacheDir`, if there is one V8 accepts. */
export function compileWithCodeCache(file: string, cacheDir = codeCacheDir()): CachedScript {
  const bytes = readFileSync(file);
  const base = path.basename(file);
  // Hashed in two parts: no copy of the bundle on every start.
  // V8 rejects a cache of another V8 or other flags; naming them in the key keeps one cache per set of them (the
  // options that can set flags stand for the flags: node:v8's cachedDataVersionTag() costs 3 ms of each start).
  // Flags that differ otherwise (another build of the same V8) only make V8 reject the cache, written again then.
  const runtime = `${process.versions.v8}\n${process.execArgv.join(' ')}\n${process.env.NODE_OPTIONS ?? ''}\n`;
  const key = createHash(DIGEST).update(runtime).update(bytes).digest('hex');
  const cacheFile = path.join(cacheDir, `${base}-${key}.v8`);
  const cachedData = readCache(cacheDir, cacheFile);
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
        if (!isPrivate(cacheDir)) return;
        const data = script.createCachedData();
        // Written whole under a name of its own, then renamed: a run reads the old cache or the new one.
        const partial = `${cacheFile}.${randomUUID()}`;
        writeFileSync(partial, Buffer.concat([hash(DIGEST, data, 'buffer'), data]), { mode: 0o600, flag: 'wx' });
        renameSync(partial, cacheFile);
        const others = readdirSync(cacheDir)
          .filter((name) => name.startsWith(`${base}-`) && name.endsWith('.v8') && path.join(cacheDir, name) !== cacheFile)
          .map((name) => ({ name, time: statSync(path.join(cacheDir, name)).mtimeMs }))
          .sort((a, b) => b.time - a.time);
        for (const { name } of others.slice(OTHER_VERSIONS_KEPT)) rmSync(path.join(cacheDir, name), { force: true });
      } catch {
        // A read-only or full disk: the next run compiles from source again.
      }
    },
  };
}

/**
 * What a file run with a code cache may export: whether its run did the whole work (`check --help`, or a check
 * refused before it compared anything, compiles a fraction of it). Without it, every run that exits 0 or 1 counts.
 */
export interface CodeCacheRun {
  didWholeWork?: () => boolean;
}

/**
 * Runs `file` with its code cache. Without a usable one, the cache is written when the process exits after
 * doing its whole work (exit 0 or 1, and what the file says of it), so that it holds what a whole check
 * compiles: a cache written after `--help` would be taken by every later run, which would then compile most of
 * the check again each time.
 */
export function runWithCodeCache(file: string): void {
  const script = compileWithCodeCache(file);
  const run = script.run() as CodeCacheRun;
  if (script.cache !== 'used') process.once('exit', (code) => (code === 0 || code === 1) && (run.didWholeWork?.() ?? true) && script.save());
}
