/** How every command ends (README: exit codes): once its output is out, and never 0 or 1 when it is not. */
import { failureReason } from '../errors/index.js';

/** Exit code of "could not run" (README: exit codes). */
const COULD_NOT_RUN = 2;

let stdoutError: Error | undefined;

/**
 * Keeps a failed write to stdout (a full disk, a reader that is gone: EPIPE) from being an uncaught exception
 * that ends the command mid-work; exitWhenFlushed reports it. Kept here: Node's stdout forgets it (it is never
 * left destroyed, so `errored` is cleared and later writes report nothing).
 */
export function holdStdoutErrors(): void {
  process.stdout.on('error', (error) => {
    stdoutError ??= error;
  });
}

/**
 * Exits with `code` once stdout and stderr are flushed, after `line` (if any) as the one `error:` line on stderr
 * and then `detail` (AIFORCE_DB_DEBUG's stack), so that the line a reader looks for comes first.
 * Exiting explicitly matters: a library's exit hook or a handle left open must not decide the code. When stdout
 * failed, the answer (0 or 1, given there) never arrived: exit 2 with a line saying so, unless the command
 * already failed with a line of its own, which stays the one line.
 */
export function exitWhenFlushed(code: number, line?: string, detail?: string): void {
  process.exitCode = code;
  process.stdout.write('', (error) =>
    // After the 'error' event of a write that fails only now, which comes on the next tick.
    setImmediate(() => {
      const failed = stdoutError ?? error;
      const [exitCode, errorLine] = failed && !line ? [COULD_NOT_RUN, `could not write to standard output: ${failureReason(failed)}`] : [code, line];
      process.exitCode = exitCode;
      process.stderr.write(`${errorLine ? `error: ${errorLine}\n` : ''}${detail ? `${detail}\n` : ''}`, () => process.exit(exitCode));
    }),
  );
}
