import { describe, expect, it } from 'vitest';
import { explainFailure } from './explain.js';

/** An error PostgreSQL sent, as pg reports it. */
const fromServer = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });

/** The same, as Prisma Client reports it through the driver adapter (seed): the code in meta and in its message. */
const fromPrisma = (code: string, message: string) =>
  Object.assign(new Error(`\nInvalid \`prisma.$executeRaw()\` invocation:\n\n\nRaw query failed. Code: \`${code}\`. Message: \`${message}\``), {
    name: 'PrismaClientKnownRequestError',
    code: 'P2010',
    meta: { driverAdapterError: Object.assign(new Error(message), { cause: { originalCode: code, originalMessage: message, kind: 'postgres' } }) },
  });

/** Only Prisma's message states the code. */
const fromPrismaMessage = (code: string, message: string) => new Error(`Invalid \`tx.$executeRaw()\` invocation:\n\n\nRaw query failed. Code: \`${code}\`. Message: \`${message}\``);

/** SQLSTATEs the server or the environment causes, with what their line must say. */
const ENVIRONMENT: Array<[code: string, message: string, says: RegExp]> = [
  ['08006', 'connection failure', /connection to the database server failed/],
  ['08P01', 'invalid frontend message type 0', /connection to the database server failed/],
  ['25P03', 'terminating connection due to idle-in-transaction timeout', /ended the session .*idle_in_transaction_session_timeout is set .*raise it, or turn it off for the role/],
  ['25P04', 'terminating connection due to transaction timeout', /ended the session .*transaction_timeout is set/],
  ['57P05', 'terminating connection due to idle-session timeout', /ended the session .*idle_session_timeout is set/],
  ['57P01', 'terminating connection due to administrator command', /ended the session .*run the command again/],
  ['57P02', 'terminating connection because of crash of another server process', /crashed/],
  ['57P03', 'the database system is shutting down', /starting up or shutting down/],
  ['57P04', 'terminating connection because database was dropped', /database was dropped/],
  ['57014', 'canceling statement due to user request', /canceled a query/],
  ['57014', 'canceling statement due to statement timeout', /server-side statement timeout/],
  ['53300', 'sorry, too many clients already', /no connection left/],
  ['53100', 'could not extend file: No space left on device', /out of resources/],
  ['53200', 'out of memory', /out of resources/],
  ['28P01', 'password authentication failed for user "app"', /password authentication failed/],
  ['28000', 'no pg_hba.conf entry for host', /refused user/],
  ['3D000', 'database "x" does not exist', /does not exist/],
  ['42501', 'permission denied for table users', /permission denied .*grant/],
  ['55P03', 'canceling statement due to lock timeout', /lock could not be taken .*lock_timeout/],
  ['40P01', 'deadlock detected', /deadlock/],
  ['25006', 'cannot execute INSERT in a read-only transaction', /read-only .*default_transaction_read_only/],
];

describe('explainFailure: what the server or the environment causes is exit 2, one line naming it', () => {
  for (const [code, message, says] of ENVIRONMENT) {
    for (const [how, wrap] of [
      ['from pg', fromServer],
      ['wrapped by Prisma', fromPrisma],
      ["in Prisma's message only", fromPrismaMessage],
    ] as const) {
      it(`${code} (${message}), ${how}`, () => {
        const explained = explainFailure(wrap(code, message));
        expect(explained?.exitCode).toBe(2);
        expect(explained?.message).toMatch(says);
        expect(explained?.message).not.toContain('\n');
      });
    }
  }

  it("a connection's failure that Prisma's adapter reports by kind, without a SQLSTATE", () => {
    for (const kind of ['ConnectionClosed', 'DatabaseNotReachable', 'SocketTimeout', 'TlsConnectionError']) {
      const error = Object.assign(new Error('Invalid `prisma.user.findFirst()` invocation'), { code: 'P1001', meta: { driverAdapterError: { cause: { kind } } } });
      expect(explainFailure(error)?.exitCode, kind).toBe(2);
    }
  });

  it('what is ours stays a bug (undefined: exit 3), however it is wrapped', () => {
    for (const [code, message] of [
      ['42601', 'syntax error at or near "SELEC"'],
      ['25P02', 'current transaction is aborted, commands ignored until end of transaction block'],
      ['42883', 'operator does not exist: json = json'],
    ]) {
      expect(explainFailure(fromServer(code!, message!)), code).toBeUndefined();
      expect(explainFailure(fromPrisma(code!, message!)), code).toBeUndefined();
    }
    expect(explainFailure(new TypeError("Cannot read properties of undefined (reading 'rows')"))).toBeUndefined();
  });
});
