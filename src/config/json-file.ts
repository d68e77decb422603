import { closeSync, constants, openSync, readSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
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
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && options.optional) return undefined;
    throw unreadable(error, label, options.hint);
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
