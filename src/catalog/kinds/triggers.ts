/** Triggers: their definition (timing, events, level, condition, function) and whether they fire. */
import * as z from 'zod';
import { rebuild, type CatalogKind } from '../kind.js';
import { PHASES, step, type Difference } from '../model.js';
import { closing } from '../sql.js';
import { definitionOf, describeFiring, FIRING, firingMismatch, firingSchema, placeTable, setFiring } from './firing.js';

const triggerObject = z.lazy(() => z.object({
  table: z.string(),
  name: z.string(),
  /** pg_get_triggerdef() after the trigger's name, its table written as `{table}`. */
  definition: z.string(),
  constraint: z.boolean(),
  /** When it fires: `origin` (the default), `disabled`, `replica` or `always`. */
  enabled: firingSchema,
}));
export type Trigger = z.infer<typeof triggerObject>;

const UPDATE_OF = /^(?:BEFORE|AFTER|INSTEAD OF)(?: (?:INSERT|DELETE) OR)* UPDATE OF /;
const BARE_NAME = /[a-z_][a-z0-9_$]*/y;

/**
 * The definition as compared: the columns of `UPDATE OF a, b` sorted. The trigger fires when any of them is
 * updated, but PostgreSQL keeps them (and pg_get_triggerdef prints them) in the order they were written.
 */
export function comparedDefinition(definition: string): string {
  const head = UPDATE_OF.exec(definition);
  if (!head) return definition;
  const columns: string[] = [];
  for (let at = head[0].length; ; ) {
    BARE_NAME.lastIndex = at;
    const end = definition[at] === '"' ? closing(definition, at, '"') : BARE_NAME.test(definition) ? BARE_NAME.lastIndex : at;
    if (end === at) return definition;
    columns.push(definition.slice(at, end));
    if (!definition.startsWith(', ', end)) return `${head[0]}${columns.sort().join(', ')}${definition.slice(end)}`;
    at = end + 2;
  }
}

export const triggers: CatalogKind<Trigger> = {
  kind: 'trigger',
  object: triggerObject,
  read: {
    // Internal triggers (those of foreign keys) and partitions' clones belong to what made them. The table is
    // cut out of the definition as pg_get_triggerdef() writes it (schema-qualified), so it does not depend
    // on the schema's name.
    sql: `
      SELECT coalesce(json_agg(json_build_array(
               c.relname, g.tgname, d.def, d.prefix, quote_ident(n.nspname) || '.' || quote_ident(c.relname), g.tgconstraint <> 0, g.tgenabled)), '[]')::text AS data
        FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL (SELECT pg_get_triggerdef(g.oid) AS def,
               'CREATE ' || CASE WHEN g.tgconstraint <> 0 THEN 'CONSTRAINT ' ELSE '' END || 'TRIGGER ' || quote_ident(g.tgname) || ' ' AS prefix) d
       WHERE c.relnamespace = $SCHEMA AND NOT g.tgisinternal AND g.tgparentid = 0`,
    present: `EXISTS (SELECT FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid WHERE c.relnamespace = $SCHEMA AND NOT g.tgisinternal)`,
    catalogs: ['pg_trigger', 'pg_class', 'pg_namespace'],
    functions: ['pg_get_triggerdef', 'quote_ident'],
    assemble: (rows) =>
      rows.map(([table, name, definition, prefix, qualified, constraint, enabled]) => ({
        table: table as string,
        name: name as string,
        definition: definitionOf(definition as string, prefix as string, 'ON', qualified as string),
        constraint: constraint as boolean,
        enabled: FIRING[enabled as keyof typeof FIRING],
      })),
  },
  ref: (trigger) => ({ kind: 'trigger', table: trigger.table, name: trigger.name }),
  parent: (trigger) => ({ kind: 'table', name: trigger.table }),
  noun: (trigger) => `trigger ${trigger.name} on ${trigger.table}`,
  describe: describeFiring,
  codes: {
    missing: { severity: 'error', summary: 'A trigger the schema expects does not exist' },
    unexpected: { severity: 'error', summary: 'A trigger exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'A trigger has another definition, or is enabled or disabled differently' },
  },
  create: (trigger, context) => [
    step(PHASES.dependants, `CREATE ${trigger.constraint ? 'CONSTRAINT ' : ''}TRIGGER ${context.names.ident(trigger.name)} ${placeTable(trigger.definition, context.names.qualified(trigger.table))};`),
    ...(trigger.enabled === 'origin' ? [] : [setFiring(trigger, trigger.enabled, 'TRIGGER', context)]),
  ],
  // IF EXISTS: an INSTEAD OF trigger goes with its view when the same script drops the view first.
  drop: (trigger, { names }) => [step(PHASES.dropDependants, `DROP TRIGGER IF EXISTS ${names.ident(trigger.name)} ON ${names.qualified(trigger.table)};`)],
  differences: (expected, actual, context): Difference[] =>
    firingMismatch(`trigger ${expected.name} on ${expected.table}`, 'TRIGGER', expected, actual, comparedDefinition(expected.definition) === comparedDefinition(actual.definition) && expected.constraint === actual.constraint, () => rebuild(triggers, actual, expected, context), context),
  retarget: (trigger, renames) => {
    const table = renames.table(trigger.table);
    return { ...trigger, table, definition: renames.expression(table, trigger.definition) };
  },
};
