/**
 * The shared vocabulary of the catalog: how an object is referred to, how a kind module is shaped, and
 * the statements a fix is made of. Every kind of schema object (src/catalog/kinds/) implements CatalogKind.
 */
import * as z from 'zod';
import type { Severity } from '../findings/finding.js';

/** The kinds of schema object aiforce-db reads and compares, in the order parents come before children. */
export const KIND_NAMES = [
  'extension',
  'collation',
  'text_search_dictionary',
  'text_search_configuration',
  'enum',
  'domain',
  'composite_type',
  'range_type',
  'other_object',
  'sequence',
  'function',
  'aggregate',
  'operator',
  'cast',
  'table',
  'column',
  'primary_key',
  'constraint',
  'index',
  'statistics',
  'foreign_key',
  'view',
  'trigger',
  'event_trigger',
  'rule',
  'row_security',
  'policy',
  'publication',
  'privilege',
  'default_privilege',
  'comment',
  'tablespace',
  'owner',
] as const;
export type KindName = (typeof KIND_NAMES)[number];

/** What a reference can point at: a kind's object, or the checked schema itself (its grants, comment, owner). */
export const REF_KINDS = [...KIND_NAMES, 'schema'] as const;
export type RefKind = (typeof REF_KINDS)[number];

/**
 * A structured reference to one object of the checked schema: what reports print as its path, what the
 * schema.prisma and migration lookups use, and what comments, grants and owners point at. Never parsed back
 * from a string.
 */
export const objectRefSchema = z.lazy(() => z.object({
  kind: z.enum(REF_KINDS),
  /** The table (or view) the object belongs to, for table-scoped objects. */
  table: z.string().optional(),
  /** The object's own name: a table, a column, an index, a type, a function's name with its argument types. */
  name: z.string(),
  /** A part of the object: an enum value, a grantee. */
  member: z.string().optional(),
  /** For a grant, comment or owner: the kind of object it is about (table, name and member are that object's). */
  on: z.enum(REF_KINDS).optional(),
}));
export type ObjectRef = z.infer<typeof objectRefSchema>;

/** The object a grant, comment or owner is about. */
export function targetOf(ref: ObjectRef): ObjectRef | undefined {
  if (!ref.on) return undefined;
  return { kind: ref.on, name: ref.name, ...(ref.table !== undefined ? { table: ref.table } : {}) };
}

/** The kinds whose objects are named on their own (not inside a table): what a single-name pattern may name. */
export const TOP_LEVEL_KINDS: ReadonlySet<KindName> = new Set(['table', 'view', 'sequence', 'enum', 'domain', 'composite_type', 'range_type', 'function', 'aggregate', 'collation', 'extension', 'publication']);

/** A stable key for a reference (maps, sets, sorting). */
export function refKey(ref: ObjectRef): string {
  // A template, not an array join: this runs for every object of both catalogs.
  return `${ref.kind}\u0000${ref.on ?? ''}\u0000${ref.table ?? ''}\u0000${ref.name}\u0000${ref.member ?? ''}`;
}

const ABOUT: Partial<Record<RefKind, (ref: ObjectRef) => string>> = {
  privilege: (ref) => `[grant to ${ref.member}]`,
  default_privilege: (ref) => `[default grant on ${ref.name} to ${ref.member}]`,
  comment: () => '[comment]',
  owner: () => '[owner]',
  tablespace: () => '[tablespace]',
};

/**
 * The path reports print: `schema.table.column`, `schema.type.value`, `schema.table[grant to role]`. A
 * segment that holds a dot, a quote, a bracket or white space is double-quoted (SQL style), so a path names
 * exactly one object.
 */
export function refPath(schema: string, ref: ObjectRef): string {
  const about = ABOUT[ref.kind];
  if (about) {
    const target = targetOf(ref)!;
    return `${target.kind === 'schema' ? pathSegment(schema) : refPath(schema, target)}${about(ref)}`;
  }
  return [schema, ref.table, ref.name, ref.member].filter((part): part is string => part !== undefined).map(pathSegment).join('.');
}

function pathSegment(name: string): string {
  return /^[^."[\]\s]+$/u.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/**
 * When a fix statement runs, so that a script converges: drops of dependants (and stray event triggers) first,
 * then types, functions, tables, columns, keys, dependants again, privileges and comments, the drops of what
 * nothing uses any more, then the event triggers created or enabled, and last the rows the spec requires.
 */
export const PHASES = {
  /** With them, what takes a table off a parent or type (NO INHERIT, DETACH PARTITION, NOT OF): it may be dropped next; first of all, stray event triggers dropped or disabled. */
  dropDependants: 10,
  dropForeignKeys: 15,
  dropKeys: 20,
  dropTables: 25,
  extensions: 30,
  types: 35,
  sequences: 40,
  functions: 45,
  /** A domain's DEFAULT and CHECK constraints, which may call the schema's functions or sequences. */
  domainRules: 47,
  tables: 50,
  columns: 55,
  /** What PostgreSQL resolves against tables when it creates it: a routine on a table's row type or with a BEGIN ATOMIC body, a composite type with an attribute of one. */
  routinesOnTables: 57,
  keys: 60,
  foreignKeys: 65,
  views: 70,
  dependants: 75,
  privileges: 80,
  comments: 85,
  dropUnused: 90,
  /** Event triggers created or enabled: after every other DDL of the fix, so that they do not fire on it. */
  eventTriggers: 92,
  /** Rows the spec requires (`--data`), once the schema is right. */
  data: 95,
} as const;
export type Phase = (typeof PHASES)[keyof typeof PHASES];

/** One statement of a fix and the phase it runs in. `order` breaks ties inside a phase (e.g. views on views). */
export interface FixStep {
  phase: Phase;
  sql: string;
  order?: number;
}

export const step = (phase: Phase, sql: string, order?: number): FixStep => (order === undefined ? { phase, sql } : { phase, sql, order });

/** A statement on what a view's or table's row type carries: after every view the fix creates (views are ordered by depth). */
export const afterViews = (sql: string): FixStep => step(PHASES.views, sql, Number.MAX_SAFE_INTEGER);

/** A finding code's meaning: its default severity and one-line summary (README table, SARIF rules). */
export interface CodeInfo {
  severity: Severity;
  summary: string;
}

/** One way two versions of an object differ, as a kind reports it. */
export interface Difference {
  /** The code's suffix within the kind, e.g. `type_mismatch`. */
  code: string;
  message: string;
  expected: string | null;
  actual: string | null;
  /** The statements that resolve it, or a sentence saying why no safe fix exists. */
  fix: FixStep[] | { unsafe: string };
  /** The part of the object it concerns (an enum value), which becomes the last segment of its path. */
  member?: string;
}
