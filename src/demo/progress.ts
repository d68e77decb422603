import { now } from '../process/clock.js';
import yoctoSpinner from 'yocto-spinner';

/** Shows that a slow step is still working: a spinner with elapsed seconds on a terminal, nothing otherwise. */
export type Progress = <T>(label: string, work: () => Promise<T>) => Promise<T>;

/** The rule yocto-spinner applies itself: animate only on a real terminal, never in CI. */
function isInteractive(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && env.TERM !== 'dumb' && !('CI' in env);
}

/** Seconds since `since` (a clock.ts now() value), e.g. `1.3 s`. */
export const elapsed = (since: number) => `${((now() - since) / 1000).toFixed(1)} s`;

/** `stop` aborts when the demo is interrupted: the spinner must give the cursor back before the process exits. */
export function createProgress(stream: NodeJS.WriteStream, stop: AbortSignal): Progress {
  if (!isInteractive(stream)) return (_label, work) => work();
  return async (label, work) => {
    const started = now();
    // Signals stay with the demo, which must stop its server before exiting.
    const spinner = yoctoSpinner({ stream, handleSignals: false, text: `${label} 0.0 s` }).start();
    const ticker = setInterval(() => (spinner.text = `${label} ${elapsed(started)}`), 100);
    const halt = () => {
      clearInterval(ticker);
      spinner.stop();
    };
    stop.addEventListener('abort', halt, { once: true });
    try {
      return await work();
    } finally {
      stop.removeEventListener('abort', halt);
      halt();
    }
  };
}
