/**
 * Operators (CREATE OPERATOR): argument types, function, commutator and negator, selectivity estimators, HASHES
 * and MERGES. Shell operators (named as a commutator, never defined) are left out, as pg_dump leaves them out.
 * Changed estimators are altered in place (every version can); any other change drops the operator and creates
 * it anew while nothing uses it (PostgreSQL 17 can add a missing commutator, negator, HASHES or MERGES in
 * place, but never change or remove one).
 */
import * as z from 'zod';
import { readableIdent } from '../../database/quote.js';
import type { CatalogKind, CompareContext } from '../kind.js';
import { PHASES, step, type Difference, type FixStep } from '../model.js';
import { escapeRegExp, functionNameSql, notExtensionMember } from '../sql.js';
import { expressionUser, firstUser } from '../users.js';

const operatorObject = z.lazy(() => z.object({
  /** The symbol, e.g. `===`. */
  name: z.string(),
  /** The left argument's type, or null for a prefix operator. */
  left: z.string().nullable(),
  right: z.string(),
  function: z.string(),
  /** Another operator by its symbol, qualified when it is not the schema's. */
  commutator: z.string().nullable(),
  negator: z.string().nullable(),
  /** The restriction and join selectivity estimators (functions), or null. */
  restrict: z.string().nullable(),
  join: z.string().nullable(),
  hashes: z.boolean(),
  merges: z.boolean(),
}));
export type Operator = z.infer<typeof operatorObject>;

type OperatorRow = [name: string, left: string | null, right: string, fn: string, commutator: string | null, negator: string | null, restrict: string | null, join: string | null, hashes: boolean, merges: boolean];

/** `===(integer, integer)`, `!!(NONE, bigint)`: its identity, as DROP OPERATOR and COMMENT ON OPERATOR take it. */
const signature = (operator: Operator) => `${operator.name}(${operator.left ?? 'NONE'}, ${operator.right})`;

/** The same signature written by a query, for the comments and owners of pg_operator row `alias`. */
export const operatorSignatureSql = (alias: string) =>
  `${alias}.oprname || '(' || CASE WHEN ${alias}.oprleft <> 0 THEN format_type(${alias}.oprleft, NULL) ELSE 'NONE' END || ', ' || format_type(${alias}.oprright, NULL) || ')'`;

/** The commutator or negator whose oid is `oid`: its symbol, qualified unless it is the checked schema's (NULL: none). */
const otherOperatorSql = (oid: string) =>
  `(SELECT CASE WHEN other.oprnamespace = $SCHEMA THEN '' ELSE other.oprnamespace::regnamespace::text || '.' END || other.oprname FROM pg_operator other WHERE other.oid = ${oid})`;

/** The schema's operators in pg_operator row `alias`: not shells (named as a commutator, never defined), nor an extension's. */
export const definedOperatorsSql = (alias: string) => `${alias}.oprnamespace = $SCHEMA AND ${alias}.oprcode <> 0`;
export const ownOperatorsSql = (alias: string) => `${definedOperatorsSql(alias)} AND ${notExtensionMember('pg_operator', `${alias}.oid`)}`;

/** OPERATOR(schema.===): how CREATE OPERATOR names another operator, the schema's qualified by the checked one. */
const reference = (symbol: string, context: CompareContext) => `OPERATOR(${symbol.includes('.') ? symbol : `${readableIdent(context.names.schema)}.${symbol}`})`;

const estimators = (operator: Operator) => [
  ...(operator.restrict !== null ? [`RESTRICT = ${operator.restrict}`] : []),
  ...(operator.join !== null ? [`JOIN = ${operator.join}`] : []),
];

/** Everything but the argument types, as CREATE OPERATOR takes it (other operators by their symbol). */
const options = (operator: Operator, name: (symbol: string) => string) =>
  [
    `FUNCTION = ${operator.function}`,
    ...(operator.commutator !== null ? [`COMMUTATOR = ${name(operator.commutator)}`] : []),
    ...(operator.negator !== null ? [`NEGATOR = ${name(operator.negator)}`] : []),
    ...estimators(operator),
    ...(operator.hashes ? ['HASHES'] : []),
    ...(operator.merges ? ['MERGES'] : []),
  ].join(', ');
const describe = (operator: Operator) => `(${options(operator, (symbol) => symbol)})`;

const qualifiedSignature = (operator: Operator, { names }: CompareContext) =>
  `${readableIdent(names.schema)}.${operator.name} (${operator.left ?? 'NONE'}, ${operator.right})`;

// After the functions it calls; dropped before them.
const create = (operator: Operator, context: CompareContext, order = 1): FixStep =>
  step(
    PHASES.functions,
    `CREATE OPERATOR ${readableIdent(context.names.schema)}.${operator.name} (${operator.left !== null ? `LEFTARG = ${operator.left}, ` : ''}RIGHTARG = ${operator.right}, ${options(operator, (symbol) => reference(symbol, context))});`,
    order,
  );

const OPERATOR_CHARS = '[+\\-*/<>=~!@#%^&|`?]';
/** A regular expression source matching `symbol` as a whole operator (=== is not the start of ====). */
export const operatorPattern = (symbol: string) => `(?<!${OPERATOR_CHARS})${escapeRegExp(symbol)}(?!${OPERATOR_CHARS})`;
/** What uses the operator by its symbol (not inside a longer operator): an expression of the schema, or an aggregate's SORTOP. */
function userOf(operator: Operator, { actual }: CompareContext): string | undefined {
  const symbol = new RegExp(operatorPattern(operator.name));
  const uses = (text: string | null) => text !== null && symbol.test(text);
  return expressionUser(actual, uses) ?? firstUser(actual.aggregates, (aggregate) => `aggregate ${aggregate.name}(${aggregate.argumentTypes})`, (aggregate) => uses(/SORTOP = (\S+)/.exec(aggregate.definition)?.[1] ?? null));
}

export const operators: CatalogKind<Operator> = {
  kind: 'operator',
  object: operatorObject,
  read: {
    // Types and functions print unqualified when they are the schema's or pg_catalog's (the read's search_path).
    sql: `
      SELECT coalesce(json_agg(json_build_array(o.oprname,
               CASE WHEN o.oprleft <> 0 THEN format_type(o.oprleft, NULL) END, format_type(o.oprright, NULL), ${functionNameSql('o.oprcode')},
               ${otherOperatorSql('o.oprcom')}, ${otherOperatorSql('o.oprnegate')},
               CASE WHEN o.oprrest <> 0 THEN ${functionNameSql('o.oprrest')} END, CASE WHEN o.oprjoin <> 0 THEN ${functionNameSql('o.oprjoin')} END,
               o.oprcanhash, o.oprcanmerge)), '[]')::text AS data
        FROM pg_operator o
       WHERE ${ownOperatorsSql('o')}`,
    present: `EXISTS (SELECT FROM pg_operator o WHERE o.oprnamespace = $SCHEMA)`,
    catalogs: ['pg_operator', 'pg_proc', 'pg_depend'],
    functions: ['format_type'],
    assemble: (rows) =>
      (rows as unknown as OperatorRow[]).map(([name, left, right, fn, commutator, negator, restrict, join, hashes, merges]) => ({
        name,
        left,
        right,
        function: fn,
        commutator,
        negator,
        restrict,
        join,
        hashes,
        merges,
      })),
  },
  ref: (operator) => ({ kind: 'operator', name: signature(operator) }),
  noun: (operator) => `operator ${signature(operator)}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'An operator the schema defines does not exist' },
    unexpected: { severity: 'warning', summary: 'An operator exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'An operator has another function, commutator, negator, estimators, HASHES or MERGES' },
  },
  create: (operator, context) => [create(operator, context)],
  drop: (operator, context) => [step(PHASES.dropUnused, `DROP OPERATOR ${qualifiedSignature(operator, context)};`, -1)],
  differences(expected, actual, context): Difference[] {
    if (describe(expected) === describe(actual)) return [];
    const fix = (): FixStep[] | { unsafe: string } => {
      if (describe({ ...actual, restrict: expected.restrict, join: expected.join }) === describe(expected)) {
        const reset = [...(expected.restrict === null ? ['RESTRICT = NONE'] : []), ...(expected.join === null ? ['JOIN = NONE'] : [])];
        return [step(PHASES.functions, `ALTER OPERATOR ${qualifiedSignature(actual, context)} SET (${[...estimators(expected), ...reset].join(', ')});`, 1)];
      }
      const user = userOf(actual, context);
      if (user) return { unsafe: `${user} uses it, and the operator must be dropped and created anew for this change: drop what uses it, create the operator anew, create it again` };
      return [step(PHASES.functions, `DROP OPERATOR ${qualifiedSignature(actual, context)};`, 0), create(expected, context), ...context.createChildren(operators.ref(expected))];
    };
    return [{
      code: 'mismatch',
      message: `operator ${signature(expected)} is ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: fix(),
    }];
  },
};
