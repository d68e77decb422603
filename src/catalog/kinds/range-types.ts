/**
 * Range types (CREATE TYPE ... AS RANGE): subtype, its operator class and collation, canonical and
 * difference functions, and the multirange type made with it. Their constructor functions belong to the type
 * (functions.ts leaves them out, as pg_dump does).
 */
import * as z from 'zod';
import type { CatalogKind, CompareContext } from '../kind.js';
import { PHASES, step, type Difference, type FixStep } from '../model.js';
import type { Catalog } from '../registry.js';
import { functionNameSql, notExtensionMember, visibleNameSql, type SqlNames } from '../sql.js';
import { expressionUser, naming, typeUsers } from '../users.js';
import { columnsOfType, normaliseType } from '../types.js';

const rangeObject = z.lazy(() => z.object({
  name: z.string(),
  subtype: z.string(),
  /** The subtype's btree operator class, when not its default one. */
  opclass: z.string().nullable(),
  /** The subtype's collation, when not the default. */
  collation: z.string().nullable(),
  canonical: z.string().nullable(),
  difference: z.string().nullable(),
  multirange: z.string(),
}));
export type RangeType = z.infer<typeof rangeObject>;

/** The options of CREATE TYPE ... AS RANGE, names written by `ident`. */
const options = (range: RangeType, ident: (name: string) => string, qualified: (name: string) => string) =>
  [
    `SUBTYPE = ${range.subtype}`,
    ...(range.opclass ? [`SUBTYPE_OPCLASS = ${range.opclass}`] : []),
    ...(range.collation ? [`COLLATION = ${ident(range.collation)}`] : []),
    ...(range.canonical ? [`CANONICAL = ${range.canonical}`] : []),
    ...(range.difference ? [`SUBTYPE_DIFF = ${range.difference}`] : []),
    `MULTIRANGE_TYPE_NAME = ${qualified(range.multirange)}`,
  ].join(', ');
const describe = (range: RangeType) => `(${options(range, (name) => name, (name) => name)})`;

const createType = (range: RangeType, names: SqlNames) =>
  `CREATE TYPE ${names.qualified(range.name)} AS RANGE (${options(range, (name) => names.ident(name), (name) => names.qualified(name))});`;

/** CREATE TYPE looks its functions up: a range whose difference function is the schema's own is created after the functions. */
function createStep(range: RangeType, { names, expected }: CompareContext, order = 0): FixStep {
  const own = expected.functions.some((routine) => routine.name === range.difference || routine.name === range.canonical);
  return own ? step(PHASES.functions, createType(range, names), order + 1) : step(PHASES.types, createType(range, names), order);
}

/**
 * What in `catalog` uses the range or its multirange, by name: a column's type, an expression, or what takes
 * the type in its definition (typeUsers), another range included.
 */
function userOf(range: RangeType, catalog: Catalog, names: SqlNames): string | undefined {
  const named = naming([range.name, range.multirange]);
  const column = [range.name, range.multirange].flatMap((name) => columnsOfType(catalog.columns, names.ident(name)))[0]?.column;
  return (
    (column && `column ${column.table}.${column.name}`) ??
    expressionUser(catalog, named) ??
    typeUsers(catalog, named).find((user) => user.label !== `range type ${range.name}`)?.label
  );
}

export const rangeTypes: CatalogKind<RangeType> = {
  kind: 'range_type',
  object: rangeObject,
  read: {
    sql: `
      SELECT coalesce(json_agg(json_build_array(t.typname, format_type(r.rngsubtype, NULL),
               CASE WHEN NOT o.opcdefault THEN ${visibleNameSql('o.opcnamespace', 'o.opcname')} END,
               CASE WHEN r.rngcollation NOT IN (0, 100) THEN (SELECT l.collname FROM pg_collation l WHERE l.oid = r.rngcollation) END,
               CASE WHEN r.rngcanonical <> 0 THEN ${functionNameSql('r.rngcanonical')} END,
               CASE WHEN r.rngsubdiff <> 0 THEN ${functionNameSql('r.rngsubdiff')} END,
               m.typname)), '[]')::text AS data
        FROM pg_type t JOIN pg_range r ON r.rngtypid = t.oid JOIN pg_opclass o ON o.oid = r.rngsubopc JOIN pg_type m ON m.oid = r.rngmultitypid
       WHERE t.typnamespace = $SCHEMA AND t.typtype = 'r' AND ${notExtensionMember('pg_type', 't.oid')}`,
    present: `EXISTS (SELECT FROM pg_type t WHERE t.typnamespace = $SCHEMA AND t.typtype = 'r')`,
    catalogs: ['pg_type', 'pg_range', 'pg_opclass', 'pg_collation', 'pg_proc', 'pg_depend'],
    functions: ['format_type'],
    assemble: (rows) =>
      (rows as Array<[string, string, string | null, string | null, string | null, string | null, string]>).map(
        ([name, subtype, opclass, collation, canonical, difference, multirange]) => ({ name, subtype: normaliseType(subtype), opclass, collation, canonical, difference, multirange }),
      ),
  },
  ref: (range) => ({ kind: 'range_type', name: range.name }),
  noun: (range) => `range type ${range.name}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'A range type the schema expects does not exist' },
    unexpected: { severity: 'warning', summary: 'A range type exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'A range type has another subtype, operator class, collation, functions or multirange name' },
  },
  create: (range, context) => [createStep(range, context)],
  // Before the functions it names and the operator class of its subtype (other-objects.ts), which it depends on.
  drop: (range, { names }) => [step(PHASES.dropUnused, `DROP TYPE ${names.qualified(range.name)};`, -3)],
  differences(expected, actual, context): Difference[] {
    const { names, actual: catalog } = context;
    if (describe(expected) === describe(actual)) return [];
    // PostgreSQL cannot alter a range type: it is dropped and created anew (with its comment), which only works
    // while nothing uses it.
    const user = userOf(actual, catalog, names);
    return [{
      code: 'mismatch',
      message: `range type ${expected.name} is ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: user
        ? { unsafe: `${user} uses this type, and PostgreSQL cannot change a range type: convert what uses it, create the type anew, convert back` }
        : [step(PHASES.types, `DROP TYPE ${names.qualified(actual.name)};`, 0), createStep(expected, context, 1), ...context.createChildren(rangeTypes.ref(expected))],
    }];
  },
};
