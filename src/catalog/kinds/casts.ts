/**
 * Casts (CREATE CAST) that are the schema's: from or to one of its types, or made by one of its functions.
 * pg_cast belongs to the database, but such a cast comes and goes with the schema's migrations, and pg_dump
 * writes it. A cast is its source and target type; compared are how it converts (a function, the types' text
 * forms, or nothing: binary coercible) and where it applies by itself (explicitly only, in assignments, or
 * implicitly). A changed cast is dropped and created again: no ALTER CAST exists.
 */
import * as z from 'zod';
import type { CatalogKind, CompareContext } from '../kind.js';
import { afterViews, PHASES, step, type Difference, type FixStep } from '../model.js';
import { notExtensionMember, notInternalPart } from '../sql.js';

const castObject = z.lazy(() => z.object({
  /** The source and target types, as format_type() prints them (unqualified when they are the schema's or pg_catalog's). */
  source: z.string(),
  target: z.string(),
  /** `function`: the function's signature (`to_color(text)`); `inout`: through the types' text forms; `binary`: none. */
  method: z.union([z.object({ function: z.string() }), z.enum(['inout', 'binary'])]),
  context: z.enum(['explicit', 'assignment', 'implicit']),
}));
export type Cast = z.infer<typeof castObject>;

type CastRow = [source: string, target: string, method: string, fn: string | null, context: string];

const CONTEXTS = { e: 'explicit', a: 'assignment', i: 'implicit' } as const;

/** `(text AS color)`: a cast's identity, as DROP CAST and PostgreSQL's own object descriptions write it. */
const signature = (cast: Cast) => `(${cast.source} AS ${cast.target})`;

const methodClause = (cast: Cast) =>
  typeof cast.method === 'object' ? `WITH FUNCTION ${cast.method.function}` : cast.method === 'inout' ? 'WITH INOUT' : 'WITHOUT FUNCTION';
const contextClause = (cast: Cast) => (cast.context === 'explicit' ? '' : ` AS ${cast.context.toUpperCase()}`);
const describe = (cast: Cast) => `${methodClause(cast)}${contextClause(cast)}`;

/**
 * After the types and functions it names (its own order in their phase), or, on a table's or view's row type,
 * after the views; dropped first, before them.
 */
function create(cast: Cast, { expected, names }: CompareContext): FixStep {
  const sql = `CREATE CAST ${signature(cast)} ${describe(cast)};`;
  // Its types as format_type() prints them: a row type's name quoted where it must be ("Team").
  const relation = (type: string) => [...expected.tables, ...expected.views].some((relation) => names.ident(relation.name) === type);
  return relation(cast.source) || relation(cast.target) ? afterViews(sql) : step(PHASES.functions, sql, 10);
}
const drop = (cast: Cast): FixStep => step(PHASES.dropDependants, `DROP CAST IF EXISTS ${signature(cast)};`);

export const casts: CatalogKind<Cast> = {
  kind: 'cast',
  object: castObject,
  read: {
    // User casts only (oid >= 16384, as every object made after initdb): the built-in ones are the server's; a
    // range type's cast to its multirange is part of the type.
    sql: `
      SELECT coalesce(json_agg(json_build_array(format_type(c.castsource, NULL), format_type(c.casttarget, NULL), c.castmethod,
               CASE WHEN c.castfunc <> 0 THEN c.castfunc::regprocedure::text END, c.castcontext)), '[]')::text AS data
        FROM pg_cast c
       WHERE c.oid >= 16384 AND ${notExtensionMember('pg_cast', 'c.oid')} AND ${notInternalPart('pg_cast', 'c.oid')}
         AND (EXISTS (SELECT FROM pg_type t WHERE t.oid IN (c.castsource, c.casttarget) AND t.typnamespace = $SCHEMA)
           OR EXISTS (SELECT FROM pg_proc p WHERE p.oid = c.castfunc AND p.pronamespace = $SCHEMA))`,
    present: `EXISTS (SELECT FROM pg_cast c WHERE c.oid >= 16384)`,
    catalogs: ['pg_cast', 'pg_type', 'pg_proc', 'pg_depend'],
    functions: ['format_type'],
    assemble: (rows) =>
      (rows as unknown as CastRow[]).map(([source, target, method, fn, context]) => ({
        source,
        target,
        method: method === 'f' ? { function: fn! } : method === 'i' ? ('inout' as const) : ('binary' as const),
        context: CONTEXTS[context as keyof typeof CONTEXTS],
      })),
  },
  ref: (cast) => ({ kind: 'cast', name: signature(cast) }),
  noun: (cast) => `cast ${signature(cast)}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'A cast from or to a type of the schema (or by one of its functions) does not exist' },
    unexpected: { severity: 'warning', summary: 'A cast from or to a type of the schema (or by one of its functions) exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'A cast converts another way (function, INOUT, binary) or applies in another context (assignment, implicit)' },
  },
  create: (cast, context) => [create(cast, context)],
  drop: (cast) => [drop(cast)],
  differences(expected, actual, context): Difference[] {
    if (describe(expected) === describe(actual)) return [];
    return [{
      code: 'mismatch',
      message: `cast ${signature(expected)} is ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: [drop(actual), create(expected, context)],
    }];
  },
};
