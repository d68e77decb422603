/**
 * Event triggers (CREATE EVENT TRIGGER) whose function is the schema's: pg_event_trigger belongs to the
 * database, but such a trigger comes with the schema's migrations, and pg_dump writes it. Compared: the event,
 * the command tags it is limited to, its function and when it fires. A stray one is dropped (and one to disable is
 * disabled) before any other statement of the fix, and a missing one created (and one to enable enabled) after all
 * of them, so that none fires on the fix's own DDL.
 */
import * as z from 'zod';
import { quoteLiteral } from '../../database/quote.js';
import type { CatalogKind, CompareContext } from '../kind.js';
import { PHASES, step, type Difference, type FixStep } from '../model.js';
import { functionNameSql, notExtensionMember } from '../sql.js';
import { ENABLE_SQL, FIRING, firingSchema } from './firing.js';

const eventTriggerObject = z.lazy(() => z.object({
  name: z.string(),
  /** ddl_command_start, ddl_command_end, sql_drop, table_rewrite, login (PostgreSQL 17). */
  event: z.string(),
  /** WHEN TAG IN (...), sorted; empty: every command. */
  tags: z.array(z.string()),
  /** The function it executes, unqualified when it is the schema's. */
  function: z.string(),
  enabled: firingSchema,
}));
export type EventTrigger = z.infer<typeof eventTriggerObject>;

type EventTriggerRow = [name: string, event: string, tags: string[] | null, fn: string, enabled: keyof typeof FIRING];

const definition = (trigger: EventTrigger) =>
  `ON ${trigger.event}${trigger.tags.length ? ` WHEN TAG IN (${trigger.tags.map(quoteLiteral).join(', ')})` : ''} EXECUTE FUNCTION ${trigger.function}()`;
const describe = (trigger: EventTrigger) => `${definition(trigger)}${trigger.enabled === 'origin' ? '' : `, ${trigger.enabled}`}`;

/** Before any other statement of the fix. */
const first = (sql: string) => step(PHASES.dropDependants, sql, Number.MIN_SAFE_INTEGER);
/** After every other statement of the fix. */
const last = (sql: string) => step(PHASES.eventTriggers, sql);
const drop = (trigger: EventTrigger, { names }: CompareContext): FixStep => first(`DROP EVENT TRIGGER IF EXISTS ${names.ident(trigger.name)};`);
const stateSql = (trigger: EventTrigger, { names }: CompareContext) => `ALTER EVENT TRIGGER ${names.ident(trigger.name)} ${ENABLE_SQL[trigger.enabled]};`;
/** An existing one's state: disabled before the fix's other statements, enabled after them. */
const setState = (trigger: EventTrigger, context: CompareContext): FixStep =>
  trigger.enabled === 'disabled' ? first(stateSql(trigger, context)) : last(stateSql(trigger, context));
function create(trigger: EventTrigger, context: CompareContext): FixStep[] {
  const sql = `CREATE EVENT TRIGGER ${context.names.ident(trigger.name)} ${definition(trigger)};`;
  return [last(sql), ...(trigger.enabled === 'origin' ? [] : [last(stateSql(trigger, context))])];
}

export const eventTriggers: CatalogKind<EventTrigger> = {
  kind: 'event_trigger',
  object: eventTriggerObject,
  read: {
    sql: `
      SELECT coalesce(json_agg(json_build_array(v.evtname, v.evtevent, v.evttags, ${functionNameSql('v.evtfoid')}, v.evtenabled)), '[]')::text AS data
        FROM pg_event_trigger v
       WHERE EXISTS (SELECT FROM pg_proc p WHERE p.oid = v.evtfoid AND p.pronamespace = $SCHEMA) AND ${notExtensionMember('pg_event_trigger', 'v.oid')}`,
    present: `EXISTS (SELECT FROM pg_event_trigger)`,
    catalogs: ['pg_event_trigger', 'pg_proc', 'pg_depend'],
    assemble: (rows) =>
      (rows as unknown as EventTriggerRow[]).map(([name, event, tags, fn, enabled]) => ({ name, event, tags: [...(tags ?? [])].sort(), function: fn, enabled: FIRING[enabled] })),
  },
  ref: (trigger) => ({ kind: 'event_trigger', name: trigger.name }),
  noun: (trigger) => `event trigger ${trigger.name}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'An event trigger whose function is the schema\'s does not exist' },
    unexpected: { severity: 'warning', summary: 'An event trigger whose function is the schema\'s exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'An event trigger fires on another event, for other command tags, with another function, or in another state' },
  },
  create,
  drop: (trigger, context) => [drop(trigger, context)],
  differences(expected, actual, context): Difference[] {
    if (describe(expected) === describe(actual)) return [];
    const onlyFiring = definition(expected) === definition(actual);
    return [{
      code: 'mismatch',
      message: `event trigger ${expected.name} is ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      // No ALTER changes its event, tags or function.
      fix: onlyFiring ? [setState(expected, context)] : [drop(actual, context), ...create(expected, context)],
    }];
  },
};
