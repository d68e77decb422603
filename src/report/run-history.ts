import { mkdir, readdir } from 'node:fs/promises';
import { readTextFile } from '../config/json-file.js';
import path from 'node:path';
import * as z from 'zod';
import { createFile, replaceFile } from '../config/output.js';

/** One run in the history folder: per target its status, finding count and finding keys (`code path`). */
const historyEntrySchema = z.object({
  version: z.literal(1),
  generatedAt: z.iso.datetime(),
  targets: z.array(
    z.object({
      name: z.string(),
      status: z.enum(['ok', 'drift', 'error']),
      count: z.number().int().nonnegative(),
      keys: z.array(z.string()),
    }),
  ),
});

export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** `2026-11-24T02:00:00.000Z` -> `2026-11-24T02-00-00Z.json`: sortable, and valid on every file system. */
export function historyFileName(generatedAt: string): string {
  return `${generatedAt.replace(/\.\d+Z$/, 'Z').replaceAll(':', '-')}.json`;
}

/**
 * Reads every run of the history folder, oldest first. A missing folder is an empty history; an unreadable
 * file is skipped with a warning rather than failing the night.
 */
export async function readHistory(dir: string, warn: (line: string) => void): Promise<HistoryEntry[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: HistoryEntry[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      entries.push(historyEntrySchema.parse(JSON.parse((await readTextFile(file, 'it'))!)));
    } catch (error) {
      warn(`warning: skipping history file ${file}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return entries.sort((a, b) => a.generatedAt.localeCompare(b.generatedAt));
}

/** Writes one run; never overwrites an earlier run of the same second (the name then keeps milliseconds). */
export async function writeHistory(dir: string, entry: HistoryEntry): Promise<string> {
  await mkdir(dir, { recursive: true });
  const text = `${JSON.stringify(entry, null, 2)}\n`;
  const file = path.join(dir, historyFileName(entry.generatedAt));
  try {
    await createFile(file, text);
    return file;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const precise = path.join(dir, `${entry.generatedAt.replaceAll(':', '-')}.json`);
    await replaceFile(precise, text);
    return precise;
  }
}
