import type pg from 'pg';
import { PHASES, step } from '../catalog/model.js';
import { beginRead } from '../catalog/read-transaction.js';
import type { Catalog } from '../catalog/registry.js';
import { quoteIdent, quoteLiteral as literal, readableIdent } from '../database/quote.js';
import { UserError } from '../errors/index.js';
import { codeInfo, type Finding } from '../findings/finding.js';
import { SEED_COMMAND } from '../formats/words.js';
import type { SpecContract } from './contract.js';

/** A column of a required row and the value the spec requires in it. */
export interface RequiredField {
  column: string;
  value: string | boolean;
  /** NULL passes too (an `is_active` left unset counts as active where the application reads it so). */
  nullPasses?: boolean;
}

/** One row the spec requires, found by its natural key. */
export interface RequiredRow {
  table: string;
  /** How messages name the row: `users admin@aiforce.com`. */
  label: string;
  /** What the row is for, in a few words (the message of a missing row). */
  purpose: string;
  path: string;
  /** Tables the key reads; the row is not looked for when one is missing (a table finding covers it). */
  reads: string[];
  /** The natural key as a condition on `table`, its literals quoted, with `qualify` naming the tables. */
  key: (qualify: (table: string) => string) => string;
  fields: RequiredField[];
}

function requiredRows(seed: SpecContract['seed'], schema: string): RequiredRow[] {
  const email = literal(seed.adminEmail);
  const slug = literal(seed.client.slug);
  const admin = (t: (table: string) => string) => `(SELECT id FROM ${t('users')} WHERE email = ${email})`;
  const client = (t: (table: string) => string) => `(SELECT id FROM ${t('client_accounts')} WHERE slug = ${slug})`;
  return [
    {
      table: 'users',
      label: `users ${seed.adminEmail}`,
      purpose: 'the platform admin, active and verified',
      path: `${schema}.users[email=${seed.adminEmail}]`,
      reads: ['users'],
      key: () => `email = ${email}`,
      fields: [
        { column: 'is_active', value: true },
        { column: 'is_verified', value: true },
      ],
    },
    {
      table: 'user_roles',
      label: `user_roles ${seed.adminRole} of ${seed.adminEmail}`,
      purpose: "the platform admin's role",
      path: `${schema}.user_roles[role_type=${seed.adminRole}]`,
      reads: ['users', 'user_roles'],
      key: (t) => `user_id = ${admin(t)} AND role_type::text = ${literal(seed.adminRole)}`,
      fields: [{ column: 'is_active', value: true, nullPasses: true }],
    },
    {
      table: 'client_access',
      label: `client_access of ${seed.adminEmail} to client ${seed.client.slug}`,
      purpose: `the platform admin's ${seed.adminAccess} access to the demo client`,
      path: `${schema}.client_access[access_level=${seed.adminAccess}]`,
      reads: ['users', 'client_access', 'client_accounts'],
      key: (t) => `user_profile_id = ${admin(t)} AND client_account_id = ${client(t)}`,
      fields: [
        { column: 'access_level', value: seed.adminAccess },
        { column: 'is_active', value: true, nullPasses: true },
      ],
    },
    {
      table: 'client_accounts',
      label: `client_accounts ${seed.client.slug}`,
      purpose: `the demo client "${seed.client.name}"`,
      path: `${schema}.client_accounts[slug=${seed.client.slug}]`,
      reads: ['client_accounts'],
      key: () => `slug = ${slug}`,
      fields: [
        { column: 'name', value: seed.client.name },
        { column: 'subscription_tier', value: seed.client.subscriptionTier },
      ],
    },
    {
      table: 'engagements',
      label: `engagements "${seed.engagement.name}" of client ${seed.client.slug}`,
      purpose: 'the demo engagement',
      path: `${schema}.engagements[name=${seed.engagement.name}]`,
      reads: ['engagements', 'client_accounts'],
      key: (t) => `client_account_id = ${client(t)} AND name = ${literal(seed.engagement.name)}`,
      fields: [
        { column: 'engagement_type', value: seed.engagement.type },
        { column: 'status', value: seed.engagement.status },
      ],
    },
  ];
}

/** A value as messages and the suggested SQL write it: booleans bare, text quoted, NULL. */
const shown = (value: string | boolean | null) => (value === null ? 'NULL' : typeof value === 'boolean' ? String(value) : literal(value));

/** The row's fields read as text (booleans as `true`/`false`), so one comparison fits every type. */
const asText = (value: string | boolean) => (typeof value === 'boolean' ? String(value) : value);

const passes = (field: RequiredField, found: string | null) => found === asText(field.value) || (found === null && field.nullPasses === true);

export interface FieldDifference {
  column: string;
  /** Both as `shown` writes them: `true`, `'standard'`, `NULL`. */
  expected: string;
  actual: string;
}

/** How a required row differs from the spec: missing, or the fields that have another value. */
export type RowDifference = { required: RequiredRow; missing: true } | { required: RequiredRow; missing: false; fields: FieldDifference[] };

/** Runs a read-only query of `table`'s rows on the open transaction: a pg client, or the seed's Prisma transaction. */
export type RowQuery = (sql: string, table: string) => Promise<Array<Record<string, string | null>>>;

/**
 * Looks each required row up by its natural key (one query each) and says how it differs from the spec. Of
 * several rows with one key, the one closest to the spec is compared. `present` (the tables that exist) skips
 * the rows of missing tables; without it every table must exist.
 */
export async function compareRequiredRows(query: RowQuery, seed: SpecContract['seed'], schema: string, present?: ReadonlySet<string>): Promise<RowDifference[]> {
  const t = (table: string) => `${quoteIdent(schema)}.${quoteIdent(table)}`;
  const differences: RowDifference[] = [];
  for (const required of requiredRows(seed, schema)) {
    if (present && !required.reads.every((table) => present.has(table))) continue;
    const columns = required.fields.map((field, index) => `${quoteIdent(field.column)}::text AS f${index}`).join(', ');
    const rows = await query(`SELECT ${columns} FROM ${t(required.table)} WHERE ${required.key(t)}`, required.table);
    if (rows.length === 0) {
      differences.push({ required, missing: true });
      continue;
    }
    const wrongFields = (row: Record<string, string | null>): FieldDifference[] =>
      required.fields.flatMap((field, index) => (passes(field, row[`f${index}`] ?? null) ? [] : [{ column: field.column, expected: shown(field.value), actual: shown(typedAs(field, row[`f${index}`] ?? null)) }]));
    const closest = rows.map(wrongFields).sort((a, b) => a.length - b.length)[0]!;
    if (closest.length) differences.push({ required, missing: false, fields: closest });
  }
  return differences;
}

/** A text value read back in the type of the required value, for display (`false`, not `'false'`). */
const typedAs = (field: RequiredField, found: string | null): string | boolean | null => (found !== null && typeof field.value === 'boolean' ? found === 'true' : found);

/** `is_active is false (expected true) and tier is 'gold' (expected 'standard')`. */
export const describeFields = (fields: readonly FieldDifference[]) =>
  fields.map((field) => `${field.column} is ${field.actual} (expected ${field.expected})`).join(' and ');

/**
 * Checks the seed rows the spec requires (`db:check --data`), read-only: which is missing, which field differs.
 * Row-level security off: where a policy would hide rows from the role, PostgreSQL refuses the query (42501, as
 * for a missing SELECT) rather than filter them, so a row the role cannot see is never reported missing.
 */
export async function checkRequiredRows(client: pg.Client, seed: SpecContract['seed'], schema: string, actual: Catalog): Promise<Finding[]> {
  const present = new Set(actual.tables.map((table) => table.name));
  await beginRead(client, schema);
  try {
    await client.query('SET LOCAL row_security = off');
    const query: RowQuery = async (sql, table) =>
      (
        await client.query<Record<string, string | null>>(sql).catch((error: { code?: string; message?: string }) => {
          if (error.code === '42501') {
            throw new UserError(
              `--data cannot read every row of ${table} (${error.message ?? 'permission denied'}): it needs a role that sees every row of the seeded tables (users, user_roles, client_access, client_accounts, engagements), with SELECT on them: their owner, a superuser or a BYPASSRLS role`,
            );
          }
          throw error;
        })
      ).rows;
    return (await compareRequiredRows(query, seed, schema, present)).map((difference) => toFinding(difference, schema));
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}

function toFinding(difference: RowDifference, schema: string): Finding {
  const { required } = difference;
  const common = { path: required.path, table: required.table };
  if (difference.missing) {
    return {
      code: 'data.missing',
      severity: codeInfo('data.missing').severity,
      ...common,
      message: `${required.label} is missing (${required.purpose})`,
      expected: required.purpose,
      actual: null,
      fix: `-- run ${SEED_COMMAND} against this database: it inserts the rows the spec requires that are missing (never changes existing ones)`,
    };
  }
  const t = (table: string) => `${readableIdent(schema)}.${readableIdent(table)}`;
  const values = new Map(required.fields.map((field) => [field.column, field.value]));
  const set = difference.fields.map(({ column }) => `${readableIdent(column)} = ${shown(values.get(column)!)}`).join(', ');
  const sql = `UPDATE ${t(required.table)} SET ${set} WHERE ${required.key(t)};`;
  return {
    code: 'data.mismatch',
    severity: codeInfo('data.mismatch').severity,
    ...common,
    message: `${required.label} exists but ${describeFields(difference.fields)}`,
    expected: difference.fields.map((field) => `${field.column} = ${field.expected}`).join(', '),
    actual: difference.fields.map((field) => `${field.column} = ${field.actual}`).join(', '),
    fix: sql,
    fixSteps: [step(PHASES.data, sql)],
  };
}
