/** Enum types and their values, in order. */
import * as z from 'zod';
import type { AnyKind, CatalogKind, CompareContext, Fix } from '../kind.js';
import type { Catalog } from '../registry.js';
import { PHASES, refKey, step, type Difference, type FixStep } from '../model.js';
import { escapeRegExp, notExtensionMember, stopIfAny } from '../sql.js';
import { expressionUser, naming, typeUsers, type TypeUser, type TypeUserKey } from '../users.js';
import { columnsOfType } from '../types.js';
import { aggregates } from './aggregates.js';
import { casts } from './casts.js';
import { columnsOf, rebuildDependants, type Column } from './columns.js';
import { compositeTypes } from './composite-types.js';
import { domains } from './domains.js';
import { functions } from './functions.js';
import { operators } from './operators.js';
import { rangeTypes } from './range-types.js';

const enumObject = z.lazy(() => z.object({
  name: z.string(),
  /** In sort order. */
  values: z.array(z.string()),
}));
export type Enum = z.infer<typeof enumObject>;

const show = (values: readonly string[]) => values.join(', ');

/**
 * Stops the script, in words, where rows still hold a value the rebuilt type lacks (the conversion would fail on
 * them with "invalid input value"): which rows to change is the user's call, not the fix's.
 */
function holdsNoneOf(type: string, gone: readonly string[], column: Column, array: boolean, { names }: CompareContext): FixStep[] {
  if (!gone.length) return [];
  const values = `ARRAY[${gone.map(names.literal).join(', ')}]`;
  const held = array ? `${names.ident(column.name)}::text[] && ${values}` : `${names.ident(column.name)}::text = ANY (${values})`;
  const message = `rows of ${column.table}.${column.name} hold ${show(gone)}, which enum ${type} lacks in the schema: change or delete them, then run the fix again`;
  return [step(PHASES.types, stopIfAny(names.qualified(column.table), held, message), 0)];
}

/**
 * PostgreSQL cannot drop or reorder enum values: the type is renamed, created anew, every column using it
 * (arrays included) converted, and the old type dropped. `stillHeld`: the values the database holds, once renamed, that
 * the type lacks (rows that hold one stop the script first).
 */
function rebuild(type: Enum, actual: Enum, stillHeld: readonly string[], context: CompareContext): Fix {
  const { names } = context;
  // What else takes the type (a domain, a function's arguments...) would hold on to the old one, and DROP TYPE
  // would fail: what the schema lacks goes first, before the rename, as its own finding would drop it later,
  // where nothing still uses it then (what the fix drops before it aside); what the schema has too, or what is
  // still in use, cannot be converted here.
  const stays = stayingColumns(context);
  const users = typeUsers(context.actual, naming([type.name]));
  // The columns still there when the types phase runs, found once (only when something else takes the type).
  const staying = users.length ? context.actual.columns.filter(stays) : context.actual.columns;
  const schemas = users.filter((user) => inCatalog(context.expected, user)).map((user) => user.label);
  if (schemas.length) {
    const them = schemas.length === 1 ? 'it' : 'them';
    return { unsafe: `enum ${type.name} is also used by ${schemas.join(', ')}, which a rebuild of the type cannot convert: drop ${them}, run the fix, then create ${them} again` };
  }
  const busy = users.flatMap((user, index) => {
    const usedBy = userOf(user, withoutDropped(context.actual, users.slice(0, index + 1), staying));
    return usedBy === undefined ? [] : [`${user.label} (used by ${usedBy})`];
  });
  if (busy.length) {
    return { unsafe: `enum ${type.name} is also used by ${busy.join(', ')}, which the schema lacks and which can go only once the rest of this fix has run: run the fix again then` };
  }
  // In typeUsers' order, before everything else of the types phase: a statement of a finding of its own keeps its place in the script.
  const drops = users.flatMap((user) => context.dropActual(TYPE_USER_KINDS[user.key], user.object));
  const dropsFirst = drops.map((drop, index) => step(PHASES.types, drop.sql, index - drops.length - 1));
  // Values the database holds that the new type lacks (renamed ones are renamed first).
  const gone = actual.values.filter((value) => !type.values.includes(value));
  const old = `${type.name}_old`;
  // Columns' types as format_type() prints them: the name quoted where it needs to be.
  const printed = names.ident(type.name);
  const namesGone = writesValues(printed, gone);
  const steps: FixStep[] = [
    ...dropsFirst,
    step(PHASES.types, `ALTER TYPE ${names.qualified(type.name)} RENAME TO ${names.ident(old)};`, 1),
    step(PHASES.types, `CREATE TYPE ${names.qualified(type.name)} AS ENUM (${type.values.map(names.literal).join(', ')});`, 2),
  ];
  // A column the fix drops (before the types phase) is not converted.
  for (const { column, array } of columnsOfType(context.actual.columns, printed).filter(({ column }) => stays(column))) {
    steps.push(...holdsNoneOf(type.name, stillHeld, column, array, context));
    const alter = (rest: string, order: number) => step(PHASES.types, names.alterTable(column.table, `ALTER COLUMN ${names.ident(column.name)} ${rest}`), order);
    const target = names.qualified(type.name) + (array ? '[]' : '');
    // The default comes back as it was, unless it names a value the new type lacks: then as the schema writes it
    // (where the schema's column is of this type too), else the columns phase sets it.
    const table = context.renames.table(column.table);
    const wanted = columnsOf(context.expected, table).find((candidate) => candidate.name === context.renames.column(table, column.name));
    const restored = !namesGone(column.default) ? column.default : wanted?.type === column.type ? wanted.default : null;
    if (column.default !== null) steps.push(alter('DROP DEFAULT', 3));
    steps.push(alter(`TYPE ${target} USING ${names.ident(column.name)}::text${array ? '[]' : ''}::${target}`, 4));
    if (restored !== null) steps.push(alter(`SET DEFAULT ${restored.replace(`::${printed}`, `::${names.qualified(type.name)}`)}`, 5));
    // Views, policies, triggers and rules on a converted column go and come back around the conversion.
    steps.push(...rebuildDependants(column, context));
  }
  steps.push(step(PHASES.types, `DROP TYPE ${names.qualified(old)};`, 6));
  // The new type has none of the old one's grants and comments.
  steps.push(...context.createChildren(enums.ref(type)));
  return steps;
}

/** The kinds of typeUsers, for their drop statements. */
const TYPE_USER_KINDS: Record<TypeUserKey, AnyKind> = { casts, operators, aggregates, compositeTypes, rangeTypes, domains, functions };

/** Whether `catalog` has the object `user` is (by its kind's identity). */
function inCatalog(catalog: Catalog, user: TypeUser): boolean {
  const kind = TYPE_USER_KINDS[user.key];
  const key = refKey(kind.ref(user.object));
  return (catalog[user.key] as unknown[]).some((object) => refKey(kind.ref(object)) === key);
}

/**
 * Whether an actual column is still there when the types phase runs: not one the fix drops before, in a table
 * the schema lacks or as a column it lacks. Columns are compared after enums, so a column the schema lacks by
 * name may yet be found renamed: one of its type that the table lacks keeps it.
 */
function stayingColumns({ expected, actual, renames }: CompareContext): (column: Column) => boolean {
  return (column) => {
    const table = renames.table(column.table);
    const name = renames.column(table, column.name);
    const wanted = columnsOf(expected, table);
    if (wanted.some((candidate) => candidate.name === name)) return true;
    const present = new Set(columnsOf(actual, column.table).map((other) => renames.column(table, other.name)));
    return wanted.some((candidate) => !present.has(candidate.name) && candidate.type === renames.type(column.type));
  };
}

/** `catalog` without the type users dropped so far, with `staying` for its columns (those left when the types phase runs). */
function withoutDropped(catalog: Catalog, dropped: readonly TypeUser[], staying: Column[]): Catalog {
  const gone = new Set(dropped.map((user) => user.object));
  const kept = { ...catalog, columns: staying } as Record<string, unknown[]>;
  for (const key of new Set(dropped.map((user) => user.key))) kept[key] = catalog[key].filter((object) => !gone.has(object as TypeUser['object']));
  return kept as Catalog;
}

/** What in `catalog` uses `user` by name: a column of its type, an expression, another type user (nothing names a cast). */
function userOf(user: TypeUser, catalog: Catalog): string | undefined {
  if (!('name' in user.object)) return undefined;
  const { name } = user.object;
  const named = naming([name]);
  const column = catalog.columns.find((candidate) => named(candidate.type));
  return (column && `column ${column.table}.${column.name}`) ?? expressionUser(catalog, named) ?? typeUsers(catalog, named).find((other) => other.label !== user.label)?.label;
}

const common = (values: readonly string[], other: Set<string>) => values.filter((value) => other.has(value));
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, index) => value === b[index]);

/**
 * Values renamed in place (ALTER TYPE … RENAME VALUE keeps the rows that hold them): the values both lists hold
 * come in the same order, and between two of them (or before the first, or after the last) the schema has as
 * many values the database lacks as the database has values the schema lacks; those are paired in order. Lists
 * with no value in common, or whose common values are reordered, rename nothing.
 */
function renamedValues(expected: readonly string[], actual: readonly string[]): Array<[from: string, to: string]> {
  const present = new Set(actual);
  const known = new Set(expected);
  const anchors = common(expected, present);
  if (!anchors.length || !sameList(anchors, common(actual, known))) return [];
  const renames: Array<[string, string]> = [];
  // Both lists walk from one common value to the next: the same one on both sides.
  for (let inExpected = 0, inActual = 0; ; inExpected++, inActual++) {
    const to: string[] = [];
    const from: string[] = [];
    for (; inExpected < expected.length && !present.has(expected[inExpected]!); inExpected++) to.push(expected[inExpected]!);
    for (; inActual < actual.length && !known.has(actual[inActual]!); inActual++) from.push(actual[inActual]!);
    if (from.length === to.length) from.forEach((value, index) => renames.push([value, to[index]!]));
    if (inExpected >= expected.length) return renames;
  }
}

/**
 * Whether a text writes one of `values` in a literal of `type` (as format_type prints it): `'…'::type`,
 * `'{…}'::type[]`; a literal that only contains a value's text counts too. One pattern for every text asked about.
 */
function writesValues(type: string, values: readonly string[]): (text: string | null) => boolean {
  // Unrolled: no backtracking entry per character of a long stretch without quotes.
  const literal = new RegExp(`'([^']*(?:''[^']*)*)'::${escapeRegExp(type)}(?![\\w$])`, 'g');
  return (text) =>
    text !== null && [...text.matchAll(literal)].some(([, contents]) => values.some((value) => contents!.replaceAll("''", "'").includes(value)));
}

/**
 * Whether the schema writes one of `values` in a literal of `type` where PostgreSQL parses it when the script
 * creates the object again (a default, a check, a view, a policy, statistics, a BEGIN ATOMIC body: the places
 * expressionUser looks): it refuses a value added by ADD VALUE there until the transaction commits ("unsafe use
 * of new value"), where the values of a type created in the transaction can be used at once.
 */
function literalsHold(catalog: Catalog, type: string, values: readonly string[]): boolean {
  return values.length > 0 && expressionUser(catalog, writesValues(type, values)) !== undefined;
}

export const enums: CatalogKind<Enum> = {
  kind: 'enum',
  object: enumObject,
  read: {
    // Every enum type, an empty one (CREATE TYPE … AS ENUM ()) too. The labels are gathered once (MATERIALIZED):
    // a catalog whose statistics underestimate the schema's types otherwise gets a plan that gathers them again
    // for every type of the schema.
    sql: `
      WITH l AS MATERIALIZED (SELECT enumtypid, array_agg(enumlabel ORDER BY enumsortorder) AS labels FROM pg_enum GROUP BY enumtypid)
      SELECT coalesce(json_agg(json_build_array(t.typname, coalesce(l.labels, '{}'))), '[]')::text AS data
        FROM pg_type t LEFT JOIN l ON l.enumtypid = t.oid
       WHERE t.typnamespace = $SCHEMA AND t.typtype = 'e' AND ${notExtensionMember('pg_type', 't.oid')}`,
    present: `EXISTS (SELECT FROM pg_type t WHERE t.typnamespace = $SCHEMA AND t.typtype = 'e')`,
    catalogs: ['pg_type', 'pg_enum', 'pg_depend'],
    assemble: (rows) => rows.map(([name, values]) => ({ name: name as string, values: values as string[] })),
  },
  ref: (type) => ({ kind: 'enum', name: type.name }),
  noun: (type) => `enum type ${type.name}`,
  describe: (type) => show(type.values),
  codes: {
    missing: { severity: 'error', summary: 'An enum type the schema expects does not exist' },
    unexpected: { severity: 'warning', summary: 'An enum type exists that the schema does not define' },
    renamed: { severity: 'error', summary: 'An enum type exists under another name (same values)' },
    value_missing: { severity: 'error', summary: 'An enum lacks a value the schema expects' },
    value_unexpected: { severity: 'error', summary: 'An enum has a value the schema does not define' },
    value_order: { severity: 'warning', summary: 'An enum has the expected values in another order' },
    value_renamed: { severity: 'error', summary: 'An enum value exists under another name (between the same two values the schema also has)' },
  },
  // First of the types, which may take it (a domain, a composite type's attribute, a range's subtype).
  create: (type, { names }) => [step(PHASES.types, `CREATE TYPE ${names.qualified(type.name)} AS ENUM (${type.values.map(names.literal).join(', ')});`, -1)],
  drop: (type, { names }) => [step(PHASES.dropUnused, `DROP TYPE ${names.qualified(type.name)};`)],
  differences(expected, actual, context): Difference[] {
    const { names } = context;
    const renames = renamedValues(expected.values, actual.values);
    const differences: Difference[] = renames.map(([from, to]) => ({
      code: 'value_renamed',
      member: to,
      message: `enum ${expected.name} value ${to} is named ${from} in ${context.actualLabel}`,
      expected: to,
      actual: from,
      // First of the types phase: a domain's default or check set again there, and a rebuild's conversion of the
      // rows that hold the value, need the new name.
      fix: [step(PHASES.types, `ALTER TYPE ${names.qualified(expected.name)} RENAME VALUE ${names.literal(from)} TO ${names.literal(to)};`, -1)],
    }));
    // The values as the database holds them once renamed: the rest is added, or rebuilt.
    const renamed = new Map(renames);
    const held = actual.values.map((value) => renamed.get(value) ?? value);
    const present = new Set(held);
    const known = new Set(expected.values);
    const extra = held.filter((value) => !known.has(value));
    const expectedOrder = common(expected.values, present);
    const heldOrder = common(held, known);
    const reordered = !sameList(expectedOrder, heldOrder);
    const missing = expected.values.filter((value) => !present.has(value));
    const needsRebuild = extra.length > 0 || reordered || literalsHold(context.expected, names.ident(expected.name), missing);
    // One plan for the type, whichever findings ask for it.
    let plan: Fix | undefined;
    // The values renamed first are held under their new names then: only the extra ones can stop the rebuild.
    const rebuilt = () => (plan ??= rebuild(expected, actual, extra, context));
    expected.values.forEach((value, position) => {
      if (present.has(value)) return;
      const previous = expected.values.slice(0, position).reverse().find((v) => present.has(v));
      const next = expected.values.slice(position + 1).find((v) => present.has(v));
      const where = previous !== undefined ? ` AFTER ${names.literal(previous)}` : next !== undefined ? ` BEFORE ${names.literal(next)}` : '';
      // Each value is placed next to one that exists already, so each statement stands alone. Values placed
      // after the same one are added last first (C after A, then B after A: A, B, C), those before it first.
      const order = previous !== undefined ? expected.values.length - position : position + 1;
      differences.push({
        code: 'value_missing',
        member: value,
        message: `enum ${expected.name} lacks value ${value}`,
        expected: value,
        actual: null,
        // A rebuild creates the type with every value (and its values can be used in the same transaction);
        // otherwise the value is added in place.
        fix: needsRebuild ? rebuilt() : [step(PHASES.types, `ALTER TYPE ${names.qualified(expected.name)} ADD VALUE ${names.literal(value)}${where};`, order)],
      });
    });
    for (const value of extra) {
      differences.push({ code: 'value_unexpected', member: value, message: `enum ${expected.name} has value ${value} that ${context.expectedLabel} does not define`, expected: null, actual: value, fix: rebuilt() });
    }
    if (reordered) {
      differences.push({
        code: 'value_order',
        message: `enum ${expected.name} orders its values ${show(heldOrder)}, expected ${show(expectedOrder)}`,
        expected: show(expectedOrder),
        actual: show(heldOrder),
        fix: rebuilt(),
      });
    }
    return differences;
  },
  rename: {
    shape: (type) => JSON.stringify(type.values),
    sql: (from, to, { names }) => [step(PHASES.types, `ALTER TYPE ${names.qualified(from.name)} RENAME TO ${names.ident(to.name)};`, 0)],
  },
};
