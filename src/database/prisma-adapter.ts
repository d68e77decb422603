import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { readTimeoutEnv } from '../config/env.js';
import { connectionDeadlines, type ConnectOptions } from './connect.js';
import { DeadlineClient, runDeadline } from './deadline.js';

type QueryResultLike = { fields?: Array<{ name: string; dataTypeID: number }>; rows?: unknown[] };

/**
 * prisma/orm#27403: @prisma/adapter-pg cannot deserialize pg_catalog's `"char"` (OID 18) and `name`
 * (OID 19) columns, which breaks every introspection of the Wasm schema engine. Both are strings:
 * reporting them as `text` (OID 25) is exact.
 */
const CATALOG_STRING_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

/**
 * prisma/orm#29635: since PostgreSQL 18, NOT NULL constraints are pg_constraint rows (contype 'n'), and
 * Prisma 6's Wasm engine panics on them ("unreachable"), so `prisma db pull` fails. Prisma reads
 * nullability from pg_attribute anyway: dropping those rows from its constraint query gives it exactly
 * what PostgreSQL 17 would.
 */
function withoutNotNullConstraints(result: QueryResultLike): void {
  const column = result.fields?.findIndex((field) => field.name === 'constraint_type') ?? -1;
  if (column < 0 || !result.rows) return;
  result.rows = result.rows.filter((row) => (Array.isArray(row) ? row[column] : (row as Record<string, unknown>).constraint_type) !== 'n');
}

function fixCatalogResult(result: unknown): unknown {
  for (const one of (Array.isArray(result) ? result : [result]) as Array<QueryResultLike | undefined>) {
    if (!one) continue;
    for (const field of one.fields ?? []) {
      if (CATALOG_STRING_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
    withoutNotNullConstraints(one);
  }
  return result;
}

/** A pg.Client whose catalog results Prisma's Wasm engine can read (the two work-arounds above), with our deadlines. */
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
 * @prisma/adapter-pg 6.19.3 applies a migration by cutting its text at every ";" and sending the pieces one
 * by one (`executeScript`), which tears a DO block or a PL/pgSQL function body apart ("unterminated
 * dollar-quoted string") and leaves a failed migration half applied. Prisma's native engine sends the whole
 * script as one simple query, which PostgreSQL parses itself and runs as one implicit transaction: so does this.
 */
class WholeScriptPrismaPg extends PrismaPg {
  override async connect(): ReturnType<PrismaPg['connect']> {
    const adapter = await super.connect();
    // No parameters: pg sends the text with the simple query protocol, several statements at once.
    adapter.executeScript = async (script) => void (await adapter.executeRaw({ sql: script, args: [], argTypes: [] }));
    return adapter;
  }
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
 * connections carry the same deadlines as connect()'s; without options they are the Prisma CLI's (above).
 * Migrations run whole (WholeScriptPrismaPg). `allowExitOnIdle` lets a CLI command exit as soon as it is done
 * instead of waiting for the pool's idle timeout.
 */
export function createPrismaAdapter(connectionString: string, options: PrismaAdapterOptions = {}): PrismaPg {
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
    connectionString,
    Client: CatalogTextClient,
    allowExitOnIdle: true,
    deadlines,
    ...(options.statementTimeoutMs === undefined ? {} : { statement_timeout: options.statementTimeoutMs }),
    ...(options.applicationName ? { application_name: options.applicationName } : {}),
  };
  return new WholeScriptPrismaPg(config as unknown as pg.PoolConfig);
}
