import { UserError } from '../errors/index.js';
import { maskSecrets, type ConnectionTarget } from './url.js';

interface DriverError {
  code?: string;
  message?: string;
}

/**
 * Turns a driver error raised while connecting into one line that says what is wrong and what to do.
 * Errors that are not about connecting are returned unchanged.
 */
export function explainConnectError(error: unknown, target: ConnectionTarget): unknown {
  const err = (error ?? {}) as DriverError;
  const where = `${target.host}:${target.port}`;
  const message = (hint: string) => new UserError(hint);
  switch (err.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return message(`cannot resolve database host "${target.host}": check the host in the database URL`);
    case 'ECONNREFUSED':
      return message(`connection refused by ${where}: is PostgreSQL running there, and is the port right?`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return message(`cannot reach ${where} (${err.code}): check the host, the port and any firewall`);
    case '28P01':
      return message(`password authentication failed for user "${target.user}" at ${where}: check the user and password in the database URL`);
    case '28000':
      return message(`the server at ${where} refused user "${target.user}" (${maskSecrets(err.message ?? 'no pg_hba.conf entry')}): check the user and the server's pg_hba.conf`);
    case '3D000':
      return message(`database "${target.database}" does not exist at ${where}: create it (createdb ${target.database}) or fix the name in the database URL`);
    case '42501':
      return message(`user "${target.user}" may not connect to "${target.database}": grant CONNECT on the database`);
    case '57P03':
      return message(`the server at ${where} is starting up or shutting down: try again in a moment`);
  }
  if (err.message && /timeout/i.test(err.message)) {
    return message(`timed out connecting to ${where}: check the host, the port and any firewall`);
  }
  if (err.message && /SSL|certificate/i.test(err.message)) {
    return message(`SSL problem connecting to ${where}: ${maskSecrets(err.message)} (try sslmode in the URL)`);
  }
  return error;
}
