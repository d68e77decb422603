/**
 * What sslmode means, for every connection aiforce-db opens (connect() and the Prisma adapter's pool): libpq's
 * meaning (https://www.postgresql.org/docs/current/libpq-ssl.html). node-postgres reads the mode with
 * pg-connection-string, which by default takes prefer, require and verify-ca for verify-full and prints a
 * nine-line warning saying so; given uselibpqcompat=true it gives them libpq's meaning, but it can neither fall
 * back to plain text (prefer) nor begin with it (allow). Those two are settled here before pg sees the URL.
 */
import net from 'node:net';
import type tls from 'node:tls';
import { UserError } from '../errors/index.js';
import { connectTimedOut, type Deadlines } from './deadline.js';
import type { ConnectionTarget } from './url.js';

const SSL_MODES = new Set(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']);

/**
 * The URL to give node-postgres for `target`, with its sslmode (or PGSSLMODE's, as libpq reads it) in libpq's
 * meaning:
 * - disable: plain text; allow: plain text too (libpq's first attempt; its second, with SSL, for a server that
 *   refuses plain text, is not made);
 * - prefer: SSL without verifying the certificate when the server offers it (asked first: offersSsl), else plain;
 * - require: SSL without verifying (verify-ca when the URL gives sslrootcert, as libpq); node-postgres's own
 *   no-verify is the same;
 * - verify-ca: the certificate signed by the CA of sslrootcert, which it needs; verify-full: that and the host
 *   name, against sslrootcert or else Node's trusted CAs.
 * Without a mode the connection is plain, node-postgres's default (libpq's is prefer).
 */
export async function pgConnectionString(target: ConnectionTarget, deadlines: Pick<Deadlines, 'connectTimeoutMs' | 'signal'>): Promise<string> {
  const url = new URL(target.url);
  const inUrl = url.searchParams.get('sslmode');
  const given = inUrl ?? (process.env.PGSSLMODE || undefined);
  if (given === undefined) return target.url;
  const setting = inUrl === null ? `PGSSLMODE=${given}` : `sslmode=${given} in the database URL`;
  let mode = given === 'no-verify' ? 'require' : given;
  if (!SSL_MODES.has(mode)) throw new UserError(`${setting} is not an SSL mode: use disable, allow, prefer, require, verify-ca or verify-full`);
  if (mode === 'verify-ca' && !url.searchParams.get('sslrootcert')) {
    throw new UserError(`${setting} needs the certificate of the CA that signed the server's: add sslrootcert=<file> to the URL, or use sslmode=verify-full to check against Node's trusted CAs`);
  }
  // A Unix socket (a host that is a path, in ?host=) carries no SSL: libpq ignores the mode there.
  const socketPath = url.searchParams.get('host')?.startsWith('/') ?? false;
  if (mode === 'allow' || (mode === 'prefer' && (socketPath || !(await offersSsl(target, deadlines))))) mode = 'disable';
  url.searchParams.set('sslmode', mode);
  url.searchParams.set('uselibpqcompat', 'true');
  return url.toString();
}

/** The SSLRequest that opens every SSL connection: its length (8) and the code 80877103. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** One answer per server and process: the connections of a command share it. */
const offers = new Map<string, Promise<boolean>>();

/** Whether the server makes an SSL connection, asked once per server (see askSsl). */
function offersSsl(target: ConnectionTarget, deadlines: Pick<Deadlines, 'connectTimeoutMs' | 'signal'>): Promise<boolean> {
  const key = `${target.host}:${target.port}`;
  let offer = offers.get(key);
  if (!offer) {
    offer = askSsl(target, deadlines);
    offers.set(key, offer);
    offer.catch(() => offers.delete(key));
  }
  return offer;
}

/**
 * What libpq's prefer finds out on its own connection: whether the server answers the SSLRequest with S and then
 * completes a handshake (no verification). A server that refuses (N) or fails the handshake gets plain text, as
 * libpq's prefer falls back to. The handshake is completed and ended cleanly: one cut short is logged by the server.
 * Rejects when the server cannot be reached: that is the connection's own failure, named as for any other.
 */
function askSsl(target: ConnectionTarget, { connectTimeoutMs, signal }: Pick<Deadlines, 'connectTimeoutMs' | 'signal'>): Promise<boolean> {
  const { port } = target;
  // An IPv6 address comes bracketed from the URL ([::1]); the socket takes it bare.
  const host = target.host.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let reached = false;
    let settled = false;
    let secure: tls.TLSSocket | undefined;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      // Ended (close_notify), not cut; unreferenced, so a server slow to close keeps no command waiting.
      if (secure?.writable) secure.end().unref();
      else (secure ?? socket).destroy();
      done();
    };
    const onAbort = () => settle(() => reject(signal.reason as Error));
    const timer = setTimeout(() => settle(() => reject(connectTimedOut(`${host}:${port}`, connectTimeoutMs, reached))), connectTimeoutMs);
    timer.unref();
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    // Listening for every error, also after the answer: an 'error' nobody listens to would end the process.
    socket.on('error', (error) => settle(() => (secure ? resolve(false) : reject(error))));
    socket.once('connect', () => {
      reached = true;
      socket.write(SSL_REQUEST);
    });
    socket.once('close', () => settle(() => resolve(false)));
    socket.once('data', (answer) => {
      if (answer[0] !== 0x53 /* S */) return settle(() => resolve(false));
      // Loaded only here: node:tls costs every start of db:check some milliseconds, and only prefer asks.
      secure = process.getBuiltinModule('node:tls').connect({ socket, rejectUnauthorized: false, ...(net.isIP(host) ? {} : { servername: host }) });
      secure.on('error', () => settle(() => resolve(false)));
      secure.once('secureConnect', () => settle(() => resolve(true)));
    });
  });
}
