/**
 * Rules (CREATE RULE) on tables and views: the event, condition and actions they rewrite a statement into, and
 * whether they apply. A view's own `_RETURN` rule is the view itself (views.ts).
 */
import * as z from 'zod';
import { rebuild, type CatalogKind } from '../kind.js';
import { PHASES, step } from '../model.js';
import { normaliseWhitespace } from '../sql.js';
import { definitionOf, describeFiring, FIRING, firingMismatch, firingSchema, placeTable, setFiring } from './firing.js';

const ruleObject = z.lazy(() => z.object({
  table: z.string(),
  name: z.string(),
  /** Whether the rule is on a view rather than a table. */
  onView: z.boolean(),
  /**
   * pg_get_ruledef() after `CREATE RULE <name> AS`, without its final semicolon, white space outside literals
   * collapsed (servers indent differently), its table written as `{table}`.
   */
  definition: z.string(),
  /** When it applies: `origin` (the default), `disabled`, `replica` or `always` (a view's rules always apply). */
  enabled: firingSchema,
}));
export type Rule = z.infer<typeof ruleObject>;

export const rules: CatalogKind<Rule> = {
  kind: 'rule',
  object: ruleObject,
  read: {
    // pg_get_ruledef() names the table schema-qualified right after the event; the actions keep the names as the
    // search path shows them. Rules of tables that belong to an extension leave with their table (withoutOrphans).
    sql: `
      SELECT coalesce(json_agg(json_build_array(
               c.relname, r.rulename, c.relkind = 'v', pg_get_ruledef(r.oid), 'CREATE RULE ' || quote_ident(r.rulename) || ' AS ',
               quote_ident(n.nspname) || '.' || quote_ident(c.relname), r.ev_enabled)), '[]')::text AS data
        FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relnamespace = $SCHEMA AND r.rulename <> '_RETURN'`,
    present: `EXISTS (SELECT FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class WHERE c.relnamespace = $SCHEMA AND r.rulename <> '_RETURN')`,
    catalogs: ['pg_rewrite', 'pg_class', 'pg_namespace'],
    functions: ['pg_get_ruledef', 'quote_ident'],
    assemble: (rows) =>
      rows.map(([table, name, onView, definition, prefix, qualified, enabled]) => {
        const text = normaliseWhitespace(definition as string).replace(/;$/, '');
        return {
          table: table as string,
          name: name as string,
          onView: onView as boolean,
          definition: definitionOf(text, prefix as string, 'TO', qualified as string),
          enabled: FIRING[enabled as keyof typeof FIRING],
        };
      }),
  },
  ref: (rule) => ({ kind: 'rule', table: rule.table, name: rule.name }),
  parent: (rule) => ({ kind: rule.onView ? 'view' : 'table', name: rule.table }),
  noun: (rule) => `rule ${rule.name} on ${rule.table}`,
  describe: describeFiring,
  codes: {
    missing: { severity: 'error', summary: 'A rule the schema expects does not exist' },
    unexpected: { severity: 'error', summary: 'A rule exists that the schema does not define (it rewrites statements on its table)' },
    mismatch: { severity: 'error', summary: 'A rule has another definition, or applies differently (enabled, disabled, replica)' },
  },
  create: (rule, context) => [
    step(PHASES.dependants, `CREATE RULE ${context.names.ident(rule.name)} AS ${placeTable(rule.definition, context.names.qualified(rule.table))};`),
    ...(rule.enabled === 'origin' ? [] : [setFiring(rule, rule.enabled, 'RULE', context)]),
  ],
  // IF EXISTS: a view's rule goes with the view when the same script drops the view first.
  drop: (rule, { names }) => [step(PHASES.dropDependants, `DROP RULE IF EXISTS ${names.ident(rule.name)} ON ${names.qualified(rule.table)};`)],
  differences: (expected, actual, context) =>
    firingMismatch(`rule ${expected.name} on ${expected.table}`, 'RULE', expected, actual, expected.definition === actual.definition, () => rebuild(rules, actual, expected, context), context),
  retarget: (rule, renames) => {
    const table = renames.table(rule.table);
    return { ...rule, table, definition: renames.expression(table, rule.definition) };
  },
};
