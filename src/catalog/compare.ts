/**
 * Compares two catalogs kind by kind, through the one generic matcher (pure and linear). What each kind
 * contributes (identity, differences, fix SQL) lives in its module; this file only drives them:
 * - a missing or extra object covers its children (a missing table's indexes are created by its fix, an
 *   extra table's are dropped with it), so each problem is reported once;
 * - a missing and an extra object of the same shape are a rename, and the objects that hang on the renamed
 *   one (its columns, keys, grants) are compared under the new name.
 */
import { readableIdent } from '../database/quote.js';
import { byPathAndCode, codeInfo, type Finding } from '../findings/finding.js';
import { createWithChildren, type AnyKind, type CatalogKind, type CompareContext, type Renames } from './kind.js';
import { matchByName, pairRenames, type RenameMatch } from './match.js';
import { PHASES, refKey, refPath, type Difference, type FixStep, type ObjectRef, type RefKind } from './model.js';
import { emptyCatalog, KIND_ENTRIES, KINDS, type Catalog, type KindKey } from './registry.js';
import { rewriteIdentifiers, splitList, SqlNames } from './sql.js';

export interface CompareOptions {
  /** The PostgreSQL schema the actual catalog was read from; it prefixes every path and qualifies the SQL. */
  schema: string;
  /** Words for the two sides in messages: "the schema" vs "the database", or two environment names. */
  expectedLabel?: string;
  actualLabel?: string;
  /** Whether two differently written defaults of a column mean the same (equivalence.ts); default: never. */
  sameDefault?: CompareContext['sameDefault'];
  /** Whether a cast leads from one type to another (casts.ts); default: always. */
  castable?: CompareContext['castable'];
  /** Kinds left out of the comparison (owners, unless the config turns them on). */
  skip?: ReadonlySet<KindKey>;
  /** The oldest server compared (server_version_num): both sides are cut to what it can hold (CatalogKind.heldBy). */
  serverVersion?: number;
  /** The roles that read each side from a database (none for a lock): see withoutReaderAccess. */
  readers?: { expected?: string; actual?: string };
}

/** The kinds that add to a freshly created object of another kind (CatalogKind.createdWith). */
const CREATED_WITH = (KIND_ENTRIES as Array<[KindKey, AnyKind]>).flatMap(([, kind]) => (kind.createdWith ? [kind] : []));

/** `catalog` as a server of `version` can hold it (see CatalogKind.heldBy). */
function heldBy(catalog: Catalog, version: number | undefined): Catalog {
  if (version === undefined) return catalog;
  const held = { ...catalog } as Record<KindKey, unknown[]>;
  for (const [key, kind] of KIND_ENTRIES as Array<[KindKey, AnyKind]>) if (kind.heldBy) held[key] = kind.heldBy(catalog[key], version);
  return held as Catalog;
}

/**
 * `catalog` without the access it gives `reader`, the role that read it, where `other` gives that role none: a
 * role that only reads for the check (granted SELECT to do so) is not drift, while the application's own role,
 * which the schema grants to, is compared whoever runs the check.
 */
export function withoutReaderAccess(catalog: Catalog, other: Catalog, reader: string | undefined): Catalog {
  let kept: Record<KindKey, unknown[]> | undefined;
  for (const [key, kind] of KIND_ENTRIES as Array<[KindKey, AnyKind]>) {
    const grantee = kind.grantee;
    if (reader === undefined || !grantee || !catalog[key].some((object) => grantee(object) === reader)) continue;
    if (other[key].some((object) => grantee(object) === reader)) continue;
    kept ??= { ...catalog };
    kept[key] = catalog[key].filter((object) => grantee(object) !== reader);
  }
  return (kept as Catalog | undefined) ?? catalog;
}

/** Tables and views share one namespace: a reference to either covers the other's children. */
const coverKey = (ref: ObjectRef) => refKey(ref.kind === 'view' ? { ...ref, kind: 'table' } : ref);

/** The table a finding belongs to (reports group by it), when it belongs to one. */
function tableOf(ref: ObjectRef): string | undefined {
  if (ref.on) return ref.table ?? (ref.on === 'table' || ref.on === 'view' ? ref.name : undefined);
  return ref.table ?? (ref.kind === 'table' || ref.kind === 'view' ? ref.name : undefined);
}

const unsafeLine = (reason: string) => `-- no safe automatic fix: ${reason}`;
const sqlText = (steps: readonly FixStep[]) => steps.map((fix) => fix.sql).join('\n');

/**
 * The renames of one comparison. Objects are matched by name before renames are paired, so an old name is never
 * another rename's new name: mapping a name that is already new changes nothing.
 */
class RenameBook implements Renames {
  readonly tables = new Map<string, string>();
  /** New name -> old, for tableAsRead. */
  readonly tablesAsRead = new Map<string, string>();
  readonly columns = new Map<string, string>();
  /** Types by their own (unquoted) name. */
  readonly typeNames = new Map<string, string>();
  /** Indexes, keys and constraints by kind, table and name. */
  readonly tableObjects = new Map<string, string>();

  get any(): boolean {
    return this.tables.size + this.columns.size + this.typeNames.size + this.tableObjects.size > 0;
  }

  table = (name: string) => this.tables.get(name) ?? name;
  tableAsRead = (name: string) => this.tablesAsRead.get(name) ?? name;
  column = (table: string, name: string) => this.columns.get(`${table}\u0000${name}`) ?? name;
  /**
   * A column's type as format_type() prints it: the name quoted where it needs to be, then any array brackets.
   * `rows`: a table's row type follows the table's rename too.
   */
  type = (printed: string, rows = false) => {
    const array = printed.endsWith('[]') ? printed.slice(printed.indexOf('[')) : '';
    const base = printed.slice(0, printed.length - array.length);
    const name = base.startsWith('"') ? base.slice(1, -1).replaceAll('""', '"') : base;
    const renamed = this.typeNames.get(name) ?? (rows ? this.tables.get(name) : undefined);
    return renamed === undefined ? printed : `${readableIdent(renamed)}${array}`;
  };
  typeName = (name: string) => this.typeNames.get(name) ?? name;
  typesIn = (list: string) => (this.typeNames.size + this.tables.size ? splitList(list).map((entry) => this.type(entry, true)).join(', ') : list);
  expression = (table: string, text: string) => (this.columns.size ? rewriteIdentifiers(text, (word) => this.column(table, word)) : text);
  tableObject = (kind: RefKind, table: string, name: string) => this.tableObjects.get(`${kind}\u0000${table}\u0000${name}`) ?? name;
}

/** Every mismatch between the expected catalog and the actual one, sorted by path. */
export function compareCatalogs(expectedInput: Catalog, actualInput: Catalog, options: CompareOptions): Finding[] {
  const { schema } = options;
  const renames = new RenameBook();
  // A kind not compared is left out of both sides, so no fix creates its objects either (a lock's owners).
  // One role that read both sides (--against): its access on either is how the check was run.
  const readers = options.readers ?? {};
  const [expectedOther, actualOther] = readers.expected !== undefined && readers.expected === readers.actual ? [emptyCatalog(), emptyCatalog()] : [actualInput, expectedInput];
  const expected = withoutKinds(heldBy(withoutReaderAccess(expectedInput, expectedOther, readers.expected), options.serverVersion), options.skip);
  const actual = withoutKinds(heldBy(withoutReaderAccess(actualInput, actualOther, readers.actual), options.serverVersion), options.skip);
  const expectedLabel = options.expectedLabel ?? 'the schema';
  const actualLabel = options.actualLabel ?? 'the database';
  // Only a missing object needs its children (to create them): most runs never build this.
  let children: Map<string, Array<[AnyKind, unknown]>> | undefined;
  const context: CompareContext = {
    schema,
    serverVersion: options.serverVersion ?? Infinity,
    expected,
    actual,
    expectedLabel,
    actualLabel,
    sameDefault: options.sameDefault ?? (() => false),
    castable: options.castable ?? (() => true),
    names: new SqlNames(schema),
    createChildren: (parent) => createChildren(parent),
    dropActual<T>(kind: CatalogKind<T>, object: T): FixStep[] {
      const steps = kind.drop(object, context);
      const read = asRead.get(object as object) as T | undefined;
      if (read === undefined) return steps;
      const asWas = kind.drop(read, context);
      return steps.map((step, at) => (step.phase < PHASES.tables && asWas[at] ? asWas[at] : step));
    },
    renames,
  };
  /** Actual objects retargeted to renamed tables (or columns, types), and each as read. */
  const asRead = new WeakMap<object, unknown>();
  const retargeted = (kind: AnyKind, object: unknown): unknown => {
    const result = kind.retarget!(object, renames);
    if (result !== object) asRead.set(result as object, asRead.get(object as object) ?? object);
    return result;
  };
  // Table renames are known from the start (they are reported in the tables' turn): a kind compared before
  // tables, an enum converting the columns that use it, must find what hangs on a renamed table's columns.
  // Again until none is new: a partition or child renamed with its parent pairs once the parent's rename is known.
  for (let known = -1; renames.tables.size > known; ) {
    known = renames.tables.size;
    const read = known ? actual.tables.map((table) => KINDS.tables.retarget!(table, renames)) : actual.tables;
    const tableMatch = matchByName(expected.tables, read, (table) => refKey(KINDS.tables.ref(table)));
    for (const [from, to] of renameMatch(KINDS.tables, tableMatch.missing, tableMatch.unexpected, expected, actual).pairs) recordRename(KINDS.tables, from, to, renames);
  }
  const findings: Finding[] = [];
  /** Objects on one side only, each with the side, so their children are covered rather than reported. */
  const absent = new Map<string, 'missing' | 'unexpected'>();

  function createChildren(parent: ObjectRef): FixStep[] {
    children ??= childrenIndex(expected);
    return [
      ...(children.get(coverKey(parent)) ?? []).flatMap(([kind, object]) => [
        ...(kind.createdWithParent ? [] : kind.create(object, context)),
        ...createChildren(kind.ref(object)),
      ]),
      ...CREATED_WITH.flatMap((kind) => kind.createdWith!(parent, context)),
    ];
  }

  const report = (kind: AnyKind, objectRef: ObjectRef, difference: Difference) => {
    const code = `${kind.kind}.${difference.code}`;
    const ref = difference.member === undefined ? objectRef : { ...objectRef, member: difference.member };
    const steps = Array.isArray(difference.fix) ? difference.fix : [];
    const table = tableOf(ref);
    findings.push({
      code,
      severity: codeInfo(code).severity,
      path: refPath(schema, ref),
      object: ref,
      ...(table !== undefined ? { table } : {}),
      message: difference.message,
      expected: difference.expected,
      actual: difference.actual,
      fix: Array.isArray(difference.fix) ? sqlText(steps) : unsafeLine(difference.fix.unsafe),
      fixSteps: steps,
    });
  };

  for (const [key, kind] of KIND_ENTRIES as Array<[KindKey, AnyKind]>) {
    // Without a rename, retargeting changes nothing (the objects are already in their read order and form).
    if (kind.retarget && renames.any) (actual as Record<KindKey, unknown[]>)[key] = actual[key].map((object: unknown) => retargeted(kind, object));
    const identity = (object: unknown) => refKey(kind.ref(object));
    const matched = matchByName<unknown>(expected[key], actual[key], identity);

    const { pairs, ambiguous } = renameMatch(kind, matched.missing, matched.unexpected, expected, actual);
    // Only where dropping loses rows: an index or a constraint is as good added and dropped.
    const byHand = (object: unknown, side: 'missing' | 'unexpected') => {
      const others = kind.rename?.keepsRows ? ambiguous.get(object) : undefined;
      return others && renameByHand(kind, object, others, side);
    };
    if (kind.rename) {
      for (const [from, to] of pairs) {
        recordRename(kind, from, to, renames);
        matched.missing.splice(matched.missing.indexOf(to), 1);
        matched.unexpected.splice(matched.unexpected.indexOf(from), 1);
        report(kind, kind.ref(to), {
          code: 'renamed',
          message: `${kind.noun(to)} is named ${kind.ref(from).name} in ${actualLabel}`,
          expected: kind.ref(to).name,
          actual: kind.ref(from).name,
          fix: kind.rename.sql(from, to, context),
        });
        const renamed = kind.retarget ? retargeted(kind, from) : from;
        for (const difference of kind.differences(to, renamed, context)) report(kind, kind.ref(to), difference);
      }
      // Objects of this kind that refer to a renamed one (a child table to its parent) compare under the new name.
      if (pairs.length && kind.retarget) {
        (actual as Record<KindKey, unknown[]>)[key] = actual[key].map((object: unknown) => retargeted(kind, object));
        matched.both = matched.both.map(([wanted, found]) => [wanted, retargeted(kind, found)]);
      }
    }

    // A kind without missing/unexpected codes (owners) describes objects of other kinds: those report them.
    for (const object of matched.missing) {
      const ref = kind.ref(object);
      const parent = kind.parent?.(object);
      absent.set(coverKey(ref), 'missing');
      if ((parent && absent.get(coverKey(parent)) === 'missing') || !kind.codes.missing) continue;
      report(kind, ref, {
        code: 'missing',
        message: kind.absence?.missing(object, context) ?? `${kind.noun(object)} is missing from ${actualLabel}`,
        expected: kind.describe(object),
        actual: null,
        fix: byHand(object, 'missing') ?? uncreatableFix(kind, object) ?? createWithChildren(kind, object, context),
      });
    }
    for (const object of matched.unexpected) {
      const ref = kind.ref(object);
      const parent = kind.parent?.(object);
      absent.set(coverKey(ref), 'unexpected');
      if ((parent && absent.get(coverKey(parent)) === 'unexpected') || !kind.codes.unexpected) continue;
      report(kind, ref, {
        code: 'unexpected',
        message: kind.absence?.unexpected(object, context) ?? `${kind.noun(object)} exists in ${actualLabel} but not in ${expectedLabel}`,
        expected: null,
        actual: kind.describe(object),
        fix: byHand(object, 'unexpected') ?? context.dropActual(kind, object),
      });
    }
    for (const [wanted, found] of matched.both) {
      // One object on both sides (shared by a lock read against the database) differs in nothing.
      if (wanted === found) continue;
      for (const difference of kind.differences(wanted, found, context)) report(kind, kind.ref(wanted), difference);
    }
  }
  return findings.sort(byPathAndCode);
}

/** The missing and unexpected objects of a kind that are one object renamed, by shape (see pairRenames). */
function renameMatch<T>(kind: CatalogKind<T>, missing: T[], unexpected: T[], expected: Catalog, actual: Catalog): RenameMatch<T> {
  if (!kind.rename) return { pairs: [], ambiguous: new Map() };
  const { shape } = kind.rename;
  return pairRenames(missing, unexpected, (object) => shape(object, expected), (object) => shape(object, actual));
}

/** A kind's reason why no fix creates `object`, as the fix of its missing finding. */
function uncreatableFix(kind: AnyKind, object: unknown): { unsafe: string } | undefined {
  const reason = kind.uncreatable?.(object);
  return reason === undefined ? undefined : { unsafe: reason };
}

/**
 * The fix of a missing or unexpected object that holds rows and may be one of `others` renamed: adding and
 * dropping would lose its rows, renaming in a guessed pairing could swap them.
 */
function renameByHand(kind: AnyKind, object: unknown, others: readonly unknown[], side: 'missing' | 'unexpected'): { unsafe: string } {
  const names = others.map((other) => kind.ref(other).name);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0]!;
  const rest = side === 'missing' ? 'rename the one that it is, by hand, then run the fix again' : 'rename it by hand if it is one, else drop it, then run the fix again';
  return { unsafe: `${kind.noun(object)} may be ${list} renamed, and more than one pairing of its shape fits: ${rest}` };
}

function recordRename(kind: AnyKind, from: unknown, to: unknown, renames: RenameBook): void {
  const [old, renamed] = [kind.ref(from), kind.ref(to)];
  if (kind.kind === 'table') {
    renames.tables.set(old.name, renamed.name);
    renames.tablesAsRead.set(renamed.name, old.name);
  } else if (kind.kind === 'column') renames.columns.set(`${renamed.table}\u0000${old.name}`, renamed.name);
  else if (kind.kind === 'enum') renames.typeNames.set(old.name, renamed.name);
  // What hangs on them (a comment, a tablespace) is compared under the new name.
  else if (renamed.table !== undefined) renames.tableObjects.set(`${kind.kind}\u0000${renamed.table}\u0000${old.name}`, renamed.name);
}

/** `catalog` with the kinds of `skip` emptied (a copy, whose kinds can be replaced). */
const withoutKinds = (catalog: Catalog, skip: ReadonlySet<KindKey> | undefined): Catalog => ({ ...catalog, ...Object.fromEntries([...(skip ?? [])].map((key) => [key, []])) });

/** The expected objects by the parent that covers them. */
function childrenIndex(catalog: Catalog): Map<string, Array<[AnyKind, unknown]>> {
  const index = new Map<string, Array<[AnyKind, unknown]>>();
  for (const [key, kind] of KIND_ENTRIES as Array<[KindKey, AnyKind]>) {
    if (!kind.parent) continue;
    for (const object of catalog[key] as unknown[]) {
      const parent = kind.parent(object);
      if (!parent) continue;
      const list = index.get(coverKey(parent));
      if (list) list.push([kind, object]);
      else index.set(coverKey(parent), [[kind, object]]);
    }
  }
  return index;
}
