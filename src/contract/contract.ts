import * as z from 'zod';
import { readJsonFile } from '../config/json-file.js';
import { describeIssues, parseOnce, UserError } from '../errors/index.js';

const columnRule = z.lazy(() => z
  .object({
    type: z.string().optional(),
    nullable: z.boolean().optional(),
    default: z.string().nullable().optional(),
  })
  .strict());

const privilegeList = <T extends readonly [string, ...string[]]>(names: T) =>
  z.array(z.enum(names)).refine((list) => new Set(list).size === list.length, 'each privilege once');

/** README "Tenant isolation": which tables are tenant tables, how their policies are recognised, what the role holds. */
const tenantIsolationRule = z.lazy(() => z
  .object({
    $comment: z.string().optional(),
    /** The NOLOGIN role whose members (the application's login roles) are isolated. */
    role: z.string().min(1),
    /** The policy every tenant table must have, for that role. */
    policy: z.string().min(1),
    /** A table with this column is a tenant table; its policy compares it with `tenantSetting`. */
    tenantColumn: z.string().min(1),
    tenantSetting: z.string().regex(/^\w+\.\w+$/, 'a custom setting is written prefix.name'),
    /** A tenant table with this column also hides the tenant's other engagements when `engagementSetting` is set. */
    engagementColumn: z.string().min(1),
    engagementSetting: z.string().regex(/^\w+\.\w+$/, 'a custom setting is written prefix.name'),
    /** Tenant tables without the column, scoped through parent rows: table -> { its column -> parent table (by id) }. */
    childTables: z.record(z.string().min(1), z.record(z.string().min(1), z.string().min(1)).refine((parents) => Object.keys(parents).length > 0, 'name at least one parent')).default({}),
    /** Exactly what the role holds on every tenant table, and on the schema; nothing on anything else. */
    tablePrivileges: privilegeList(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', 'MAINTAIN']).refine((list) => list.length > 0, 'name at least one privilege'),
    schemaPrivileges: privilegeList(['USAGE', 'CREATE']),
  })
  .strict());
export type TenantIsolationRule = z.infer<typeof tenantIsolationRule>;

// The schemas are built when a contract is first read: db:check reads it while its connection opens.
const contractSchema = z.lazy(() => z
  .object({
    $comment: z.string().optional(),
    /** Exactly these tables (besides ignored ones) must exist. */
    tables: z.array(z.string().min(1)).min(1),
    /** Columns that must exist in no table. */
    forbiddenColumns: z.array(z.string().min(1)).default([]),
    /** `table.column` -> the attributes it must have. */
    columns: z.record(z.string().regex(/^[^.]+\.[^.]+$/, 'keys are table.column'), columnRule).default({}),
    /** table -> exact number of columns. */
    columnCounts: z.record(z.string(), z.number().int().positive()).default({}),
    /** enum type -> its exact values, in order. */
    enums: z.record(z.string(), z.array(z.string()).min(1)).default({}),
    /** Row-level security on the tenant tables and the tenant role's privileges (README "Tenant isolation"). */
    tenantIsolation: tenantIsolationRule.optional(),
    /** The seed rows the spec requires (checked by `db:check --data`). */
    seed: z
      .object({
        adminEmail: z.string().email(),
        adminRole: z.string(),
        adminAccess: z.string(),
        client: z.object({ name: z.string(), slug: z.string(), subscriptionTier: z.string() }).strict(),
        engagement: z.object({ name: z.string(), type: z.string(), status: z.string() }).strict(),
      })
      .strict(),
  })
  .strict());

export type SpecContract = z.infer<typeof contractSchema>;

/** Reads and validates the spec contract file; a bad file is one clear line. */
export async function readContract(file: string): Promise<SpecContract> {
  const json = await readJsonFile(file, `spec contract ${file}`);
  const parsed = parseOnce(contractSchema, json);
  if (!parsed.success) throw new UserError(describeIssues(`spec contract ${file} is invalid`, parsed.error.issues));
  return parsed.data;
}
