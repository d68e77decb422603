import os from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * One process-wide handler for the signals that end a command. While something of ours must be stopped (an
 * embedded server starting or running, Prisma Studio), SIGINT, SIGTERM and SIGHUP abort what is in progress,
 * run the registered cleanups (stop the server or Studio, remove secret files and throw-away folders) and exit
 * with 128 + the signal number. The exit happens here and nowhere else, so a command whose work failed because
 * its server was just stopped cannot report that failure (or success) instead of the signal.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** The cleanups bound their own waits; this is the outer limit should one of them not. */
const CLEANUP_DEADLINE_MS = 40_000;

type Cleanup = () => Promise<void>;

const cleanups = new Set<Cleanup>();
const controller = new AbortController();
let ending = false;

/** Aborted on the first termination signal: every wait of the embedded server's start and stop listens to it. */
export const terminationSignal: AbortSignal = controller.signal;

function terminate(signal: NodeJS.Signals): void {
  // A second Ctrl-C while cleaning up changes nothing: the cleanup is bounded and exits by itself.
  if (ending) return;
  ending = true;
  controller.abort(new Error(`interrupted by ${signal}`));
  void (async () => {
    // The timer is ref'ed: the process stays alive until the cleanups are done or the deadline passes.
    await Promise.race([Promise.allSettled([...cleanups].map((cleanup) => cleanup())), delay(CLEANUP_DEADLINE_MS)]);
    process.exit(128 + (os.constants.signals[signal] ?? 0));
  })();
}

/** Registers `cleanup` to run on a termination signal; returns the function that unregisters it. */
export function onTermination(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  if (cleanups.size === 1 && !ending) for (const signal of SIGNALS) process.on(signal, terminate);
  return () => {
    cleanups.delete(cleanup);
    // While ending, the handler stays so that a second signal cannot kill the process mid-cleanup.
    if (cleanups.size === 0 && !ending) for (const signal of SIGNALS) process.removeListener(signal, terminate);
  };
}

/**
 * Resolves at once, or never when the process is ending on a signal: the exit above then ends it with
 * 128 + N, and whatever awaited this cannot print a result of its own.
 */
export function unlessTerminating(): Promise<void> {
  return ending ? new Promise<void>(() => undefined) : Promise.resolve();
}
