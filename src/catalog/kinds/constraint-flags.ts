/** Flags every kind of constraint shares, and how pg_get_constraintdef() writes them. */
import * as z from 'zod';

export const deferrableSchema = z.enum(['not deferrable', 'deferrable', 'deferrable initially deferred']);
export type Deferrable = z.infer<typeof deferrableSchema>;

export const deferrableOf = (deferrable: boolean, deferred: boolean): Deferrable =>
  !deferrable ? 'not deferrable' : deferred ? 'deferrable initially deferred' : 'deferrable';

/**
 * pg_get_constraintdef() ends with the flags PostgreSQL keeps in their own columns (DEFERRABLE, INITIALLY
 * DEFERRED, NOT VALID): they are compared as those columns, so the definition is taken without them.
 */
export function withoutFlags(definition: string): string {
  return definition.replace(/(?: DEFERRABLE| INITIALLY DEFERRED| NOT VALID)+$/, '');
}
