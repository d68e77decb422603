/**
 * Rules (CREATE RULE) on tables and views: the event, condition and actions they rewrite a statement into, and
 * whether they apply. A view's own `_RETURN` rule is the view itself (views.ts).
 */
import * as z from 'zod';
import type { CatalogKind } from '../kind.js';
import { PHASES, step, type Difference } from '../model.js';
import { normaliseWhitespace, notExtensionMember, type SqlNames } from '../sql.js';
import { ENABLE_SQL, FIRING, type Firing } from './triggers.js';

const TABLE_PLACEHOLDER = '{table}';

const ruleObject = z.object({
  table: z.string(),
  name: z.string(),
  /** Whether the rule is on a view (or materialized view) rather than a table. */
  onView: z.boolean(),
  /**
   * pg_get_ruledef() after `CREATE RULE <name> AS`, without its final semicolon, white space outside literals
   * collapsed (servers indent differently), its table written as `{table}`.
   */
  definition: z.string(),
  /** When it applies: `origin` (the default), `disabled`, `replica` or `always`. */
  enabled: z.enum(['origin', 'disabled', 'replica', 'always']),
});
export type Rule = z.infer<typeof ruleObject>;

const describe = (rule: Rule) => `${rule.definition.replace(TABLE_PLACEHOLDER, rule.table)}${rule.enabled === 'origin' ? '' : ` (${rule.enabled})`}`;

/** The rule's definition as the catalog query returns it, made independent of the schema's name and layout. */
function definitionOf(text: string, prefix: string, table: string): string {
  const whole = normaliseWhitespace(text).replace(/;$/, '');
  const body = whole.startsWith(prefix) ? whole.slice(prefix.length) : whole;
  // pg_get_ruledef() names the table schema-qualified; the action keeps the names as the search path shows them.
  const at = body.indexOf(` TO ${table} `);
  return at < 0 ? body : `${body.slice(0, at)} TO ${TABLE_PLACEHOLDER} ${body.slice(at + table.length + 5)}`;
}

export const rules: CatalogKind<Rule> = {
  kind: 'rule',
  object: ruleObject,
  read: {
    sql: `
      SELECT coalesce(json_agg(json_build_array(
               c.relname, r.rulename, c.relkind IN ('v', 'm'), pg_get_ruledef(r.oid), 'CREATE RULE ' || quote_ident(r.rulename) || ' AS ',
               quote_ident(n.nspname) || '.' || quote_ident(c.relname), r.ev_enabled)), '[]')::text AS data
        FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relnamespace = $SCHEMA AND r.rulename <> '_RETURN' AND ${notExtensionMember('pg_class', 'c.oid')}`,
    catalogs: ['pg_rewrite', 'pg_class', 'pg_namespace', 'pg_depend'],
    functions: ['pg_get_ruledef', 'quote_ident'],
    assemble: (rows) =>
      rows.map(([table, name, onView, text, prefix, qualified, enabled]) => ({
        table: table as string,
        name: name as string,
        onView: onView as boolean,
        definition: definitionOf(text as string, prefix as string, qualified as string),
        enabled: FIRING[enabled as keyof typeof FIRING],
      })),
  },
  ref: (rule) => ({ kind: 'rule', table: rule.table, name: rule.name }),
  parent: (rule) => ({ kind: rule.onView ? 'view' : 'table', name: rule.table }),
  noun: (rule) => `rule ${rule.name} on ${rule.table}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'A rule the schema expects does not exist' },
    unexpected: { severity: 'error', summary: 'A rule exists that the schema does not define (it rewrites statements on its table)' },
    mismatch: { severity: 'error', summary: 'A rule has another definition, or applies differently (enabled, disabled, replica)' },
  },
  create: (rule, { names }) => [
    step(PHASES.dependants, `CREATE RULE ${names.ident(rule.name)} AS ${rule.definition.replace(TABLE_PLACEHOLDER, names.qualified(rule.table))};`),
    ...(rule.enabled === 'origin' ? [] : [step(PHASES.dependants, enable(rule, rule.enabled, names), 1)]),
  ],
  drop: (rule, { names }) => [step(PHASES.dropDependants, `DROP RULE ${names.ident(rule.name)} ON ${names.qualified(rule.table)};`)],
  differences(expected, actual, context): Difference[] {
    if (describe(expected) === describe(actual)) return [];
    const onlyEnabled = expected.definition === actual.definition;
    const state = (rule: Rule) => (rule.enabled === 'disabled' ? 'disabled' : `enabled (${rule.enabled})`);
    return [{
      code: 'mismatch',
      message: onlyEnabled
        ? `rule ${expected.name} on ${expected.table} is ${state(actual)}, expected ${state(expected)}`
        : `rule ${expected.name} on ${expected.table} is ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: onlyEnabled
        ? [step(PHASES.dependants, enable(expected, expected.enabled, context.names), 1)]
        : [...rules.drop(actual, context), ...rules.create(expected, context)],
    }];
  },
  retarget: (rule, renames) => {
    const table = renames.table(rule.table);
    return { ...rule, table, definition: renames.expression(table, rule.definition) };
  },
};

function enable(rule: Rule, state: Firing, names: SqlNames): string {
  return names.alterTable(rule.table, `${ENABLE_SQL[state]} RULE ${names.ident(rule.name)}`);
}
