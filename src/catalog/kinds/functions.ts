/** Functions and procedures: signature, result, language, body, volatility, security, parallel safety and settings. */
import * as z from 'zod';
import { rebuild, type CatalogKind, type CompareContext, type Renames } from '../kind.js';
import { PHASES, step, type Difference, type FixStep } from '../model.js';
import type { Catalog } from '../registry.js';
import type { SqlNames } from '../sql.js';
import { dollarQuote, notExtensionMember, notInternalPart, splitList } from '../sql.js';
import { expressionUser, firstUser, naming, relationsOnlyIn, resultTypes } from '../users.js';
import { differingClauses, sameListBy } from './clauses.js';
import { typesOnTablesOnlyIn } from './composite-types.js';
import { BASE_TYPE, otherObjectRef } from './other-objects.js';
import { depthOf } from './views.js';

const functionObject = z.lazy(() => z.object({
  name: z.string(),
  /** The input argument types (the identity, with the name): `integer, text`. */
  argumentTypes: z.string(),
  /** pg_get_function_arguments(): names, modes and defaults, as CREATE FUNCTION writes them. */
  arguments: z.string(),
  procedure: z.boolean(),
  /** pg_get_function_result(), null for a procedure. */
  returns: z.string().nullable(),
  language: z.string(),
  volatility: z.enum(['immutable', 'stable', 'volatile']),
  strict: z.boolean(),
  securityDefiner: z.boolean(),
  leakproof: z.boolean(),
  parallel: z.enum(['safe', 'restricted', 'unsafe']),
  cost: z.number(),
  rows: z.number(),
  /** SET clauses (`search_path=public`), in order. */
  settings: z.array(z.string()),
  /** The source text, or a SQL-standard body (BEGIN ATOMIC ... END) as the server deparses it. */
  body: z.string(),
  atomic: z.boolean(),
  /** The base type whose input, output or other support function it is: dropped with the type (other-objects.ts). */
  typeSupport: z.string().optional(),
}));
export type RoutineObject = z.infer<typeof functionObject>;

const VOLATILITY = { i: 'immutable', s: 'stable', v: 'volatile' } as const;
const PARALLEL = { s: 'safe', r: 'restricted', u: 'unsafe' } as const;

const signature = (routine: RoutineObject) => `${routine.name}(${routine.argumentTypes})`;
const word = (routine: RoutineObject) => (routine.procedure ? 'procedure' : 'function');

/**
 * What calls the routine by name, so that PostgreSQL will not drop it: an expression (a trigger's EXECUTE
 * FUNCTION among them), an operator (or its estimators), an aggregate, a range type, an object of other-objects.ts
 * (a conversion, a text search parser or template, an operator family's support function), a cast, or an event
 * trigger. By name, so an overload counts too.
 */
function userOf(routine: RoutineObject, actual: Catalog): string | undefined {
  const names = naming([routine.name]);
  return (
    expressionUser(actual, names) ??
    firstUser(actual.operators, (operator) => `operator ${operator.name}`, (operator) => [operator.function, operator.restrict, operator.join].some(names)) ??
    firstUser(actual.aggregates, (aggregate) => `aggregate ${aggregate.name}`, (aggregate) => names(aggregate.definition)) ??
    firstUser(actual.rangeTypes, (range) => `range type ${range.name}`, (range) => names(range.canonical) || names(range.difference)) ??
    firstUser(actual.otherObjects, (object) => `${object.type} ${object.name}`, (object) => names(object.definition)) ??
    firstUser(actual.casts, (cast) => `cast (${cast.source} AS ${cast.target})`, (cast) => typeof cast.method === 'object' && names(cast.method.function)) ??
    firstUser(actual.eventTriggers, (trigger) => `event trigger ${trigger.name}`, (trigger) => names(trigger.function))
  );
}

/** Dropped and created anew (what CREATE OR REPLACE cannot change), with its grants and comment, unless something uses it. */
function recreate(expected: RoutineObject, actual: RoutineObject, context: CompareContext): FixStep[] | { unsafe: string } {
  const user = userOf(actual, context.actual);
  if (user) return { unsafe: `${user} uses it, and CREATE OR REPLACE cannot make this change: drop what uses it, create the ${word(expected)} anew, create it again` };
  // Dropped in dropDependants, before the new one is created; the kind's own drop (of an unused function) runs in dropUnused.
  return rebuild(functions, actual, expected, context, [step(PHASES.dropDependants, dropRoutine(actual, context.names))]);
}

const dropRoutine = (routine: RoutineObject, names: SqlNames) => `DROP ${word(routine).toUpperCase()} ${names.qualified(routine.name)}(${routine.argumentTypes});`;

/** The attributes that CREATE OR REPLACE can change, as one line. */
function attributes(routine: RoutineObject): string {
  return [
    `LANGUAGE ${routine.language}`,
    ...(routine.procedure ? [] : [routine.volatility.toUpperCase(), ...(routine.strict ? ['STRICT'] : []), ...(routine.leakproof ? ['LEAKPROOF'] : []), `PARALLEL ${routine.parallel.toUpperCase()}`, `COST ${routine.cost}`]),
    ...(routine.securityDefiner ? ['SECURITY DEFINER'] : []),
    ...(routine.returns?.startsWith('SETOF ') || routine.returns?.startsWith('TABLE(') ? [`ROWS ${routine.rows}`] : []),
    ...routine.settings.map(setting),
  ].join(' ');
}

/** One clause per aspect of a routine of the same kind, for naming what differs (unset ones named too). */
const aspects = (routine: RoutineObject) => [
  `(${routine.arguments})`,
  routine.returns === null ? '' : `RETURNS ${routine.returns}`,
  `LANGUAGE ${routine.language}`,
  ...(routine.procedure
    ? []
    : [routine.volatility.toUpperCase(), routine.strict ? 'STRICT' : 'CALLED ON NULL INPUT', routine.leakproof ? 'LEAKPROOF' : 'NOT LEAKPROOF', `PARALLEL ${routine.parallel.toUpperCase()}`, `COST ${routine.cost}`]),
  routine.securityDefiner ? 'SECURITY DEFINER' : 'SECURITY INVOKER',
  routine.returns?.startsWith('SETOF ') || routine.returns?.startsWith('TABLE(') ? `ROWS ${routine.rows}` : '',
  routine.settings.length ? routine.settings.map(setting).join(' ') : 'without SET',
];

/** A SET clause from a proconfig entry; search_path-like lists keep their elements apart. */
function setting(entry: string): string {
  const cut = entry.indexOf('=');
  const name = entry.slice(0, cut);
  const value = entry.slice(cut + 1);
  const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
  const values = name === 'search_path' ? value.split(',').map((part) => literal(part.trim().replace(/^"(.*)"$/, '$1'))) : [literal(value)];
  return `SET ${name} TO ${values.join(', ')}`;
}

/** Memory units in bytes and time units in microseconds, as PostgreSQL reads a setting's value. */
const UNITS: Record<string, [base: string, size: number]> = {
  B: ['B', 1], kB: ['B', 1024], MB: ['B', 1024 ** 2], GB: ['B', 1024 ** 3], TB: ['B', 1024 ** 4],
  us: ['us', 1], ms: ['us', 1e3], s: ['us', 1e6], min: ['us', 6e7], h: ['us', 3.6e9], d: ['us', 8.64e10],
};
// No leading zero: PostgreSQL reads an integer such as 010 as octal.
const WITH_UNIT = /^\s*(-?(?:0|[1-9]\d*)(?:\.\d+)?)\s*(B|kB|MB|GB|TB|us|ms|s|min|h|d)\s*$/;

/**
 * A proconfig entry as compared: a value with a unit in bytes or microseconds (`work_mem=64MB` and `=65536kB`
 * are one value, which PostgreSQL keeps as written). A value without a unit is in the setting's own unit, not
 * read here, and an extension's setting (`name.part`) is text to PostgreSQL: both are compared as written.
 */
function comparedSetting(entry: string): string {
  const cut = entry.indexOf('=');
  const name = entry.slice(0, cut);
  const quantity = name.includes('.') ? null : WITH_UNIT.exec(entry.slice(cut + 1));
  if (!quantity) return entry;
  const [base, size] = UNITS[quantity[2]!]!;
  return `${name}=${Math.round(Number(quantity[1]) * size)}${base}`;
}

const sameSettings = sameListBy(comparedSetting);

function createRoutine(routine: RoutineObject, names: SqlNames): string {
  const result = routine.procedure ? '' : ` RETURNS ${routine.returns}`;
  const body = routine.atomic ? routine.body : `AS ${dollarQuote(routine.body)}`;
  return `CREATE OR REPLACE ${word(routine).toUpperCase()} ${names.qualified(routine.name)}(${routine.arguments})${result} ${attributes(routine)} ${body};`;
}

/** What PostgreSQL resolves when it creates the routine: its arguments' and result's types, a BEGIN ATOMIC body. */
const resolved = (routine: RoutineObject) => [routine.argumentTypes, resultTypes(routine.returns), routine.atomic ? routine.body : null];

/**
 * The relations the routine names that the fix creates (from = expected) or drops (from = the database), by
 * relationsOnlyIn; a composite type on such a table (composite-types.ts) counts as the table.
 */
function relationsMoving(routine: RoutineObject, from: Catalog, other: Catalog): { tables: boolean; views: string[] } {
  const texts = resolved(routine);
  const { tables, views } = relationsOnlyIn(from, other, texts);
  return { tables: tables.length > 0 || texts.some(naming(typesOnTablesOnlyIn(from, other))), views };
}

/**
 * CREATE OR REPLACE of the routine, with the functions; after the tables' columns where it needs a table the fix
 * creates, after a view the fix creates (views are created in increasing depth).
 */
function createStep(routine: RoutineObject, { expected, actual, names }: CompareContext): FixStep {
  const sql = createRoutine(routine, names);
  const { tables, views } = relationsMoving(routine, expected, actual);
  if (views.length) return step(PHASES.views, sql, Math.max(...views.map((view) => depthOf(expected, view))) + 0.5);
  return step(tables ? PHASES.routinesOnTables : PHASES.functions, sql);
}

/**
 * DROP of an unexpected routine: once nothing uses it, after a text search parser or template, conversion or
 * operator family that calls it (other-objects.ts); but before a view (deepest first) or a table the fix drops.
 */
function dropStep(routine: RoutineObject, { names, actual, expected }: CompareContext): FixStep {
  const sql = dropRoutine(routine, names);
  const { tables, views } = relationsMoving(routine, actual, expected);
  if (views.length) return step(PHASES.dropDependants, sql, -Math.max(...views.map((view) => depthOf(actual, view))) - 0.5);
  // After the views dropped there (one may call it), before the composite types on the table it takes.
  if (tables) return step(PHASES.dropDependants, sql, 0.5);
  const calls = naming([routine.name]);
  return step(PHASES.dropUnused, sql, actual.otherObjects.some((object) => calls(object.definition)) ? 6 : undefined);
}

const describe = (routine: RoutineObject) => `(${routine.arguments})${routine.returns ? ` RETURNS ${routine.returns}` : ''} ${attributes(routine)}`;

/**
 * A routine's declared arguments with the types of its renamed signature (`argumentTypes`, in the same order,
 * OUT arguments aside): each declaration's type is its tail before any DEFAULT, so an argument named like a
 * renamed type keeps its name.
 */
function renamedArguments(routine: RoutineObject, argumentTypes: string): string {
  const [before, after] = [splitList(routine.argumentTypes), splitList(argumentTypes)];
  let input = 0;
  return splitList(routine.arguments)
    .map((declared) => {
      if (declared.startsWith('OUT ')) return declared;
      const [from, to] = [before[input], after[input]];
      input += 1;
      const cut = declared.indexOf(' DEFAULT ');
      const head = cut < 0 ? declared : declared.slice(0, cut);
      return from !== undefined && from !== to && head.endsWith(from) ? `${head.slice(0, head.length - from.length)}${to}${declared.slice(head.length)}` : declared;
    })
    .join(', ');
}

/** A routine's result with a renamed type: a type or SETOF one (a TABLE's columns are compared as read). */
function renamedResult(returns: string | null, renames: Renames): string | null {
  if (returns === null || returns.startsWith('TABLE(')) return returns;
  return returns.startsWith('SETOF ') ? `SETOF ${renames.typesIn(returns.slice('SETOF '.length))}` : renames.typesIn(returns);
}

export const functions: CatalogKind<RoutineObject> = {
  kind: 'function',
  object: functionObject,
  read: {
    sql: `
      SELECT coalesce(json_agg(json_build_array(
               p.proname, oidvectortypes(p.proargtypes), pg_get_function_arguments(p.oid), p.prokind = 'p',
               CASE WHEN p.prokind = 'p' THEN NULL ELSE pg_get_function_result(p.oid) END,
               l.lanname, p.provolatile, p.proisstrict, p.prosecdef, p.proleakproof, p.proparallel, p.procost, p.prorows,
               coalesce(p.proconfig, '{}'),
               CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_function_sqlbody(p.oid) ELSE p.prosrc END, p.prosqlbody IS NOT NULL, io.typname)), '[]')::text AS data
        FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
        LEFT JOIN (SELECT DISTINCT ON (s.fn) s.fn, t.typname FROM pg_type t
                     CROSS JOIN LATERAL unnest(ARRAY[t.typinput, t.typoutput, t.typreceive, t.typsend, t.typmodin, t.typmodout, t.typanalyze, t.typsubscript]::oid[]) AS s(fn)
                    WHERE t.typnamespace = $SCHEMA AND ${BASE_TYPE} AND s.fn <> 0 ORDER BY s.fn, t.typname) io ON io.fn = p.oid
       WHERE p.pronamespace = $SCHEMA AND p.prokind IN ('f', 'p') AND ${notExtensionMember('pg_proc', 'p.oid')} AND ${notInternalPart('pg_proc', 'p.oid')}`,
    present: `EXISTS (SELECT FROM pg_proc p WHERE p.pronamespace = $SCHEMA AND p.prokind IN ('f', 'p'))`,
    catalogs: ['pg_proc', 'pg_language', 'pg_depend', 'pg_type'],
    functions: ['pg_get_function_arguments', 'pg_get_function_result', 'oidvectortypes'],
    assemble: (rows) =>
      rows.map(([name, argumentTypes, args, procedure, returns, language, volatility, strict, securityDefiner, leakproof, parallel, cost, rowsEstimate, settings, body, atomic, typeSupport]) => ({
        name: name as string,
        argumentTypes: argumentTypes as string,
        arguments: args as string,
        procedure: procedure as boolean,
        returns: returns as string | null,
        language: language as string,
        volatility: VOLATILITY[volatility as keyof typeof VOLATILITY],
        strict: strict as boolean,
        securityDefiner: securityDefiner as boolean,
        leakproof: leakproof as boolean,
        parallel: PARALLEL[parallel as keyof typeof PARALLEL],
        cost: cost as number,
        rows: rowsEstimate as number,
        settings: settings as string[],
        body: body as string,
        atomic: atomic as boolean,
        ...(typeSupport !== null ? { typeSupport: typeSupport as string } : {}),
      })),
  },
  ref: (routine) => ({ kind: 'function', name: signature(routine) }),
  parent: (routine) => (routine.typeSupport === undefined ? undefined : otherObjectRef('base type', routine.typeSupport)),
  noun: (routine) => `${word(routine)} ${signature(routine)}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'A function or procedure the schema expects does not exist' },
    unexpected: { severity: 'warning', summary: 'A function or procedure exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'A function has another body, result, language, volatility, security, parallel safety or settings' },
  },
  create: (routine, context) => [createStep(routine, context)],
  drop: (routine, context) => [dropStep(routine, context)],
  differences(expected, actual, context): Difference[] {
    // Settings that mean the same ('64MB', '65536kB') are the schema's as written.
    const read = sameSettings(expected.settings, actual.settings) ? { ...actual, settings: expected.settings } : actual;
    const same = describe(expected) === describe(read) && expected.body === actual.body && expected.procedure === actual.procedure;
    if (same) return [];
    // CREATE OR REPLACE cannot change the result type, argument names or defaults, or function <-> procedure.
    const replaceable = expected.procedure === actual.procedure && expected.returns === actual.returns && expected.arguments === actual.arguments;
    // Only the body differs: the values show the bodies (the rest would read the same on both sides).
    const onlyBody = describe(expected) === describe(read) && expected.procedure === actual.procedure;
    const what =
      expected.procedure !== actual.procedure
        ? `is a ${word(actual)}, expected a ${word(expected)}`
        : onlyBody
          ? 'has another body'
          : `is ${differingClauses(aspects(expected), aspects(read))}${expected.body === actual.body ? '' : '; its body differs too'}`;
    return [{
      code: 'mismatch',
      message: `${word(expected)} ${signature(expected)} ${what}`,
      expected: onlyBody ? expected.body : describe(expected),
      actual: onlyBody ? actual.body : describe(actual),
      fix: replaceable ? [createStep(expected, context)] : recreate(expected, actual, context),
    }];
  },
  // A type (or table) renamed back: the routine's signature, declared arguments and result name it as the fix
  // leaves it, for its identity, its comparison and its drop.
  retarget: (routine, renames) => {
    const [argumentTypes, returns] = [renames.typesIn(routine.argumentTypes), renamedResult(routine.returns, renames)];
    if (argumentTypes === routine.argumentTypes && returns === routine.returns) return routine;
    return { ...routine, argumentTypes, arguments: renamedArguments(routine, argumentTypes), returns };
  },
};
