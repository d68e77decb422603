/** Primary keys: their name, columns and options (INCLUDE, deferrability). */
import * as z from 'zod';
import { namesOf, rebuild, type CatalogKind } from '../kind.js';
import { PHASES, step, type Difference } from '../model.js';
import { INVALID_CODE, invalidIndexDifferences, KEY_INDEX_VALID, validity, validSchema } from './index-validity.js';
import { dropKey, rebuildKeyDependants } from './key-dependants.js';
import { indexParameterDifferences, KEY_INDEX_JOIN, KEY_INDEX_PARAMETERS, sortedParameters, storageParametersSchema, withIndexParameters } from './storage-parameters.js';

const primaryKeyObject = z.lazy(() => z.object({
  table: z.string(),
  name: z.string(),
  columns: z.array(z.string()),
  /** pg_get_constraintdef(), e.g. `PRIMARY KEY (id)`. */
  definition: z.string(),
  /** Its index's storage parameters (storage-parameters.ts). */
  options: storageParametersSchema,
  /** Absent unless its index is invalid (index-validity.ts). */
  valid: validSchema,
}));
export type PrimaryKey = z.infer<typeof primaryKeyObject>;

export const primaryKeys: CatalogKind<PrimaryKey> = {
  kind: 'primary_key',
  object: primaryKeyObject,
  read: {
    sql: `
      SELECT coalesce(json_agg(json_build_array(t.relname, k.conname, k.conkey, pg_get_constraintdef(k.oid), ${KEY_INDEX_PARAMETERS}, ${KEY_INDEX_VALID})), '[]')::text AS data
        FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid ${KEY_INDEX_JOIN}
       WHERE t.relnamespace = $SCHEMA AND t.relkind IN ('r', 'p') AND k.contype = 'p' AND k.conparentid = 0`,
    catalogs: ['pg_constraint', 'pg_class', 'pg_index'],
    functions: ['pg_get_constraintdef'],
    assemble: (rows, attributes) =>
      rows.map(([table, name, keys, definition, options, valid]) => ({
        table: table as string,
        name: name as string,
        columns: namesOf(attributes, table as string, keys as number[]),
        definition: definition as string,
        options: sortedParameters(options),
        ...validity(valid),
      })),
  },
  ref: (key) => ({ kind: 'primary_key', table: key.table, name: key.name }),
  parent: (key) => ({ kind: 'table', name: key.table }),
  noun: (key) => `primary key ${key.name} of ${key.table}`,
  describe: (key) => withIndexParameters(key.definition, key.options),
  codes: {
    missing: { severity: 'error', summary: 'A table lacks its primary key' },
    unexpected: { severity: 'error', summary: 'A table has a primary key the schema does not define' },
    renamed: { severity: 'error', summary: 'A primary key exists under another name' },
    mismatch: { severity: 'error', summary: "A primary key covers other columns or has other options (its index's storage parameters among them)" },
    invalid: INVALID_CODE,
  },
  create: (key, { names }) => [step(PHASES.keys, names.alterTable(key.table, `ADD CONSTRAINT ${names.ident(key.name)} ${withIndexParameters(key.definition, key.options)}`))],
  drop: (key, context) => dropKey({ ...key, unique: true }, context.names.alterTable(key.table, `DROP CONSTRAINT ${context.names.ident(key.name)}`), context),
  differences(expected, actual, context): Difference[] {
    const rebuilt = () => [...rebuild(primaryKeys, actual, expected, context), ...rebuildKeyDependants({ ...actual, unique: true }, expected, context)];
    const noun = primaryKeys.noun(expected);
    if (expected.definition === actual.definition) return [...indexParameterDifferences(noun, expected, actual, rebuilt, context), ...invalidIndexDifferences(noun, expected, actual, rebuilt, context)];
    return [{
      code: 'mismatch',
      message: `${noun} is ${actual.definition}, expected ${expected.definition}`,
      expected: expected.definition,
      actual: actual.definition,
      fix: rebuilt(),
    }];
  },
  rename: {
    shape: (key) => JSON.stringify([key.table, key.definition]),
    sql: (from, to, { names }) => [step(PHASES.keys, names.alterTable(to.table, `RENAME CONSTRAINT ${names.ident(from.name)} TO ${names.ident(to.name)}`), 0)],
  },
  retarget: (key, renames) => {
    const table = renames.table(key.table);
    return { ...key, table, definition: renames.expression(table, key.definition), columns: key.columns.map((column) => renames.column(table, column)) };
  },
};
