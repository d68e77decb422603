import { closeSync, constants, openSync, readSync } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as delay } from 'node:timers/promises';
import { UserError } from '../errors/index.js';

/**
 * Reads and parses a JSON file. A file that cannot be read, or is not JSON, is one line naming `label`
 * (with `hint`, what to do, when it cannot be read); an absent `optional` file is `undefined`.
 */
export async function readJsonFile(file: string, label: string, options: { optional?: boolean; hint?: string } = {}): Promise<unknown> {
  const text = await readTextFile(file, label, options);
  return text === undefined ? undefined : parseJsonText(text, label);
}

/** readJsonFile's first half: the text, for a caller that parses it later (parseJsonText). */
export async function readTextFile(file: string, label: string, options: { optional?: boolean; hint?: string } = {}): Promise<string | undefined> {
  try {
    return await readInput(file, label);
  } catch (error) {
    if (error instanceof UserError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && options.optional) return undefined;
    throw unreadable(error, label, options.hint);
  }
}

/** The most of one input file read into memory: far more than any lock, well below V8's longest string. */
const MAX_INPUT_BYTES = 256 * 1024 * 1024;
/**
 * How long a named pipe (or a device) may keep silent, read or written: an input that sends nothing, an output
 * no program opens for reading or takes nothing from. open(2) and I/O on a pipe could otherwise wait for ever.
 */
export const PIPE_SILENCE_MS = 10_000;

/** Whether `file` is a regular file, which textChunks may read synchronously: a FIFO or a device could block it. */
export async function isRegularFile(file: string): Promise<boolean> {
  return (await stat(file)).isFile();
}

/**
 * The one reader of input files, whole, within MAX_INPUT_BYTES. Opened without blocking: open(2) of a FIFO with
 * no writer would wait for ever, in a threadpool call no deadline can end. A FIFO or a device is then polled:
 * silence for PIPE_SILENCE_MS (no writer yet, or one that writes nothing) and an endless device (/dev/zero)
 * are one line naming the file.
 */
async function readInput(file: string, label: string): Promise<string> {
  const tooLarge = () => new UserError(`${label} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB: give the file aiforce-db wrote (is it a device?)`);
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (stats.isFile()) {
      if (stats.size > MAX_INPUT_BYTES) throw tooLarge();
      return await handle.readFile('utf8');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    // A FIFO reads as ended (0 bytes) until a writer opens it: only after a writer was seen is 0 its end.
    let writer = !stats.isFIFO();
    let heardAt = Date.now();
    // One buffer for every read: a poll that finds nothing (every 20 ms) allocates nothing.
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    for (;;) {
      const read = await handle.read(buffer, 0, buffer.length, null).then(
        ({ bytesRead }) => bytesRead,
        (error: NodeJS.ErrnoException) => {
          // Nothing to read yet, from a writer that has it open.
          if (error.code === 'EAGAIN') return undefined;
          throw error;
        },
      );
      if (read) {
        chunks.push(Buffer.from(buffer.subarray(0, read)));
        size += read;
        if (size > MAX_INPUT_BYTES) throw tooLarge();
        writer = true;
        heardAt = Date.now();
        continue;
      }
      if (read === 0 && writer) break;
      if (read === undefined) writer = true;
      if (Date.now() - heardAt >= PIPE_SILENCE_MS) {
        throw new UserError(
          writer
            ? `${label} sent nothing for ${PIPE_SILENCE_MS / 1000} s: give a file`
            : `${label} is a named pipe no program opened for writing within ${PIPE_SILENCE_MS / 1000} s: start its writer first, or give a file`,
        );
      }
      await delay(20);
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * A file's text in pieces of about `size` bytes, read as they are asked for (a large file is never whole in
 * memory). 32 KB by default: a piece stays below V8's large-object size (128 KB) even as a two-byte string,
 * so unless a line cut from it is kept, it dies young, where megabyte pieces piled up in the old generation
 * until its next full collection (about 30 MB of peak memory for a 44 MB lock).
 */
export function* textChunks(file: string, label: string, options: { size?: number; hint?: string } = {}): Generator<string> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw unreadable(error, label, options.hint);
  }
  try {
    const buffer = Buffer.alloc(options.size ?? 32 * 1024);
    // Decodes a character split between two pieces once both are in.
    const decoder = new StringDecoder('utf8');
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) yield decoder.write(buffer.subarray(0, read));
    yield decoder.end();
  } catch (error) {
    throw unreadable(error, label, options.hint);
  } finally {
    closeSync(fd);
  }
}

/** Fails early, and as readTextFile would, when `file` could not be read. */
export async function assertReadable(file: string, label: string, hint?: string): Promise<void> {
  await access(file, constants.R_OK).catch((error: unknown) => {
    throw unreadable(error, label, hint);
  });
}

function unreadable(error: unknown, label: string, hint: string | undefined): UserError {
  return new UserError(`${label} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})${hint ? `: ${hint}` : ''}`);
}

export function parseJsonText(text: string, label: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UserError(`${label} is not valid JSON (${(error as Error).message})`);
  }
}
