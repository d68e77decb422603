import { readFile } from 'node:fs/promises';
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
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && options.optional) return undefined;
    throw new UserError(`${label} cannot be read (${code ?? (error as Error).message})${options.hint ? `: ${options.hint}` : ''}`);
  }
}

export function parseJsonText(text: string, label: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UserError(`${label} is not valid JSON (${(error as Error).message})`);
  }
}
