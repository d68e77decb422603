/**
 * Which type changes of a column have a cast. A fix converts a column with `USING column::type`, which
 * PostgreSQL refuses where no cast leads from one type to the other (smallint to boolean, interval to integer,
 * uuid to integer). Only the server knows its casts, and those of its extensions: the comparison records the
 * conversions its fixes would write, the server is asked about those, and where there is no cast the finding
 * says so instead (the comparison runs again with the answers).
 */
import type pg from 'pg';
import { probeEach, type ProbeOutcome } from './read-transaction.js';

export interface Conversion {
  from: string;
  to: string;
}

const conversionKey = ({ from, to }: Conversion) => `${from}\u0000${to}`;

/** The words format_type() prints inside a type's name: character varying, double precision, time zones, interval fields. */
const TYPE_WORDS = '(?: (?:varying|precision|with|without|time|zone|to|year|month|day|hour|minute|second))*';
const NAME = '(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")';

/**
 * A type's name as format_type() prints one: a name or quoted name, a schema before a dot, its words, one type
 * modifier, array brackets. The lock's side is a file: nothing else of it is ever sent to the server.
 */
const PRINTED_TYPE = new RegExp(`^${NAME}(?:\\.${NAME})?${TYPE_WORDS}(?:\\(-?\\d+(?:,-?\\d+)?\\))?${TYPE_WORDS}(?:\\[\\])*$`);
export const isPrintedType = (type: string) => PRINTED_TYPE.test(type);

/** PostgreSQL's cannot_coerce: no cast between the two types. */
const NO_CAST = '42846';

/**
 * The conversions the server has no cast for: `NULL::from::to` does not parse. Only parsed, in a statement
 * prepared and let go: no function of the database runs (a cast's function would, where the query ran). A type
 * the server does not know yet (one the fix creates) leaves the conversion as it is.
 */
export async function probeConversions(client: pg.Client, schema: string, conversions: readonly Conversion[]): Promise<Set<string>> {
  const sent = conversions.filter(({ from, to }) => isPrintedType(from) && isPrintedType(to));
  const outcomes = await probeEach(client, schema, sent, ({ from, to }, index) => `PREPARE aiforce_cast_probe_${index} AS SELECT NULL::${from}::${to}`);
  // Prepared statements outlive the transaction: those prepared are let go in one round trip.
  const prepared = [...outcomes.keys()].filter((index) => 'rows' in outcomes[index]!);
  if (prepared.length) await client.query(prepared.map((index) => `DEALLOCATE aiforce_cast_probe_${index}`).join('; '));
  const noCast = (outcome: ProbeOutcome) => 'error' in outcome && outcome.error.code === NO_CAST;
  return new Set(sent.filter((_, index) => noCast(outcomes[index]!)).map(conversionKey));
}

/** A comparison's castable that answers yes and records what it was asked, for probeConversions. */
export function recordingCastable(): { castable: (from: string, to: string) => boolean; asked: () => Conversion[] } {
  const asked = new Map<string, Conversion>();
  return {
    castable: (from, to) => {
      asked.set(conversionKey({ from, to }), { from, to });
      return true;
    },
    asked: () => [...asked.values()],
  };
}

/** The comparison's castable: every conversion but those the server has no cast for. */
export const castability =
  (uncastable: ReadonlySet<string>) =>
  (from: string, to: string): boolean =>
    !uncastable.has(conversionKey({ from, to }));
