/** How format_type() prints type names, and which columns have a given type. */
import type { Column } from './kinds/columns.js';
import type { Domain } from './kinds/domains.js';

/**
 * A built-in type whose printed name carries modifiers, taken apart once for every question asked of it below:
 * `timestamp(3) with time zone` is the family `timestamp with time zone` with [3]; `interval day to second(3)`,
 * `numeric(5,-2)`, `character varying(20)[]` likewise. Other types (no modifiers to read) are not parsed.
 */
const MODIFIED_TYPE = /^(timestamp|time|interval(?: [a-z ]+?)?|numeric|character varying|character|bit varying|bit)(?:\((-?\d+)(?:,(-?\d+))?\))?( with(?:out)? time zone)?((?:\[\])*)$/;

interface TypeParts {
  /** The type without its modifiers: `timestamp with time zone`, `interval day to second`, `numeric`. */
  family: string;
  modifiers: number[];
  /** The array brackets, if any. */
  dims: string;
}

function typeParts(type: string): TypeParts | undefined {
  const match = MODIFIED_TYPE.exec(type);
  if (!match) return undefined;
  const [, name, first, second, zone = '', dims = ''] = match;
  return { family: `${name}${zone}`, modifiers: [first, second].filter((one) => one !== undefined).map(Number), dims };
}

/** TypeParts printed back as format_type() prints them: the modifiers before a time zone. */
function printParts({ family, modifiers, dims }: TypeParts): string {
  const zone = / with(?:out)? time zone$/.exec(family)?.[0] ?? '';
  return `${family.slice(0, family.length - zone.length)}${modifiers.length ? `(${modifiers.join(',')})` : ''}${zone}${dims}`;
}

/** The families whose modifier is a precision of seconds' fractions, 6 when it has none. */
const isTimeFamily = (family: string) => /^(?:timestamp|time) with|^interval/.test(family);

/**
 * normaliseType's answers: a schema's columns share a few dozen types (200,000 columns at 10,000 tables). Kept
 * for the process, which reads a few catalogs at most.
 */
const normalTypes = new Map<string, string>();

/**
 * Type names as format_type() prints them, written one way: a typmod equal to the type's default precision
 * means the same as no typmod (`timestamp(6) with time zone` is `timestamp with time zone`).
 */
export function normaliseType(type: string): string {
  let normal = normalTypes.get(type);
  if (normal === undefined) {
    const parts = typeParts(type);
    normal = parts && isTimeFamily(parts.family) && parts.modifiers.length === 1 && parts.modifiers[0] === 6 ? printParts({ ...parts, modifiers: [] }) : type;
    normalTypes.set(type, normal);
  }
  return normal;
}

/** Whether `type` is numeric, with or without precision and scale, or an array of it. */
export const isNumeric = (type: string) => typeParts(type)?.family === 'numeric';

/** Whether `type` is `printed` (a name as format_type() prints it, quoted where needed) or an array of it. */
export const isOfType = (type: string, printed: string) => type === printed || type === `${printed}[]`;

/** The columns whose type is `printed` or an array of it. */
export function columnsOfType(columns: readonly Column[], printed: string): Array<{ column: Column; array: boolean }> {
  return columns.filter((column) => isOfType(column.type, printed)).map((column) => ({ column, array: column.type !== printed }));
}

/** Types whose explicit cast cuts a value to the length (`'abc'::character varying(2)` is 'ab'), and what to cast to instead. */
const UNCUT: Record<string, string> = { 'character varying': 'character varying', character: 'bpchar', 'bit varying': 'bit varying', bit: 'bit varying' };

/** The domain `type` is (or is an array of) among `domains`, where it is one (`ident` quotes a domain's name as format_type() prints it). */
const domainOf = (type: string, domains: readonly Domain[], ident: (name: string) => string) => domains.find((candidate) => isOfType(type, ident(candidate.name)));

/** `type`, or the type a domain of `domains` is over (an array of it for an array of the domain). */
export function baseType(type: string, domains: readonly Domain[], ident: (name: string) => string): string {
  const domain = domainOf(type, domains, ident);
  return domain ? `${domain.type}${type.endsWith('[]') ? '[]' : ''}` : type;
}

/**
 * What a column conversion's USING casts to, for a column of `type`: the type itself, but without the length
 * where an explicit cast would cut the value to it, also for a domain over such a type. The column's own
 * length then applies as on INSERT, and refuses a value too long instead of silently truncating the rows.
 */
export function castTarget(type: string, domains: readonly Domain[], ident: (name: string) => string): string {
  const parts = typeParts(baseType(type, domains, ident));
  const uncut = parts?.modifiers.length ? UNCUT[parts.family] : undefined;
  return uncut === undefined ? type : `${uncut}${parts!.dims}`;
}

/**
 * castRounds for a time type target: a lower precision rounds, an interval's narrower fields drop the rest, a
 * time takes a timestamp's date, an interval's days or a time zone's offset away. Intervals are compared as
 * text, since `=` takes a month for 30 days; text into a time type with a precision or fields through its
 * family without them.
 */
function timeCastChanges(source: string, had: TypeParts | undefined, wanted: TypeParts): string | undefined {
  const precision = (parts: TypeParts) => parts.modifiers[0] ?? 6;
  if (!had || !isTimeFamily(had.family)) {
    const narrowed = wanted.modifiers.length > 0 || wanted.family.startsWith('interval ');
    return isText(source, had) && narrowed ? (wanted.family.startsWith('interval') ? 'interval' : wanted.family) : undefined;
  }
  // An interval's lowest field: its last word, `second` for a plain interval.
  const lowest = (family: string) => Math.max(0, INTERVAL_FIELDS.indexOf(family.split(' ').at(-1)!));
  const isInterval = (family: string) => family.startsWith('interval');
  if (isInterval(had.family) && isInterval(wanted.family)) return lowest(wanted.family) > lowest(had.family) || precision(wanted) < precision(had) ? 'text' : undefined;
  // A time without its time zone keeps only the clock: what a timestamp, an interval or a time zone held besides is lost.
  if (wanted.family === 'time without time zone' && had.family !== wanted.family) return 'text';
  if (wanted.family === 'time with time zone' && (had.family.startsWith('timestamp') || isInterval(had.family))) return 'text';
  // Between timestamps with and without time zone (the session's), and within one family: the precision.
  const sameKind = had.family === wanted.family || (had.family.startsWith('timestamp') && wanted.family.startsWith('timestamp'));
  return sameKind && precision(wanted) < precision(had) ? had.family : undefined;
}

const INTEGER = /^(?:smallint|integer|bigint)$/;
const isText = (type: string, parts: TypeParts | undefined) => type === 'text' || parts?.family === 'character varying' || parts?.family === 'character';
/** An interval's fields, the lowest last: a cast zeroes what lies below its lowest field (`interval day` drops the time). */
const INTERVAL_FIELDS = ['second', 'minute', 'hour', 'day', 'month', 'year'];

/** How many decimal places a value of `type` can hold: Infinity for unconstrained numeric, floats and text. */
function fractionDigits(type: string, parts: TypeParts | undefined): number {
  if (parts?.family === 'numeric') return parts.modifiers.length ? (parts.modifiers[1] ?? 0) : Infinity;
  // lc_monetary decides money's places: 2 in most locales, 3 in some, 0 in others.
  if (type === 'money') return Infinity;
  return type === 'real' || type === 'double precision' || isText(type, parts) ? Infinity : 0;
}

/**
 * Whether converting a column of type `from` to `to` (domains already resolved: baseType) can change its values
 * without an error: a cast to a number type rounds (3.7 to integer is 4, 0.12345678 to numeric(10,6) is
 * 0.123457, 123 to numeric(5,-2) is 100, 1.005 to money is 1.01; a value too large fails instead), a time type to
 * a lower precision of its own rounds (12:00:00.5 to time(0) is 12:00:01), an interval to narrower fields
 * drops the rest ('1 day 5 hours' to interval day is '1 day'), a timestamp to a date drops the time. Then the
 * type in which a value and its conversion are compared, else undefined. Arrays as their elements (an array and
 * a non-array: no cast of the kind).
 */
export function castRounds(from: string, to: string): string | undefined {
  if (from.endsWith('[]') !== to.endsWith('[]')) return undefined;
  const [source, target] = [from.replace(/\[\]$/, ''), to.replace(/\[\]$/, '')];
  const [had, wanted] = [typeParts(source), typeParts(target)];
  if (had && isTimeFamily(had.family) && target === 'date') return had.family.startsWith('timestamp') ? had.family : undefined;
  if (wanted && isTimeFamily(wanted.family)) return timeCastChanges(source, had, wanted);
  const fractional = fractionDigits(source, had);
  const rounds =
    wanted?.family === 'numeric' ? fractional > fractionDigits(target, wanted)
    // money converts to and from numeric and the integer types only; it keeps the places of lc_monetary.
    : source === 'money' ? false
    : target === 'money' ? had?.family === 'numeric' && fractional > 0
    // Text that is no whole number fails to convert to an integer type instead.
    : INTEGER.test(target) ? fractional > 0 && !isText(source, had)
    // Binary floats keep 6 (real) and 15 (double precision) significant digits.
    : target === 'real' ? source !== 'smallint' && source !== 'real'
    : target === 'double precision' && (source === 'bigint' || had?.family === 'numeric' || isText(source, had));
  return rounds ? 'numeric' : undefined;
}
