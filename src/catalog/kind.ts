/**
 * What a kind module provides. One module per kind of schema object (src/catalog/kinds/), each owning its
 * catalog query, its object shape (one zod schema: the TypeScript type, the lock's reader and writer), its
 * comparison, its finding codes and its fix SQL. Adding a kind is one module plus one line in registry.ts.
 */
import type * as z from 'zod';
import type { Catalog } from './registry.js';
import type { CodeInfo, Difference, FixStep, KindName, ObjectRef, RefKind } from './model.js';
import type { SqlNames } from './sql.js';

/** How a kind is read from pg_catalog in the snapshot transaction. */
export interface CatalogRead<T> {
  /**
   * One statement returning one row with one text column `data` holding a JSON array (one JSON value
   * parses far faster than many driver rows). `$SCHEMA` is replaced by the checked schema's oid. A function
   * receives the server's version number (e.g. 150004) for columns that newer servers have.
   */
  sql: string | ((serverVersion: number) => string);
  /**
   * A cheap SQL condition (`$SCHEMA` as in `sql`), true whenever `sql` can return a row: where it is false, the
   * kind is not read. Most schemas hold no objects of most kinds, and a fresh server process spends a few ms
   * planning each query. Write it as `sql`'s own filter with conditions left out, never a narrower one.
   */
  present?: string;
  /** The pg_catalog relations it reads: the role must be allowed to SELECT them (checked before reading). */
  catalogs: readonly string[];
  /** The pg_catalog functions it calls, likewise (EXECUTE). */
  functions?: readonly string[];
  /**
   * Turns the parsed rows into objects. Rows are arrays, in the query's column order; column names come
   * from `attributes` by attribute number (resolving them in SQL, per key, costs far more at scale).
   * `serverVersion` (e.g. 150004) is for text that servers print differently.
   */
  assemble(rows: unknown[][], attributes: AttributeNames, serverVersion: number): T[];
  /** The kind whose rows name every attribute of the schema's relations (columns): read before the others. */
  attributeNames?(rows: unknown[][]): AttributeNames;
  /** `assemble` returns the objects in their canonical order (else they are sorted by identity). */
  ordered?: boolean;
  /** Among the largest at scale (columns, indexes): read first on the two connections, so the others fill in around them. */
  heavy?: boolean;
  /** Read only when the comparison needs it (e.g. owners, off by default). */
  optional?: 'owners';
}

/** Attribute names of the schema's relations by table (or view) name and attribute number. */
export interface AttributeNames {
  name(table: string, attnum: number): string | undefined;
}

/** Names for a list of attribute numbers; an attribute the lookup does not know is a bug in a query. */
export function namesOf(attributes: AttributeNames, table: string, attnums: readonly number[]): string[] {
  return attnums.map((attnum) => {
    const name = attributes.name(table, attnum);
    if (name === undefined) throw new Error(`no attribute ${attnum} of ${table} was read`);
    return name;
  });
}

/** What a comparison can see: both catalogs whole (kinds look across kinds, e.g. enum users), and the wording. */
export interface CompareContext {
  schema: string;
  expected: Catalog;
  actual: Catalog;
  /** Words for the two sides: "the schema" and "the database", or two environments. */
  expectedLabel: string;
  actualLabel: string;
  /** Whether two default expressions of a column of `type` mean the same (see equivalence.ts). */
  sameDefault(type: string, expected: string, actual: string): boolean;
  /** Whether the server has a cast from one type (as format_type() prints it) to the other (see casts.ts). */
  castable(from: string, to: string): boolean;
  names: SqlNames;
  /**
   * The statements that create what the expected catalog hangs on `parent` (a view's indexes and grants,
   * a table's triggers...), for when the parent is created (again).
   */
  createChildren(parent: ObjectRef): FixStep[];
  /**
   * `kind.drop()` of an object of the actual side. It may have been retargeted to renamed tables; a statement
   * that runs before the tables are renamed (a policy dropped first) names them as read.
   */
  dropActual<T>(kind: CatalogKind<T>, object: T): FixStep[];
  /**
   * The renames: table renames from the start, the others as their kinds are compared. Kinds are compared in
   * registry order, so the actual objects of a kind compared later (foreign keys, seen from a key) are still
   * as read: a rename turns their names into the new ones.
   */
  renames: Renames;
  /** The oldest server of the comparison (server_version_num; Infinity when neither side says). */
  serverVersion: number;
}

export type Fix = FixStep[] | { unsafe: string };

export interface CatalogKind<T> {
  kind: KindName;
  /**
   * The object's shape: the TypeScript type, and the lock file's reader and writer. Built when first used
   * (z.lazy), as are the other schemas of what the check reads once it has begun connecting: a check whose lock
   * matches its database parses no object, and building every kind's schema took a tenth of its start.
   */
  object: z.ZodType<T>;
  read: CatalogRead<T>;
  /** The object's identity: matching, paths, locations. */
  ref(object: T): ObjectRef;
  /**
   * The object whose absence covers this one: a missing table's columns and indexes are created by the
   * table's fix and not reported one by one. Undefined for objects that stand alone.
   */
  parent?(object: T): ObjectRef | undefined;
  /** Created by its parent's own statement (columns inside CREATE TABLE): its create steps are not added. */
  createdWithParent?: boolean;
  /** Words for one object in messages, e.g. `unique index users_email_key on users`. */
  noun(object: T): string;
  /** A one-line description of the whole object (the expected/actual value of a missing/unexpected finding). */
  describe(object: T): string;
  /**
   * The message of a missing or unexpected object, where the usual "<noun> is missing from <actual>" and
   * "<noun> exists in <actual> but not in <expected>" read badly (a switch that is off, a set of grants).
   */
  absence?: {
    missing(object: T, context: CompareContext): string;
    unexpected(object: T, context: CompareContext): string;
  };
  /** Finding codes by suffix (`missing` becomes `<kind>.missing`); each kind declares those it reports. */
  codes: Record<string, CodeInfo>;
  create(object: T, context: CompareContext): FixStep[];
  /** Why no fix creates the object, where that is so (several statements make it, which only the migrations hold). */
  uncreatable?(object: T): string | undefined;
  drop(object: T, context: CompareContext): FixStep[];
  /** How two objects with the same identity differ (empty when they mean the same). */
  differences(expected: T, actual: T, context: CompareContext): Difference[];
  /** Pairs a missing object with an unexpected one of the same shape as a rename. */
  rename?: {
    /** Everything but the name (`catalog` is the object's own side, for its columns and the like). */
    shape(object: T, catalog: Catalog): string;
    sql(from: T, to: T, context: CompareContext): FixStep[];
    /**
     * The object holds rows (a table, a column): where more than one of a shape is missing or extra, so that a
     * rename cannot be told from a swap, they are not added and dropped (which loses the rows) but named.
     */
    keepsRows?: true;
  };
  /**
   * What an object `parent` of another kind needs from this kind once a fix creates it, beyond creating this
   * kind's children of it: a privilege PostgreSQL gives PUBLIC on every new function or type, which the schema
   * does not give.
   */
  createdWith?(parent: ObjectRef, context: CompareContext): FixStep[];
  /** Rewrites references to renamed tables, columns or types (so dependants compare after a rename). */
  retarget?(object: T, renames: Renames): T;
  /**
   * What of `objects` a server of `version` (server_version_num) can hold, for what newer servers added (a
   * privilege): both sides are cut to the oldest compared server's, since a lock written on 18 lists what
   * 15 cannot grant.
   */
  heldBy?(objects: T[], version: number): T[];
  /**
   * The role an object gives access to (a grant's grantee). The access of the role that read a catalog is how
   * the check was run, not drift, unless the other side gives that role access too (see withoutReaderAccess).
   */
  grantee?(object: T): string;
}

/** Renames found so far, applied to the actual side before later kinds are compared. */
export interface Renames {
  /** Whether any rename is recorded: until one is, retargeting changes nothing and is skipped. */
  readonly any: boolean;
  /** Table (or view) old name -> new name. */
  table(name: string): string;
  /** Table (or view) new name -> old name: for a statement that runs before the rename. */
  tableAsRead(name: string): string;
  /** Column old name -> new name within a (new-named) table. */
  column(table: string, name: string): string;
  /** Type old name -> new name (a type name as format_type prints it, arrays included). */
  type(name: string): string;
  /** Type old name -> new name, as the catalog names the type itself (unquoted). */
  typeName(name: string): string;
  /** Renamed types and tables (a table's row type) in a list of types: a routine's argument types. */
  typesIn(list: string): string;
  /** Identifiers inside a deparsed expression of `table`, rewritten token by token. */
  expression(table: string, text: string): string;
  /** An index, key or constraint old name -> new name, by its kind and (new-named) table. */
  tableObject(kind: RefKind, table: string, name: string): string;
}

/** No renames (a comparison that pairs none: the spec contract's). */
export const NO_RENAMES: Renames = {
  any: false,
  table: (name) => name,
  tableAsRead: (name) => name,
  column: (_table, name) => name,
  type: (name) => name,
  typeName: (name) => name,
  typesIn: (text) => text,
  expression: (_table, text) => text,
  tableObject: (_kind, _table, name) => name,
};

/** A kind with its object type erased, as the registry and the generic driver hold it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyKind = CatalogKind<any>;

/** `kind.create()` of an expected object, with what the schema hangs on it (its comment, grants, tablespace, owner). */
export function createWithChildren<T>(kind: CatalogKind<T>, object: T, context: CompareContext): FixStep[] {
  return [...kind.create(object, context), ...context.createChildren(kind.ref(object))];
}

/**
 * A fix that drops `actual` (by `drop`, when the kind's own drop runs in the wrong phase for it) and creates
 * `expected` with what the schema hangs on it, which the drop takes away.
 */
export function rebuild<T>(kind: CatalogKind<T>, actual: T, expected: T, context: CompareContext, drop = context.dropActual(kind, actual)): FixStep[] {
  return [...drop, ...createWithChildren(kind, expected, context)];
}

/**
 * Rebuilds the objects of a kind compared later that hang on what a fix rebuilds (the foreign keys onto a key,
 * the policies that name a column): the actual ones that `matches`, still as read, are matched under renamed
 * names and dropped as read; the expected ones are created again with what hangs on them.
 */
export function rebuildLater<T>(kind: CatalogKind<T>, of: (catalog: Catalog) => T[], matches: (object: T) => boolean, context: CompareContext): FixStep[] {
  return [
    ...of(context.actual).filter((object) => matches(kind.retarget && context.renames.any ? kind.retarget(object, context.renames) : object)).flatMap((object) => kind.drop(object, context)),
    ...of(context.expected).filter(matches).flatMap((object) => createWithChildren(kind, object, context)),
  ];
}
