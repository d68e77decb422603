import type * as z from 'zod';

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

/**
 * zod's safeParse for a value of its own schema (options, environment, config, contract, baseline): without zod's
 * compiled fast path, whose compilation (new Function per object schema) costs more than it saves on one value.
 * Many values of one schema (a large lock's objects) keep it.
 */
export function parseOnce<T extends z.ZodType>(schema: T, value: unknown): z.ZodSafeParseResult<z.output<T>> {
  return schema.safeParse(value, { jitless: true });
}

/** What an operating-system error code means, and what to do about it. */
const SYSTEM_ERRORS: Record<string, [meaning: string, todo: string]> = {
  EACCES: ['permission denied', 'check the permissions of the file or folder, or choose another place'],
  EPERM: ['operation not permitted', 'check the owner and permissions of the file or folder'],
  ENOENT: ['no such file or folder', 'check the path'],
  ENOTDIR: ['a part of the path is not a folder', 'check the path'],
  EISDIR: ['it is a folder', 'give the path of a file'],
  EEXIST: ['it already exists', 'remove it or choose another path'],
  ENOTEMPTY: ['the folder is not empty', 'empty it or choose another path'],
  EROFS: ['the file system is read-only', 'choose a writable place'],
  ENOSPC: ['no space left on the device', 'free some disk space'],
  EDQUOT: ['disk quota exceeded', 'free some disk space'],
  EFBIG: ['the file is too large', 'raise the file size limit (ulimit -f), or write to another file system'],
  EMFILE: ['too many open files', 'raise the open-files limit (ulimit -n)'],
  ENFILE: ['too many open files in the system', 'close other programs or raise the system limit'],
  ENAMETOOLONG: ['the name is too long', 'use a shorter path'],
  ELOOP: ['too many levels of symbolic links', 'check the links in the path'],
  EBUSY: ['the resource is busy', 'try again when it is free'],
  EIO: ['input/output error', 'check the disk'],
  ENOMEM: ['out of memory', 'free some memory'],
  ECONNRESET: ['the connection was reset by the other side', 'check the server and the network, then try again'],
  EPIPE: ['the other side closed the connection (broken pipe)', 'check the server, or the program reading the output'],
  ECONNREFUSED: ['connection refused', 'check that the server runs and the port is right'],
  ECONNABORTED: ['the connection was aborted', 'check the network, then try again'],
  ETIMEDOUT: ['the connection timed out', 'check the host, the network and any firewall'],
  EHOSTUNREACH: ['the host is unreachable', 'check the host and the network'],
  ENETUNREACH: ['the network is unreachable', 'check the network'],
  ENOTFOUND: ['the host name does not resolve', 'check the host name'],
  EAI_AGAIN: ['the host name could not be resolved right now (DNS)', 'check the DNS, then try again'],
  EADDRINUSE: ['the address is already in use', 'choose another port'],
};

interface SystemErrorLike {
  code?: unknown;
  errno?: unknown;
  syscall?: unknown;
  path?: unknown;
}

/**
 * Reads an operating-system error (Node's `code`, `errno`, `syscall`): "permission denied (EACCES): check the
 * permissions ..." for the codes we know, Node's own message otherwise. Undefined for anything else.
 */
export function systemErrorReason(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, errno, syscall } = error as SystemErrorLike;
  if (typeof code !== 'string') return undefined;
  const known = SYSTEM_ERRORS[code];
  if (known) return `${known[0]} (${code}): ${known[1]}`;
  // Node's own codes (ERR_*) are programming errors; a real system error carries errno and syscall.
  return typeof errno === 'number' && typeof syscall === 'string' ? `${error.message} (${code})` : undefined;
}

/** Why `error` happened, in words: systemErrorReason for an operating-system error, else its own message. */
export function failureReason(error: unknown): string {
  return systemErrorReason(error) ?? (error instanceof Error ? error.message : String(error));
}

/** An operating-system error as one line naming what was attempted on what, or undefined if it is none. */
export function explainSystemError(error: unknown): UserError | undefined {
  const reason = systemErrorReason(error);
  if (!reason) return undefined;
  const { syscall, path } = error as SystemErrorLike;
  const what = typeof syscall === 'string' ? `${syscall}${typeof path === 'string' ? ` ${path}` : ''}` : 'do it';
  return new UserError(`cannot ${what}: ${reason}`);
}
