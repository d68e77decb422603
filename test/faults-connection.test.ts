/**
 * Fault injection on the database connection, on the real test server: a frozen backend, a terminated session,
 * a locked catalog, tight server limits, refused logins, and outputs aimed at the project's inputs. Each case:
 * exit 2, exactly one `error:` line, no stack trace, no password, nothing written.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withConnection } from '../src/database/connect.js';
import { createPrismaAdapter } from '../src/database/prisma-adapter.js';
import { PrismaClient } from '../src/generated/prisma/client.js';
import { seed } from '../src/seed/index.js';
import { freeze, holdLock, terminate, waitingBackend } from './support/backends.js';
import { checkCli, cli, expectOneClearError } from './support/cli.js';
import { createTestDatabase, projectRoot, type TestDatabase } from './support/template.js';

const SEED_PASSWORD = 'a long enough admin password';
const SEED_LOCK = "SELECT pg_advisory_xact_lock(hashtext('aiforce-db seed'))";
/** The check reads _prisma_migrations after its catalog snapshot: holding this makes it wait at a known point. */
const HISTORY_LOCK = 'LOCK TABLE _prisma_migrations IN ACCESS EXCLUSIVE MODE';

const adminUrl = () => inject('adminUrl');
const serverPassword = () => new URL(adminUrl()).password || undefined;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-faults-'));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

/** A fresh migrated database for one test, dropped after it. */
async function withDatabase<T>(body: (db: TestDatabase) => Promise<T>): Promise<T> {
  const db = await createTestDatabase(adminUrl());
  try {
    return await body(db);
  } finally {
    await db.drop();
  }
}

/** Rows of the five tables the seed writes first: 0 means its transaction left nothing. */
async function seededRows(url: string): Promise<number> {
  return withConnection(url, async (client) => {
    const { rows } = await client.query<{ n: string }>(
      'SELECT (SELECT count(*) FROM client_accounts) + (SELECT count(*) FROM engagements) + (SELECT count(*) FROM users) + (SELECT count(*) FROM user_roles) + (SELECT count(*) FROM client_access) AS n',
    );
    return Number(rows[0]!.n);
  });
}

const seedCli = (url: string, env: NodeJS.ProcessEnv = {}) => cli('seed', [], { DATABASE_URL: url, SEED_ADMIN_PASSWORD: SEED_PASSWORD, ...env });

describe('db:check when the server misbehaves mid-run', () => {
  it('a backend frozen with SIGSTOP: the client-side query timeout fires, no report is written', async () => {
    await withDatabase(async (db) => {
      const out = path.join(work, 'frozen-check.json');
      const lock = await holdLock(db.url, HISTORY_LOCK);
      const running = checkCli(['--query-timeout', '2000', '--timeout', '30000', '--format', 'json', '--output', out], db.url);
      let thaw: (() => void) | undefined;
      try {
        thaw = freeze(await waitingBackend(adminUrl(), db.name, 'aiforce-db check', running));
        // The lock is free now: only the frozen process keeps the check from going on.
        await lock.release();
        const result = await running;
        expectOneClearError(result, /^error: the database at [^ ]+ did not answer a query within 2000 ms: it is frozen, overloaded or waiting for a lock/, serverPassword());
        expect(existsSync(out)).toBe(false);
      } finally {
        thaw?.();
        await lock.release().catch(() => undefined);
      }
    });
  });

  it('its session terminated (pg_terminate_backend): exit 2 naming 57P01', async () => {
    await withDatabase(async (db) => {
      const out = path.join(work, 'terminated-check.json');
      const lock = await holdLock(db.url, HISTORY_LOCK);
      try {
        const running = checkCli(['--output', out], db.url);
        await terminate(adminUrl(), await waitingBackend(adminUrl(), db.name, 'aiforce-db check', running));
        expectOneClearError(await running, /^error: the database server ended the session \(57P01: terminating connection due to administrator command\): .*run the command again/, serverPassword());
        expect(existsSync(out)).toBe(false);
      } finally {
        await lock.release();
      }
    });
  });

  it('a catalog table locked by another session: the whole-run deadline (--timeout) fires', async () => {
    await withDatabase(async (db) => {
      const lock = await holdLock(db.url, 'LOCK TABLE pg_catalog.pg_class IN ACCESS EXCLUSIVE MODE');
      try {
        const result = await checkCli(['--timeout', '2000'], db.url);
        expectOneClearError(result, /^error: db:check did not finish within 2000 ms \(--timeout MS, or AIFORCE_DB_TIMEOUT_MS\): the database stopped answering/, serverPassword());
      } finally {
        await lock.release();
      }
    });
  });

  it('a catalog table locked, with a short --connect-timeout: the login that never completes is named', async () => {
    await withDatabase(async (db) => {
      const lock = await holdLock(db.url, 'LOCK TABLE pg_catalog.pg_class IN ACCESS EXCLUSIVE MODE');
      try {
        const result = await checkCli(['--connect-timeout', '1000'], db.url);
        expectOneClearError(result, /^error: the server at [^ ]+ accepted the connection but did not complete the login within 1000 ms: .*catalog table is locked/, serverPassword());
      } finally {
        await lock.release();
      }
    });
  });

  it('a tiny --statement-timeout: the server cancels (57014), exit 2 not 3', async () => {
    await withDatabase(async (db) => {
      // Held so that at least the history query waits past 1 ms, whatever the machine's speed.
      const lock = await holdLock(db.url, HISTORY_LOCK);
      try {
        const result = await checkCli(['--statement-timeout', '1'], db.url);
        // PostgreSQL reports a timeout that fires between two statements of a batch as a cancel "due to user request".
        expectOneClearError(result, /^error: (a query ran longer than the server-side statement timeout \(57014: canceling statement due to statement timeout\)|the server canceled a query \(57014: canceling statement due to user request\)): .*--statement-timeout/, serverPassword());
      } finally {
        await lock.release();
      }
    });
  });
});

describe('db:check and db:seed when the server refuses the connection', () => {
  it('a role with CONNECTION LIMIT 0 (53300)', async () => {
    await withDatabase(async (db) => {
      const role = `limit0_${db.name.slice(-10)}`;
      const password = 'limit-zero-secret-1';
      await withConnection(db.url, (client) => client.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}' CONNECTION LIMIT 0`));
      try {
        const url = new URL(db.url);
        url.username = role;
        url.password = password;
        const check = await checkCli([], url.toString());
        expectOneClearError(check, new RegExp(`^error: the server at [^ ]+ has no connection left for this user or database \\(53300: too many connections for role "${role}"\\): .*CONNECTION LIMIT`), password);
        const seeded = await seedCli(url.toString());
        expectOneClearError(seeded, /\(53300: too many connections for role/, password);
      } finally {
        await withConnection(db.url, (client) => client.query(`DROP ROLE ${role}`));
      }
    });
  });

  it('a role with CONNECTION LIMIT 1: the check reads on its one connection and passes', async () => {
    await withDatabase(async (db) => {
      const role = `limit1_${db.name.slice(-10)}`;
      const password = 'limit-one-secret-1';
      await withConnection(db.url, (client) => client.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}' CONNECTION LIMIT 1; GRANT USAGE ON SCHEMA public TO ${role}`));
      try {
        const url = new URL(db.url);
        url.username = role;
        url.password = password;
        // The role owns nothing, so owners and privileges read as they are: the check is against the database itself.
        const lockFile = path.join(work, `${role}.lock.json`);
        const locked = await cli('lock', ['--from-url', url.toString(), '--out', lockFile], {});
        expect(locked.stderr).toContain('wrote');
        expect(locked.code).toBe(0);
        const check = await checkCli(['--expected', lockFile, '--no-rules', '--no-history'], url.toString());
        expect(check.stdout).toContain('no drift');
        expect(check.code).toBe(0);
      } finally {
        await withConnection(db.url, (client) => client.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`));
      }
    });
  });

  it('a database with allow_connections = false (55000)', async () => {
    await withDatabase(async (db) => {
      await withConnection(adminUrl(), (client) => client.query(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS false`));
      try {
        const pattern = new RegExp(`^error: database "${db.name}" at [^ ]+ does not accept connections \\(55000: .*\\): allow them \\(ALTER DATABASE "${db.name}" WITH ALLOW_CONNECTIONS true\\)`);
        expectOneClearError(await checkCli([], db.url), pattern, serverPassword());
        expectOneClearError(await seedCli(db.url), pattern, serverPassword());
      } finally {
        await withConnection(adminUrl(), (client) => client.query(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS true`));
      }
    });
  });

  it('a blank DATABASE_URL (an unset CI secret) is exit 2 for check, seed and migrate, never the embedded database', async () => {
    const home = path.join(work, 'never-created-home');
    for (const [name, args] of [['check', []], ['seed', []], ['migrate', []]] as const) {
      for (const blank of ['', '   ']) {
        const result = await cli(name, [...args], { DATABASE_URL: blank, AIFORCE_DB_HOME: home });
        expectOneClearError(result, /^error: environment: DATABASE_URL: is set but empty: set it to a postgresql:\/\/ URL, or unset it to use the embedded database$/);
        expect(result.stderr).not.toMatch(/embedded PostgreSQL/);
      }
    }
    expect(existsSync(home)).toBe(false);
  });
});

describe('db:seed when the server misbehaves mid-run: exit 2, nothing written', () => {
  it('a backend frozen with SIGSTOP: the whole-run deadline (AIFORCE_DB_TIMEOUT_MS) fires', async () => {
    await withDatabase(async (db) => {
      const lock = await holdLock(db.url, SEED_LOCK);
      const running = seedCli(db.url, { AIFORCE_DB_TIMEOUT_MS: '3000' });
      let thaw: (() => void) | undefined;
      try {
        thaw = freeze(await waitingBackend(adminUrl(), db.name, 'aiforce-db seed', running));
        await lock.release();
        const result = await running;
        expectOneClearError(result, /db:seed did not finish within 3000 ms \(AIFORCE_DB_TIMEOUT_MS\): the database stopped answering/, serverPassword());
        expect(result.stderr).not.toContain(SEED_PASSWORD);
      } finally {
        thaw?.();
        await lock.release().catch(() => undefined);
      }
      // Thawed, the backend finds its client gone and rolls back: still nothing.
      await sleep(200);
      expect(await seededRows(db.url)).toBe(0);
    });
  });

  it('a catalog table locked by another session: exit 2 at a deadline, one line', async () => {
    await withDatabase(async (db) => {
      const lock = await holdLock(db.url, 'LOCK TABLE pg_catalog.pg_class IN ACCESS EXCLUSIVE MODE');
      try {
        const result = await seedCli(db.url, { AIFORCE_DB_TIMEOUT_MS: '3000', AIFORCE_DB_CONNECT_TIMEOUT_MS: '2000' });
        expectOneClearError(result, /^error: (db:seed did not finish within 3000 ms|the server at [^ ]+ accepted the connection but did not complete the login within 2000 ms)/, serverPassword());
      } finally {
        await lock.release();
      }
      expect(await seededRows(db.url)).toBe(0);
    });
  });

  it('its session terminated (pg_terminate_backend): exit 2 naming 57P01, not a silent exit 0', async () => {
    await withDatabase(async (db) => {
      const lock = await holdLock(db.url, SEED_LOCK);
      try {
        const running = seedCli(db.url);
        await terminate(adminUrl(), await waitingBackend(adminUrl(), db.name, 'aiforce-db seed', running));
        const result = await running;
        expectOneClearError(result, /^error: the database server ended the session \(57P01: /, serverPassword());
        expect(result.stdout).toBe('');
      } finally {
        await lock.release();
      }
      expect(await seededRows(db.url)).toBe(0);
    });
  });

  it('the cause of the silent exit: after a lost transaction connection, PrismaClient.$disconnect() still settles', async () => {
    await withDatabase(async (db) => {
      const prisma = new PrismaClient({ adapter: await createPrismaAdapter(db.url, { applicationName: 'aiforce-db seed' }), errorFormat: 'minimal' });
      const lock = await holdLock(db.url, SEED_LOCK);
      try {
        const seeding = seed(prisma, { adminPassword: SEED_PASSWORD });
        const failed = seeding.then(
          () => undefined,
          (error: unknown) => error,
        );
        await terminate(adminUrl(), await waitingBackend(adminUrl(), db.name, 'aiforce-db seed', failed.then(() => ({ code: 0, stderr: 'seed() settled' }))));
        expect(await failed).toBeInstanceOf(Error);
      } finally {
        await lock.release();
      }
      // Prisma never releases a connection whose ROLLBACK failed; the pool used to wait for it forever.
      const outcome = await Promise.race([prisma.$disconnect().then(() => 'disconnected'), sleep(10_000).then(() => 'still waiting after 10 s')]);
      expect(outcome).toBe('disconnected');
      expect(await seededRows(db.url)).toBe(0);
    });
  });
});

describe('a session the server ends by a setting of the database or role', () => {
  it('idle_in_transaction_session_timeout: db:check lifts it for its read, db:seed exits 2 naming it (25P03), never a bug; nothing is written', async () => {
    await withDatabase(async (db) => {
      await withConnection(adminUrl(), (client) => client.query(`ALTER DATABASE ${db.name} SET idle_in_transaction_session_timeout = '1ms'`));
      const pattern = /the database server ended the session \(25P03: terminating connection due to idle-in-transaction timeout\): idle_in_transaction_session_timeout is set on the database, the role or the server, and ran out; raise it, or turn it off for the role that runs aiforce-db/;
      expect((await checkCli([], db.url)).code).toBe(0);
      const seeded = await seedCli(db.url);
      expectOneClearError(seeded, pattern, serverPassword());
      expect(seeded.stderr).not.toContain(SEED_PASSWORD);
      await withConnection(adminUrl(), (client) => client.query(`ALTER DATABASE ${db.name} RESET idle_in_transaction_session_timeout`));
      expect(await seededRows(db.url)).toBe(0);
    });
  });

  it('ended while the connection was idle: the next query fails with what ended it, not only "not queryable"', async () => {
    await withDatabase(async (db) => {
      await withConnection(db.url, async (client) => {
        await client.query("SET idle_in_transaction_session_timeout = '50ms'; BEGIN");
        await sleep(1000);
        await expect(client.query('SELECT 1')).rejects.toMatchObject({ code: '25P03', message: 'terminating connection due to idle-in-transaction timeout' });
      });
    });
  });
});

describe('outputs never overwrite the project inputs', () => {
  const fingerprint = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

  it('db:check --output refuses the lock, the schema, the contract, a migration and a folder, and leaves them as they were', async () => {
    const inputs = ['prisma/schema.lock.json', 'prisma/schema.prisma', 'prisma/spec-contract.json', 'package.json'];
    const before = await Promise.all(inputs.map((file) => fingerprint(path.join(projectRoot, file))));
    const migration = path.join('prisma', 'migrations', 'migration_lock.toml');
    const cases: Array<[string, RegExp]> = [
      ['prisma/schema.lock.json', /^error: --output prisma\/schema\.lock\.json would overwrite the expected-catalog lock/],
      [path.join(projectRoot, 'prisma', 'schema.prisma'), /would overwrite the Prisma schema \(prisma\/schema\.prisma\)/],
      ['./prisma/../prisma/spec-contract.json', /would overwrite the spec contract/],
      ['package.json', /would overwrite package\.json/],
      [migration, /is inside the migrations folder \(prisma\/migrations\)/],
      ['prisma', /^error: --output prisma is a folder: give the path of a file$/],
    ];
    // An unreachable URL: the output is refused before any connection.
    for (const [output, pattern] of cases) expectOneClearError(await checkCli(['--output', output], 'postgresql://app:s3cret-pw@127.0.0.1:1/aiforce'), pattern, 's3cret-pw');
    expect(await Promise.all(inputs.map((file) => fingerprint(path.join(projectRoot, file))))).toEqual(before);
  });

  it('db:check --output refuses a symbolic link to the lock', async () => {
    const link = path.join(work, 'lock-link.json');
    await symlink(path.join(projectRoot, 'prisma', 'schema.lock.json'), link);
    expectOneClearError(await checkCli(['--output', link], 'postgresql://app:pw@127.0.0.1:1/aiforce'), /would overwrite the expected-catalog lock/);
  });

  it('db:lock --out refuses the other inputs and a folder', async () => {
    expectOneClearError(await cli('lock', ['--out', 'prisma/schema.prisma'], {}), /^error: --out prisma\/schema\.prisma would overwrite the Prisma schema/);
    expectOneClearError(await cli('lock', ['--from-url', 'postgresql://app:pw@127.0.0.1:1/x', '--out', 'prisma/migrations'], {}), /^error: --out prisma\/migrations is a folder/);
  });

  it('db:report --out onto an existing file, or where no folder can be made: exit 2, one line, nothing written', async () => {
    await withDatabase(async (db) => {
      const file = path.join(work, 'not-a-folder');
      await writeFile(file, 'keep me');
      const history = path.join(work, 'report-history');
      const onFile = await cli('report', ['--out', file, '--history', history], { DATABASE_URL: db.url });
      expectOneClearError(onFile, /^error: --out .*not-a-folder is a file, not a folder/, serverPassword());
      expect(await readFile(file, 'utf8')).toBe('keep me');
      // Node's recursive mkdir spins forever under /proc: this must end, with one line.
      const nowhere = await cli('report', ['--out', '/proc/aiforce-db-report', '--history', history], { DATABASE_URL: db.url });
      expectOneClearError(nowhere, /^error: cannot create --out \/proc\/aiforce-db-report: no such file or folder \(ENOENT\)/, serverPassword());
      expect(existsSync(history)).toBe(false);
    });
  });
});
