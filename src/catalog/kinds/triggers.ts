/** Triggers: their definition (timing, events, level, condition, function) and whether they fire. */
import * as z from 'zod';
import type { CatalogKind } from '../kind.js';
import { PHASES, step, type Difference } from '../model.js';

const TABLE_PLACEHOLDER = '{table}';

const triggerObject = z.object({
  table: z.string(),
  name: z.string(),
  /** pg_get_triggerdef() after the trigger's name, its table written as `{table}`. */
  definition: z.string(),
  constraint: z.boolean(),
  /** When it fires: `origin` (the default), `disabled`, `replica` or `always`. */
  enabled: z.enum(['origin', 'disabled', 'replica', 'always']),
});
export type Trigger = z.infer<typeof triggerObject>;

/** When a trigger (or a rule) fires, from its catalog letter (tgenabled, ev_enabled). */
export const FIRING = { O: 'origin', D: 'disabled', R: 'replica', A: 'always' } as const;
export type Firing = (typeof FIRING)[keyof typeof FIRING];
/** The ALTER TABLE words that set it: `<words> TRIGGER name`, `<words> RULE name`. */
export const ENABLE_SQL = { origin: 'ENABLE', disabled: 'DISABLE', replica: 'ENABLE REPLICA', always: 'ENABLE ALWAYS' } as const;

const describe = (trigger: Trigger) => `${trigger.definition.replace(TABLE_PLACEHOLDER, trigger.table)}${trigger.enabled === 'origin' ? '' : ` (${trigger.enabled})`}`;

export const triggers: CatalogKind<Trigger> = {
  kind: 'trigger',
  object: triggerObject,
  read: {
    // Internal triggers (those of foreign keys) and partitions' clones belong to what made them. The table is
    // cut out of the definition as pg_get_triggerdef() writes it (schema-qualified), so it does not depend
    // on the schema's name.
    sql: `
      SELECT coalesce(json_agg(json_build_array(
               c.relname, g.tgname, d.def, d.prefix, ' ON ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname) || ' ', g.tgconstraint <> 0, g.tgenabled)), '[]')::text AS data
        FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL (SELECT pg_get_triggerdef(g.oid) AS def,
               'CREATE ' || CASE WHEN g.tgconstraint <> 0 THEN 'CONSTRAINT ' ELSE '' END || 'TRIGGER ' || quote_ident(g.tgname) || ' ' AS prefix) d
       WHERE c.relnamespace = $SCHEMA AND NOT g.tgisinternal AND g.tgparentid = 0`,
    catalogs: ['pg_trigger', 'pg_class', 'pg_namespace'],
    functions: ['pg_get_triggerdef', 'quote_ident'],
    assemble: (rows) =>
      rows.map(([table, name, definition, prefix, on, constraint, enabled]) => {
        const text = definition as string;
        const body = text.startsWith(prefix as string) ? text.slice((prefix as string).length) : text;
        const at = body.indexOf(on as string);
        return {
          table: table as string,
          name: name as string,
          definition: at < 0 ? body : `${body.slice(0, at)} ON ${TABLE_PLACEHOLDER} ${body.slice(at + (on as string).length)}`,
          constraint: constraint as boolean,
          enabled: FIRING[enabled as keyof typeof FIRING],
        };
      }),
  },
  ref: (trigger) => ({ kind: 'trigger', table: trigger.table, name: trigger.name }),
  parent: (trigger) => ({ kind: 'table', name: trigger.table }),
  noun: (trigger) => `trigger ${trigger.name} on ${trigger.table}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'A trigger the schema expects does not exist' },
    unexpected: { severity: 'error', summary: 'A trigger exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'A trigger has another definition, or is enabled or disabled differently' },
  },
  create: (trigger, { names }) => [
    step(PHASES.dependants, `CREATE ${trigger.constraint ? 'CONSTRAINT ' : ''}TRIGGER ${names.ident(trigger.name)} ${trigger.definition.replace(TABLE_PLACEHOLDER, names.qualified(trigger.table))};`),
    ...(trigger.enabled === 'origin' ? [] : [step(PHASES.dependants, names.alterTable(trigger.table, `${ENABLE_SQL[trigger.enabled]} TRIGGER ${names.ident(trigger.name)}`), 1)]),
  ],
  drop: (trigger, { names }) => [step(PHASES.dropDependants, `DROP TRIGGER ${names.ident(trigger.name)} ON ${names.qualified(trigger.table)};`)],
  differences(expected, actual, context): Difference[] {
    if (describe(expected) === describe(actual) && expected.constraint === actual.constraint) return [];
    const { names } = context;
    const onlyEnabled = expected.definition === actual.definition && expected.constraint === actual.constraint;
    return [{
      code: 'mismatch',
      message: onlyEnabled
        ? `trigger ${expected.name} on ${expected.table} is ${actual.enabled === 'disabled' ? 'disabled' : `enabled (${actual.enabled})`}, expected ${expected.enabled === 'disabled' ? 'disabled' : `enabled (${expected.enabled})`}`
        : `trigger ${expected.name} on ${expected.table} is ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: onlyEnabled
        ? [step(PHASES.dependants, names.alterTable(expected.table, `${ENABLE_SQL[expected.enabled]} TRIGGER ${names.ident(expected.name)}`), 1)]
        : [...triggers.drop(actual, context), ...triggers.create(expected, context)],
    }];
  },
  retarget: (trigger, renames) => {
    const table = renames.table(trigger.table);
    return { ...trigger, table, definition: renames.expression(table, trigger.definition) };
  },
};
