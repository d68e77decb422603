import type pg from 'pg';
import { readTimeoutEnv } from '../config/env.js';
import { DeadlineClient, runDeadline, type Deadlines } from './deadline.js';
import { explainDatabaseError } from './errors.js';
import { pgConnectionString } from './ssl.js';
import { parseDatabaseUrl } from './url.js';

/** Defaults of every connection, documented in the README; the AIFORCE_DB_*_MS variables override them. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;
/** `check` reads the catalog only: a shorter server-side limit than the other commands'. */
export const DEFAULT_CHECK_STATEMENT_TIMEOUT_MS = 30_000;
export const DEFAULT_RUN_TIMEOUT_MS = 120_000;
/** The client-side query limit sits above the server's statement_timeout, so a live server's own error comes first. */
export const QUERY_TIMEOUT_MARGIN_MS = 5_000;

export interface ConnectOptions {
  /** Milliseconds before giving up on the TCP/auth handshake. */
  connectTimeoutMs?: number;
  /** Server-side statement_timeout for every statement of this session. */
  statementTimeoutMs?: number;
  /** Client-side limit for each query's answer (default: the statement timeout plus 5 s). */
  queryTimeoutMs?: number;
  /** The run's deadline (see runDeadline); without it the connection gets one of its own (AIFORCE_DB_TIMEOUT_MS). */
  signal?: AbortSignal;
  applicationName?: string;
  /** Name of the environment variable the URL came from, for error messages. */
  variable?: string;
}

/** A connection's client-side limits: the options given, else the AIFORCE_DB_*_MS variables, else the defaults. */
export function connectionDeadlines(options: Pick<ConnectOptions, 'connectTimeoutMs' | 'queryTimeoutMs' | 'signal'>, statementTimeoutMs: number | undefined): Deadlines {
  const env = readTimeoutEnv();
  return {
    connectTimeoutMs: options.connectTimeoutMs ?? env.AIFORCE_DB_CONNECT_TIMEOUT_MS ?? DEFAULT_CONNECT_TIMEOUT_MS,
    // A statement timeout of 0 is none: then only the run's deadline bounds a query.
    queryTimeoutMs:
      options.queryTimeoutMs ??
      env.AIFORCE_DB_QUERY_TIMEOUT_MS ??
      (statementTimeoutMs === 0 ? (env.AIFORCE_DB_TIMEOUT_MS ?? DEFAULT_RUN_TIMEOUT_MS) : (statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS) + QUERY_TIMEOUT_MARGIN_MS),
    signal: options.signal ?? runDeadline(env.AIFORCE_DB_TIMEOUT_MS ?? DEFAULT_RUN_TIMEOUT_MS, 'the database connection', 'AIFORCE_DB_TIMEOUT_MS').signal,
  };
}

/**
 * The connection string and startup options with exit_on_error off, added to the options the URL or PGOPTIONS
 * give: a role's or database's exit_on_error = on makes every error FATAL, so the denied SELECT on
 * _prisma_migrations, an answer the check goes on from, would end the session; any role may turn it off for
 * its own. pg takes the URL's options over its config's, and PGOPTIONS only without either.
 */
function withExitOnErrorOff(connectionString: string): { connectionString: string; options?: string } {
  const off = '-c exit_on_error=off';
  const url = new URL(connectionString);
  const inUrl = url.searchParams.get('options');
  if (inUrl === null) return { connectionString, options: [process.env.PGOPTIONS, off].filter(Boolean).join(' ') };
  url.searchParams.set('options', `${inUrl} ${off}`);
  return { connectionString: url.toString() };
}

/**
 * Opens one pg connection with deadlines on our side and sslmode in libpq's meaning (pgConnectionString),
 * turning connection failures into a one-line UserError.
 */
export async function connect(url: string, options: ConnectOptions = {}): Promise<pg.Client> {
  const target = parseDatabaseUrl(url, options.variable);
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const deadlines = connectionDeadlines(options, statementTimeoutMs);
  let client: pg.Client | undefined;
  try {
    client = new DeadlineClient({
      ...withExitOnErrorOff(await pgConnectionString(target, deadlines)),
      statement_timeout: statementTimeoutMs,
      application_name: options.applicationName ?? 'aiforce-db',
      deadlines,
    });
    await client.connect();
  } catch (error) {
    await client?.end().catch(() => undefined);
    throw explainDatabaseError(error, target) ?? error;
  }
  return client;
}

/** Connects once and disconnects: a wrong URL or password becomes one clear line before a tool that would print a worse one. */
export async function assertReachable(url: string, options?: ConnectOptions): Promise<void> {
  await withConnection(url, async () => undefined, options);
}

/** Runs `work` with a connection and always closes it. */
export async function withConnection<T>(url: string, work: (client: pg.Client) => Promise<T>, options?: ConnectOptions): Promise<T> {
  const client = await connect(url, options);
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
