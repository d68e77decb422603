import { z } from 'zod';
import { readJsonFile } from '../config/json-file.js';
import { describeIssues, UserError } from '../errors/index.js';

const columnRule = z
  .object({
    type: z.string().optional(),
    nullable: z.boolean().optional(),
    default: z.string().nullable().optional(),
  })
  .strict();

const contractSchema = z
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
  .strict();

export type SpecContract = z.infer<typeof contractSchema>;

/** Reads and validates the rules file; a bad file is one clear line. */
export async function readContract(file: string): Promise<SpecContract> {
  const json = await readJsonFile(file, `rules file ${file}`);
  const parsed = contractSchema.safeParse(json);
  if (!parsed.success) throw new UserError(describeIssues(`rules file ${file} is invalid`, parsed.error.issues));
  return parsed.data;
}
