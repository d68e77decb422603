import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import type pg from 'pg';
import { readTimeoutEnv } from '../config/env.js';
import { connectionDeadlines, type ConnectOptions } from './connect.js';
import { DeadlineClient, runDeadline } from './deadline.js';
import { pgConnectionString } from './ssl.js';
import { parseDatabaseUrl } from './url.js';

type QueryResultLike = { fields?: Array<{ name: string; dataTypeID: number }>; rows?: unknown[] };

/**
 * prisma/orm#27403: @prisma/adapter-pg cannot deserialize pg_catalog's `name` (OID 19) and `"char"` (OID 18)
 * columns, which breaks every introspection of the Wasm schema engine. A `name` is a string: it is reported
 * as `text` (OID 25). A `"char"` is one character, and the engine reads one as such (a constraint's type, in
 * its constraint query): given text it panics ("unreachable") on every row of that query, that is on any
 * CHECK or EXCLUDE constraint or constraint trigger, and since PostgreSQL 18 on every NOT NULL constraint
 * (prisma/orm#29635), so `prisma db pull` and `migrate dev` fail. So a `"char"` column passes the adapter as
 * text and reaches the engine typed as a character (PatchedPrismaPg below).
 */
const TEXT_OID = 25;
const NAME_OID = 19;
const CHAR_OID = 18;

/** The `"char"` columns of a result, by the rows array that the adapter hands on to the engine. */
const characterColumns = new WeakMap<unknown[], number[]>();

function fixCatalogResult(result: unknown): unknown {
  for (const one of (Array.isArray(result) ? result : [result]) as Array<QueryResultLike | undefined>) {
    if (!one) continue;
    const characters: number[] = [];
    one.fields?.forEach((field, index) => {
      if (field.dataTypeID === CHAR_OID) characters.push(index);
      if (field.dataTypeID === CHAR_OID || field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
    });
    if (characters.length && one.rows) characterColumns.set(one.rows, characters);
  }
  return result;
}

/** A pg.Client whose catalog results Prisma's Wasm engine can read (the work-around above), with our deadlines. */
export class CatalogTextClient extends DeadlineClient {
  // pg.Pool calls query(config, values, callback); Prisma calls the promise form: both are handled.
  override query(...args: unknown[]): never {
    const last = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as (error: Error | null, result?: unknown) => void;
      const rest = args.slice(0, -1);
      return (super.query as (...a: unknown[]) => never)(...rest, (error: Error | null, result?: unknown) =>
        callback(error, error ? result : fixCatalogResult(result)),
      );
    }
    const outcome = (super.query as (...a: unknown[]) => unknown)(...args);
    return (outcome instanceof Promise ? outcome.then(fixCatalogResult) : outcome) as never;
  }
}

/**
 * The adapter with this project's work-arounds: `"char"` columns typed as characters (above), and migrations
 * applied whole. @prisma/adapter-pg 6.19.3 applies a migration by cutting its text at every ";" and sending
 * the pieces one by one (`executeScript`), which tears a DO block or a PL/pgSQL function body apart
 * ("unterminated dollar-quoted string") and leaves a failed migration half applied. Prisma's native engine
 * sends the whole script as one simple query, which PostgreSQL parses itself and runs as one implicit
 * transaction: so does this.
 */
class PatchedPrismaPg extends PrismaPg {
  override async connect(): ReturnType<PrismaPg['connect']> {
    return patched(await super.connect());
  }

  // `migrate diff --from-migrations` and `migrate dev` describe the migrations' result through this one.
  override async connectToShadowDb(): ReturnType<PrismaPg['connectToShadowDb']> {
    return patched(await super.connectToShadowDb());
  }
}

function patched(adapter: Awaited<ReturnType<PrismaPg['connect']>>): typeof adapter {
  // No parameters: pg sends the text with the simple query protocol, several statements at once.
  adapter.executeScript = async (script) => void (await adapter.executeRaw({ sql: script, args: [], argTypes: [] }));
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of characterColumns.get(result.rows) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  return adapter;
}

/**
 * The Prisma CLI's own limits when nothing else is set: no statement timeout and 10 minutes per query, since a
 * migration may build an index on a large table; 30 minutes for the whole command.
 */
export const PRISMA_CLI_QUERY_TIMEOUT_MS = 600_000;
export const PRISMA_CLI_RUN_TIMEOUT_MS = 1_800_000;

export type PrismaAdapterOptions = Pick<ConnectOptions, 'connectTimeoutMs' | 'statementTimeoutMs' | 'queryTimeoutMs' | 'signal' | 'applicationName'>;

/**
 * The driver adapter shared by the Prisma CLI (prisma.config.ts) and the generated client. Its pool's
 * connections carry the same deadlines and sslmode meaning as connect()'s; without options the deadlines are
 * the Prisma CLI's (above). Its work-arounds are PatchedPrismaPg's. `allowExitOnIdle` lets a CLI command exit
 * as soon as it is done instead of waiting for the pool's idle timeout.
 */
export async function createPrismaAdapter(url: string, options: PrismaAdapterOptions = {}): Promise<PrismaPg> {
  const env = readTimeoutEnv();
  // With a statement timeout the query limit follows it (connectionDeadlines); without one, the CLI's applies.
  const cliQueryTimeoutMs = options.statementTimeoutMs === undefined ? (env.AIFORCE_DB_QUERY_TIMEOUT_MS ?? PRISMA_CLI_QUERY_TIMEOUT_MS) : undefined;
  const deadlines = connectionDeadlines(
    {
      ...options,
      queryTimeoutMs: options.queryTimeoutMs ?? cliQueryTimeoutMs,
      signal: options.signal ?? runDeadline(env.AIFORCE_DB_TIMEOUT_MS ?? PRISMA_CLI_RUN_TIMEOUT_MS, 'the Prisma command', 'AIFORCE_DB_TIMEOUT_MS').signal,
    },
    options.statementTimeoutMs,
  );
  // pg.Pool hands its whole config, `deadlines` included, to each Client it creates.
  const config = {
    connectionString: await pgConnectionString(parseDatabaseUrl(url), deadlines),
    Client: CatalogTextClient,
    allowExitOnIdle: true,
    deadlines,
    ...(options.statementTimeoutMs === undefined ? {} : { statement_timeout: options.statementTimeoutMs }),
    ...(options.applicationName ? { application_name: options.applicationName } : {}),
  };
  return new PatchedPrismaPg(config as unknown as pg.PoolConfig);
}
