/** UNIQUE, CHECK and EXCLUDE constraints: definition, validity and deferrability. */
import * as z from 'zod';
import { namesOf, rebuild, type CatalogKind } from '../kind.js';
import { PHASES, step, type Difference } from '../model.js';
import { differingClauses } from './clauses.js';
import { deferrableOf, deferrableSchema, withoutFlags } from './constraint-flags.js';
import { INVALID_CODE, invalidIndexDifferences, KEY_INDEX_VALID, validity, validSchema } from './index-validity.js';
import { dropKey, rebuildKeyDependants } from './key-dependants.js';
import { indexParameterDifferences, KEY_INDEX_JOIN, KEY_INDEX_PARAMETERS, sortedParameters, storageParametersSchema, withIndexParameters } from './storage-parameters.js';

const constraintObject = z.lazy(() => z.object({
  table: z.string(),
  name: z.string(),
  type: z.enum(['unique', 'check', 'exclusion']),
  /** pg_get_constraintdef() without its trailing flags. */
  definition: z.string(),
  columns: z.array(z.string()),
  deferrable: deferrableSchema,
  /** False for a constraint added NOT VALID and never validated. */
  validated: z.boolean(),
  /** A unique constraint's index's storage parameters (storage-parameters.ts); none for the others (an exclusion constraint's are in its definition). */
  options: storageParametersSchema,
  /** Absent unless a unique or exclusion constraint's index is invalid (index-validity.ts). */
  valid: validSchema,
}));
export type Constraint = z.infer<typeof constraintObject>;

const TYPES = { u: 'unique', c: 'check', x: 'exclusion' } as const;
const WORDS = { unique: 'unique constraint', check: 'check constraint', exclusion: 'exclusion constraint' } as const;

/** One clause per aspect, for naming what differs. */
const aspects = (constraint: Constraint) => [constraint.definition, constraint.deferrable.toUpperCase(), constraint.validated ? 'VALID' : 'NOT VALID'];
const full = (constraint: Constraint) =>
  `${constraint.definition}${constraint.deferrable === 'not deferrable' ? '' : ` ${constraint.deferrable.toUpperCase()}`}${constraint.validated ? '' : ' NOT VALID'}`;

export const constraints: CatalogKind<Constraint> = {
  kind: 'constraint',
  object: constraintObject,
  read: {
    // Inherited copies (a child's CHECK from its parent) and partitions' clones belong to the parent's.
    sql: `
      SELECT coalesce(json_agg(json_build_array(
               t.relname, k.conname, k.contype, pg_get_constraintdef(k.oid), coalesce(k.conkey, '{}'), k.condeferrable, k.condeferred, k.convalidated,
               CASE WHEN k.contype = 'u' THEN ${KEY_INDEX_PARAMETERS} ELSE '{}' END, ${KEY_INDEX_VALID})), '[]')::text AS data
        FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid ${KEY_INDEX_JOIN}
       WHERE t.relnamespace = $SCHEMA AND t.relkind IN ('r', 'p') AND k.contype IN ('u', 'c', 'x') AND k.conislocal AND k.conparentid = 0`,
    catalogs: ['pg_constraint', 'pg_class', 'pg_index'],
    functions: ['pg_get_constraintdef'],
    assemble: (rows, attributes) =>
      rows.map(([table, name, type, definition, keys, deferrable, deferred, validated, options, valid]) => ({
        table: table as string,
        name: name as string,
        type: TYPES[type as keyof typeof TYPES],
        definition: withoutFlags(definition as string),
        columns: namesOf(attributes, table as string, keys as number[]),
        deferrable: deferrableOf(deferrable as boolean, deferred as boolean),
        validated: validated as boolean,
        options: sortedParameters(options),
        ...validity(valid),
      })),
  },
  ref: (constraint) => ({ kind: 'constraint', table: constraint.table, name: constraint.name }),
  parent: (constraint) => ({ kind: 'table', name: constraint.table }),
  noun: (constraint) => `${WORDS[constraint.type]} ${constraint.name} on ${constraint.table}`,
  describe: (constraint) => withIndexParameters(full(constraint), constraint.options),
  codes: {
    missing: { severity: 'error', summary: 'A UNIQUE, CHECK or EXCLUDE constraint the schema expects does not exist' },
    unexpected: { severity: 'error', summary: 'A UNIQUE, CHECK or EXCLUDE constraint exists that the schema does not define' },
    renamed: { severity: 'error', summary: 'A constraint exists under another name (same definition)' },
    mismatch: { severity: 'error', summary: 'A constraint has another definition, is NOT VALID, differs in deferrability, or its index in storage parameters' },
    invalid: INVALID_CODE,
  },
  create: (constraint, { names }) => [step(PHASES.keys, names.alterTable(constraint.table, `ADD CONSTRAINT ${names.ident(constraint.name)} ${withIndexParameters(full(constraint), constraint.options)}`))],
  drop: (constraint, context) => dropKey({ ...constraint, unique: constraint.type === 'unique' }, context.names.alterTable(constraint.table, `DROP CONSTRAINT ${context.names.ident(constraint.name)}`), context),
  differences(expected, actual, context): Difference[] {
    const { names } = context;
    const noun = constraints.noun(expected);
    const rebuilt = () => [...rebuild(constraints, actual, expected, context), ...rebuildKeyDependants({ ...actual, unique: actual.type === 'unique' }, expected, context)];
    if (full(expected) === full(actual)) return [...indexParameterDifferences(noun, expected, actual, rebuilt, context), ...invalidIndexDifferences(noun, expected, actual, rebuilt, context)];
    const onlyValidity = expected.type === actual.type && expected.definition === actual.definition && expected.deferrable === actual.deferrable;
    if (onlyValidity && expected.validated) {
      return [{
        code: 'mismatch',
        message: `${noun} is NOT VALID: rows written before it was added were never checked`,
        expected: full(expected),
        actual: full(actual),
        fix: [step(PHASES.keys, names.alterTable(expected.table, `VALIDATE CONSTRAINT ${names.ident(expected.name)}`))],
      }];
    }
    return [{
      code: 'mismatch',
      message: `${noun} is ${differingClauses(aspects(expected), aspects(actual))}`,
      expected: full(expected),
      actual: full(actual),
      fix: rebuilt(),
    }];
  },
  rename: {
    shape: (constraint) => JSON.stringify([constraint.table, full(constraint)]),
    sql: (from, to, { names }) => [step(PHASES.keys, names.alterTable(to.table, `RENAME CONSTRAINT ${names.ident(from.name)} TO ${names.ident(to.name)}`), 0)],
  },
  retarget: (constraint, renames) => {
    const table = renames.table(constraint.table);
    return { ...constraint, table, definition: renames.expression(table, constraint.definition), columns: constraint.columns.map((column) => renames.column(table, column)) };
  },
};
