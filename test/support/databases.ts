import { withConnection } from '../../src/database/connect.js';
import { createTestDatabase, type TestDatabase } from './template.js';

/** A fresh migrated database with `sql` applied (drift planted), dropped after `work`. */
export async function withTestDatabase<T>(adminUrl: string, sql: string[], work: (db: TestDatabase) => Promise<T>): Promise<T> {
  const db = await createTestDatabase(adminUrl);
  try {
    if (sql.length) await withConnection(db.url, async (client) => void (await client.query(sql.join(';\n'))));
    return await work(db);
  } finally {
    await db.drop();
  }
}
