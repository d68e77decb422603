import { UserError } from '../errors/index.js';
import { quoteIdent } from './quote.js';
import { maskSecrets, type ConnectionTarget } from './url.js';

interface DriverErrorLike {
  code?: unknown;
  message?: unknown;
  severity?: unknown;
  /** Prisma's driver-adapter errors keep PostgreSQL's error here, or the kind of a connection's failure. */
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; originalMessage?: unknown; kind?: unknown } } };
}

/** How Prisma words a raw query's failure (P2010), the one place it always states the SQLSTATE. */
const PRISMA_RAW_FAILURE = /Raw query failed\. Code: `([0-9A-Z]{5})`\. Message: `(.*)`/s;

/** SQLSTATE and message of an error PostgreSQL sent, as pg reports it or as Prisma wraps it. */
function serverError(error: unknown): { code: string; message: string } | undefined {
  const err = (error ?? {}) as DriverErrorLike;
  // pg's DatabaseError carries the severity; Node's system errors have 5-letter codes too (EPIPE).
  if (typeof err.code === 'string' && typeof err.severity === 'string') return { code: err.code, message: String(err.message ?? '') };
  const cause = err.meta?.driverAdapterError?.cause;
  if (typeof cause?.originalCode === 'string') return { code: cause.originalCode, message: String(cause.originalMessage ?? '') };
  const stated = typeof err.message === 'string' ? PRISMA_RAW_FAILURE.exec(err.message) : null;
  return stated ? { code: stated[1]!, message: stated[2]! } : undefined;
}

/** pg's words (no SQLSTATE) for a connection that went away. */
const LOST_CONNECTION = /^(Connection terminated( unexpectedly)?|Client has encountered a connection error and is not queryable)$/;

/** What Prisma's adapter reports, as a kind without a SQLSTATE, of a connection that failed at the socket. */
const ADAPTER_CONNECTION_FAILURES: Record<string, string> = {
  ConnectionClosed: 'closed the connection unexpectedly: it was shut down or restarted, or the session was ended; run the command again when the server is back',
  DatabaseNotReachable: 'could not be reached (the connection was refused, or the host does not resolve): check that it runs and the URL, then run the command again',
  SocketTimeout: 'did not answer on the connection (it timed out): check the server and the network, then run the command again',
  TlsConnectionError: 'refused or failed the SSL handshake: check sslmode and the certificates in the database URL',
};

function lostConnection(error: unknown): string | undefined {
  const err = (error ?? {}) as DriverErrorLike;
  const kind = err.meta?.driverAdapterError?.cause?.kind;
  if (typeof kind === 'string' && Object.hasOwn(ADAPTER_CONNECTION_FAILURES, kind)) return ADAPTER_CONNECTION_FAILURES[kind];
  return typeof err.message === 'string' && LOST_CONNECTION.test(err.message) ? ADAPTER_CONNECTION_FAILURES.ConnectionClosed : undefined;
}

/** A server setting that ends a session when it runs out: what to do is the same for each. */
const sessionLimit = (setting: string, said: string) =>
  `the database server ended the session ${said}: ${setting} is set on the database, the role or the server, and ran out; raise it, or turn it off for the role that runs aiforce-db (ALTER ROLE <role> SET ${setting} = 0)`;

/** One line for an error PostgreSQL sent: by its SQLSTATE, or its class (the first two characters). */
function explainServerError(code: string, message: string, target: ConnectionTarget | undefined): string | undefined {
  const at = target ? ` at ${target.host}:${target.port}` : '';
  const user = target ? ` "${target.user}"` : '';
  const database = target ? `"${target.database}"` : 'the database';
  const said = `(${code}: ${message})`;
  switch (code) {
    case '28P01':
      return `password authentication failed for user${user}${at}: check the user and password in the database URL`;
    case '28000':
      return `the server${at} refused user${user} (${message || 'no pg_hba.conf entry'}): check the user and the server's pg_hba.conf`;
    case '3D000':
      return target
        ? `database "${target.database}" does not exist${at}: create it (createdb ${target.database}) or fix the name in the database URL`
        : `the database does not exist ${said}: create it or fix the name in the database URL`;
    case '42501':
      return target
        ? `user${user} may not connect to ${database}: grant CONNECT on the database`
        : `permission denied ${said}: grant the privilege it names to the database user, or use a user that has it`;
    case '53300':
      return `the server${at} has no connection left for this user or database ${said}: close idle sessions, or raise max_connections or the role's or database's CONNECTION LIMIT`;
    case '55000':
      if (/not currently accepting connections/.test(message)) {
        return `database ${database}${at} does not accept connections ${said}: allow them (ALTER DATABASE ${target ? quoteIdent(target.database) : "..."} WITH ALLOW_CONNECTIONS true) or use another database`;
      }
      break;
    case '55P03':
      return `a lock could not be taken ${said}: another session holds it, or lock_timeout (set on the database, the role or the server) is too short; run the command again when it is released, or raise lock_timeout`;
    case '40P01':
      return `the server broke a deadlock with another session by rolling the transaction back ${said}: run the command again`;
    case '25P03':
      return sessionLimit('idle_in_transaction_session_timeout', said);
    case '25P04':
      return sessionLimit('transaction_timeout', said);
    case '57P05':
      return sessionLimit('idle_session_timeout', said);
    case '57P04':
      return `the database was dropped while aiforce-db used it ${said}: check the database URL`;
    case '57014':
      // A statement timeout that fires as one statement of a batch ends and the next begins is reported by the
      // server as a cancel "due to user request": a very short timeout is named as a possible cause too.
      return /statement timeout/.test(message)
        ? `a query ran longer than the server-side statement timeout ${said}: the database is slow or something blocks it (a lock?); find it, or raise the limit (db:check --statement-timeout MS)`
        : `the server canceled a query ${said}: an administrator canceled it, or a very short statement timeout (db:check --statement-timeout MS) ran out; run the command again`;
    case '57P01':
      return `the database server ended the session ${said}: it is shutting down or an administrator ended the connection; run the command again when the server is back`;
    case '57P02':
      return `the database server crashed and ended the session ${said}: run the command again when it is back`;
    case '57P03':
      return `the server${at} is starting up or shutting down ${said}: try again in a moment`;
    case '25006':
      return `the database is read-only ${said}: point the URL at the primary server, not a standby, or turn default_transaction_read_only off for the database or the role`;
  }
  switch (code.slice(0, 2)) {
    case '08':
      return `the connection to the database server${at} failed ${said}: check the server and the network, then run the command again`;
    case '28':
      return `the server${at} refused the login ${said}: check the user and password in the database URL`;
    case '40':
      return `the server rolled the transaction back ${said}: run the command again`;
    case '53':
      return `the database server${at} is out of resources ${said}: free disk space or memory on the server (or raise its limits), then run the command again`;
    case '55':
      return `the database is not in a state that allows this ${said}: fix what the message names, then run the command again`;
    case '57':
      return `the database server${at} stopped the work ${said}: run the command again when the server is available`;
    case '58':
    case 'XX':
      return `the database server${at} failed ${said}: check the server's log`;
  }
  return undefined;
}

/** One line for a socket-level failure while connecting to `target`. */
function explainConnectFailure(error: DriverErrorLike, target: ConnectionTarget): string | undefined {
  const where = `${target.host}:${target.port}`;
  switch (error.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve database host "${target.host}": check the host in the database URL`;
    case 'ECONNREFUSED':
      return `connection refused by ${where}: is PostgreSQL running there, and is the port right?`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `cannot reach ${where} (${error.code}): check the host, the port and any firewall`;
  }
  if (typeof error.message !== 'string') return undefined;
  if (error.message === 'The server does not support SSL connections') {
    return `the server at ${where} does not support SSL connections, which sslmode requires: turn ssl on in its configuration, or set sslmode=prefer (SSL when the server offers it) or sslmode=disable in the URL`;
  }
  if (error.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `the certificate of the server at ${where} is not for the host "${target.host}" (${maskSecrets(error.message)}): connect with a host name the certificate names, or set sslmode=verify-ca to check only the CA that signed it`;
  }
  if (/certificate/i.test(error.message)) {
    return `the certificate of the server at ${where} could not be verified (${maskSecrets(error.message)}): give the CA that signed it with sslrootcert=<file> in the URL, or set sslmode=require to encrypt without verifying`;
  }
  return /SSL/i.test(error.message) ? `SSL problem connecting to ${where}: ${maskSecrets(error.message)}: check sslmode in the URL and the server's SSL settings` : undefined;
}

/**
 * Turns an error from the database or its driver into one line that says what is wrong and what to do, or
 * returns undefined when it is none of those (then it is ours: a bug). `target` is given while connecting,
 * so the line can name the host, the user and the database.
 */
export function explainDatabaseError(error: unknown, target?: ConnectionTarget): UserError | undefined {
  if (error instanceof UserError) return error;
  const server = serverError(error);
  if (server) {
    const line = explainServerError(server.code, maskSecrets(server.message), target);
    return line === undefined ? undefined : new UserError(line);
  }
  const connecting = target && explainConnectFailure((error ?? {}) as DriverErrorLike, target);
  if (connecting) return new UserError(connecting);
  const lost = lostConnection(error);
  return lost === undefined ? undefined : new UserError(`the database server${target ? ` at ${target.host}:${target.port}` : ''} ${lost}`);
}
