/**
 * The one error type the CLIs print: a single readable line, never a stack trace.
 * Exit code 2 means "could not run" (bad input, unreachable database...), as documented in the README.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Formats a zod error as one line: `where: path: problem; path: problem`. */
export function describeIssues(where: string, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const parts = issues.map((issue) => (issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message));
  return `${where}: ${parts.join('; ')}`;
}
