/**
 * What triggers and rules share: a definition deparsed by the server with their table cut out, and a state
 * saying when they fire (ALTER TABLE … ENABLE/DISABLE TRIGGER or RULE).
 */
import * as z from 'zod';
import type { CompareContext } from '../kind.js';
import { PHASES, step, type Difference, type FixStep } from '../model.js';

/** When a trigger or rule fires, by its catalog letter (tgenabled, ev_enabled). */
export const FIRING = { O: 'origin', D: 'disabled', R: 'replica', A: 'always' } as const;
export const firingSchema = z.enum(['origin', 'disabled', 'replica', 'always']);
export type Firing = z.infer<typeof firingSchema>;

/** ALTER ... ENABLE/DISABLE's words for each state. */
export const ENABLE_SQL: Record<Firing, string> = { origin: 'ENABLE', disabled: 'DISABLE', replica: 'ENABLE REPLICA', always: 'ENABLE ALWAYS' };

/** What fires: a trigger or a rule, on a table, with its definition and state. */
interface Fires {
  table: string;
  name: string;
  definition: string;
  enabled: Firing;
}

export const TABLE_PLACEHOLDER = '{table}';

/**
 * A deparsed definition after its `prefix` (`CREATE TRIGGER name `), with its table, as `<keyword> <qualified name> `
 * writes it (schema-qualified by the server), turned into `{table}`: it then does not depend on the schema's name.
 */
export function definitionOf(text: string, prefix: string, keyword: string, qualified: string): string {
  const body = text.startsWith(prefix) ? text.slice(prefix.length) : text;
  const marker = ` ${keyword} ${qualified} `;
  const at = body.indexOf(marker);
  return at < 0 ? body : `${body.slice(0, at)} ${keyword} ${TABLE_PLACEHOLDER} ${body.slice(at + marker.length)}`;
}

/** The definition with `table` in place of `{table}` (a function replacement: `$&` in a name is no pattern). */
export const placeTable = (definition: string, table: string) => definition.replace(TABLE_PLACEHOLDER, () => table);

/** The definition with its table, and its state unless it fires as usual. */
export const describeFiring = (object: Fires) => `${placeTable(object.definition, object.table)}${object.enabled === 'origin' ? '' : ` (${object.enabled})`}`;

const stateWords = (firing: Firing) => (firing === 'disabled' ? 'disabled' : `enabled (${firing})`);

/** The statement that makes it fire as `firing` says; `word` is TRIGGER or RULE. */
export function setFiring(object: Fires, firing: Firing, word: 'TRIGGER' | 'RULE', { names }: Pick<CompareContext, 'names'>): FixStep {
  return step(PHASES.dependants, names.alterTable(object.table, `${ENABLE_SQL[firing]} ${word} ${names.ident(object.name)}`), 1);
}

/**
 * The mismatch of two triggers or two rules of one name: only their state differs (set it), or their
 * definition (`sameDefinition` false: drop it and create it again, which the caller gives as `rebuild`).
 */
export function firingMismatch(noun: string, word: 'TRIGGER' | 'RULE', expected: Fires, actual: Fires, sameDefinition: boolean, rebuild: () => FixStep[], context: CompareContext): Difference[] {
  if (sameDefinition && expected.enabled === actual.enabled) return [];
  return [{
    code: 'mismatch',
    message: sameDefinition
      ? `${noun} is ${stateWords(actual.enabled)}, expected ${stateWords(expected.enabled)}`
      : `${noun} is ${describeFiring(actual)}, expected ${describeFiring(expected)}`,
    expected: describeFiring(expected),
    actual: describeFiring(actual),
    fix: sameDefinition ? [setFiring(expected, expected.enabled, word, context)] : rebuild(),
  }];
}
