import { spawn } from 'node:child_process';
import { open, readFile, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { parseOnce, UserError } from '../../errors/index.js';
import type { Binaries } from './binaries.js';
import { childEnd, type ChildEnd } from '../../process/children.js';
import { isAlive, isPostgresOf, pollUntil, type ProcessIdentity } from './processes.js';
import type { ServerAccount } from './system-user.js';

/** What PostgreSQL writes in its data folder's postmaster.pid: pid, folder, start, port, socket dir, address, shm key, status. */
const pidFileSchema = z.object({
  pid: z.coerce.number().int().positive(),
  port: z.coerce.number().int().positive().optional(),
  status: z.string().optional(),
});

interface PidFile {
  pid: number;
  port?: number;
  status?: string;
}

async function readPidFile(dataDir: string): Promise<PidFile | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const lines = text.split('\n').map((line) => line.trim());
  // The file is written in steps while the server starts: the port and status lines come later.
  const parsed = parseOnce(pidFileSchema, { pid: lines[0], port: lines[3] || undefined, status: lines[7] || undefined });
  return parsed.success ? parsed.data : { pid: 0 };
}

type PostmasterState =
  | { state: 'none' }
  /** A postgres process of this data folder holds it (ours, or left by a command that was killed). */
  | { state: 'running'; identity: ProcessIdentity; port?: number; status?: string }
  /** postmaster.pid names a process that is gone, or that is not a postgres of this folder. */
  | { state: 'stale'; pid: number };

/** Who holds `dataDir` according to its postmaster.pid, checked against the process table. */
export async function inspectPostmaster(dataDir: string): Promise<PostmasterState> {
  const file = await readPidFile(dataDir);
  if (!file) return { state: 'none' };
  const dirs = [...new Set([dataDir, await realpath(dataDir).catch(() => dataDir)])];
  const identity = await isPostgresOf(file.pid, dirs);
  return identity ? { state: 'running', identity, port: file.port, status: file.status } : { state: 'stale', pid: file.pid };
}

/**
 * Removes a postmaster.pid whose pid is not a postgres of this folder. PostgreSQL clears a file whose pid is
 * gone by itself, but refuses to start while the pid is alive, even when it now belongs to another program.
 */
export async function removeStalePidFile(dataDir: string): Promise<void> {
  await rm(path.join(dataDir, 'postmaster.pid'), { force: true });
}

/** Fast shutdown (SIGINT), then immediate (SIGQUIT), then SIGKILL, each with its own deadline. */
const STOP_STEPS: Array<[NodeJS.Signals, number]> = [
  ['SIGINT', 10_000],
  ['SIGQUIT', 5_000],
  ['SIGKILL', 5_000],
];

/**
 * Stops the server `identity`, whether our child or left by another command. Never waits on a process that
 * has already ended: each step first checks that the same process (pid and start time) still runs.
 */
export async function stopPostmaster(identity: ProcessIdentity): Promise<void> {
  for (const [signal, waitMs] of STOP_STEPS) {
    if (!(await isAlive(identity))) return;
    try {
      process.kill(identity.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
      throw error;
    }
    if (await pollUntil(async () => !(await isAlive(identity)), waitMs)) return;
  }
  throw new UserError(`the embedded PostgreSQL (pid ${identity.pid}) did not stop, even after SIGKILL: stop it by hand (kill -9 ${identity.pid})`);
}

/** The line of a server or initdb log that says what went wrong, without its timestamp prefix. */
export function tellingLine(log: string): string | undefined {
  const lines = log
    .split('\n')
    // "2026-12-01 02:44:30.667 UTC [9395] LOG:  syntax error in ..." -> "syntax error in ..." (FATAL: and the like stay).
    .map((line) => line.replace(/^.*?\[\d+\]\s+(LOG:\s+)?(?=[A-Z]+:|[a-z])/, '').replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  return lines.find((line) => /^(FATAL|PANIC|ERROR):/.test(line) || /error|could not|permission denied/i.test(line)) ?? lines.at(-1);
}

export interface StartOptions {
  binaries: Binaries;
  home: string;
  dataDir: string;
  port: number;
  account?: ServerAccount;
  throwaway: boolean;
  timeoutMs: number;
  signal: AbortSignal;
}

/** The environment of the server processes: no secrets of ours, English messages for the telling line. */
export function serverEnvironment(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', ...(process.env.TZ ? { TZ: process.env.TZ } : {}) };
}

export class ServerStartError extends UserError {
  constructor(
    message: string,
    /** The port was taken between choosing it and binding it: another port may work. */
    readonly portTaken: boolean,
  ) {
    super(message);
  }
}

/**
 * Starts `postgres` on 127.0.0.1:`port`, detached (its own session, so a Ctrl-C meant for one command does
 * not stop a server another command shares) with its output in `home/postgres.log`. Ready means its
 * postmaster.pid says "ready", as pg_ctl checks. Exiting first, or not being ready by the deadline, is a
 * ServerStartError with the log's telling line; on abort the server is stopped before rethrowing.
 */
export async function startPostmaster(options: StartOptions): Promise<ProcessIdentity> {
  const logFile = path.join(options.home, 'postgres.log');
  const args = ['-D', options.dataDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  // A throw-away server needs no durability; a persistent one keeps PostgreSQL's defaults.
  if (options.throwaway) args.push('-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off');
  const log = await open(logFile, 'w', 0o600);
  let child;
  try {
    child = spawn(options.binaries.postgres, args, {
      cwd: options.home,
      env: serverEnvironment(),
      stdio: ['ignore', log.fd, log.fd],
      detached: true,
      ...(options.account ? { uid: options.account.uid, gid: options.account.gid } : {}),
    });
  } finally {
    await log.close();
  }
  // Commands that share the server may outlive this one: the server must not keep us alive, nor we it.
  child.unref();
  let ended: ChildEnd | undefined;
  void childEnd(child).then((end) => (ended = end));
  const failure = async (what: string, portTaken = false) => {
    const detail = tellingLine(await readFile(logFile, 'utf8').catch(() => ''));
    // A throw-away server's log goes with its folder; a persistent one's stays for reading.
    const where = options.throwaway ? `data in ${options.dataDir}` : `see ${logFile}`;
    return new ServerStartError(`the embedded PostgreSQL ${what}${detail ? `: ${detail}` : ''} (${where})`, portTaken);
  };
  const pid = child.pid;
  try {
    let identity: ProcessIdentity | undefined;
    const ready = await pollUntil(
      async () => {
        if (ended) return true;
        const file = await readPidFile(options.dataDir);
        if (pid === undefined || file?.pid !== pid || file.status !== 'ready') return false;
        identity = await isPostgresOf(file.pid, [options.dataDir]);
        return identity !== undefined;
      },
      options.timeoutMs,
      options.signal,
    );
    if (ended || !identity) {
      if (ended?.error) throw new ServerStartError(`the embedded PostgreSQL could not be run: ${ended.error.message}`, false);
      if (!ready) throw await failure(`did not become ready within ${options.timeoutMs} ms (AIFORCE_DB_START_TIMEOUT_MS)`);
      const log = await readFile(logFile, 'utf8').catch(() => '');
      throw await failure(`did not start`, /could not bind|could not create any TCP\/IP sockets/i.test(log));
    }
    return identity;
  } catch (error) {
    // Not ready in time, or interrupted: leave nothing running.
    if (!ended && pid !== undefined) {
      const running = await isPostgresOf(pid, [options.dataDir]);
      if (running) await stopPostmaster(running);
      else child.kill('SIGKILL');
    }
    throw error;
  }
}

/** Waits until a server started by another command says it is ready. */
export async function awaitReady(dataDir: string, identity: ProcessIdentity, timeoutMs: number, signal: AbortSignal): Promise<number> {
  let port: number | undefined;
  const ready = await pollUntil(
    async () => {
      const file = await readPidFile(dataDir);
      if (!(await isAlive(identity))) throw new UserError(`the embedded PostgreSQL (pid ${identity.pid}) shared by another command has stopped: run the command again`);
      port = file?.pid === identity.pid && file.status === 'ready' ? file.port : undefined;
      return port !== undefined;
    },
    timeoutMs,
    signal,
  );
  if (!ready || port === undefined) throw new UserError(`the embedded PostgreSQL (pid ${identity.pid}) did not become ready within ${timeoutMs} ms (AIFORCE_DB_START_TIMEOUT_MS)`);
  return port;
}
