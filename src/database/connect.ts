import pg from 'pg';
import { explainConnectError } from './connect-errors.js';
import { parseDatabaseUrl } from './url.js';

export interface ConnectOptions {
  /** Milliseconds before giving up on the TCP/auth handshake. */
  connectTimeoutMs?: number;
  /** Server-side statement_timeout for every statement of this session. */
  statementTimeoutMs?: number;
  applicationName?: string;
  /** Name of the environment variable the URL came from, for error messages. */
  variable?: string;
}

/** Opens one pg connection, turning connection failures into a one-line UserError. */
export async function connect(url: string, options: ConnectOptions = {}): Promise<pg.Client> {
  const target = parseDatabaseUrl(url, options.variable);
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    statement_timeout: options.statementTimeoutMs ?? 60_000,
    application_name: options.applicationName ?? 'aiforce-db',
  });
  // An idle connection dropped by the server must not crash the process with an unhandled 'error'.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw explainConnectError(error, target);
  }
  return client;
}

/** Connects once and disconnects: a wrong URL or password becomes one clear line before a tool that would print a worse one. */
export async function assertReachable(url: string): Promise<void> {
  await withConnection(url, async () => undefined);
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
