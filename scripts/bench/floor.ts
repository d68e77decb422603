/**
 * The floor: db:check's own catalog queries (CATALOG_QUERIES), run through `pg` under the same conditions as
 * its snapshot (fresh session, read-only repeatable-read transaction, search_path set to the schema),
 * timing only the queries and the transfer of their results: no parsing, no assembly, no comparison.
 * One after the other on one connection: the plain sum of the catalog work, whatever db:check overlaps.
 */
import { withConnection } from '../../src/database/connect.js';
import { CATALOG_QUERIES } from '../../src/introspection/queries.js';

export async function catalogFloorMs(url: string, schema: string): Promise<number> {
  return withConnection(
    url,
    async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(`SET LOCAL search_path = "${schema.replaceAll('"', '""')}", pg_catalog`);
      const started = performance.now();
      for (const sql of Object.values(CATALOG_QUERIES)) await client.query(sql, [schema]);
      const elapsed = performance.now() - started;
      await client.query('ROLLBACK');
      return elapsed;
    },
    { statementTimeoutMs: 0, applicationName: 'aiforce-db-bench' },
  );
}
