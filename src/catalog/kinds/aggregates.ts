/**
 * Aggregate functions (CREATE AGGREGATE): their signature and their whole definition (state function and
 * type, final, combine, serial and moving-aggregate functions, initial conditions, sort operator, parallel
 * safety), read as the options CREATE AGGREGATE takes. functions.ts compares the other routines.
 */
import * as z from 'zod';
import type { CatalogKind, CompareContext } from '../kind.js';
import { PHASES, step, type Difference, type FixStep } from '../model.js';
import { functionNameSql, notExtensionMember } from '../sql.js';
import { firstUser, naming } from '../users.js';

const aggregateObject = z.lazy(() => z.object({
  name: z.string(),
  /** The argument types (the identity, with the name): `integer`. */
  argumentTypes: z.string(),
  /** pg_get_function_arguments(), as CREATE AGGREGATE writes them (`double precision ORDER BY anyelement`). */
  arguments: z.string(),
  /** The options of CREATE AGGREGATE: `SFUNC = int4pl, STYPE = integer, INITCOND = '0'`. */
  definition: z.string(),
}));
export type Aggregate = z.infer<typeof aggregateObject>;

const signature = (aggregate: Aggregate) => `${aggregate.name}(${aggregate.argumentTypes})`;
/** Its arguments (names and all) and options, as CREATE AGGREGATE takes them. */
const describe = (aggregate: Aggregate) => `(${aggregate.arguments}) (${aggregate.definition})`;
const qualifiedSignature = (aggregate: Aggregate, { names }: CompareContext) => `${names.qualified(aggregate.name)}(${aggregate.argumentTypes})`;

/** What calls it (a view, or a policy's subquery): PostgreSQL will not drop an aggregate in use. */
function userOf(aggregate: Aggregate, { actual }: CompareContext): string | undefined {
  const names = naming([aggregate.name]);
  return (
    firstUser(actual.views, (view) => `view ${view.name}`, (view) => names(view.definition)) ??
    firstUser(actual.policies, (policy) => `policy ${policy.name}`, (policy) => names(policy.using) || names(policy.check))
  );
}

const create = (aggregate: Aggregate, context: CompareContext, order = 0): FixStep =>
  step(PHASES.functions, `CREATE AGGREGATE ${context.names.qualified(aggregate.name)}(${aggregate.arguments}) (${aggregate.definition});`, order);

export const aggregates: CatalogKind<Aggregate> = {
  kind: 'aggregate',
  object: aggregateObject,
  read: {
    // Function names print unqualified when they are the schema's or pg_catalog's (the read's search_path).
    sql: `
      SELECT coalesce(json_agg(json_build_array(p.proname, oidvectortypes(p.proargtypes), pg_get_function_arguments(p.oid), concat_ws(', ',
               'SFUNC = ' || ${functionNameSql('a.aggtransfn')}, 'STYPE = ' || format_type(a.aggtranstype, NULL),
               CASE WHEN a.aggtransspace <> 0 THEN 'SSPACE = ' || a.aggtransspace END,
               CASE WHEN a.aggfinalfn <> 0 THEN 'FINALFUNC = ' || ${functionNameSql('a.aggfinalfn')} END,
               CASE WHEN a.aggfinalextra THEN 'FINALFUNC_EXTRA' END,
               CASE WHEN a.aggfinalfn <> 0 THEN 'FINALFUNC_MODIFY = ' || CASE a.aggfinalmodify WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END END,
               CASE WHEN a.aggcombinefn <> 0 THEN 'COMBINEFUNC = ' || ${functionNameSql('a.aggcombinefn')} END,
               CASE WHEN a.aggserialfn <> 0 THEN 'SERIALFUNC = ' || ${functionNameSql('a.aggserialfn')} END,
               CASE WHEN a.aggdeserialfn <> 0 THEN 'DESERIALFUNC = ' || ${functionNameSql('a.aggdeserialfn')} END,
               CASE WHEN a.agginitval IS NOT NULL THEN 'INITCOND = ' || quote_literal(a.agginitval) END,
               CASE WHEN a.aggmtransfn <> 0 THEN 'MSFUNC = ' || ${functionNameSql('a.aggmtransfn')} || ', MINVFUNC = ' || ${functionNameSql('a.aggminvtransfn')}
                                                 || ', MSTYPE = ' || format_type(a.aggmtranstype, NULL) END,
               CASE WHEN a.aggmtransspace <> 0 THEN 'MSSPACE = ' || a.aggmtransspace END,
               CASE WHEN a.aggmfinalfn <> 0 THEN 'MFINALFUNC = ' || ${functionNameSql('a.aggmfinalfn')} END,
               CASE WHEN a.aggmfinalextra THEN 'MFINALFUNC_EXTRA' END,
               CASE WHEN a.aggmfinalfn <> 0 THEN 'MFINALFUNC_MODIFY = ' || CASE a.aggmfinalmodify WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END END,
               CASE WHEN a.aggminitval IS NOT NULL THEN 'MINITCOND = ' || quote_literal(a.aggminitval) END,
               CASE WHEN a.aggsortop <> 0 THEN 'SORTOP = ' || (SELECT CASE WHEN o.oprnamespace IN ($SCHEMA, 'pg_catalog'::regnamespace) THEN o.oprname
                                                                           ELSE 'OPERATOR(' || o.oprnamespace::regnamespace::text || '.' || o.oprname || ')' END
                                                                      FROM pg_operator o WHERE o.oid = a.aggsortop) END,
               CASE p.proparallel WHEN 's' THEN 'PARALLEL = SAFE' WHEN 'r' THEN 'PARALLEL = RESTRICTED' END,
               CASE WHEN a.aggkind = 'h' THEN 'HYPOTHETICAL' END))), '[]')::text AS data
        FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid
       WHERE p.pronamespace = $SCHEMA AND p.prokind = 'a' AND ${notExtensionMember('pg_proc', 'p.oid')}`,
    present: `EXISTS (SELECT FROM pg_proc p WHERE p.pronamespace = $SCHEMA AND p.prokind = 'a')`,
    catalogs: ['pg_proc', 'pg_aggregate', 'pg_operator', 'pg_depend'],
    functions: ['oidvectortypes', 'pg_get_function_arguments', 'format_type', 'quote_literal'],
    assemble: (rows) =>
      (rows as Array<[string, string, string, string]>).map(([name, argumentTypes, args, definition]) => ({ name, argumentTypes, arguments: args, definition })),
  },
  ref: (aggregate) => ({ kind: 'aggregate', name: signature(aggregate) }),
  noun: (aggregate) => `aggregate ${signature(aggregate)}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'An aggregate function the schema defines does not exist' },
    unexpected: { severity: 'warning', summary: 'An aggregate function exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'An aggregate function has other state, final or combine functions, types, initial conditions or options' },
  },
  // After the functions and operators (SORTOP) it is made of; dropped before them.
  create: (aggregate, context) => [create(aggregate, context, 2)],
  drop: (aggregate, context) => [step(PHASES.dropUnused, `DROP AGGREGATE ${qualifiedSignature(aggregate, context)};`, -2)],
  differences(expected, actual, context): Difference[] {
    if (describe(expected) === describe(actual)) return [];
    const user = userOf(actual, context);
    return [{
      code: 'mismatch',
      message: `aggregate ${signature(expected)} is ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: user
        ? { unsafe: `${user} uses it, and PostgreSQL cannot change an aggregate: drop what uses it, create the aggregate anew, create it again` }
        : [step(PHASES.functions, `DROP AGGREGATE ${qualifiedSignature(actual, context)};`, 0), create(expected, context, 2), ...context.createChildren(aggregates.ref(expected))],
    }];
  },
  // A type (or table) renamed back: the aggregate's signature names it as the fix leaves it (see functions.ts).
  retarget: (aggregate, renames) => ({ ...aggregate, argumentTypes: renames.typesIn(aggregate.argumentTypes) }),
};
