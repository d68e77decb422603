/** Columns: type, nullability, default, collation, identity (with its sequence options), generation and settings (column-settings.ts). */
import * as z from 'zod';
import { rebuildLater, type CatalogKind, type CompareContext, type Fix } from '../kind.js';
import { PHASES, step, type Difference, type FixStep } from '../model.js';
import type { Catalog } from '../registry.js';
import { dollarQuote, identifiersIn, stopIfAny, type SqlNames } from '../sql.js';
import { policies } from './policies.js';
import { rules, type Rule } from './rules.js';
import { triggers } from './triggers.js';
import { columnSettingsClauses, columnSettingsObject, columnSettingsOf, COLUMN_SETTINGS_SET, COLUMN_SETTINGS_SQL, describeColumnSettings, type ColumnSettingsRow } from './column-settings.js';
import { sequenceOptionClauses, sequenceOptionsShape } from './sequence-options.js';
import { rebuildViewsUsing } from './views.js';
import { baseType, castRounds, castTarget, isOfType, normaliseType } from '../types.js';

const identityObject = z.lazy(() => z.object({
  ...sequenceOptionsShape(),
  generation: z.enum(['always', 'by default']),
  /** The identity's own sequence (its options are the rest). */
  sequence: z.string(),
}));
type Identity = z.infer<typeof identityObject>;

const columnObject = z.lazy(() => z.object({
  table: z.string(),
  name: z.string(),
  /** format_type() output, default precisions written without typmod (types.ts). */
  type: z.string(),
  nullable: z.boolean(),
  /** A NOT NULL added NOT VALID (PostgreSQL 18): new rows are checked, those written before it never were. */
  notValid: z.literal(true).optional(),
  /**
   * The NOT NULL's constraint name (PostgreSQL 18), where PostgreSQL cannot have chosen it: a name of its own
   * ends in `_not_null`, then a number where the first choice was taken (OWN_NOT_NULL_NAME).
   */
  notNullName: z.string().optional(),
  /** pg_get_expr() of the default, or null. */
  default: z.string().nullable(),
  /** A collation other than the type's default, or null. */
  collation: z.string().nullable(),
  identity: identityObject.nullable(),
  /** A generated column's expression and storage (`stored`, or `virtual` since PostgreSQL 18). */
  generated: z.object({ expression: z.string(), storage: z.enum(['stored', 'virtual']) }).nullable(),
  /** Statistics target, storage, compression and attribute options; absent while all are the defaults. */
  settings: columnSettingsObject.optional(),
}));
export type Column = z.infer<typeof columnObject>;

/** The row of a plain column (a table's own, not generated, no identity, collation or setting of its own): the rest is its defaults. */
const PLAIN_ROW_LENGTH = 6;

type ColumnRow = [
  table: string,
  attnum: number,
  name: string,
  type: string,
  /** Null for a NOT NULL added NOT VALID. */
  nullable: boolean | null,
  defaultValue: string | null,
  // Left out of a plain column's row (PLAIN_ROW_LENGTH).
  generated?: [string, string] | null,
  collation?: string | null,
  identity?: string[] | null,
  /** Declared on the table itself (a partition's or child's inherited columns belong to the parent). */
  local?: boolean,
  /** A table's (a view's columns only name the attributes its indexes use). */
  ofTable?: boolean,
  settings?: ColumnSettingsRow,
  /** The NOT NULL's name, where it may not be PostgreSQL's own (PostgreSQL 18). */
  notNullName?: string | null,
];

const columnsByTable = new WeakMap<readonly Column[], Map<string, Column[]>>();

/** A table's columns in their order in that catalog. */
export function columnsOf(catalog: Catalog, table: string): Column[] {
  let byTable = columnsByTable.get(catalog.columns);
  if (!byTable) {
    byTable = new Map();
    for (const column of catalog.columns) {
      const list = byTable.get(column.table);
      if (list) list.push(column);
      else byTable.set(column.table, [column]);
    }
    columnsByTable.set(catalog.columns, byTable);
  }
  return byTable.get(table) ?? [];
}

function identityClause(identity: Identity, names: SqlNames): string {
  const options = [`SEQUENCE NAME ${names.qualified(identity.sequence)}`, ...sequenceOptionClauses(identity)];
  return `GENERATED ${identity.generation === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY (${options.join(' ')})`;
}

const collate = (column: Column, names: SqlNames) => (column.collation ? ` COLLATE ${names.ident(column.collation)}` : '');

/** PostgreSQL's NAMEDATALEN - 1: the most bytes a name holds. */
const NAME_BYTES = 63;

/** The first `bytes` bytes of a UTF-8 name, cut back to a character boundary (pg_mbcliplen). */
function clipName(name: Buffer, bytes: number): string {
  let end = bytes;
  while (end > 0 && end < name.length && (name[end]! & 0xc0) === 0x80) end--;
  return name.subarray(0, end).toString();
}

/**
 * The name PostgreSQL 18 gives a column's NOT NULL constraint (makeObjectName): `table_column_not_null`, the
 * longer of the two names cut a byte at a time until the whole fits in a name.
 */
export function defaultNotNullName(table: string, column: string): string {
  const label = 'not_null';
  const [tableBytes, columnBytes] = [Buffer.from(table), Buffer.from(column)];
  let [tableLength, columnLength] = [tableBytes.length, columnBytes.length];
  while (tableLength + columnLength > NAME_BYTES - label.length - 2) {
    if (tableLength > columnLength) tableLength--;
    else columnLength--;
  }
  return `${clipName(tableBytes, tableLength)}_${clipName(columnBytes, columnLength)}_${label}`;
}

/**
 * A name PostgreSQL 18 gives a NOT NULL: `…_not_null`, or with a number after it where the name was taken.
 * Names so shaped are all read as PostgreSQL's own, whatever table and column they name (the read costs less
 * that way, and a rename of the table or column leaves them behind): only others are compared.
 */
const OWN_NOT_NULL_NAME = /_not_null\d*$/;

/** A NOT NULL's name in words: its own, or the one PostgreSQL gives it. */
const describeNotNullName = (column: Column) => column.notNullName ?? "PostgreSQL's own name";

/** The NOT NULL of a column definition, named where the name is not PostgreSQL's own. */
const notNullClause = (column: Column, names: SqlNames) => `${column.notNullName === undefined ? '' : `CONSTRAINT ${names.ident(column.notNullName)} `}NOT NULL`;

/** A column as CREATE TABLE and ADD COLUMN write it. */
export function columnDefinition(column: Column, names: SqlNames): string {
  const parts = [`${names.ident(column.name)} ${column.type}${collate(column, names)}`];
  if (column.generated) parts.push(`GENERATED ALWAYS AS (${column.generated.expression}) ${column.generated.storage.toUpperCase()}`);
  else if (column.identity) parts.push(identityClause(column.identity, names));
  else if (column.default !== null) parts.push(`DEFAULT ${column.default}`);
  if (!column.nullable) parts.push(notNullClause(column, names));
  return parts.join(' ');
}

const describeIdentity = (identity: Identity | null) =>
  identity
    ? `GENERATED ${identity.generation.toUpperCase()} AS IDENTITY (sequence ${identity.sequence}, start ${identity.start}, increment ${identity.increment}, min ${identity.min}, max ${identity.max}, cache ${identity.cache}${identity.cycle ? ', cycle' : ''})`
    : 'not an identity';
const describeGenerated = (generated: Column['generated']) => (generated ? `GENERATED ALWAYS AS (${generated.expression}) ${generated.storage.toUpperCase()}` : 'not generated');
const nullability = (column: Column) => (column.nullable ? 'NULL' : column.notValid ? 'NOT NULL NOT VALID' : 'NOT NULL');

// Statement order inside the columns phase: a default goes before the type changes and comes back after;
// a column's sequence is advanced past its values last, once sequences.ts has made it the column's (order 9).
/**
 * An enum casts to no other type but text (and text to it): a column converted from or to one goes through
 * text (`::text::other_enum`, `::text[]` for an array), where the plain cast would fail.
 */
function throughText(actual: Column, expected: Column, arrays: string, context: CompareContext): string {
  const isEnum = (catalog: Catalog, type: string) => catalog.enums.some((entry) => isOfType(type, context.names.ident(entry.name)));
  return isEnum(context.actual, actual.type) || isEnum(context.expected, expected.type) ? `::text${arrays}` : '';
}

/**
 * From PostgreSQL 18 a NOT NULL is a constraint with a name, and can be added NOT VALID: attnotnull is set and
 * new rows are checked, but rows written before it may hold NULL. That reads as a third state (nullable null,
 * notValid). The NOT NULLs worth a look (added NOT VALID, or named otherwise than OWN_NOT_NULL_NAME) are
 * gathered once, by column (`o.odd`, null when there are none, as in most schemas). Joining every column with
 * its NOT NULL instead costs the largest query a quarter more at 10,000 tables.
 */
const notNullJoin = (version: number) =>
  version >= 180000
    ? `
        CROSS JOIN (SELECT jsonb_object_agg(k.conrelid::text || ':' || k.conkey[1]::text, jsonb_build_array(k.conname, k.convalidated)) AS odd FROM pg_constraint k
                     WHERE k.contype = 'n' AND k.connamespace = $SCHEMA AND (NOT k.convalidated OR rtrim(k.conname, '0123456789') NOT LIKE '%\\_not\\_null')) o`
    : '';
/** The column's NOT NULL among the odd ones ([name, validated], or null), where there are any. */
const ODD_NOT_NULL = "o.odd -> (a.attrelid::text || ':' || a.attnum::text)";
const nullableSql = (version: number) =>
  version >= 180000 ? `CASE WHEN NOT a.attnotnull THEN true WHEN o.odd IS NULL THEN false WHEN ${ODD_NOT_NULL} ->> 1 = 'false' THEN NULL ELSE false END` : 'NOT a.attnotnull';
const notNullNameSql = (version: number) => (version >= 180000 ? `CASE WHEN o.odd IS NOT NULL THEN ${ODD_NOT_NULL} ->> 0 END` : 'NULL');
/** A column with an odd NOT NULL is no plain column. */
const plainNotNull = (version: number) => (version >= 180000 ? ` AND (o.odd IS NULL OR ${ODD_NOT_NULL} IS NULL)` : '');

const ORDER = { dropDefault: 1, type: 2, setDefault: 3, nullability: 4, identity: 5, settings: 8, advanceSequence: 10 } as const;

/**
 * A serial column's own sequence, dropped when the column becomes an identity column: between taking the
 * default off and adding the identity, whose sequence usually takes its name. sequences.ts drops it the same way.
 */
export const dropSerialSequence = (sequence: string, names: SqlNames): FixStep => step(PHASES.columns, `DROP SEQUENCE ${names.qualified(sequence)};`, ORDER.identity + 1);

export const columns: CatalogKind<Column> = {
  kind: 'column',
  object: columnObject,
  read: {
    // A default cannot refer to a column, so it is deparsed without the table's context (much cheaper);
    // a generation expression needs it. Every attribute of the schema's relations is read, so the other kinds
    // can name key columns by number; only those declared on a table itself (not inherited) are columns. A
    // plain column's row stops after its default (a third less to send and parse at 10,000 tables).
    sql: (version) => `
      SELECT coalesce(json_agg(CASE
               WHEN a.attgenerated = '' AND a.attcollation IN (0, 100) AND a.attidentity = '' AND a.attislocal AND c.relkind IN ('r', 'p') AND NOT ${COLUMN_SETTINGS_SET}${plainNotNull(version)}
               THEN json_build_array(c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), ${nullableSql(version)}, pg_get_expr(d.adbin, 0))
               ELSE json_build_array(
               c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), ${nullableSql(version)},
               CASE WHEN d.adbin IS NOT NULL AND a.attgenerated = '' THEN pg_get_expr(d.adbin, 0) END,
               CASE WHEN a.attgenerated <> '' THEN json_build_array(a.attgenerated, pg_get_expr(d.adbin, d.adrelid)) END,
               CASE WHEN a.attcollation NOT IN (0, 100) THEN (SELECT l.collname FROM pg_collation l WHERE l.oid = a.attcollation) END,
               CASE WHEN a.attidentity <> '' THEN (
                 SELECT json_build_array(a.attidentity, s.relname, q.seqstart::text, q.seqincrement::text, q.seqmin::text, q.seqmax::text, q.seqcache::text, q.seqcycle)
                   FROM pg_depend dp JOIN pg_class s ON s.oid = dp.objid JOIN pg_sequence q ON q.seqrelid = s.oid
                  WHERE dp.refclassid = 'pg_class'::regclass AND dp.refobjid = a.attrelid AND dp.refobjsubid = a.attnum
                    AND dp.classid = 'pg_class'::regclass AND dp.deptype = 'i') END,
               a.attislocal, c.relkind IN ('r', 'p'),
               ${COLUMN_SETTINGS_SQL}, ${notNullNameSql(version)}) END), '[]')::text AS data
        FROM pg_class c
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum${notNullJoin(version)}
       WHERE c.relnamespace = $SCHEMA AND c.relkind IN ('r', 'p', 'v', 'm')`,
    catalogs: ['pg_class', 'pg_attribute', 'pg_type', 'pg_attrdef', 'pg_collation', 'pg_constraint', 'pg_depend', 'pg_sequence'],
    functions: ['format_type', 'pg_get_expr'],
    heavy: true,
    ordered: true,
    attributeNames(rows) {
      const byTable = new Map<string, string[]>();
      for (const [table, attnum, name] of rows as ColumnRow[]) {
        let names = byTable.get(table);
        if (!names) byTable.set(table, (names = []));
        names[attnum] = name;
      }
      return { name: (table, attnum) => byTable.get(table)?.[attnum] };
    },
    assemble(rows) {
      // Columns arrive unordered (sorting 250,000 rows in SQL costs more than grouping them here).
      const byTable = new Map<string, ColumnRow[]>();
      for (const row of rows as ColumnRow[]) {
        if (row.length > PLAIN_ROW_LENGTH && (!row[9] || !row[10])) continue;
        const list = byTable.get(row[0]);
        if (list) list.push(row);
        else byTable.set(row[0], [row]);
      }
      const result: Column[] = [];
      // Settings are added to the rare column that has them: the others keep one shape, and the lock one line length.
      for (const table of [...byTable.keys()].sort()) {
        for (const [, , name, type, nullable, defaultValue, generated = null, collation = null, identity = null, , , settings = null, constraint = null] of byTable.get(table)!.sort((a, b) => a[1] - b[1])) {
          result.push({
            table,
            name,
            type: normaliseType(type),
            nullable: nullable === true,
            ...(nullable === null ? { notValid: true as const } : {}),
            ...(constraint !== null && !OWN_NOT_NULL_NAME.test(constraint) ? { notNullName: constraint } : {}),
            default: defaultValue,
            collation,
            // Keys in the schema's order (the options first), as the lock writes them: see parseLock.
            identity: identity && {
              start: identity[2]!,
              increment: identity[3]!,
              min: identity[4]!,
              max: identity[5]!,
              cache: identity[6]!,
              cycle: identity[7] as unknown as boolean,
              generation: identity[0] === 'a' ? 'always' : 'by default',
              sequence: identity[1]!,
            },
            generated: generated && { expression: generated[1], storage: generated[0] === 'v' ? 'virtual' : 'stored' },
          });
          if (settings) result[result.length - 1]!.settings = columnSettingsOf(settings);
        }
      }
      return result;
    },
  },
  ref: (column) => ({ kind: 'column', table: column.table, name: column.name }),
  parent: (column) => ({ kind: 'table', name: column.table }),
  createdWithParent: true,
  noun: (column) => `column ${column.table}.${column.name}`,
  describe: (column) => `${column.type}${column.collation ? ` COLLATE ${column.collation}` : ''}${column.nullable ? '' : ` ${nullability(column)}`}${column.default !== null ? ` DEFAULT ${column.default}` : ''}${column.identity ? ` ${describeIdentity(column.identity)}` : ''}${column.generated ? ` ${describeGenerated(column.generated)}` : ''}${column.settings ? `, ${describeColumnSettings(column.settings)}` : ''}`,
  codes: {
    missing: { severity: 'error', summary: 'A column the schema expects does not exist' },
    unexpected: { severity: 'error', summary: 'A column exists that the schema does not define (e.g. a stray is_mock)' },
    renamed: { severity: 'error', summary: 'A column exists under another name (same type, nullability and default)' },
    type_mismatch: { severity: 'error', summary: 'A column has another type, length or precision' },
    nullability_mismatch: { severity: 'error', summary: 'A column is NULL where NOT NULL is expected, or the reverse' },
    default_mismatch: { severity: 'error', summary: 'A column has another default, or a default is missing or extra' },
    collation_mismatch: { severity: 'error', summary: 'A column has another collation' },
    identity_mismatch: { severity: 'error', summary: 'A column is (or is not) an identity column, or its sequence options differ' },
    generated_mismatch: { severity: 'error', summary: 'A column is (or is not) generated, or its expression differs' },
    settings_mismatch: { severity: 'warning', summary: 'A column has another statistics target, storage, compression or attribute options (n_distinct)' },
    not_null_name_mismatch: { severity: 'warning', summary: "A column's NOT NULL constraint has another name (PostgreSQL 18)" },
  },
  create: (column, { names }) => [step(PHASES.columns, names.alterTable(column.table, `ADD COLUMN ${columnDefinition(column, names)}`)), ...settingsSteps(column, undefined, names)],
  drop: (column, { names }) => [step(PHASES.dropTables, names.alterTable(column.table, `DROP COLUMN ${names.ident(column.name)}`))],
  differences(expected, actual, context): Difference[] {
    const { names } = context;
    const name = `${expected.table}.${expected.name}`;
    const alter = (rest: string, order: number) => step(PHASES.columns, names.alterTable(expected.table, `ALTER COLUMN ${names.ident(expected.name)} ${rest}`), order);
    const differences: Difference[] = [];
    const typeChanged = expected.type !== actual.type || expected.collation !== actual.collation;
    const ident = (domain: string) => names.ident(domain);
    const castTo = castTarget(expected.type, context.expected.domains, ident);
    // The brackets of an array column: a cast through another type keeps them.
    const arrays = actual.type.endsWith('[]') ? '[]' : '';
    const column = names.ident(expected.name);
    // Where rows hold values the conversion would round or cut (it fails only on what does not fit), the script stops first.
    const roundingStop = (): FixStep[] => {
      const through = castRounds(baseType(actual.type, context.actual.domains, ident), baseType(expected.type, context.expected.domains, ident));
      if (!through) return [];
      const rounded = `(${column}::${castTo})::${through}${arrays} IS DISTINCT FROM ${column}::${through}${arrays}`;
      const message = `rows of ${name} hold values that ${expected.type} would round or cut: change them, or convert the column by hand, then run the fix again`;
      return [step(PHASES.columns, stopIfAny(names.qualified(expected.table), rounded, message), 0)];
    };
    // Into an enum, where rows hold a text the enum lacks (the conversion would fail on it), the script stops first too.
    const enumStop = (): FixStep[] => {
      const target = baseType(expected.type, context.expected.domains, ident);
      const type = context.expected.enums.find((candidate) => isOfType(target, names.ident(candidate.name)));
      if (!type) return [];
      const values = `ARRAY[${type.values.map(names.literal).join(', ')}]::text[]`;
      const lacking = arrays ? `EXISTS (SELECT FROM unnest(${column}::text[]) AS held(value) WHERE held.value <> ALL (${values}))` : `${column}::text <> ALL (${values})`;
      const message = `rows of ${name} hold values that enum ${type.name} lacks: change or delete them, then run the fix again`;
      return [step(PHASES.columns, stopIfAny(names.qualified(expected.table), lacking, message), 0)];
    };
    const setType = (): FixStep[] | { unsafe: string } =>
      // A value into an array of its type, or an array into one of its elements: a cast (through text, where there
      // is one) would reinterpret every value, not convert it.
      expected.type === `${actual.type}[]` || actual.type === `${expected.type}[]`
        ? { unsafe: `turning ${actual.type} into ${expected.type} would reinterpret every value: convert column ${name} by hand` }
        : !throughText(actual, expected, arrays, context) && !context.castable(actual.type, expected.type)
          ? { unsafe: `the database has no cast from ${actual.type} to ${expected.type}: convert column ${name} by hand (ALTER COLUMN … TYPE ${expected.type} USING an expression of it), then run the fix again` }
          : [
            ...roundingStop(),
            ...enumStop(),
            ...(actual.default !== null && !actual.generated ? [alter('DROP DEFAULT', ORDER.dropDefault)] : []),
            alter(`TYPE ${expected.type}${collate(expected, names)} USING ${column}${throughText(actual, expected, arrays, context)}::${castTo}`, ORDER.type),
            ...(expected.default !== null && !expected.generated ? [alter(`SET DEFAULT ${expected.default}`, ORDER.setDefault)] : []),
            ...settingsSteps(expected, actual.settings, names, true),
            ...rebuildDependants(expected, context),
          ];
    if (expected.generated || actual.generated) {
      if (describeGenerated(expected.generated) !== describeGenerated(actual.generated) || typeChanged) {
        // A generated value is derived from the row: dropping and adding the column loses nothing.
        differences.push({
          code: 'generated_mismatch',
          message: `column ${name} is ${actual.type} ${describeGenerated(actual.generated)}, expected ${expected.type} ${describeGenerated(expected.generated)}`,
          expected: `${expected.type} ${describeGenerated(expected.generated)}`,
          actual: `${actual.type} ${describeGenerated(actual.generated)}`,
          fix: expected.generated && actual.generated
            ? [step(PHASES.dropTables, names.alterTable(expected.table, `DROP COLUMN ${names.ident(expected.name)}`)), ...columns.create(expected, context)]
            : { unsafe: `turning a stored column into a generated one (or back) rewrites its data: recreate ${name} by hand` },
        });
        return differences;
      }
    }
    if (expected.type !== actual.type) {
      differences.push({ code: 'type_mismatch', message: `column ${name} is ${actual.type}, expected ${expected.type}`, expected: expected.type, actual: actual.type, fix: setType() });
    }
    if (expected.collation !== actual.collation) {
      const text = (column: Column) => column.collation ?? 'the default collation';
      differences.push({ code: 'collation_mismatch', message: `column ${name} uses ${text(actual)}, expected ${text(expected)}`, expected: expected.collation, actual: actual.collation, fix: setType() });
    }
    // A NOT NULL the schema adds NOT VALID, validated in the database, holds more than the schema asks.
    if (nullability(expected) !== nullability(actual) && !(expected.notValid && !actual.nullable)) {
      differences.push({
        code: 'nullability_mismatch',
        message: `column ${name} is ${nullability(actual)}${actual.notValid ? ' (rows written before it were never checked)' : ''}, expected ${nullability(expected)}`,
        expected: nullability(expected),
        actual: nullability(actual),
        // SET NOT NULL validates one added NOT VALID, and names a new one as PostgreSQL does. Before 18 (a lock
        // written on 18, a database on 15) there is no NOT VALID NOT NULL to add.
        fix: [
          expected.nullable
            ? alter('DROP NOT NULL', ORDER.nullability)
            : (expected.notValid && context.serverVersion >= 180000) || (actual.nullable && expected.notNullName !== undefined)
              ? step(PHASES.columns, names.alterTable(expected.table, `ADD ${notNullClause(expected, names)} ${names.ident(expected.name)}${expected.notValid ? ' NOT VALID' : ''}`), ORDER.nullability)
              : alter('SET NOT NULL', ORDER.nullability),
        ],
      });
    }
    // PostgreSQL 18 names each NOT NULL; older servers hold no name to compare.
    if (context.serverVersion >= 180000 && !expected.nullable && !actual.nullable && expected.notNullName !== actual.notNullName) {
      differences.push({
        code: 'not_null_name_mismatch',
        message: `column ${name}'s NOT NULL has ${actual.notNullName === undefined ? "PostgreSQL's own name" : `the name ${actual.notNullName}`}, expected ${expected.notNullName ?? "PostgreSQL's own name"}`,
        expected: describeNotNullName(expected),
        actual: describeNotNullName(actual),
        fix: renameNotNull(expected, actual, context),
      });
    }
    if (!expected.identity && !actual.identity && !sameDefault(expected, actual, context)) {
      differences.push({
        code: 'default_mismatch',
        message: `column ${name} defaults to ${actual.default ?? 'nothing'}, expected ${expected.default ?? 'no default'}`,
        expected: expected.default,
        actual: actual.default,
        fix: typeChanged ? setType() : [alter(expected.default === null ? 'DROP DEFAULT' : `SET DEFAULT ${expected.default}`, ORDER.setDefault)],
      });
    }
    if (describeIdentity(expected.identity) !== describeIdentity(actual.identity)) {
      differences.push({
        code: 'identity_mismatch',
        message: `column ${name} is ${describeIdentity(actual.identity)}${actual.identity || actual.default === null ? '' : ` (default ${actual.default})`}, expected ${describeIdentity(expected.identity)}`,
        expected: describeIdentity(expected.identity),
        actual: describeIdentity(actual.identity),
        fix: identityFix(expected, actual, context, alter),
      });
    }
    if (describeColumnSettings(expected.settings) !== describeColumnSettings(actual.settings)) {
      differences.push({
        code: 'settings_mismatch',
        message: `column ${name} has ${describeColumnSettings(actual.settings)}, expected ${describeColumnSettings(expected.settings)}`,
        expected: describeColumnSettings(expected.settings),
        actual: describeColumnSettings(actual.settings),
        fix: settingsSteps(expected, actual.settings, names, typeChanged),
      });
    }
    return differences;
  },
  rename: {
    keepsRows: true,
    shape: (column) => JSON.stringify([column.table, column.type, column.nullable, column.default, column.collation, column.identity?.generation ?? null, column.generated]),
    sql: (from, to, { names }) => [step(PHASES.columns, names.alterTable(to.table, `RENAME COLUMN ${names.ident(from.name)} TO ${names.ident(to.name)}`), 0)],
  },
  // A NOT NULL keeps its name through a rename of its table or column: read as not the default for the names
  // it has, it is the default one under the names it goes back to.
  retarget: (column, renames) => ({ ...column, table: renames.table(column.table), name: renames.column(renames.table(column.table), column.name), type: renames.type(column.type) }),
  // Older servers hold no NOT NULL names: a lock written on 18 has them only where 18 does.
  heldBy: (list, version) => (version >= 180000 || !list.some((column) => column.notNullName !== undefined) ? list : list.map(({ notNullName: _name, ...column }) => column)),
};

/**
 * PostgreSQL refuses to change the type of a column that a view reads, or that a policy, trigger or rule names:
 * those go first and come back after, as the expected catalog defines them. `column` is the expected one, or
 * the one read (an enum's conversion, compared before tables): either way its table is matched under its new name.
 */
export function rebuildDependants(column: Column, context: CompareContext): FixStep[] {
  const table = context.renames.table(column.table);
  const named = (text: string | null) => text !== null && mentions(text, column.name);
  // A rule's actions may write to another table: any rule that names the column and its table.
  const ruleNames = (rule: Rule) => {
    const names = identifiersIn(rule.definition);
    return names.has(column.name) && (rule.table === table || names.has(table));
  };
  return [
    ...rebuildViewsUsing(table, context),
    ...rebuildLater(policies, (catalog) => catalog.policies, (policy) => policy.table === table && (named(policy.using) || named(policy.check)), context),
    ...rebuildLater(triggers, (catalog) => catalog.triggers, (trigger) => trigger.table === table && named(trigger.definition), context),
    ...rebuildLater(rules, (catalog) => catalog.rules, ruleNames, context),
  ];
}

/**
 * ALTER COLUMN statements giving `column` its settings, from `had` (undefined: the defaults, as a new column has
 * them). Once any column fix changed the type, which resets storage and compression.
 */
export function settingsSteps(column: Column, had: Column['settings'], names: SqlNames, typeChanged = false): FixStep[] {
  return columnSettingsClauses(column.settings, had, typeChanged).map((clause) =>
    step(PHASES.columns, names.alterTable(column.table, `ALTER COLUMN ${names.ident(column.name)} ${clause}`), ORDER.settings),
  );
}

/** Whether deparsed SQL names `name` as an identifier (not inside a string literal). */
const mentions = (text: string, name: string) => identifiersIn(text).has(name);

/**
 * Renames a column's NOT NULL to the schema's name, or to the one PostgreSQL gives it. A name PostgreSQL chose is
 * not known exactly (OWN_NOT_NULL_NAME): the statement looks it up when it runs. Where partitions or
 * children share the NOT NULL, or another constraint of the table holds the name (two NOT NULLs swapped
 * names), a rename would fail: that is said instead.
 */
function renameNotNull(expected: Column, actual: Column, context: CompareContext): Fix {
  const { names } = context;
  const table = context.renames.tableAsRead(expected.table);
  const shared = context.actual.tables.some(
    (candidate) => (candidate.name === table && (candidate.partitionOf !== null || candidate.inherits.length > 0)) || candidate.partitionOf?.parent === table || candidate.inherits.includes(table),
  );
  const name = `${expected.table}.${expected.name}`;
  if (shared) return { unsafe: `the NOT NULL of column ${name} is shared with the table's partitions, children or parents: rename it by hand in each, then run the fix again` };
  const target = expected.notNullName ?? defaultNotNullName(expected.table, expected.name);
  const held = [
    ...context.actual.constraints.filter((constraint) => constraint.table === table).map((constraint) => constraint.name),
    ...context.actual.primaryKeys.filter((key) => key.table === table).map((key) => key.name),
    ...context.actual.foreignKeys.filter((key) => key.table === table).map((key) => key.name),
    ...context.actual.columns.filter((column) => column.table === table && column !== actual).map((column) => column.notNullName),
  ];
  if (held.includes(target)) return { unsafe: `another constraint of table ${expected.table} is named ${target}: rename the NOT NULL of column ${name} and that one by hand, then run the fix again` };
  const qualified = names.qualified(expected.table);
  if (actual.notNullName !== undefined) return [step(PHASES.columns, names.alterTable(expected.table, `RENAME CONSTRAINT ${names.ident(actual.notNullName)} TO ${names.ident(target)}`), ORDER.nullability)];
  const current = `(SELECT k.conname FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] WHERE k.conrelid = ${names.literal(qualified)}::regclass AND k.contype = 'n' AND a.attname = ${names.literal(expected.name)})`;
  const body = ` BEGIN EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', ${names.literal(qualified)}, ${current}, ${names.literal(target)}); END `;
  return [step(PHASES.columns, `DO ${dollarQuote(body)};`, ORDER.nullability)];
}

function sameDefault(expected: Column, actual: Column, context: CompareContext): boolean {
  if (expected.default === actual.default) return true;
  if (expected.default === null || actual.default === null) return false;
  return context.sameDefault(expected.type, expected.default, actual.default);
}

function identityFix(expected: Column, actual: Column, context: CompareContext, alter: (rest: string, order: number) => FixStep): FixStep[] {
  const { names } = context;
  const steps: FixStep[] = [];
  // The rows keep their values: the sequence the column takes its next value from continues after them.
  const advance = () => {
    const target = names.qualified(expected.table);
    const name = names.ident(expected.name);
    return step(PHASES.columns, `SELECT setval(pg_get_serial_sequence(${names.literal(target)}, ${names.literal(expected.name)}), max(${name})) FROM ${target} HAVING max(${name}) IS NOT NULL;`, ORDER.advanceSequence);
  };
  if (actual.identity && !expected.identity) {
    // Before sequences are created: a serial column's sequence usually takes the identity sequence's name.
    // In the drop phase a renamed table still has its name in the database (renames come later).
    steps.push(step(PHASES.dropTables, names.alterTable(context.renames.tableAsRead(expected.table), `ALTER COLUMN ${names.ident(expected.name)} DROP IDENTITY`)));
    if (expected.default !== null) steps.push(alter(`SET DEFAULT ${expected.default}`, ORDER.identity + 1), advance());
    return steps;
  }
  const wanted = expected.identity!;
  if (!actual.identity) {
    if (actual.default !== null) steps.push(alter('DROP DEFAULT', ORDER.identity));
    const owned = context.actual.sequences.filter((sequence) => sequence.ownedBy?.table === actual.table && sequence.ownedBy.column === actual.name);
    steps.push(...owned.map((sequence) => dropSerialSequence(sequence.name, names)), alter(`ADD ${identityClause(wanted, names)}`, ORDER.identity + 2), advance());
    return steps;
  }
  const had = actual.identity;
  if (had.sequence !== wanted.sequence) steps.push(step(PHASES.sequences, `ALTER SEQUENCE ${names.qualified(had.sequence)} RENAME TO ${names.ident(wanted.sequence)};`));
  const clauses = [
    ...(had.generation !== wanted.generation ? [`SET GENERATED ${wanted.generation === 'always' ? 'ALWAYS' : 'BY DEFAULT'}`] : []),
    ...(had.start !== wanted.start ? [`SET START WITH ${wanted.start}`] : []),
    ...(had.increment !== wanted.increment ? [`SET INCREMENT BY ${wanted.increment}`] : []),
    ...(had.min !== wanted.min ? [`SET MINVALUE ${wanted.min}`] : []),
    ...(had.max !== wanted.max ? [`SET MAXVALUE ${wanted.max}`] : []),
    ...(had.cache !== wanted.cache ? [`SET CACHE ${wanted.cache}`] : []),
    ...(had.cycle !== wanted.cycle ? [wanted.cycle ? 'SET CYCLE' : 'SET NO CYCLE'] : []),
  ];
  if (clauses.length) steps.push(alter(clauses.join(' '), ORDER.identity));
  return steps;
}
