/**
 * Which type changes of a column have a cast. A fix converts a column with `USING column::type`, which
 * PostgreSQL refuses where no cast leads from one type to the other (smallint to boolean, interval to integer,
 * uuid to integer). Only the server knows its casts, and those of its extensions: before the comparison it is
 * asked about the conversions the fix would write, and where there is none the finding says so instead.
 */
import type pg from 'pg';
import { readableIdent } from '../database/quote.js';
import { forColumnsOnBothSides } from './equivalence.js';
import { probeEach, type ProbeOutcome } from './read-transaction.js';
import type { Catalog } from './registry.js';
import { isOfType } from './types.js';

export interface Conversion {
  from: string;
  to: string;
}

const conversionKey = ({ from, to }: Conversion) => `${from}\u0000${to}`;

/**
 * A type name as format_type() prints one: words or quoted names, a schema before a dot, one type modifier,
 * array brackets. The lock's side is a file: nothing else of it is ever sent to the server.
 */
const PRINTED_TYPE = /^(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")(?:\.(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+"))?(?: [a-z]+)*(?:\(-?\d+(?:,-?\d+)?\))?(?: [a-z]+)*(?:\[\])*$/;

/** The type changes of columns on both sides, but to or from an enum (a fix converts those through text). */
export function conversionsToProbe(expected: Catalog, actual: Catalog): Conversion[] {
  const isEnum = (catalog: Catalog, type: string) => catalog.enums.some((entry) => isOfType(type, readableIdent(entry.name)));
  const conversions = new Map<string, Conversion>();
  forColumnsOnBothSides(expected, actual, (column, found) => {
    const conversion = { from: found.type, to: column.type };
    if (conversion.from === conversion.to || isEnum(actual, conversion.from) || isEnum(expected, conversion.to)) return;
    if (PRINTED_TYPE.test(conversion.from) && PRINTED_TYPE.test(conversion.to)) conversions.set(conversionKey(conversion), conversion);
  });
  return [...conversions.values()];
}

/** PostgreSQL's cannot_coerce: no cast between the two types. */
const NO_CAST = '42846';

/**
 * The conversions the server has no cast for: `NULL::from::to` does not parse. A type it does not know yet
 * (one the fix creates) leaves the conversion as it is. Read-only, one statement per conversion.
 */
export async function probeConversions(client: pg.Client, schema: string, conversions: readonly Conversion[]): Promise<Set<string>> {
  const outcomes = await probeEach(client, schema, conversions, ({ from, to }) => `SELECT NULL::${from}::${to}`);
  const noCast = (outcome: ProbeOutcome) => 'error' in outcome && outcome.error.code === NO_CAST;
  return new Set(conversions.filter((_, index) => noCast(outcomes[index]!)).map(conversionKey));
}

/** The comparison's castable: every conversion but those the server has no cast for. */
export const castability =
  (uncastable: ReadonlySet<string>) =>
  (from: string, to: string): boolean =>
    !uncastable.has(conversionKey({ from, to }));
