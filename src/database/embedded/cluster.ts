import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { access, chmod, chown, constants, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { replaceFile } from '../../config/output.js';
import { describeIssues, parseOnce, UserError } from '../../errors/index.js';
import type { Binaries } from './binaries.js';
import { serverEnvironment, tellingLine } from './postmaster.js';
import { childEnd, terminateChild, withinDeadline } from '../../process/children.js';
import type { ServerAccount } from './system-user.js';

/**
 * The home of an embedded server: pgdata/ (the cluster), credentials.json (its superuser's password, 0600),
 * postgres.log (output of the last start), lock and users/ (see lock.ts). During a first initialisation
 * only: the marker file `initialising` and a private .initdb-* folder holding the password for initdb.
 */
const CREDENTIALS = 'credentials.json';
const INIT_MARKER = 'initialising';
const SECRET_PREFIX = '.initdb-';

const credentialsSchema = z.object({ user: z.string().min(1, 'is empty'), password: z.string().min(1, 'is empty') });
export type Credentials = z.infer<typeof credentialsSchema>;

/**
 * Creates the home if needed and checks it can be written. As root, the server's account must be able to
 * pass through it (search permission for others) to reach pgdata, which it owns.
 */
export async function prepareHome(home: string, account: ServerAccount | undefined): Promise<void> {
  await makeDirectories(home, account ? 0o711 : 0o700);
  const info = await stat(home);
  if (!info.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR', path: home });
  await access(home, constants.W_OK | constants.X_OK);
  if (account && (info.mode & 0o001) === 0) await chmod(home, (info.mode & 0o7777) | 0o001);
  await mkdir(path.join(home, 'users'), { recursive: true, mode: 0o700 });
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdir retries forever where the kernel answers ENOENT for a
 * folder whose parent exists (e.g. under /proc).
 */
async function makeDirectories(folder: string, mode: number): Promise<void> {
  const missing: string[] = [];
  for (let at = folder; !existsSync(at); at = path.dirname(at)) {
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const level of missing) {
    await mkdir(level, { mode }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}

async function readCredentials(home: string, dataDir: string): Promise<Credentials> {
  const file = path.join(home, CREDENTIALS);
  const recovery = `restore it from a backup, or move ${dataDir} away to start with an empty database (the moved folder keeps the data)`;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new UserError(`the embedded database in ${home} has data but no ${CREDENTIALS} (the password of its postgres user): ${recovery}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Never echo the parser's message: it quotes the file, password included.
    throw new UserError(`${file} is not valid JSON: ${recovery}`);
  }
  const parsed = parseOnce(credentialsSchema, json);
  if (!parsed.success) throw new UserError(`${describeIssues(`${file} is invalid`, parsed.error.issues)}: ${recovery}`);
  // A copy restored by hand may be readable by others: it holds a password.
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  return parsed.data;
}

/** Removes what an unfinished first initialisation left; the marker goes last, so an interruption here is retried. */
async function discardUnfinishedInit(home: string, dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
  await rm(path.join(home, CREDENTIALS), { force: true });
  await rm(path.join(home, INIT_MARKER), { force: true });
}

interface ClusterOptions {
  home: string;
  dataDir: string;
  binaries: Binaries;
  account?: ServerAccount;
  throwaway: boolean;
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * Returns the credentials of the home's cluster, creating the cluster on first use. Data is never thrown
 * away: a pgdata with PG_VERSION is only ever used, and a missing or broken credentials.json beside it is
 * an error with recovery steps. Only a folder our own unfinished initialisation left (marked by the
 * `initialising` file, removed before the server first starts, so it holds no data) is re-initialised.
 */
export async function readyCluster(options: ClusterOptions): Promise<Credentials> {
  const { home, dataDir } = options;
  // Password folders of an initdb whose command was killed: the lock is ours, so no initdb is running.
  for (const name of await readdir(home)) if (name.startsWith(SECRET_PREFIX)) await rm(path.join(home, name), { recursive: true, force: true });
  if (existsSync(path.join(home, INIT_MARKER))) await discardUnfinishedInit(home, dataDir);
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return readCredentials(home, dataDir);
  if ((await readdir(dataDir).catch(() => [])).length > 0) {
    throw new UserError(`${dataDir} is not empty but holds no PostgreSQL data folder (no PG_VERSION): move it away or delete it, then run the command again`);
  }
  await writeFile(path.join(home, INIT_MARKER), `${process.pid}\n`, { mode: 0o600 });
  try {
    const credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') };
    await replaceFile(path.join(home, CREDENTIALS), JSON.stringify(credentials), 0o600);
    await initdb(options, credentials);
    await rm(path.join(home, INIT_MARKER));
    return credentials;
  } catch (error) {
    await discardUnfinishedInit(home, dataDir);
    throw error;
  }
}

/** Runs initdb with the password in a 0600 file inside a private 0700 folder, removed whatever happens. */
async function initdb(options: ClusterOptions, credentials: Credentials): Promise<void> {
  const { home, dataDir, account } = options;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const secrets = await mkdtemp(path.join(home, SECRET_PREFIX));
  try {
    const passwordFile = path.join(secrets, 'password');
    await writeFile(passwordFile, `${credentials.password}\n`, { mode: 0o600 });
    if (account) for (const owned of [dataDir, secrets, passwordFile]) await chown(owned, account.uid, account.gid);
    const args = [
      `--pgdata=${dataDir}`,
      `--username=${credentials.user}`,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-instructions',
      ...(options.throwaway ? ['--no-sync'] : []),
    ];
    const child = spawn(options.binaries.initdb, args, {
      cwd: home,
      env: serverEnvironment(),
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(account ? { uid: account.uid, gid: account.gid } : {}),
    });
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const end = childEnd(child);
    const outcome = await withinDeadline(end, options.timeoutMs, options.signal);
    if (!outcome.done) {
      await terminateChild(child, end);
      options.signal.throwIfAborted();
      throw new UserError(`initdb did not finish within ${options.timeoutMs} ms (AIFORCE_DB_START_TIMEOUT_MS) in ${dataDir}`);
    }
    const { code, error } = outcome.value;
    if (code !== 0) {
      const detail = error?.message ?? tellingLine(output) ?? `exit code ${code}`;
      const hint = account && /permission denied/i.test(detail) ? ` (as root the server runs as the postgres system user, which must be able to enter every folder above ${home})` : '';
      throw new UserError(`the embedded PostgreSQL could not be initialised in ${dataDir}: ${detail}${hint}`);
    }
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
}
