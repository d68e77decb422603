/**
 * The floor: db:check's own catalog queries (which kinds hold objects, then those kinds' queries as one batch),
 * run through `pg` under the same conditions as its snapshot (fresh session, its transaction and settings:
 * beginRead), timing only the queries and the transfer of their results: no parsing, no assembly, no comparison.
 * On one connection: the plain sum of the catalog work, whatever db:check overlaps.
 */
import { withConnection } from '../../src/database/connect.js';
import { beginRead } from '../../src/catalog/read-transaction.js';
import { catalogBatch, kindsToRead, kindsToQuery } from '../../src/catalog/read.js';

export async function catalogFloorMs(url: string, schema: string): Promise<number> {
  return withConnection(
    url,
    async (client) => {
      await beginRead(client, schema);
      const found = await client.query<{ oid: number; version: number }>(
        "SELECT oid::int AS oid, current_setting('server_version_num')::int AS version FROM pg_namespace WHERE nspname = $1",
        [schema],
      );
      const { oid, version } = found.rows[0]!;
      const started = performance.now();
      await client.query(catalogBatch(await kindsToQuery(client, kindsToRead({}), oid), version, oid));
      const elapsed = performance.now() - started;
      await client.query('ROLLBACK');
      return elapsed;
    },
    { statementTimeoutMs: 0, applicationName: 'aiforce-db-bench' },
  );
}
