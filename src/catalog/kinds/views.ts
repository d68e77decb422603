/**
 * Views and materialized views: definition, options (security_invoker, security_barrier, check_option; a
 * materialized view's storage parameters), a materialized view's access method, and a view's column defaults
 * (what an INSERT through it gets).
 */
import * as z from 'zod';
import type { CatalogKind, CompareContext } from '../kind.js';
import { PHASES, step, type Difference, type FixStep } from '../model.js';
import type { Catalog } from '../registry.js';
import { readableIdent } from '../../database/quote.js';
import { normaliseWhitespace, notExtensionMember, withoutSingleRelationQualifiers } from '../sql.js';
import { differingClauses } from './clauses.js';
import { RELATION_PARAMETERS, sameParameters, sortedParameters } from './storage-parameters.js';
import { ACCESS_METHOD_SQL, accessMethodField, accessMethodOf, methodOf, setAccessMethod, usingClause } from './access-method.js';

const viewObject = z.lazy(() => z.object({
  name: z.string(),
  materialized: z.boolean(),
  /**
   * pg_get_viewdef(), white space outside literals collapsed (servers indent differently); from a server up
   * to 15, written as 16 and later write it (withoutSingleRelationQualifiers).
   */
  definition: z.string(),
  /** View options; a materialized view's storage parameters, its TOAST table's too (`toast.autovacuum_enabled=false`). Sorted. */
  options: z.array(z.string()),
  /** A materialized view's table access method where it is not heap (absent for heap, and for a view, which has none). */
  accessMethod: accessMethodField(),
  /** The tables and views its query reads (from pg_depend): the order in which views are rebuilt. */
  uses: z.array(z.string()),
  /** A view's column defaults (ALTER VIEW ... ALTER COLUMN ... SET DEFAULT): the column, its type, pg_get_expr(); by column. */
  defaults: z.array(z.object({ column: z.string(), type: z.string(), expression: z.string() })),
}));
export type View = z.infer<typeof viewObject>;

const word = (view: View) => (view.materialized ? 'materialized view' : 'view');
const withClause = (view: View) => (view.options.length ? `WITH (${view.options.join(', ')})` : '');
const defaultsClause = (view: View) => view.defaults.map(({ column, expression }) => `${readableIdent(column)} DEFAULT ${expression}`).join(', ');
/** The query and options: what only a rebuild changes (column defaults and the access method are set in place). */
const query = (view: View) => [withClause(view), `AS ${view.definition}`].filter(Boolean).join(' ');
/** The access method, then the query: CREATE MATERIALIZED VIEW's order. */
const createClauses = (view: View) => [usingClause(view), query(view)].filter(Boolean).join(' ');
const describe = (view: View) => `${createClauses(view)}${view.defaults.length ? `; column defaults ${defaultsClause(view)}` : ''}`;
/** One clause per aspect, for naming what differs. */
const aspects = (view: View) => [
  view.materialized ? usingClause({ accessMethod: methodOf(view) }) : 'not materialized',
  withClause(view) || 'without options',
  `AS ${view.definition}`,
  view.defaults.length ? `with column defaults ${defaultsClause(view)}` : 'without column defaults',
];

/** The views that read `relation`, directly or through other views (`nameOf`: a used relation's name as compared). */
export function viewsUsing(catalog: Catalog, relation: string, nameOf = (used: string) => used): Set<View> {
  const found = new Set<View>();
  let frontier = [relation];
  while (frontier.length) {
    const next: string[] = [];
    for (const view of catalog.views) {
      if (!found.has(view) && view.uses.some((used) => frontier.includes(nameOf(used)))) {
        found.add(view);
        next.push(view.name);
      }
    }
    frontier = next;
  }
  return found;
}

const depths = new WeakMap<readonly View[], Map<string, number>>();

/**
 * How deep a view sits on other views of its catalog (0 = it reads tables only): views are created in
 * increasing depth and dropped in decreasing depth, so each statement has one place whichever fix asks for it.
 */
export function depthOf(catalog: Catalog, name: string): number {
  let known = depths.get(catalog.views);
  if (!known) {
    known = new Map();
    depths.set(catalog.views, known);
  }
  const cached = known.get(name);
  if (cached !== undefined) return cached;
  const byName = new Map(catalog.views.map((view) => [view.name, view]));
  const visit = (view: string, seen: Set<string>): number => {
    const cached = known.get(view);
    if (cached !== undefined) return cached;
    const uses = byName.get(view)?.uses.filter((used) => byName.has(used) && !seen.has(used)) ?? [];
    const depth = uses.length ? 1 + Math.max(...uses.map((used) => visit(used, new Set([...seen, view])))) : 0;
    known.set(view, depth);
    return depth;
  };
  return visit(name, new Set([name]));
}

const dropView = (view: View, context: CompareContext) =>
  step(PHASES.dropDependants, `DROP ${word(view).toUpperCase()} IF EXISTS ${context.names.qualified(view.name)};`, -depthOf(context.actual, view.name));

type ColumnDefault = View['defaults'][number];

/** Whether `actual` is `expected`'s default: the same column, and the same value (equal spellings settled by the comparison). */
const sameDefault = (expected: ColumnDefault, actual: ColumnDefault | undefined, context: CompareContext) =>
  actual !== undefined && actual.type === expected.type && (actual.expression === expected.expression || context.sameDefault(expected.type, expected.expression, actual.expression));

/** ALTER VIEW statements that set `expected`'s column defaults where `actual` (none: a view just created) has others. */
function defaultSteps(expected: View, actual: View | undefined, context: CompareContext): FixStep[] {
  const had = new Map(actual?.defaults.map((entry) => [entry.column, entry]));
  const wanted = new Set(expected.defaults.map(({ column }) => column));
  const depth = depthOf(context.expected, expected.name);
  const alter = (column: string, clause: string) => step(PHASES.views, `ALTER VIEW ${context.names.qualified(expected.name)} ALTER COLUMN ${context.names.ident(column)} ${clause};`, depth);
  return [
    ...[...had.keys()].filter((column) => !wanted.has(column)).map((column) => alter(column, 'DROP DEFAULT')),
    ...expected.defaults.filter((entry) => !sameDefault(entry, had.get(entry.column), context)).map(({ column, expression }) => alter(column, `SET DEFAULT ${expression}`)),
  ];
}

/** Stores a materialized view by its access method (rewriting it). */
const setMethod = (view: View, context: CompareContext) =>
  step(PHASES.views, `ALTER MATERIALIZED VIEW ${context.names.qualified(view.name)} ${setAccessMethod(view)};`, depthOf(context.expected, view.name));

function createView(view: View, context: CompareContext): FixStep[] {
  return [
    step(PHASES.views, `CREATE ${word(view).toUpperCase()} ${context.names.qualified(view.name)} ${createClauses(view)};`, depthOf(context.expected, view.name)),
    ...defaultSteps(view, undefined, context),
  ];
}

/** A view created again after a drop, with what it carries (indexes, grants, comments). */
const recreateView = (view: View, context: CompareContext): FixStep[] => [
  ...createView(view, context),
  ...context.createChildren({ kind: 'view', name: view.name }),
];

/**
 * Drops the views that read `relation` and creates them again after it changed, as the expected catalog
 * defines them: PostgreSQL refuses to change a column's type, or drop a view, that a view still reads.
 */
export function rebuildViewsUsing(relation: string, context: CompareContext): FixStep[] {
  const steps: FixStep[] = [];
  // Called before views are compared too (a column's type changes), when the actual views still name renamed tables as read.
  for (const view of viewsUsing(context.actual, relation, context.renames.table)) {
    steps.push(dropView(view, context));
    const wanted = context.expected.views.find((candidate) => candidate.name === view.name);
    if (wanted) steps.push(...recreateView(wanted, context));
  }
  return steps;
}

export const views: CatalogKind<View> = {
  kind: 'view',
  object: viewObject,
  read: {
    sql: `
      SELECT coalesce(json_agg(json_build_array(
               c.relname, c.relkind = 'm', pg_get_viewdef(c.oid), ${RELATION_PARAMETERS},
               ${ACCESS_METHOD_SQL},
               ARRAY(SELECT DISTINCT CASE WHEN r.relnamespace = c.relnamespace THEN r.relname::text ELSE r.oid::regclass::text END
                       FROM pg_rewrite w
                       JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid AND d.refclassid = 'pg_class'::regclass
                       JOIN pg_class r ON r.oid = d.refobjid
                      WHERE w.ev_class = c.oid AND d.refobjid <> c.oid),
               ARRAY(SELECT json_build_array(a.attname, format_type(a.atttypid, a.atttypmod), pg_get_expr(e.adbin, e.adrelid))
                       FROM pg_attrdef e JOIN pg_attribute a ON a.attrelid = e.adrelid AND a.attnum = e.adnum
                      WHERE e.adrelid = c.oid ORDER BY a.attname COLLATE "C"))), '[]')::text AS data
        FROM pg_class c
       WHERE c.relnamespace = $SCHEMA AND c.relkind IN ('v', 'm') AND ${notExtensionMember('pg_class', 'c.oid')}`,
    present: `EXISTS (SELECT FROM pg_class c WHERE c.relnamespace = $SCHEMA AND c.relkind IN ('v', 'm'))`,
    catalogs: ['pg_class', 'pg_am', 'pg_rewrite', 'pg_depend', 'pg_attrdef', 'pg_attribute'],
    functions: ['pg_get_viewdef', 'pg_get_expr', 'format_type'],
    assemble: (rows, _attributes, serverVersion) =>
      rows.map(([name, materialized, definition, options, accessMethod, uses, defaults]) => {
        const text = normaliseWhitespace(definition as string).replace(/;$/, '');
        return {
          name: name as string,
          materialized: materialized as boolean,
          // Servers up to 15 qualify every column of a one-relation view; 16 and later do not.
          definition: serverVersion < 160000 ? withoutSingleRelationQualifiers(text) : text,
          options: sortedParameters(options),
          ...accessMethodOf(accessMethod),
          uses: [...(uses as string[])].sort(),
          defaults: (defaults as Array<[string, string, string]>).map(([column, type, expression]) => ({ column, type, expression })),
        };
      }),
  },
  ref: (view) => ({ kind: 'view', name: view.name }),
  noun: (view) => `${word(view)} ${view.name}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'A view or materialized view the schema expects does not exist' },
    unexpected: { severity: 'warning', summary: 'A view or materialized view exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'A view has another definition, options, column defaults or access method, or is (not) materialized' },
  },
  create: (view, context) => createView(view, context),
  drop: (view, context) => [...rebuildViewsUsing(view.name, context), dropView(view, context)],
  differences(expected, actual, context): Difference[] {
    // Options that mean the same (security_invoker=on, =true) are the schema's as written.
    const options = sameParameters(expected.options, actual.options) ? expected.options : actual.options;
    // Defaults that spell the schema's value are the schema's as written too.
    const defaults = actual.defaults.map((entry) => {
      const wanted = expected.defaults.find(({ column }) => column === entry.column);
      return wanted && sameDefault(wanted, entry, context) ? wanted : entry;
    });
    const read = { ...actual, options, defaults };
    const kind = expected.materialized === actual.materialized ? '' : `${expected.name} is a ${word(actual)}, expected a ${word(expected)}`;
    // Where one is a view, having an access method or not is that difference, already named.
    const from = kind ? 1 : 0;
    const expectedAspects = aspects(expected).slice(from);
    const readAspects = aspects(read).slice(from);
    const same = expectedAspects.every((clause, at) => clause === readAspects[at]);
    if (!kind && same) return [];
    const clauses = same ? '' : `${kind ? '; it' : `${word(expected)} ${expected.name}`} is ${differingClauses(expectedAspects, readAspects)}`;
    const otherMethod = methodOf(expected) !== methodOf(actual);
    // SET ACCESS METHOD is PostgreSQL 15's; before it, the materialized view is created again.
    const rebuild = Boolean(kind) || query(expected) !== query(read) || (otherMethod && context.serverVersion < 150000);
    return [{
      code: 'mismatch',
      message: `${kind}${clauses}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: rebuild
        ? [...rebuildViewsUsing(expected.name, context), dropView(actual, context), ...recreateView(expected, context)]
        : [...(otherMethod ? [setMethod(expected, context)] : []), ...defaultSteps(expected, actual, context)],
    }];
  },
  retarget: (view, renames) => ({ ...view, uses: view.uses.map((name) => renames.table(name)).sort() }),
};
