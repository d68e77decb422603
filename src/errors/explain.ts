import { explainDatabaseError } from '../database/errors.js';
import { explainSystemError, UserError } from './index.js';

/**
 * Everything the environment can cause (the database server, the network, files, permissions, limits) as the
 * one-line UserError to print, exit 2 unless it says otherwise; undefined for anything else, which is a bug
 * of ours. The one place errors are classified: the CLIs' exit codes and the nightly report's lines use it.
 */
export function explainFailure(error: unknown): UserError | undefined {
  if (error instanceof UserError) return error;
  const explained = explainDatabaseError(error) ?? explainSystemError(error);
  if (explained) return explained;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause === undefined || cause === error ? undefined : explainFailure(cause);
}
