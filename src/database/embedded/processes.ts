import { readFile, readlink } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { runCommand } from '../../process/children.js';

/** A process as recorded in our files: its pid and its start time, so that a reused pid is not taken for it. */
export interface ProcessIdentity {
  pid: number;
  startTime: string;
}

interface ProcessInfo {
  startTime: string;
  /** One letter: R, S, D, T, Z (zombie: has exited, not yet reaped)... */
  state: string;
  /** The program name (Linux: the kernel's comm), and the whole command line. */
  name: string;
  command: string;
  /** The working directory (Linux only; a postmaster's is its data folder). */
  cwd?: string;
}

/** What the system says about `pid` now; undefined when there is no such process. */
async function processInfo(pid: number): Promise<ProcessInfo | undefined> {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (process.platform === 'linux') {
    let stat: string;
    try {
      stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return undefined;
    }
    // "pid (comm) state ppid ..." where comm may contain spaces and parentheses; starttime is field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [command, cwd] = await Promise.all([
      readFile(`/proc/${pid}/cmdline`, 'utf8').then((text) => text.split('\0').filter(Boolean).join(' '), () => ''),
      readlink(`/proc/${pid}/cwd`).catch(() => undefined),
    ]);
    return { startTime: fields[19] ?? '', state: fields[0] ?? '', name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), command, cwd };
  }
  try {
    // macOS and other Unixes: lstart is fixed-format ("Mon Dec  1 02:37:00 2025").
    const stdout = await runCommand('ps', ['-ww', '-o', 'state=,lstart=,command=', '-p', String(pid)], 5_000);
    const match = /^\s*(\S+)\s+(\w{3}\s+\w{3}\s+\d+\s+[\d:]+\s+\d{4})\s+(.*)$/.exec(stdout.trim());
    if (!match) return undefined;
    const command = match[3]!;
    return { state: match[1]!.slice(0, 1), startTime: match[2]!, name: command.split(' ')[0]!.split('/').pop()!, command };
  } catch {
    return undefined;
  }
}

/** Whether `pid` is running, and with which start time. */
export async function identify(pid: number): Promise<ProcessIdentity | undefined> {
  const info = await processInfo(pid);
  return info && !/^[ZX]/.test(info.state) ? { pid, startTime: info.startTime } : undefined;
}

let self: Promise<ProcessIdentity> | undefined;

/** This process's identity. */
export function selfIdentity(): Promise<ProcessIdentity> {
  self ??= identify(process.pid).then((identity) => identity ?? { pid: process.pid, startTime: '' });
  return self;
}

/** True while the process recorded as `identity` still runs (a zombie has exited; a reused pid is another process). */
export async function isAlive(identity: ProcessIdentity): Promise<boolean> {
  return (await identify(identity.pid))?.startTime === identity.startTime;
}

/**
 * Whether `pid` is a PostgreSQL server of `dataDir`: named postgres, and either started with `-D dataDir`
 * or working in it (a postmaster changes into its data folder, whatever path it was given).
 */
export async function isPostgresOf(pid: number, dataDirs: readonly string[]): Promise<ProcessIdentity | undefined> {
  const info = await processInfo(pid);
  if (!info || /^[ZX]/.test(info.state) || !info.name.startsWith('postgres')) return undefined;
  const ours = dataDirs.some((dir) => info.cwd === dir || info.command.includes(` -D ${dir}`));
  return ours ? { pid, startTime: info.startTime } : undefined;
}

/**
 * Polls `done` every `intervalMs` until it holds (true) or `timeoutMs` passes (false). The timer keeps the
 * event loop alive, so a wait can end only by its condition, its deadline or `signal`, never by Node
 * running out of work.
 */
export async function pollUntil(done: () => Promise<boolean>, timeoutMs: number, signal?: AbortSignal, intervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    if (await done()) return true;
    if (Date.now() >= deadline) return false;
    await delay(Math.min(intervalMs, Math.max(1, deadline - Date.now())), undefined, { signal });
  }
}
