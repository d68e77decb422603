/** Child processes of ours (a server, initdb, Prisma Studio, a system command): when they end, and ending them within a deadline. */
import { execFile, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ChildEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be started at all (then no 'exit' event ever comes). */
  error?: Error;
}

/** Settles when `child` has ended, including when it already had, or never started. */
export function childEnd(child: ChildProcess): Promise<ChildEnd> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (error) => {
      if (child.pid === undefined) resolve({ code: null, signal: null, error });
    });
  });
}

/** Runs a short system command (id, useradd...) with a deadline; resolves with its stdout, rejects on failure. */
export async function runCommand(file: string, args: string[], timeoutMs = 10_000): Promise<string> {
  return (await run(file, args, { timeout: timeoutMs, encoding: 'utf8' })).stdout;
}

export type Deadline<T> = { done: true; value: T } | { done: false; reason: 'timeout' | 'aborted' };

/** Races `work` against a deadline and `signal`; the timer is cleared as soon as one of them wins. */
export function withinDeadline<T>(work: Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<Deadline<T>> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => settle(() => resolve({ done: false, reason: 'aborted' }));
    const settle = (then: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      then();
    };
    if (signal?.aborted) return resolve({ done: false, reason: 'aborted' });
    timer = setTimeout(() => settle(() => resolve({ done: false, reason: 'timeout' })), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => settle(() => resolve({ done: true, value })),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}

/** Ends a child of ours: SIGTERM (initdb then cleans up after itself), SIGKILL if it lingers; bounded. */
export async function terminateChild(child: ChildProcess, end: Promise<ChildEnd>): Promise<void> {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    child.kill(signal);
    if ((await withinDeadline(end, 5_000)).done) return;
  }
}
