import type pg from 'pg';
import { quoteIdent, quoteLiteral as literal } from '../database/quote.js';
import { UserError } from '../errors/index.js';
import { codeInfo, type Finding } from '../findings/finding.js';
import type { Catalog } from '../catalog/registry.js';
import type { SpecContract } from './contract.js';

interface RowCheck {
  what: string;
  path: string;
  table: string;
  /** Tables the query reads; the check is skipped when one is missing (a table finding covers it). */
  reads: string[];
  sql: string;
  params: unknown[];
}

function rowChecks(seed: SpecContract['seed'], schema: string): RowCheck[] {
  const t = (name: string) => `${quoteIdent(schema)}.${name}`;
  return [
    {
      what: `platform admin user ${seed.adminEmail} (active, verified)`,
      path: `${schema}.users[email=${seed.adminEmail}]`,
      table: 'users',
      reads: ['users'],
      sql: `SELECT 1 FROM ${t('users')} WHERE email = $1 AND is_active AND is_verified`,
      params: [seed.adminEmail],
    },
    {
      what: `role ${seed.adminRole} for ${seed.adminEmail}`,
      path: `${schema}.user_roles[role_type=${seed.adminRole}]`,
      table: 'user_roles',
      reads: ['users', 'user_roles'],
      sql: `SELECT 1 FROM ${t('user_roles')} r JOIN ${t('users')} u ON u.id = r.user_id WHERE u.email = $1 AND r.role_type::text = $2 AND r.is_active IS NOT FALSE`,
      params: [seed.adminEmail, seed.adminRole],
    },
    {
      what: `${seed.adminAccess} access for ${seed.adminEmail} on client ${seed.client.slug}`,
      path: `${schema}.client_access[access_level=${seed.adminAccess}]`,
      table: 'client_access',
      reads: ['users', 'client_access', 'client_accounts'],
      sql: `SELECT 1 FROM ${t('client_access')} a JOIN ${t('users')} u ON u.id = a.user_profile_id JOIN ${t('client_accounts')} c ON c.id = a.client_account_id
             WHERE u.email = $1 AND a.access_level::text = $2 AND c.slug = $3 AND a.is_active IS NOT FALSE`,
      params: [seed.adminEmail, seed.adminAccess, seed.client.slug],
    },
    {
      what: `demo client "${seed.client.name}" (${seed.client.slug}, tier ${seed.client.subscriptionTier})`,
      path: `${schema}.client_accounts[slug=${seed.client.slug}]`,
      table: 'client_accounts',
      reads: ['client_accounts'],
      sql: `SELECT 1 FROM ${t('client_accounts')} WHERE slug = $1 AND name = $2 AND subscription_tier = $3`,
      params: [seed.client.slug, seed.client.name, seed.client.subscriptionTier],
    },
    {
      what: `demo engagement "${seed.engagement.name}" (${seed.engagement.type}, ${seed.engagement.status})`,
      path: `${schema}.engagements[name=${seed.engagement.name}]`,
      table: 'engagements',
      reads: ['engagements', 'client_accounts'],
      sql: `SELECT 1 FROM ${t('engagements')} e JOIN ${t('client_accounts')} c ON c.id = e.client_account_id
             WHERE c.slug = $1 AND e.name = $2 AND e.engagement_type = $3 AND e.status = $4`,
      params: [seed.client.slug, seed.engagement.name, seed.engagement.type, seed.engagement.status],
    },
  ];
}

/** Checks the seed rows the spec requires (`db:check --data`), read-only, one query per required row. */
export async function checkRequiredRows(client: pg.Client, seed: SpecContract['seed'], schema: string, actual: Catalog): Promise<Finding[]> {
  const present = new Set(actual.tables.map((table) => table.name));
  const findings: Finding[] = [];
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    for (const check of rowChecks(seed, schema)) {
      if (!check.reads.every((table) => present.has(table))) continue;
      const result = await client.query(check.sql, check.params).catch((error: { code?: string; message?: string }) => {
        if (error.code === '42501') throw new UserError(`--data needs SELECT on the seeded tables (${check.reads.join(', ')}): ${error.message ?? 'permission denied'}`);
        throw error;
      });
      if (result.rowCount === 0) {
        findings.push({
          code: 'data.missing',
          severity: codeInfo('data.missing').severity,
          path: check.path,
          table: check.table,
          message: `required seed row missing: ${check.what}`,
          expected: check.what,
          actual: null,
          fix: `-- run \`npm run db:seed\` against this database (it only inserts what is missing); the spec requires ${literal(check.what)}`,
        });
      }
    }
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
  return findings;
}
