import { maskSecrets } from '../database/url.js';
import { explainFailure } from '../errors/explain.js';
import { exitWhenFlushed, holdStdoutErrors } from './exit.js';

/** Exit code of a bug in aiforce-db (README: exit codes). */
const BUG = 3;

/**
 * An error as one line: newlines folded, and other control characters (a malformed input file's, quoted by a
 * parser's message) written as escapes, so that none reaches the terminal as a command.
 */
const oneLine = (text: string) =>
  maskSecrets(
    text
      .trim()
      .replace(/\s*\n\s*/g, ' ')
      .replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`),
  );

/**
 * Runs a CLI's main function and turns its outcome into an exit code, so that exit 0 can only mean main
 * resolved. Until then the exit code is 3, and an event loop that empties while main is pending (a promise
 * that can never settle) ends with one line and exit 3 instead of Node's silent exit 0. Failures are
 * classified once (explainFailure): what the environment caused is its own line, exit 2; anything else is a
 * bug, exit 3 (AIFORCE_DB_DEBUG=1 prints the stack). Signals keep Node's default: the shell sees 128+N.
 */
export function runMain(main: () => Promise<number | void>): void {
  process.exitCode = BUG;
  holdStdoutErrors();
  let finished = false;
  const finish = (code: number, line?: string, detail?: string) => {
    if (finished) return;
    finished = true;
    exitWhenFlushed(code, line && oneLine(line), detail && maskSecrets(detail));
  };
  const fail = (error: unknown) => {
    const explained = explainFailure(error);
    const stack = process.env.AIFORCE_DB_DEBUG && error instanceof Error ? error.stack : undefined;
    if (explained) finish(explained.exitCode, explained.message, stack);
    else finish(BUG, `unexpected failure: ${error instanceof Error ? error.message : String(error)} (a bug in aiforce-db: please report it; AIFORCE_DB_DEBUG=1 prints the stack)`, stack);
  };
  process.on('beforeExit', () => finish(BUG, 'the command stopped before finishing its work: an operation it waited for can never complete (a bug in aiforce-db: please report it)'));
  // An 'error' event nobody listens to, or a rejection nobody handles: still one line and a meaningful code.
  process.on('uncaughtException', fail);
  main().then((code) => finish(code ?? 0), fail);
}
