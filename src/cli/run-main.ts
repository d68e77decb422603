import { UserError } from '../errors/index.js';
import { maskSecrets } from '../database/url.js';

/**
 * Runs a CLI's main function and turns its outcome into an exit code. A UserError is printed as one line;
 * anything else is a bug, printed as one line too (set AIFORCE_DB_DEBUG=1 for the stack).
 */
export function runMain(main: () => Promise<number | void>): void {
  main().then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      if (error instanceof UserError) {
        process.stderr.write(`error: ${maskSecrets(error.message)}\n`);
        process.exitCode = error.exitCode;
        return;
      }
      const text = error instanceof Error ? error.message : String(error);
      process.stderr.write(`error: unexpected failure: ${maskSecrets(text)}\n`);
      if (process.env.AIFORCE_DB_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${maskSecrets(error.stack)}\n`);
      process.exitCode = 3;
    },
  );
}
