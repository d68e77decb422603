/**
 * Storage parameters (`fillfactor=70`) of a table, or of the index behind a key: reloptions, sorted, compared
 * as a set. pg_get_constraintdef() leaves a key's out (pg_dump writes them), so keys read them from the index.
 */
import * as z from 'zod';
import type { CompareContext } from '../kind.js';
import { PHASES, step, type FixStep } from '../model.js';

export const storageParametersSchema = z.array(z.string());

/** The index of constraint `k` (pg_constraint) as `i`, for `i.reloptions` (none for a CHECK constraint). */
export const KEY_INDEX_JOIN = 'LEFT JOIN pg_class i ON i.oid = k.conindid';
export const KEY_INDEX_PARAMETERS = "coalesce(i.reloptions, '{}')";

export const sortedParameters = (read: unknown): string[] => [...(read as string[])].sort();

const parameterName = (parameter: string) => parameter.split('=')[0]!;

export const parameterList = (parameters: readonly string[]) => (parameters.length ? parameters.join(', ') : 'none');

/** ` WITH (fillfactor=70)` after a key's definition in messages (pg_dump's spelling), or nothing. */
export const indexParametersText = (parameters: readonly string[]) => (parameters.length ? ` WITH (${parameters.join(', ')})` : '');

/** The clauses (RESET, then SET) that take a relation's storage parameters from `actual` to `expected`. */
export function storageParameterClauses(expected: readonly string[], actual: readonly string[]): string[] {
  const reset = actual.map(parameterName).filter((name) => !expected.some((parameter) => parameterName(parameter) === name));
  return [...(reset.length ? [`RESET (${reset.join(', ')})`] : []), ...(expected.length ? [`SET (${expected.join(', ')})`] : [])];
}

/** ALTER INDEX statements giving a key's index (named as the key) `expected`'s storage parameters, once the key exists. */
export const keyIndexParameterSteps = (key: { name: string }, expected: readonly string[], actual: readonly string[], { names }: CompareContext): FixStep[] =>
  storageParameterClauses(expected, actual).map((clause) => step(PHASES.keys, `ALTER INDEX ${names.qualified(key.name)} ${clause};`));
