import { z } from 'zod';
import { describeIssues, UserError } from '../errors/index.js';

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value ? value : undefined));

const envSchema = z.object({
  DATABASE_URL: optionalText.refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), {
    message: 'must start with postgresql:// (or be unset to use the embedded database)',
  }),
  /** Where the embedded database keeps its data; defaults to `.aiforce-db/` in the project. */
  AIFORCE_DB_HOME: optionalText,
});

export type Env = z.infer<typeof envSchema>;

/** Reads and validates the environment variables every command shares. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) throw new UserError(describeIssues('environment', parsed.error.issues));
  return parsed.data;
}
