import { randomBytes } from 'node:crypto';
import { link, open, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import * as z from 'zod';
import { UserError } from '../../errors/index.js';
import { isAlive, selfIdentity, type ProcessIdentity } from './processes.js';

/**
 * Who holds the home's lock or uses its server: a command, known by pid and process start time.
 * The lock is held only while a command starts, joins or stops the server (seconds); the users folder
 * lists the commands working on the running server, so the last one out stops it.
 */
const holderSchema = z.object({ pid: z.number().int().positive(), startTime: z.string(), command: z.string(), since: z.number() });
type Holder = z.infer<typeof holderSchema>;

const LOCK = 'lock';
const BREAKER = 'lock.break';
const USERS = 'users';
/** Breaking a stale lock takes microseconds: a breaker file older than this was left by a killed command. */
const BREAKER_STALE_MS = 10_000;

async function me(): Promise<Holder> {
  const identity = await selfIdentity();
  return { ...identity, command: path.basename(process.argv[1] ?? process.argv0), since: Date.now() };
}

async function readHolder(file: string): Promise<Holder | 'unreadable' | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = holderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

const same = (a: ProcessIdentity, b: ProcessIdentity) => a.pid === b.pid && a.startTime === b.startTime;

/** Removes the lock of a command that no longer runs, unless someone else already replaced it. */
async function breakStaleLock(home: string, stale: Holder | 'unreadable'): Promise<void> {
  const breaker = path.join(home, BREAKER);
  try {
    await (await open(breaker, 'wx', 0o600)).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = Date.now() - (await stat(breaker).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > BREAKER_STALE_MS) await rm(breaker, { force: true });
    return;
  }
  try {
    const current = await readHolder(path.join(home, LOCK));
    const unchanged = current === 'unreadable' || stale === 'unreadable' ? current === stale : current !== undefined && same(current, stale);
    if (unchanged) await rm(path.join(home, LOCK), { force: true });
  } finally {
    await rm(breaker, { force: true });
  }
}

/** Describes a lock holder for a one-line message. */
function describeHolder(holder: Holder): string {
  return `pid ${holder.pid} (${holder.command}, for ${Math.max(0, Math.round((Date.now() - holder.since) / 1000))} s)`;
}

/**
 * Takes the home's lock, waiting up to `waitMs` for a live holder; a holder that no longer runs (killed,
 * or its pid now belongs to another process) is removed. Resolves with the function that releases it.
 * The lock file appears complete or not at all (written aside, then hard-linked into place).
 */
export async function acquireLock(home: string, options: { waitMs: number; signal?: AbortSignal }): Promise<() => Promise<void>> {
  const file = path.join(home, LOCK);
  const holder = await me();
  const draft = path.join(home, `${LOCK}.${process.pid}.${randomBytes(4).toString('hex')}`);
  await writeFile(draft, JSON.stringify(holder), { mode: 0o600 });
  try {
    const deadline = Date.now() + options.waitMs;
    for (;;) {
      options.signal?.throwIfAborted();
      try {
        await link(draft, file);
        return async () => {
          const current = await readHolder(file);
          if (current !== undefined && current !== 'unreadable' && same(current, holder)) await rm(file, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = await readHolder(file);
      if (current === undefined) continue;
      if (current === 'unreadable' || !(await isAlive(current))) {
        await breakStaleLock(home, current);
        continue;
      }
      if (Date.now() >= deadline) {
        throw new UserError(
          `the embedded database in ${home} is busy: ${describeHolder(current)} is starting or stopping it: wait for that command to finish, or give it longer with AIFORCE_DB_WAIT_MS (now ${options.waitMs})`,
        );
      }
      // Jittered, so that waiters do not retry in step.
      await delay(40 + Math.floor(Math.random() * 60), undefined, { signal: options.signal });
    }
  } finally {
    await rm(draft, { force: true });
  }
}

/** Records this command as a user of the running server. */
export async function joinUsers(home: string): Promise<void> {
  const holder = await me();
  await writeFile(path.join(home, USERS, `${holder.pid}.json`), JSON.stringify(holder), { mode: 0o600 });
}

/** Removes this command from the users of the running server. */
export async function leaveUsers(home: string): Promise<void> {
  await rm(path.join(home, USERS, `${process.pid}.json`), { force: true });
}

/** The other commands still working on the server; entries of commands that no longer run are removed. */
export async function otherLiveUsers(home: string): Promise<Holder[]> {
  const folder = path.join(home, USERS);
  const self = await selfIdentity();
  const live: Holder[] = [];
  for (const name of await readdir(folder).catch(() => [])) {
    const entry = await readHolder(path.join(folder, name));
    if (entry === undefined) continue;
    if (entry !== 'unreadable' && (await isAlive(entry))) {
      if (!same(entry, self)) live.push(entry);
    } else {
      await rm(path.join(folder, name), { force: true });
    }
  }
  return live;
}
