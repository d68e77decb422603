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

/** Two fresh clones of the migrated database, made side by side and dropped after `work`, however it ends. */
export async function withTwoDatabases<T>(adminUrl: string, work: (first: TestDatabase, second: TestDatabase) => Promise<T>): Promise<T> {
  const [first, second] = await Promise.all([createTestDatabase(adminUrl), createTestDatabase(adminUrl)]);
  try {
    return await work(first, second);
  } finally {
    await Promise.all([first.drop(), second.drop()]);
  }
}

/**
 * Runs `work` with the URL of a role that has only CONNECT on `db` and USAGE on its public schema
 * (the least a drift check needs); the role is dropped after.
 */
export async function withReadOnlyRole<T>(db: TestDatabase, work: (url: string) => Promise<T>): Promise<T> {
  const role = `reader_${db.name.slice(-10)}`;
  const password = 'reader-pass-1';
  await withConnection(db.url, (client) =>
    client.query(
      `CREATE ROLE ${role} LOGIN PASSWORD '${password}'; REVOKE ALL ON DATABASE ${db.name} FROM PUBLIC; ` +
        `GRANT CONNECT ON DATABASE ${db.name} TO ${role}; GRANT USAGE ON SCHEMA public TO ${role}`,
    ),
  );
  const url = new URL(db.url);
  url.username = role;
  url.password = password;
  try {
    return await work(url.toString());
  } finally {
    await withConnection(db.url, (client) => client.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`));
  }
}
