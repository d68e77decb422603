/**
 * sslmode as libpq means it, for every connection aiforce-db opens: against a stand-in server that speaks SSL
 * (a self-signed certificate for localhost, made by openssl for this run: no key is kept in the repository) and refuses every
 * login saying whether the client came in SSL or in plain text, and against the test server itself, through
 * the CLI (pg) and through Prisma's adapter (seed, migrate). Never a warning from the driver on stderr.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, withConnection } from '../src/database/connect.js';
import { checkCli, cli, expectOneClearError } from './support/cli.js';
import { createTestDatabase, type TestDatabase } from './support/template.js';

// Made when the file is collected: the cases name the certificate's path. openssl comes with Debian's PostgreSQL.
const TLS_DIR = mkdtempSync(path.join(os.tmpdir(), 'aiforce-tls-'));
const CERT = path.join(TLS_DIR, 'localhost.crt');
const KEY = path.join(TLS_DIR, 'localhost.key');
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', KEY, '-out', CERT, '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-days', '2'], { stdio: 'ignore' });
const SSL_REQUEST_CODE = 80877103;

/** An ErrorResponse refusing the login, whose message says how the client came in. */
function refuse(socket: net.Socket, how: string): void {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C28000\0Mstand-in: came in ${how}\0\0`);
  const header = Buffer.alloc(5);
  header.write('E');
  header.writeUInt32BE(fields.length + 4, 1);
  socket.end(Buffer.concat([header, fields]));
}

let standIn: net.Server;
let port: number;
beforeAll(async () => {
  const options = { key: readFileSync(KEY), cert: readFileSync(CERT) };
  standIn = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', (first) => {
      if (first.length < 8 || first.readUInt32BE(4) !== SSL_REQUEST_CODE) return refuse(socket, 'plain text');
      socket.write('S');
      const secure = new tls.TLSSocket(socket, { isServer: true, ...options });
      secure.on('error', () => undefined);
      secure.once('data', () => refuse(secure, 'SSL'));
    });
  });
  await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
  port = (standIn.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => standIn.close(() => resolve()));
  rmSync(TLS_DIR, { recursive: true, force: true });
});

/** What connect() makes of the stand-in with these URL parameters: how it came in, or its one line. */
async function outcome(query: string, host = '127.0.0.1'): Promise<string> {
  const error = await connect(`postgresql://someone:secret@${host}:${port}/db?${query}`, { connectTimeoutMs: 5_000 }).then(
    (client) => client.end().then(() => new Error('connected')),
    (caught: Error) => caught,
  );
  return /came in (SSL|plain text)/.exec(error.message)?.[0] ?? error.message;
}

describe('sslmode in libpq\'s meaning, against a server that speaks SSL', () => {
  it.each([
    ['sslmode=disable', 'came in plain text'],
    ['sslmode=allow', 'came in plain text'],
    ['sslmode=prefer', 'came in SSL'],
    ['sslmode=require', 'came in SSL'],
    ['sslmode=no-verify', 'came in SSL'],
    [`sslmode=require&sslrootcert=${CERT}`, 'came in SSL'],
    [`sslmode=verify-ca&sslrootcert=${CERT}`, 'came in SSL'],
    [`sslmode=verify-full&sslrootcert=${CERT}`, 'came in SSL'],
  ])('%s: %s', async (query, expected) => {
    // verify-full checks the name: the certificate is for localhost.
    expect(await outcome(query, query.includes('verify-full') ? 'localhost' : '127.0.0.1')).toBe(expected);
  });

  it('verify-full refuses a certificate for another name, or signed by a CA it was not given, in one line saying what to do', async () => {
    expect(await outcome(`sslmode=verify-full&sslrootcert=${CERT}`)).toMatch(
      /^the certificate of the server at 127\.0\.0\.1:\d+ is not for the host "127\.0\.0\.1" \(Hostname\/IP does not match certificate's altnames: .*\): connect with a host name the certificate names, or set sslmode=verify-ca/,
    );
    expect(await outcome('sslmode=verify-full', 'localhost')).toMatch(/^the certificate of the server at localhost:\d+ could not be verified \(self-signed certificate\b/);
  });

  it('PGSSLMODE, when the URL has no sslmode, as libpq reads it', async () => {
    process.env.PGSSLMODE = 'prefer';
    try {
      expect(await outcome('application_name=x')).toBe('came in SSL');
      expect(await outcome('sslmode=disable')).toBe('came in plain text');
    } finally {
      delete process.env.PGSSLMODE;
    }
  });

  it('a mode libpq does not know, or verify-ca without the CA, is one line before any connection', async () => {
    expect(await outcome('sslmode=requir')).toBe('sslmode=requir in the database URL is not an SSL mode: use disable, allow, prefer, require, verify-ca or verify-full');
    expect(await outcome('sslmode=verify-ca')).toMatch(/^sslmode=verify-ca in the database URL needs the certificate of the CA that signed the server's: add sslrootcert=<file>/);
  });
});

describe('sslmode against the test server, through pg (check) and through Prisma (seed, migrate)', () => {
  let db: TestDatabase;
  let sslOn: boolean;
  beforeAll(async () => {
    db = await createTestDatabase(inject('adminUrl'));
    sslOn = await withConnection(db.url, async (client) => (await client.query<{ ssl: string }>('SHOW ssl')).rows[0]!.ssl === 'on');
  });
  afterAll(() => db.drop());

  const withMode = (mode: string) => `${db.url}${db.url.includes('?') ? '&' : '?'}sslmode=${mode}`;
  const noWarning = (result: { stderr: string }) => expect(result.stderr).not.toMatch(/Warning|SECURITY/);

  it('prefer, allow and disable connect whether or not the server has SSL', async () => {
    for (const mode of ['prefer', 'allow', 'disable']) {
      const check = await checkCli([], withMode(mode));
      expect(check.stdout, mode).toContain('no drift');
      expect(check.code, mode).toBe(0);
      noWarning(check);
    }
    const seeded = await cli('seed', [], { DATABASE_URL: withMode('prefer'), SEED_ADMIN_PASSWORD: 'a long enough admin password' });
    expect(seeded.code).toBe(0);
    noWarning(seeded);
    const migrated = await cli('migrate', [], { DATABASE_URL: withMode('prefer') });
    expect(migrated.stdout).toContain('No pending migrations to apply');
    expect(migrated.code).toBe(0);
    noWarning(migrated);
  });

  it('require on a server without SSL: exit 2, one line, no warning from the driver', async () => {
    const password = new URL(db.url).password || undefined;
    for (const command of ['check', 'seed']) {
      const result = await cli(command, [], { DATABASE_URL: withMode('require'), SEED_ADMIN_PASSWORD: 'a long enough admin password' });
      if (sslOn) {
        expect(result.code, command).toBe(0);
      } else {
        expectOneClearError(result, /^error: the server at [^ ]+ does not support SSL connections, which sslmode requires: turn ssl on in its configuration, or set sslmode=prefer/, password);
      }
      noWarning(result);
    }
  });
});
