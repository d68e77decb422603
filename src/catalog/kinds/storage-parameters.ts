/**
 * Storage parameters (`fillfactor=70`) of a table, or of the index behind a primary key or unique constraint:
 * reloptions, sorted, compared as a set. pg_get_constraintdef() leaves a key's out (pg_dump writes them), so
 * keys read them from their index (an exclusion constraint's definition holds them already). A table's (or
 * materialized view's) include its TOAST table's, as ALTER TABLE names them: `toast.autovacuum_enabled=false`.
 */
import * as z from 'zod';
import type { CompareContext } from '../kind.js';
import { PHASES, step, type Difference, type FixStep } from '../model.js';
import { closing } from '../sql.js';
import { listOrNone, sameListBy } from './clauses.js';
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

/**
 * The boolean parameters of tables (of their TOAST tables too), views and the built-in index methods (btree,
 * GIN, BRIN). reloptions keep a value as it was written (`on`, `1`, `y`), PostgreSQL reads it as a boolean.
 */
const BOOLEAN_PARAMETERS = new Set(['autovacuum_enabled', 'user_catalog_table', 'vacuum_truncate', 'security_barrier', 'security_invoker', 'deduplicate_items', 'fastupdate', 'autosummarize']);

/** PostgreSQL's boolean spellings (parse_bool): any case, a word or its unique prefix (`on` and `of` at least), 1 or 0. */
function booleanOf(text: string): boolean | undefined {
  const value = text.toLowerCase();
  if (value === '1' || value === '0') return value === '1';
  const words: Array<[word: string, meaning: boolean]> = [['true', true], ['false', false], ['yes', true], ['no', false], ['on', true], ['off', false]];
  const least = value.startsWith('o') ? 2 : 1;
  return value.length < least ? undefined : words.find(([word]) => word.startsWith(value))?.[1];
}

/** A parameter as compared: a boolean one's value as `true` or `false`, any other as written. */
export function comparedParameter(parameter: string): string {
  const name = parameterName(parameter);
  if (!BOOLEAN_PARAMETERS.has(name.replace(/^toast\./, ''))) return parameter;
  const meaning = booleanOf(parameter.slice(name.length + 1));
  return meaning === undefined ? parameter : `${name}=${meaning}`;
}

/** Whether two sorted lists of parameters mean the same (comparedParameter keeps their order: only values change). */
export const sameParameters = sameListBy(comparedParameter);

/**
 * An index definition as pg_get_indexdef() writes it after USING (keys, INCLUDE, NULLS NOT DISTINCT, then
 * `WITH (name='value', ...)`) with its parameters as compared (comparedParameter, values unquoted).
 */
export function comparedIndexDefinition(definition: string): string {
  let at = 0;
  const group = () => {
    for (let depth = 0; at < definition.length; ) {
      const ch = definition[at]!;
      if (ch === "'" || ch === '"') at = closing(definition, at, ch);
      else {
        at += 1;
        if (ch === '(') depth += 1;
        else if (ch === ')' && --depth === 0) return;
      }
    }
  };
  if (!definition.startsWith('(')) return definition;
  group();
  if (definition.startsWith(' INCLUDE (', at)) {
    at += ' INCLUDE '.length;
    group();
  }
  if (definition.startsWith(' NULLS NOT DISTINCT', at)) at += ' NULLS NOT DISTINCT'.length;
  if (!definition.startsWith(' WITH (', at)) return definition;
  const start = at;
  at += ' WITH ('.length;
  const parameters: string[] = [];
  while (at < definition.length) {
    const equals = definition.indexOf('=', at);
    if (equals < 0) return definition;
    let end = equals + 1;
    let value: string;
    if (definition[end] === "'") {
      end = closing(definition, end, "'");
      value = definition.slice(equals + 2, end - 1).replaceAll("''", "'");
    } else {
      while (end < definition.length && definition[end] !== ',' && definition[end] !== ')') end += 1;
      value = definition.slice(equals + 1, end);
    }
    parameters.push(comparedParameter(`${definition.slice(at, equals)}=${value}`));
    if (definition[end] === ')') return `${definition.slice(0, start)} WITH (${parameters.join(', ')})${definition.slice(end + 1)}`;
    if (!definition.startsWith(', ', end)) return definition;
    at = end + 2;
  }
  return definition;
}

/** The clauses (RESET, then SET) that take a relation's (or a column's) parameters from `actual` to `expected`. */
export function storageParameterClauses(expected: readonly string[], actual: readonly string[]): string[] {
  const reset = actual.map(parameterName).filter((name) => !expected.some((parameter) => parameterName(parameter) === name));
  const set = expected.filter((parameter) => !actual.some((held) => comparedParameter(held) === comparedParameter(parameter)));
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
  if (sameParameters(expected.options, actual.options)) return [];
  const partitioned = onPartitionedTable(catalog, expected.table);
  return [{
    code: 'mismatch',
    message: `${noun} has index storage parameters ${listOrNone(actual.options)}, expected ${listOrNone(expected.options)}`,
    expected: listOrNone(expected.options),
    actual: listOrNone(actual.options),
    fix: partitioned ? rebuilt() : storageParameterClauses(expected.options, actual.options).map((clause) => step(PHASES.keys, `ALTER INDEX ${names.qualified(expected.name)} ${clause};`, 1)),
  }];
}
