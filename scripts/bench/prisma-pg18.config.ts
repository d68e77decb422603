/**
 * The project's prisma.config.ts with one more work-around, for the benchmark's `prisma db pull` peer only:
 * prisma/orm#29635 — on PostgreSQL 18, NOT NULL constraints are pg_constraint rows (contype 'n') and Prisma
 * 6's Wasm schema engine panics ("unreachable") on them during introspection. Dropping those rows from the
 * results gives the engine what PostgreSQL 17 would (nullability is read from pg_attribute anyway).
 */
import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { defineConfig } from 'prisma/config';
import project from '../../prisma.config.ts';
import { CatalogTextClient } from '../../src/database/prisma-adapter.ts';

type ArrayResult = { fields?: Array<{ name: string }>; rows?: unknown[][] };

function withoutNotNullConstraints(result: unknown): unknown {
  const one = result as ArrayResult | undefined;
  const column = one?.fields?.findIndex((field) => field.name === 'constraint_type') ?? -1;
  if (one?.rows && column >= 0) one.rows = one.rows.filter((row) => row[column] !== 'n');
  return result;
}

/** Filters results in both call forms, like CatalogTextClient: pg.Pool passes a callback, Prisma awaits a promise. */
class Pg18CatalogClient extends CatalogTextClient {
  override query(...args: unknown[]): never {
    const last = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as (error: Error | null, result?: unknown) => void;
      return (super.query as (...a: unknown[]) => never)(...args.slice(0, -1), (error: Error | null, result?: unknown) =>
        callback(error, error ? result : withoutNotNullConstraints(result)),
      );
    }
    const outcome = (super.query as (...a: unknown[]) => unknown)(...args);
    return (outcome instanceof Promise ? outcome.then(withoutNotNullConstraints) : outcome) as never;
  }
}

export default defineConfig({
  schema: project.schema,
  migrations: project.migrations,
  experimental: { adapter: true },
  engine: 'js',
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL, Client: Pg18CatalogClient, allowExitOnIdle: true } as pg.PoolConfig);
  },
});
