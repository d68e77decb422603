/**
 * Storage parameters (`fillfactor=70`) of a table, or of the index behind a primary key or unique constraint:
 * reloptions, sorted, compared as a set. pg_get_constraintdef() leaves a key's out (pg_dump writes them), so
 * keys read them from their index (an exclusion constraint's definition holds them already). A table's (or
 * materialized view's) include its TOAST table's, as ALTER TABLE names them: `toast.autovacuum_enabled=false`.
 */
import * as z from 'zod';
import type { CompareContext } from '../kind.js';
import { PHASES, step, type Difference, type FixStep } from '../model.js';
import { listOrNone } from './clauses.js';
import { withoutFlags } from './constraint-flags.js';
import { onPartitionedTable } from './index-validity.js';

export const storageParametersSchema = z.array(z.string());

/** The index of constraint `k` (pg_constraint) as `i`, for its reloptions. */
export const KEY_INDEX_JOIN = 'LEFT JOIN pg_class i ON i.oid = k.conindid';
export const KEY_INDEX_PARAMETERS = "coalesce(i.reloptions, '{}')";

/**
 * The storage parameters of relation `c` (pg_class) and of its TOAST table, whose own reloptions hold those
 * written `toast.name` (a relation without a TOAST table has none: PostgreSQL ignores them there).
 */
export const RELATION_PARAMETERS = "coalesce(c.reloptions, '{}') || ARRAY(SELECT 'toast.' || o FROM pg_class t, unnest(t.reloptions) o WHERE t.oid = c.reltoastrelid)";

/** Parameters without the TOAST table's. */
export const withoutToastParameters = (parameters: readonly string[]): string[] => parameters.filter((parameter) => !parameter.startsWith('toast.'));

export const sortedParameters = (read: unknown): string[] => [...(read as string[])].sort();

const parameterName = (parameter: string) => parameter.split('=')[0]!;

/** The clauses (RESET, then SET) that take a relation's (or a column's) parameters from `actual` to `expected`. */
export function storageParameterClauses(expected: readonly string[], actual: readonly string[]): string[] {
  const reset = actual.map(parameterName).filter((name) => !expected.some((parameter) => parameterName(parameter) === name));
  const set = expected.filter((parameter) => !actual.includes(parameter));
  return [...(reset.length ? [`RESET (${reset.join(', ')})`] : []), ...(set.length ? [`SET (${set.join(', ')})`] : [])];
}

/** A key's definition with its index's storage parameters, where ADD CONSTRAINT takes them: before DEFERRABLE and NOT VALID. */
export function withIndexParameters(definition: string, parameters: readonly string[]): string {
  if (!parameters.length) return definition;
  const body = withoutFlags(definition);
  return `${body} WITH (${parameters.join(', ')})${definition.slice(body.length)}`;
}

interface Key {
  table: string;
  name: string;
  options: string[];
}

/**
 * The finding, if any, for a key whose index alone has other storage parameters: ALTER INDEX (after a RENAME
 * CONSTRAINT in the same phase), or `rebuilt` for a partitioned table's key, whose index PostgreSQL cannot alter so.
 */
export function indexParameterDifferences(noun: string, expected: Key, actual: Key, rebuilt: () => FixStep[], { expected: catalog, names }: CompareContext): Difference[] {
  if (expected.options.join() === actual.options.join()) return [];
  const partitioned = onPartitionedTable(catalog, expected.table);
  return [{
    code: 'mismatch',
    message: `${noun} has index storage parameters ${listOrNone(actual.options)}, expected ${listOrNone(expected.options)}`,
    expected: listOrNone(expected.options),
    actual: listOrNone(actual.options),
    fix: partitioned ? rebuilt() : storageParameterClauses(expected.options, actual.options).map((clause) => step(PHASES.keys, `ALTER INDEX ${names.qualified(expected.name)} ${clause};`, 1)),
  }];
}
