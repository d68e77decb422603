/** How format_type() prints type names, and which columns have a given type. */
import type { Column } from './kinds/columns.js';
import type { Domain } from './kinds/domains.js';

/**
 * Type names as format_type() prints them, written one way: a typmod equal to the type's default precision
 * means the same as no typmod (`timestamp(6) with time zone` is `timestamp with time zone`).
 */
const DEFAULT_PRECISION = /^(timestamp|time)\(6\)( with(?:out)? time zone)((?:\[\])*)$|^(interval(?: [a-z ]+?)?)\(6\)((?:\[\])*)$/;

export function normaliseType(type: string): string {
  const match = DEFAULT_PRECISION.exec(type);
  if (!match) return type;
  return match[1] !== undefined ? `${match[1]}${match[2]}${match[3]}` : `${match[4]}${match[5]}`;
}

/** Whether `type` is `printed` (a name as format_type() prints it, quoted where needed) or an array of it. */
export const isOfType = (type: string, printed: string) => type === printed || type === `${printed}[]`;

/** The columns whose type is `printed` or an array of it. */
export function columnsOfType(columns: readonly Column[], printed: string): Array<{ column: Column; array: boolean }> {
  return columns.filter((column) => isOfType(column.type, printed)).map((column) => ({ column, array: column.type !== printed }));
}

/** Types whose explicit cast cuts a value to the length (`'abc'::character varying(2)` is 'ab'), and what to cast to instead. */
const CUT_BY_CAST = /^(character varying|character|bit varying|bit)\(\d+\)((?:\[\])*)$/;
const UNCUT: Record<string, string> = { 'character varying': 'character varying', character: 'bpchar', 'bit varying': 'bit varying', bit: 'bit varying' };

/**
 * What a column conversion's USING casts to, for a column of `type`: the type itself, but without the length
 * where an explicit cast would cut the value to it, also for a domain over such a type (`ident` quotes a
 * domain's name as format_type() prints it). The column's own length then applies as on INSERT, and refuses a
 * value too long instead of silently truncating the rows.
 */
export function castTarget(type: string, domains: readonly Domain[], ident: (name: string) => string): string {
  const match = CUT_BY_CAST.exec(type);
  if (match) return `${UNCUT[match[1]!]}${match[2]}`;
  const domain = domains.find((candidate) => isOfType(type, ident(candidate.name)));
  const base = domain && castTarget(domain.type, [], ident);
  return base === undefined || base === domain!.type ? type : `${base}${type.endsWith('[]') ? '[]' : ''}`;
}

const INTEGER = /^(?:smallint|integer|bigint)$/;
const NUMERIC = /^numeric(?:\((\d+)(?:,(\d+))?\))?$/;
const TEXT = /^(?:text|character varying(?:\(\d+\))?|character(?:\(\d+\))?)$/;

/** A time type's family (its name without the precision) and precision (6 when it has none). */
const TIME = /^(timestamp|time)(?:\((\d)\))?( with(?:out)? time zone)$|^interval(?:\((\d)\))?$/;

/**
 * Whether converting a column of type `from` to `to` can round its values without an error, as a cast to a
 * number type does (3.7 to integer is 4, 0.12345678 to numeric(10,6) is 0.123457; a value too large fails
 * instead), and a time type to a lower precision of its own (12:00:00.5 to time(0) is 12:00:01): then the type
 * in which a value and its conversion are compared, else undefined. Arrays as their elements (an array and a
 * non-array: no cast of the kind).
 */
export function castRounds(from: string, to: string): string | undefined {
  if (from.endsWith('[]') !== to.endsWith('[]')) return undefined;
  const [source, target] = [from.replace(/\[\]$/, ''), to.replace(/\[\]$/, '')];
  const time = (type: string) => {
    const match = TIME.exec(type);
    return match && { family: match[1] ? `${match[1]}${match[3]}` : 'interval', precision: Number(match[2] ?? match[4] ?? 6) };
  };
  const [had, wanted] = [time(source), time(target)];
  if (had && wanted) return had.family === wanted.family && wanted.precision < had.precision ? had.family : undefined;
  const scale = (type: string) => {
    const match = NUMERIC.exec(type);
    return match && (match[1] === undefined ? Infinity : Number(match[2] ?? 0));
  };
  const fractional = scale(source) ?? (source === 'real' || source === 'double precision' || TEXT.test(source) ? Infinity : 0);
  const kept = scale(target);
  const rounds =
    // Text that is no whole number fails to convert to an integer type instead.
    INTEGER.test(target) ? fractional > 0 && !TEXT.test(source)
    : kept !== null ? fractional > kept
    // Binary floats keep 6 (real) and 15 (double precision) significant digits.
    : target === 'real' ? source !== 'smallint' && source !== 'real'
    : target === 'double precision' && (source === 'bigint' || scale(source) !== null || TEXT.test(source));
  return rounds ? 'numeric' : undefined;
}
