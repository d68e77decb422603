/**
 * The transaction every read of a database's schema runs in: the catalog's, the defaults' probe, the required
 * rows'. Its own module, so that what needs only this (db:seed's rows) does not load every kind.
 */
import type pg from 'pg';
import { quoteIdent, quoteLiteral } from '../database/quote.js';

/**
 * The settings the server's deparsing and type output follow, as PostgreSQL ships them: a database's or role's
 * own (ALTER DATABASE … SET quote_all_identifiers = on, a DateStyle, a TimeZone) must not change what is read,
 * or every definition and default would differ from the lock's.
 */
const OUTPUT_SETTINGS =
  " SET LOCAL quote_all_identifiers = off; SET LOCAL extra_float_digits = 1; SET LOCAL DateStyle = 'ISO, MDY'; SET LOCAL IntervalStyle = postgres;" +
  " SET LOCAL TimeZone = 'UTC'; SET LOCAL bytea_output = hex; SET LOCAL standard_conforming_strings = on; SET LOCAL lc_monetary = 'C';";

/**
 * Opens a read's transaction (read-only, repeatable read, or the snapshot another connection exported) with the
 * output settings fixed (also for the defaults' probe and the required rows, which read on the same terms).
 * The search path is pg_catalog, then the schema, as PostgreSQL itself searches: a function of the schema named
 * like a built-in one (pgcrypto's gen_random_uuid() installed in public) must not make every default that calls
 * the built-in one print it qualified. The database's or role's idle-in-transaction and transaction timeouts are
 * lifted for this transaction: it pauses between queries while the client parses an answer, and the run has
 * deadlines of its own (--timeout). work_mem: the larger kinds' joins and sorts stay in memory (the default
 * 4 MB spills them to disk at 10,000 tables). jit: a large schema's queries cost enough to be compiled, which
 * takes longer than running them (about 1 s of 3 at 10,000 tables on a server built with LLVM). Parallel
 * workers: the catalog read already runs on two connections, and workers for one's query take the CPUs the
 * other's needs (10,000 tables on 2 CPUs: the check took a fifth longer with them, median of 5 runs each);
 * off for every read in this transaction, whose other queries are small.
 */
export async function beginRead(client: pg.Client, schema: string, snapshotId?: string): Promise<void> {
  await client.query(
    `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;${snapshotId ? ` SET TRANSACTION SNAPSHOT ${quoteLiteral(snapshotId)};` : ''} SET LOCAL search_path = pg_catalog, ${quoteIdent(schema)};${OUTPUT_SETTINGS}` +
      " SET LOCAL work_mem = '64MB'; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL idle_in_transaction_session_timeout = 0;" +
      // jit is PostgreSQL 11's, transaction_timeout 17's: an older server must still get to the version check and its one line.
      " SELECT set_config('jit', 'off', true) WHERE current_setting('server_version_num')::int >= 110000;" +
      " SELECT set_config('transaction_timeout', '0', true) WHERE current_setting('server_version_num')::int >= 170000",
  );
}

/** What one statement of probeEach gave: its rows, or the error it failed with. */
export type ProbeOutcome = { rows: Array<Record<string, unknown>> } | { error: { code?: string } };

/**
 * An answer about the statement itself: a value its type or domain refuses, a name, type or cast the server
 * lacks. A failure of the session instead (the connection, resources, a deadline or a cancel, the server
 * itself: classes 08, 53, 57, 58, XX, or no SQLSTATE at all) ends the probe.
 */
const isAnswer = (error: unknown): error is { code: string } => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(?:08|53|57|58|XX)/.test(code);
};

/**
 * Runs one statement per item in a throw-away read transaction (beginRead), each in a savepoint, so that one
 * the server refuses leaves the others to run. The extended protocol (pg's queryMode, which its types do not
 * list): one statement, whatever the text holds.
 */
export async function probeEach<T>(client: pg.Client, schema: string, items: readonly T[], statement: (item: T, index: number) => string): Promise<ProbeOutcome[]> {
  if (items.length === 0) return [];
  // The types are named as the read named them: relative to the schema, whatever the session's search_path.
  await beginRead(client, schema);
  try {
    const outcomes: ProbeOutcome[] = [];
    for (const [index, item] of items.entries()) {
      await client.query('SAVEPOINT probe');
      const query: pg.QueryConfig & { queryMode: 'extended' } = { text: statement(item, index), queryMode: 'extended' };
      const outcome: ProbeOutcome = await client.query(query).then(
        (result) => ({ rows: result.rows as Array<Record<string, unknown>> }),
        (error: unknown) => {
          if (!isAnswer(error)) throw error;
          return { error };
        },
      );
      await client.query('error' in outcome ? 'ROLLBACK TO SAVEPOINT probe' : 'RELEASE SAVEPOINT probe');
      outcomes.push(outcome);
    }
    return outcomes;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}
