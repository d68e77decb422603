import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

/**
 * Work-around for prisma/orm#27403: @prisma/adapter-pg cannot deserialize pg_catalog's `"char"` (OID 18)
 * and `name` (OID 19) columns, which breaks every introspection of the Wasm schema engine.
 * Reporting them as `text` (OID 25) is exact for both: they are strings.
 */
const CATALOG_STRING_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

type QueryResultLike = { fields?: Array<{ dataTypeID: number }> };

function asText(result: unknown): unknown {
  for (const one of Array.isArray(result) ? result : [result]) {
    for (const field of (one as QueryResultLike | undefined)?.fields ?? []) {
      if (CATALOG_STRING_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

/** A pg.Client whose results report `name` and `"char"` columns as text. */
export class CatalogTextClient extends pg.Client {
  // pg.Pool calls query(config, values, callback); Prisma calls the promise form: both are handled.
  override query(...args: unknown[]): never {
    const last = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as (error: Error | null, result?: unknown) => void;
      const rest = args.slice(0, -1);
      return (super.query as (...a: unknown[]) => never)(...rest, (error: Error | null, result?: unknown) =>
        callback(error, error ? result : asText(result)),
      );
    }
    const outcome = (super.query as (...a: unknown[]) => unknown)(...args);
    return (outcome instanceof Promise ? outcome.then(asText) : outcome) as never;
  }
}

/**
 * The driver adapter shared by the Prisma CLI (prisma.config.ts) and the generated client.
 * `allowExitOnIdle` lets a CLI command exit as soon as it is done instead of waiting for the pool's idle timeout.
 */
export function createPrismaAdapter(connectionString: string): PrismaPg {
  return new PrismaPg({ connectionString, Client: CatalogTextClient, allowExitOnIdle: true } as pg.PoolConfig);
}
