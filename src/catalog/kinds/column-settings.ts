/**
 * A column's statistics target, storage, compression and attribute options (ALTER COLUMN ... SET STATISTICS,
 * SET STORAGE, SET COMPRESSION, SET (n_distinct = ...)): what pg_dump restores and the planner and TOAST use.
 * Absent from a column while all of them are the defaults, as on almost every column.
 */
import * as z from 'zod';
import { storageParameterClauses } from './storage-parameters.js';

const STORAGE_WORDS = { p: 'plain', e: 'external', m: 'main', x: 'extended' } as const;
type StorageName = (typeof STORAGE_WORDS)[keyof typeof STORAGE_WORDS];
const storageName = z.enum(Object.values(STORAGE_WORDS) as [StorageName, ...StorageName[]]);

export const columnSettingsObject = z.lazy(() => z.object({
  /** The statistics target, or null for the default (-1 up to PostgreSQL 16, null from 17). */
  statistics: z.number().int().nullable(),
  /** The column's storage where it is not its type's; `type` is what the column goes back to. */
  storage: z.object({ column: storageName, type: storageName }).nullable(),
  /** A compression method set on the column itself (even the server's default_toast_compression), or null. */
  compression: z.enum(['pglz', 'lz4']).nullable(),
  /** Attribute options (`n_distinct=100`), sorted. */
  options: z.array(z.string()),
}));
export type ColumnSettings = z.infer<typeof columnSettingsObject>;

/** Whether a column has a setting that is not the default (`a` is pg_attribute, `t` the column's pg_type; never null). */
export const COLUMN_SETTINGS_SET = `coalesce(a.attstattarget >= 0 OR a.attstorage <> t.typstorage OR a.attcompression IN ('p', 'l') OR a.attoptions IS NOT NULL, false)`;

/** The read query's column: null unless a setting is not the default, else [statistics, [storage, type's storage] or null, compression, options]. */
export const COLUMN_SETTINGS_SQL = `CASE WHEN ${COLUMN_SETTINGS_SET}
                 THEN json_build_array(CASE WHEN a.attstattarget >= 0 THEN a.attstattarget END,
                                       CASE WHEN a.attstorage <> t.typstorage THEN json_build_array(a.attstorage, t.typstorage) END,
                                       CASE a.attcompression WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' END,
                                       coalesce(a.attoptions, '{}')) END`;

export type ColumnSettingsRow = [statistics: number | null, storage: [string, string] | null, compression: 'pglz' | 'lz4' | null, options: string[]] | null;

export function columnSettingsOf(row: NonNullable<ColumnSettingsRow>): ColumnSettings {
  const [statistics, storage, compression, options] = row;
  const word = (letter: string) => STORAGE_WORDS[letter as keyof typeof STORAGE_WORDS];
  return { statistics, storage: storage && { column: word(storage[0]), type: word(storage[1]) }, compression, options: [...options].sort() };
}

const NONE: ColumnSettings = { statistics: null, storage: null, compression: null, options: [] };

/** The settings in words ("statistics 500, storage external"), or "the default settings". */
export function describeColumnSettings(settings: ColumnSettings | undefined): string {
  const { statistics, storage, compression, options } = settings ?? NONE;
  const parts = [
    ...(statistics !== null ? [`statistics ${statistics}`] : []),
    ...(storage ? [`storage ${storage.column}`] : []),
    ...(compression ? [`compression ${compression}`] : []),
    ...(options.length ? [`options (${options.join(', ')})`] : []),
  ];
  return parts.length ? parts.join(', ') : 'the default settings';
}

/**
 * The ALTER COLUMN clauses that turn `actual` into `expected` (undefined: the defaults). `typeChanged`: the fix
 * changes the column's type first, which gives it the new type's storage and the default compression.
 */
export function columnSettingsClauses(expected: ColumnSettings | undefined, actual: ColumnSettings | undefined, typeChanged = false): string[] {
  const want = expected ?? NONE;
  const had = typeChanged ? { ...(actual ?? NONE), storage: null, compression: null } : (actual ?? NONE);
  const clauses: string[] = [];
  if (want.statistics !== had.statistics) clauses.push(`SET STATISTICS ${want.statistics ?? -1}`);
  // Back to the type's storage: SET STORAGE DEFAULT exists only from PostgreSQL 16.
  const storage = (entry: ColumnSettings['storage']): StorageName | null => entry?.column ?? null;
  if (storage(want.storage) !== storage(had.storage)) clauses.push(`SET STORAGE ${(want.storage?.column ?? had.storage!.type).toUpperCase()}`);
  if (want.compression !== had.compression) clauses.push(`SET COMPRESSION ${want.compression ?? 'DEFAULT'}`);
  clauses.push(...storageParameterClauses(want.options, had.options));
  return clauses;
}
