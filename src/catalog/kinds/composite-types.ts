/** Composite types (CREATE TYPE ... AS (...)): their attributes, types and collations, in order. */
import * as z from 'zod';
import type { CatalogKind } from '../kind.js';
import { PHASES, step, type Difference, type FixStep } from '../model.js';
import { notExtensionMember } from '../sql.js';
import type { Catalog } from '../registry.js';
import { columnsOfType, normaliseType } from '../types.js';
import { relationsOnlyIn } from '../users.js';

const attributeObject = z.lazy(() => z.object({ name: z.string(), type: z.string(), collation: z.string().nullable() }));
const compositeObject = z.lazy(() => z.object({ name: z.string(), attributes: z.array(attributeObject) }));
export type CompositeType = z.infer<typeof compositeObject>;
type Attribute = z.infer<typeof attributeObject>;

const attribute = (entry: Attribute, ident: (name: string) => string) => `${ident(entry.name)} ${entry.type}${entry.collation ? ` COLLATE ${ident(entry.collation)}` : ''}`;
/** Whether an attribute of `type` (of `catalog`) takes the row type of a table that `other` lacks. */
const onTableOnlyIn = (type: CompositeType, catalog: Catalog, other: Catalog) => relationsOnlyIn(catalog, other, type.attributes.map((entry) => entry.type)).tables.length > 0;

/**
 * The composite types of `catalog` that take the row type of a table `other` lacks: with `catalog` the expected
 * one, those the fix creates after the tables' columns; with `catalog` the database, those it drops before the
 * table. What takes them (a routine) follows them.
 */
export const typesOnTablesOnlyIn = (catalog: Catalog, other: Catalog): string[] =>
  catalog.compositeTypes.filter((type) => onTableOnlyIn(type, catalog, other)).map((type) => type.name);
const describe = (type: CompositeType) => `(${type.attributes.map((entry) => attribute(entry, (name) => name)).join(', ')})`;

export const compositeTypes: CatalogKind<CompositeType> = {
  kind: 'composite_type',
  object: compositeObject,
  read: {
    sql: `
      SELECT coalesce(json_agg(json_build_array(t.typname,
               ARRAY(SELECT json_build_array(a.attname, format_type(a.atttypid, a.atttypmod),
                              CASE WHEN a.attcollation NOT IN (0, 100) THEN (SELECT l.collname FROM pg_collation l WHERE l.oid = a.attcollation) END)
                       FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum))), '[]')::text AS data
        FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid
       WHERE t.typnamespace = $SCHEMA AND t.typtype = 'c' AND c.relkind = 'c' AND ${notExtensionMember('pg_type', 't.oid')}`,
    // A composite type's relation is always in the type's schema (they are created and moved together): one
    // scan of pg_class, not a join with every table's row type (10,000 tables: 15 ms).
    present: `EXISTS (SELECT FROM pg_class c WHERE c.relnamespace = $SCHEMA AND c.relkind = 'c')`,
    catalogs: ['pg_type', 'pg_class', 'pg_attribute', 'pg_collation', 'pg_depend'],
    functions: ['format_type'],
    assemble: (rows) =>
      rows.map(([name, attributes]) => ({
        name: name as string,
        attributes: (attributes as Array<[string, string, string | null]>).map(([attributeName, type, collation]) => ({ name: attributeName, type: normaliseType(type), collation })),
      })),
  },
  ref: (type) => ({ kind: 'composite_type', name: type.name }),
  noun: (type) => `composite type ${type.name}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'A composite type the schema expects does not exist' },
    unexpected: { severity: 'warning', summary: 'A composite type exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'A composite type has other attributes, types or collations' },
  },
  // An attribute of the row type of a table the fix creates needs the table: the type comes after the tables'
  // columns (before the routines of that phase, which may take it); of a table the fix drops, it goes before it.
  create: (type, { names, expected, actual }) => {
    const sql = `CREATE TYPE ${names.qualified(type.name)} AS (${type.attributes.map((entry) => attribute(entry, (name) => names.ident(name))).join(', ')});`;
    return [onTableOnlyIn(type, expected, actual) ? step(PHASES.routinesOnTables, sql, -1) : step(PHASES.types, sql)];
  },
  drop: (type, { names, actual, expected }) => {
    const sql = `DROP TYPE ${names.qualified(type.name)};`;
    // After the views and routines dropped there, which may take it.
    return [onTableOnlyIn(type, actual, expected) ? step(PHASES.dropDependants, sql, 1) : step(PHASES.dropUnused, sql)];
  },
  differences(expected, actual, { names, actual: catalog }): Difference[] {
    if (describe(expected) === describe(actual)) return [];
    const had = new Map(actual.attributes.map((entry) => [entry.name, entry]));
    const wanted = new Set(expected.attributes.map((entry) => entry.name));
    const alter = (rest: string) => step(PHASES.types, `ALTER TYPE ${names.qualified(expected.name)} ${rest};`);
    const steps: FixStep[] = [
      ...actual.attributes.filter((entry) => !wanted.has(entry.name)).map((entry) => alter(`DROP ATTRIBUTE ${names.ident(entry.name)}`)),
      ...expected.attributes.flatMap((entry) => {
        const found = had.get(entry.name);
        if (!found) return [alter(`ADD ATTRIBUTE ${attribute(entry, (name) => names.ident(name))}`)];
        if (found.type !== entry.type || found.collation !== entry.collation) {
          return [alter(`ALTER ATTRIBUTE ${names.ident(entry.name)} TYPE ${entry.type}${entry.collation ? ` COLLATE ${names.ident(entry.collation)}` : ''}`)];
        }
        return [];
      }),
    ];
    // ADD ATTRIBUTE appends: the fix gives the kept attributes in their order, then the added ones.
    const kept = actual.attributes.filter((entry) => wanted.has(entry.name)).map((entry) => entry.name);
    const added = expected.attributes.filter((entry) => !had.has(entry.name)).map((entry) => entry.name);
    const reachable = [...kept, ...added].join() === expected.attributes.map((entry) => entry.name).join();
    // ALTER ATTRIBUTE ... TYPE is refused while a table column has the type.
    const retyped = expected.attributes.some((entry) => had.has(entry.name) && had.get(entry.name)!.type !== entry.type);
    // As format_type() prints the type, which columns and typed tables name it by.
    const typeName = names.ident(expected.name);
    const usedBy = columnsOfType(catalog.columns, typeName)[0]?.column;
    // ALTER TYPE ... ATTRIBUTE is refused while a typed table (CREATE TABLE ... OF) has the type.
    const typed = catalog.tables.find((table) => table.ofType === typeName);
    const unsafe = !reachable
      ? `PostgreSQL cannot reorder a composite type's attributes or add one before others: create ${expected.name} anew`
      : typed
        ? `table ${typed.name} is of this type, so PostgreSQL will not alter it: free the table (ALTER TABLE ... NOT OF), alter the type and the table's columns alike, bind it again (OF)`
        : retyped && usedBy
          ? `column ${usedBy.table}.${usedBy.name} has this type, so PostgreSQL will not change an attribute's type: convert the column, alter the type, convert back`
          : undefined;
    return [{
      code: 'mismatch',
      message: `composite type ${expected.name} is ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: unsafe ? { unsafe } : steps,
    }];
  },
};
