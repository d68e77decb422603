/** How format_type() prints type names, and which columns have a given type. */
import type { Column } from './kinds/columns.js';

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
