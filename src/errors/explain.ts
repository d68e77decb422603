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

/**
 * A mistake in aiforce-db's own code (a wrong type, a missing name, a query Prisma Client refuses to build),
 * as opposed to what a database or the environment did: the steps that turn failures into "could not run"
 * (exit 2) let these through, so they end as a bug (exit 3).
 */
export function isProgrammingError(error: unknown): boolean {
  return error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError || error instanceof SyntaxError || (error instanceof Error && error.name === 'PrismaClientValidationError');
}
