import { UserError } from '../errors/index.js';

/** Query parameters that carry secrets in a libpq-style URL (pg reads them too). */
const SECRET_PARAMETERS = ['password', 'sslpassword'];

/**
 * Whether the raw text after the scheme holds a password cut short by a raw /: parsers end the host part at the
 * first /, so an @ in the path with a / after it is the password's tail (a database name holds no /).
 */
function passwordCutBySlash(rest: string): boolean {
  const beforeQuery = rest.slice(0, rest.search(/[?#]|$/));
  const slash = beforeQuery.indexOf('/');
  return slash >= 0 && /@[^]*\//.test(beforeQuery.slice(slash));
}

/**
 * Replaces the password of a connection URL (userinfo or ?password=) with ****, so it can be printed.
 * Works on the raw text, not on a parse: a raw @ / ? or # in a password makes parsers end it early, so
 * everything from `user:` to the LAST @ is masked (more than the password where a later @ is none), unless
 * the text is plainly `host:port/…` with no user information.
 */
export function maskUrl(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
  const rest = url.slice(scheme.length);
  // An IPv6 host's colons are no password's.
  const colon = rest.indexOf(':', rest.startsWith('[') ? rest.indexOf(']') : 0);
  const at = rest.lastIndexOf('@');
  const slash = rest.search(/[/?#]|$/);
  const hostAndPort = /^\d*$/.test(rest.slice(colon + 1, slash)) && !rest.slice(0, slash).includes('@') && !passwordCutBySlash(rest);
  const masked = colon >= 0 && colon < at && !hostAndPort ? `${scheme}${rest.slice(0, colon)}:****${rest.slice(at)}` : url;
  return masked.replace(new RegExp(`([?&](?:${SECRET_PARAMETERS.join('|')})=)[^&#]*`, 'gi'), '$1****');
}

/** Masks every connection URL found inside a free-form message (driver errors sometimes echo them). */
export function maskSecrets(text: string): string {
  return text.replace(/postgres(?:ql)?:\/\/[^\s'"]+/g, (match) => maskUrl(match));
}

/** The same server URL with another database name (for creating and reaching scratch databases). */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export interface ConnectionTarget {
  url: string;
  host: string;
  port: number;
  database: string;
  user: string;
}

/** Parses a PostgreSQL URL, or fails with one line that says what to fix (without echoing the password). */
export function parseDatabaseUrl(url: string, variable = 'DATABASE_URL'): ConnectionTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`${variable} is not a valid URL (${maskUrl(url)}): expected postgresql://user:password@host:5432/database`);
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new UserError(`${variable} must start with postgresql:// (got ${parsed.protocol}//)`);
  }
  // A password cut short by a raw /: the host parsed is part of it.
  if (passwordCutBySlash(url.slice(url.indexOf('//') + 2))) {
    throw new UserError(`${variable} has an @ after its host part (${maskUrl(url)}): percent-encode @ / ? # in the password or user name (@ as %40, / as %2F), e.g. with encodeURIComponent`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new UserError(`${variable} names no database: add it after the host, e.g. postgresql://user@host:5432/aiforce`);
  return {
    url,
    host: parsed.hostname || 'localhost',
    port: parsed.port ? Number(parsed.port) : 5432,
    database,
    user: decodeURIComponent(parsed.username),
  };
}
