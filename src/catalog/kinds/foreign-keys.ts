/**
 * Foreign keys: columns (with a PERIOD), target, actions, MATCH type, deferrability, enforcement and validity, and
 * whether PostgreSQL's own triggers that enforce them fire.
 */
import * as z from 'zod';
import { namesOf, rebuild, type CatalogKind, type CompareContext } from '../kind.js';
import { PHASES, step, type Difference } from '../model.js';
import type { SqlNames } from '../sql.js';
import { differingClauses } from './clauses.js';
import { deferrableOf, deferrableSchema } from './constraint-flags.js';

const action = z.enum(['NO ACTION', 'RESTRICT', 'CASCADE', 'SET NULL', 'SET DEFAULT']);
const ACTIONS: Record<string, z.infer<typeof action>> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
const MATCH = { s: 'SIMPLE', f: 'FULL', p: 'PARTIAL' } as const;

const foreignKeyObject = z.lazy(() => z.object({
  table: z.string(),
  name: z.string(),
  columns: z.array(z.string()),
  /** The referenced table's schema when it is not the checked one (a structured name, never parsed back). */
  referencedSchema: z.string().nullable(),
  referencedTable: z.string(),
  referencedColumns: z.array(z.string()),
  onDelete: action,
  /** The columns ON DELETE SET NULL/DEFAULT sets (PostgreSQL 15+), empty for all of them. */
  onDeleteColumns: z.array(z.string()),
  onUpdate: action,
  match: z.enum(['SIMPLE', 'FULL', 'PARTIAL']),
  deferrable: deferrableSchema,
  /** False for NOT ENFORCED (PostgreSQL 18), which PostgreSQL also records as not validated. */
  enforced: z.boolean(),
  validated: z.boolean(),
  /** The last column of both lists is a PERIOD (a temporal foreign key, PostgreSQL 18). */
  period: z.boolean(),
  /**
   * Its internal (RI) triggers that do not fire in an ordinary session: disabled (ALTER TABLE ... DISABLE TRIGGER
   * ALL, as a superuser) or enabled for replication only. Then it enforces nothing. On the table itself (the
   * checks of inserts and updates) or on the referenced one (the actions). Absent when they all fire, as in a lock.
   */
  disabledTriggers: z.array(z.object({ name: z.string(), onReferenced: z.boolean() })).optional(),
}));
export type ForeignKey = z.infer<typeof foreignKeyObject>;

/** Referenced columns by name, for a target in another schema (whose attributes the catalog does not read). */
const ELSEWHERE_COLUMNS = `ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY AS u(num, ord) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num ORDER BY u.ord)`;

/** The referenced table as messages and diagrams name it: bare in the checked schema, `schema.table` elsewhere. */
export const referencedName = (key: ForeignKey) => (key.referencedSchema === null ? key.referencedTable : `${key.referencedSchema}.${key.referencedTable}`);

/** A key's column list, its last column written as the PERIOD of a temporal key. */
function keyList(key: ForeignKey, columns: readonly string[], names: Pick<SqlNames, 'list'>): string {
  return key.period ? `${names.list(columns.slice(0, -1))}, PERIOD ${names.list(columns.slice(-1))}` : names.list(columns);
}

/** NOT ENFORCED (never validated, so that is all it says), else NOT VALID where rows were never checked. */
const enforcement = (key: ForeignKey) => (!key.enforced ? ['NOT ENFORCED'] : key.validated ? [] : ['NOT VALID']);

/** The referenced table as SQL names it. */
const targetOf = (key: ForeignKey, names: Pick<SqlNames, 'qualified' | 'ident'>) =>
  key.referencedSchema === null ? names.qualified(key.referencedTable) : `${names.ident(key.referencedSchema)}.${names.ident(key.referencedTable)}`;

/** The definition as ALTER TABLE ... ADD CONSTRAINT writes it. */
function definition(key: ForeignKey, names: Pick<SqlNames, 'qualified' | 'ident' | 'list'>): string {
  const target = targetOf(key, names);
  const setColumns = key.onDeleteColumns.length ? ` (${names.list(key.onDeleteColumns)})` : '';
  return [
    `FOREIGN KEY (${keyList(key, key.columns, names)}) REFERENCES ${target} (${keyList(key, key.referencedColumns, names)})`,
    ...(key.match === 'SIMPLE' ? [] : [`MATCH ${key.match}`]),
    `ON DELETE ${key.onDelete}${setColumns} ON UPDATE ${key.onUpdate}`,
    ...(key.deferrable === 'not deferrable' ? [] : [key.deferrable.toUpperCase()]),
    ...enforcement(key),
  ].join(' ');
}

/**
 * A key as it behaves: MATCH FULL on one column is MATCH SIMPLE (one value is null or not), and ON DELETE SET
 * NULL or SET DEFAULT naming every column of the key is the same without the list.
 */
function asEnforced(key: ForeignKey): ForeignKey {
  const simple = key.columns.length === 1 && key.match === 'FULL';
  const everyColumn = key.onDeleteColumns.length > 0 && key.onDeleteColumns.length === key.columns.length && key.columns.every((column) => key.onDeleteColumns.includes(column));
  return simple || everyColumn ? { ...key, ...(simple ? { match: 'SIMPLE' as const } : {}), ...(everyColumn ? { onDeleteColumns: [] } : {}) } : key;
}

const plainNames = { qualified: (name: string) => name, ident: (name: string) => name, list: (names: readonly string[]) => names.join(', ') };
const describe = (key: ForeignKey) => definition({ ...key, referencedSchema: null, referencedTable: referencedName(key) }, plainNames);
/** One clause per aspect, for naming what differs. */
const aspects = (key: ForeignKey) => [
  `FOREIGN KEY (${keyList(key, key.columns, plainNames)})`,
  `REFERENCES ${referencedName(key)} (${keyList(key, key.referencedColumns, plainNames)})`,
  `MATCH ${key.match}`,
  `ON DELETE ${key.onDelete}${key.onDeleteColumns.length ? ` (${key.onDeleteColumns.join(', ')})` : ''}`,
  `ON UPDATE ${key.onUpdate}`,
  key.deferrable.toUpperCase(),
  // One clause: PostgreSQL records a key it does not enforce as not validated too.
  !key.enforced ? 'NOT ENFORCED' : key.validated ? 'VALID' : 'NOT VALID',
];

/**
 * The finding for a key whose triggers do not fire (whatever the expected side says). The key is dropped and
 * added again, not its triggers enabled by name: that needs no superuser, holds when another fix of the script
 * rebuilds the key too (its triggers, and their names, are new then), and checks the rows written meanwhile.
 */
function disabledTriggerDifferences(expected: ForeignKey, actual: ForeignKey, context: CompareContext): Difference[] {
  const disabled = actual.disabledTriggers ?? [];
  if (!disabled.length) return [];
  const tableOf = (onReferenced: boolean) => (onReferenced ? referencedName(actual) : actual.table);
  const list = disabled.map((trigger) => `${trigger.name} on ${tableOf(trigger.onReferenced)}`).join(', ');
  return [{
    code: 'triggers_disabled',
    message: `${foreignKeys.noun(expected)} is not enforced: its triggers ${list} do not fire; the fix adds the key again, which checks every row (one written meanwhile that references nothing stops it)`,
    expected: 'its triggers fire',
    actual: `${list} do not fire`,
    fix: rebuild(foreignKeys, actual, expected, context),
  }];
}

export const foreignKeys: CatalogKind<ForeignKey> = {
  kind: 'foreign_key',
  object: foreignKeyObject,
  read: {
    sql: (version) => `
      SELECT coalesce(json_agg(json_build_array(
               t.relname, k.conname, k.conkey,
               CASE WHEN r.relnamespace = t.relnamespace THEN NULL ELSE rn.nspname END, r.relname,
               CASE WHEN r.relnamespace = t.relnamespace THEN to_json(k.confkey) ELSE to_json(${ELSEWHERE_COLUMNS}) END,
               k.confdeltype, ${version >= 150000 ? `coalesce(k.confdelsetcols, '{}')` : `'{}'::int2[]`}, k.confupdtype, k.confmatchtype,
               k.condeferrable, k.condeferred, ${version >= 180000 ? 'k.conenforced' : 'true'}, k.convalidated, ${version >= 180000 ? 'k.conperiod' : 'false'},
               -- A NOT ENFORCED key (PostgreSQL 18) has no triggers. 'R' fires only under session_replication_role =
               -- replica; 'A' fires in every session, so it enforces.
               (SELECT json_agg(json_build_array(g.tgname, g.tgrelid <> k.conrelid) ORDER BY g.tgname) FROM pg_trigger g
                 WHERE g.tgconstraint = k.oid AND g.tgenabled IN ('D', 'R')))), '[]')::text AS data
        FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
       WHERE t.relnamespace = $SCHEMA AND t.relkind IN ('r', 'p') AND k.contype = 'f' AND k.conparentid = 0`,
    catalogs: ['pg_constraint', 'pg_class', 'pg_namespace', 'pg_attribute', 'pg_trigger'],
    assemble: (rows, attributes) =>
      rows.map(([table, name, keys, referencedSchema, referencedTable, referenced, onDelete, setColumns, onUpdate, match, deferrable, deferred, enforced, validated, period, disabled]) => ({
        table: table as string,
        name: name as string,
        columns: namesOf(attributes, table as string, keys as number[]),
        referencedSchema: referencedSchema as string | null,
        referencedTable: referencedTable as string,
        // Numbers for a target in this schema, names (already resolved) for one elsewhere.
        referencedColumns: referencedSchema === null ? namesOf(attributes, referencedTable as string, referenced as number[]) : (referenced as string[]),
        onDelete: ACTIONS[onDelete as string] ?? 'NO ACTION',
        onDeleteColumns: namesOf(attributes, table as string, setColumns as number[]),
        onUpdate: ACTIONS[onUpdate as string] ?? 'NO ACTION',
        match: MATCH[match as keyof typeof MATCH] ?? 'SIMPLE',
        deferrable: deferrableOf(deferrable as boolean, deferred as boolean),
        enforced: enforced as boolean,
        validated: validated as boolean,
        period: period as boolean,
        ...(disabled ? { disabledTriggers: (disabled as Array<[string, boolean]>).map(([trigger, onReferenced]) => ({ name: trigger, onReferenced })) } : {}),
      })),
  },
  ref: (key) => ({ kind: 'foreign_key', table: key.table, name: key.name }),
  parent: (key) => ({ kind: 'table', name: key.table }),
  noun: (key) => `foreign key ${key.name} on ${key.table}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'A foreign key the schema expects does not exist' },
    unexpected: { severity: 'warning', summary: 'A foreign key exists that the schema does not define' },
    renamed: { severity: 'error', summary: 'A foreign key exists under another name (same definition)' },
    mismatch: { severity: 'error', summary: 'A foreign key has other columns, target, actions, MATCH type, deferrability, enforcement or validity' },
    triggers_disabled: { severity: 'error', summary: "A foreign key is not enforced: PostgreSQL's internal triggers for it are disabled (ALTER TABLE ... DISABLE TRIGGER ALL)" },
  },
  create: (key, { names }) => [step(PHASES.foreignKeys, names.alterTable(key.table, `ADD CONSTRAINT ${names.ident(key.name)} ${definition(key, names)}`))],
  drop: (key, { names }) => [step(PHASES.dropForeignKeys, names.alterTable(key.table, `DROP CONSTRAINT ${names.ident(key.name)}`))],
  differences(expected, actual, context): Difference[] {
    if (describe(asEnforced(expected)) === describe(asEnforced(actual))) return disabledTriggerDifferences(expected, actual, context);
    const { names } = context;
    const alter = (clause: string) => [step(PHASES.foreignKeys, names.alterTable(expected.table, clause))];
    const key = names.ident(expected.name);
    const fullyChecked = { enforced: true, validated: true };
    const checkedAlike = describe({ ...actual, ...fullyChecked }) === describe({ ...expected, ...fullyChecked });
    // Only validity: VALIDATE checks the old rows. Only enforcement (PostgreSQL 18): ALTER CONSTRAINT, which
    // validates when it enforces; anything else is dropped and added as it should be.
    // A key whose triggers do not fire is added again anyway (disabledTriggerDifferences), which validates it too.
    const onlyValidity = checkedAlike && expected.enforced && actual.enforced && expected.validated && !actual.disabledTriggers?.length;
    const onlyEnforcement = checkedAlike && expected.enforced !== actual.enforced && (expected.validated || !expected.enforced);
    const mismatch: Difference = {
      code: 'mismatch',
      message: `${foreignKeys.noun(expected)} is ${onlyValidity ? 'NOT VALID: rows written before it was added were never checked' : differingClauses(aspects(expected), aspects(actual))}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: onlyValidity
        ? alter(`VALIDATE CONSTRAINT ${key}`)
        : onlyEnforcement
          ? alter(`ALTER CONSTRAINT ${key} ${expected.enforced ? 'ENFORCED' : 'NOT ENFORCED'}`)
          : rebuild(foreignKeys, actual, expected, context),
    };
    // Added again, or its enforcement changed, it comes with triggers of its own.
    return [mismatch, ...(checkedAlike && !onlyEnforcement ? disabledTriggerDifferences(expected, actual, context) : [])];
  },
  rename: {
    shape: (key) => JSON.stringify([key.table, describe(asEnforced(key))]),
    sql: (from, to, { names }) => [step(PHASES.foreignKeys, names.alterTable(to.table, `RENAME CONSTRAINT ${names.ident(from.name)} TO ${names.ident(to.name)}`), 0)],
  },
  retarget: (key, renames) => {
    const table = renames.table(key.table);
    // A table of another schema is never one of the checked schema's renames.
    const referencedTable = key.referencedSchema === null ? renames.table(key.referencedTable) : key.referencedTable;
    return {
      ...key,
      table,
      columns: key.columns.map((column) => renames.column(table, column)),
      onDeleteColumns: key.onDeleteColumns.map((column) => renames.column(table, column)),
      referencedTable,
      referencedColumns: key.referencedSchema === null ? key.referencedColumns.map((column) => renames.column(referencedTable, column)) : key.referencedColumns,
    };
  },
};
