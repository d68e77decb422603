/**
 * Incomplete reads fail closed: a role that cannot see part of what is checked gets exit 2 naming the
 * privilege to grant, never drift made of what it could not see (issue "fail closed").
 */
import { describe, expect, inject, it } from 'vitest';
import { withConnection } from '../src/database/connect.js';
import { checkCli, expectOneClearError } from './support/cli.js';
import { withReadOnlyRole, withTestDatabase } from './support/databases.js';

const withDatabase = <T>(work: Parameters<typeof withTestDatabase<T>>[2]) => withTestDatabase(inject('adminUrl'), [], work);

describe('db:check under a role that cannot see everything', () => {
  it('exits 2 naming USAGE when the role has no USAGE on the schema (types would print qualified)', async () => {
    await withDatabase((db) =>
      withReadOnlyRole(db, async (url) => {
        const role = new URL(url).username;
        await withConnection(db.url, (client) => client.query(`REVOKE USAGE ON SCHEMA public FROM ${role}, PUBLIC`));
        const result = await checkCli(['--format', 'json'], url);
        expectOneClearError(result, new RegExp(`^error: role "${role}" has no USAGE on schema "public".*GRANT USAGE ON SCHEMA "public" TO "${role}"`), 'reader-pass-1');
        expect(result.stdout).toBe('');
      }),
    );
  });

  it('exits 2 naming the catalog when a catalog table the check reads is not readable', async () => {
    await withDatabase((db) =>
      withReadOnlyRole(db, async (url) => {
        await withConnection(db.url, (client) => client.query('REVOKE SELECT ON pg_catalog.pg_policy FROM PUBLIC'));
        const result = await checkCli([], url);
        expectOneClearError(result, /cannot read the whole catalog \(it lacks SELECT on pg_catalog\.pg_policy\): grant it back/);
        expect(result.stdout).toBe('');
      }),
    );
  });

  it('exits 2 under --data where row-level security would hide rows from the role, naming the table, never reporting them missing', async () => {
    await withDatabase((db) =>
      withReadOnlyRole(db, async (url) => {
        const role = new URL(url).username;
        await withConnection(db.url, (client) => client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`));
        expectOneClearError(
          await checkCli(['--data'], url),
          /^error: --data cannot read every row of client_access \(query would be affected by row-level security policy for table "client_access"\): it needs a role that sees every row of the seeded tables \(.*\), with SELECT on them: their owner, a superuser or a BYPASSRLS role$/,
          'reader-pass-1',
        );
        // Seeing every row, it reads them: this database has none of the seed's, really missing.
        await withConnection(db.url, (client) => client.query(`ALTER ROLE ${role} BYPASSRLS`));
        const bypassing = await checkCli(['--data', '--format', 'json'], url);
        expect(bypassing.code, bypassing.stderr).toBe(1);
        expect((JSON.parse(bypassing.stdout) as { findings: Array<{ code: string }> }).findings.map((finding) => finding.code)).toContain('data.missing');
      }),
    );
  });

  it('exits 2 naming the function when a deparsing function is not executable', async () => {
    await withDatabase((db) =>
      withReadOnlyRole(db, async (url) => {
        await withConnection(db.url, (client) => client.query('REVOKE EXECUTE ON FUNCTION pg_catalog.pg_get_viewdef(oid) FROM PUBLIC'));
        expectOneClearError(await checkCli([], url), /lacks EXECUTE on pg_catalog\.pg_get_viewdef\(\)/);
      }),
    );
  });
});
