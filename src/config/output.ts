import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { link, mkdir, open, type FileHandle, realpath, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { failureReason, UserError } from '../errors/index.js';
import { onTermination } from '../process/termination.js';
import { PIPE_SILENCE_MS } from './json-file.js';
import { CONFIG_FILE, DEFAULT_PATHS, type ProjectPaths } from './project.js';

/** A file or folder of the project that a report must never be written over (or into, for a folder). */
export interface ProjectInput {
  path: string;
  what: string;
  folder?: boolean;
}

/** The project's inputs: what check, lock and the Prisma CLI read. */
export function projectInputs(paths: ProjectPaths): ProjectInput[] {
  const at = (name: string) => path.join(paths.root, name);
  return [
    { path: paths.schema, what: 'the Prisma schema' },
    { path: paths.migrations, what: 'the migrations folder', folder: true },
    { path: paths.lock, what: 'the expected-catalog lock' },
    { path: paths.contract ?? path.join(paths.root, DEFAULT_PATHS.contract), what: 'the spec contract' },
    { path: paths.baseline, what: 'the drift baseline' },
    { path: paths.diagram, what: 'the schema diagram' },
    { path: at(CONFIG_FILE), what: 'the project config' },
    { path: at('package.json'), what: 'package.json' },
    { path: at('package-lock.json'), what: 'package-lock.json' },
  ];
}

/** A path as the user would write it: relative when inside the working folder. */
export function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(file);
}

/** The real path `file` has or would have: symbolic links resolved, up to its nearest existing folder. */
async function realTarget(file: string): Promise<string> {
  const absolute = path.resolve(file);
  try {
    return await realpath(absolute);
  } catch {
    const parent = path.dirname(absolute);
    return parent === absolute ? absolute : path.join(await realTarget(parent), path.basename(absolute));
  }
}

const statOf = (file: string): Promise<Stats | undefined> => stat(file).catch(() => undefined);

/** The input `real` is, or is inside (for a folder); a file is matched by identity too, so a hard link is caught. */
async function inputAt(real: string, existing: Stats | undefined, inputs: readonly ProjectInput[]): Promise<ProjectInput | undefined> {
  for (const input of inputs) {
    const inputReal = await realTarget(input.path);
    if (input.folder) {
      if (real === inputReal || real.startsWith(`${inputReal}${path.sep}`)) return input;
      continue;
    }
    if (real === inputReal) return input;
    const inputStats = existing && (await statOf(input.path));
    if (inputStats && existing && inputStats.dev === existing.dev && inputStats.ino === existing.ino) return input;
  }
  return undefined;
}

/** Refuses an output file that is a folder or one of `inputs` (compared as real files). `option` names it: `--output`. */
export async function assertOutputFile(file: string, option: string, inputs: readonly ProjectInput[]): Promise<void> {
  const existing = await statOf(file);
  if (existing?.isDirectory()) throw new UserError(`${option} ${shownPath(file)} is a folder: give the path of a file`);
  const input = await inputAt(await realTarget(file), existing, inputs);
  if (input) {
    const clash = input.folder ? `is inside ${input.what}` : `would overwrite ${input.what}`;
    throw new UserError(`${option} ${shownPath(file)} ${clash} (${shownPath(input.path)}): write the output somewhere else`);
  }
}

/**
 * Creates `folder` and its missing parents, one level at a time, and returns the folders it created, outermost
 * first. Not mkdir's `recursive`: under /proc it retries forever at full CPU (ENOENT for the child, EEXIST for
 * the parent), which would hang the command.
 */
export async function makeFolder(folder: string, label: string): Promise<string[]> {
  const missing: string[] = [];
  for (let at = path.resolve(folder); !(await statOf(at)); at = path.dirname(at)) {
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const one of missing) {
    await mkdir(one).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw new UserError(`cannot create ${label} ${shownPath(folder)}: ${failureReason(error)}`);
    });
  }
  return missing;
}

/**
 * Refuses an output folder that is an existing file or lies inside an input folder (the migrations); nothing is
 * created yet, so a command refused later leaves no empty folder. `option` names it: `--out`.
 */
export async function assertOutputFolder(folder: string, option: string, inputs: readonly ProjectInput[]): Promise<void> {
  const existing = await statOf(folder);
  if (existing && !existing.isDirectory()) throw new UserError(`${option} ${shownPath(folder)} is a file, not a folder: give a folder (it is created when missing)`);
  const input = await inputAt(await realTarget(folder), undefined, inputs.filter((one) => one.folder));
  if (input) throw new UserError(`${option} ${shownPath(folder)} is inside ${input.what} (${shownPath(input.path)}): write the output somewhere else`);
}

/** Creates each of `folders` (made ready by assertOutputFolder) or none: one that cannot be made removes those made before it. */
export async function makeFolders(folders: ReadonlyArray<{ folder: string; option: string }>): Promise<void> {
  const created: string[] = [];
  try {
    for (const { folder, option } of folders) created.push(...(await makeFolder(folder, option)));
  } catch (error) {
    // Innermost first; rmdir only removes a folder still empty.
    for (const one of created.reverse()) await rmdir(one).catch(() => undefined);
    throw error;
  }
}

/**
 * Replaces `file` with `text` whole or not at all: a temporary file beside it (the same file system, so the
 * rename is atomic), written whole, flushed to disk, then renamed over it; removed on any failure, a signal
 * included. `mode` is the new file's, by default the replaced file's (else 0o666 less the umask).
 */
export async function replaceFile(file: string, text: string, mode?: number): Promise<void> {
  const replaced = mode === undefined ? await statOf(file) : undefined;
  await writeBeside(file, text, mode ?? (replaced && replaced.mode & 0o777), (temporary) => rename(temporary, file));
}

/** link(2)'s errors on a file system without hard links (FAT, exFAT, many SMB and FUSE mounts). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Creates `file` with `text` whole or not at all, as replaceFile does, but never over an existing file: the
 * temporary file is hard-linked into place, which fails with EEXIST when the name is taken. Where the file
 * system has no hard links, the file is created in place exclusively, and removed if it cannot be written whole.
 */
export async function createFile(file: string, text: string): Promise<void> {
  try {
    await writeBeside(file, text, undefined, (temporary) => link(temporary, file));
  } catch (error) {
    if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    const handle = await open(file, 'wx');
    try {
      await handle.writeFile(text);
      await handle.sync();
      await handle.close();
    } catch (failure) {
      await handle.close().catch(() => undefined);
      await rm(file, { force: true });
      throw failure;
    }
  }
}

/** A temporary file written whole and flushed, beside the file it is for; `discard` removes what is left of it. */
interface Temporary {
  path: string;
  discard(): Promise<void>;
}

/** Writes `text` whole to a temporary file beside `file` and flushes it to disk; removed on a failure or a signal. */
async function writeTemporary(file: string, text: string, mode: number | undefined): Promise<Temporary> {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', mode ?? 0o666);
  const forget = onTermination(() => rm(temporary, { force: true }));
  const discard = async () => {
    await rm(temporary, { force: true });
    forget();
  };
  try {
    try {
      // The umask applies to open's mode: a kept mode is set as it was.
      if (mode !== undefined) await handle.chmod(mode);
      // Unlike one write(2), writeFile writes on after a short write, so a full disk is an error (ENOSPC).
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await discard();
    throw error;
  }
  return { path: temporary, discard };
}

/** Writes `text` whole to a temporary file beside `file`, then lets `settle` put it in place. */
async function writeBeside(file: string, text: string, mode: number | undefined, settle: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = await writeTemporary(file, text, mode);
  try {
    await settle(temporary.path);
  } finally {
    // Gone already after a rename; after a link, or a failure, the temporary name is removed here.
    await temporary.discard();
  }
}

/**
 * Writes `text` into a named pipe once a program has it open for reading, waiting up to PIPE_SILENCE_MS for
 * one (a non-blocking open fails with ENXIO until then), and through that non-blocking descriptor: a blocking
 * open or write would wait for ever on a reader that left, or stopped reading. A pipe that takes nothing for
 * PIPE_SILENCE_MS is one line too.
 */
async function writeFifo(fifo: string, text: string): Promise<void> {
  const deadline = Date.now() + PIPE_SILENCE_MS;
  let pipe: FileHandle | undefined;
  while (!pipe) {
    pipe = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENXIO') throw error;
      if (Date.now() >= deadline) throw new Error(`no program opened the named pipe for reading within ${PIPE_SILENCE_MS / 1000} s: start its reader first`);
      return delay(50).then(() => undefined);
    });
  }
  try {
    const data = Buffer.from(text);
    let progress = Date.now();
    for (let written = 0; written < data.length; ) {
      const wrote = await pipe.write(data, written, data.length - written).then(
        (result) => result.bytesWritten,
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EAGAIN') throw error;
          if (Date.now() - progress >= PIPE_SILENCE_MS) throw new Error(`the program reading the named pipe took nothing for ${PIPE_SILENCE_MS / 1000} s`);
          return delay(20).then(() => 0);
        },
      );
      if (wrote > 0) progress = Date.now();
      written += wrote;
    }
  } finally {
    await pipe.close();
  }
}

/**
 * Writes `text` to `file` (through symbolic links) whole or not at all (replaceFile). A failure is one line
 * naming `label`, and the file keeps what it held. A file that is not a regular one (a device, a FIFO:
 * /dev/stdout, a named pipe) is opened and written where it is, as the shell's `>` does: a file renamed over
 * it would replace it.
 */
export async function writeWhole(file: string, text: string, label: string): Promise<void> {
  await naming(label, async () => {
    const target = await realTarget(file);
    const existing = await statOf(target);
    if (existing?.isFIFO()) await writeFifo(target, text);
    // O_WRONLY alone, no O_CREAT: only the device just seen is written, never a new file.
    else if (existing?.isFile() === false) await writeFile(target, text, { flag: constants.O_WRONLY });
    else await replaceFile(target, text);
  });
}

/** Runs `step`; a failure becomes one line naming `label`. */
async function naming<T>(label: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new UserError(`cannot write ${label}: ${failureReason(error)}`);
  }
}

/**
 * Writes a set of files (through symbolic links) all or none, as one report: every text is written whole to a
 * temporary file beside its file first, and only when all are written are they renamed into place. On a
 * failure the temporary files are removed and every file keeps what it held. Regular files only: a folder, a
 * device or a named pipe in the set is refused before anything is written.
 */
export async function writeWholeSet(files: ReadonlyArray<{ file: string; text: string; label: string }>): Promise<void> {
  const placed: Array<{ target: string; temporary: Temporary; label: string }> = [];
  try {
    for (const { file, text, label } of files) {
      await naming(label, async () => {
        const target = await realTarget(file);
        const existing = await statOf(target);
        if (existing?.isDirectory()) throw Object.assign(new Error('it is a folder'), { code: 'EISDIR' });
        if (existing && !existing.isFile()) throw new Error('it is not a regular file (a device or a named pipe): give the path of a file');
        placed.push({ target, label, temporary: await writeTemporary(target, text, existing && existing.mode & 0o777) });
      });
    }
    for (const { target, temporary, label } of placed) await naming(label, () => rename(temporary.path, target));
  } finally {
    for (const { temporary } of placed) await temporary.discard();
  }
}
