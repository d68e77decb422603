/**
 * The kinds aiforce-db compares, registered once: the catalog's shape (and the lock's), the finding codes
 * and the order of comparison all derive from this object. A new kind is one module plus one line here.
 */
import * as z from 'zod';
import type { CodeInfo, KindName } from './model.js';
import { aggregates } from './kinds/aggregates.js';
import { casts } from './kinds/casts.js';
import { collations } from './kinds/collations.js';
import { columns } from './kinds/columns.js';
import { comments } from './kinds/comments.js';
import { compositeTypes } from './kinds/composite-types.js';
import { constraints } from './kinds/constraints.js';
import { defaultPrivileges } from './kinds/default-privileges.js';
import { domains } from './kinds/domains.js';
import { enums } from './kinds/enums.js';
import { eventTriggers } from './kinds/event-triggers.js';
import { extensions } from './kinds/extensions.js';
import { foreignKeys } from './kinds/foreign-keys.js';
import { functions } from './kinds/functions.js';
import { indexes } from './kinds/indexes.js';
import { operators } from './kinds/operators.js';
import { otherObjects } from './kinds/other-objects.js';
import { owners } from './kinds/owners.js';
import { policies } from './kinds/policies.js';
import { primaryKeys } from './kinds/primary-keys.js';
import { publications } from './kinds/publications.js';
import { rangeTypes } from './kinds/range-types.js';
import { privileges } from './kinds/privileges.js';
import { rowSecurity } from './kinds/row-security.js';
import { rules } from './kinds/rules.js';
import { sequences } from './kinds/sequences.js';
import { statistics } from './kinds/statistics.js';
import { tables } from './kinds/tables.js';
import { tablespaces } from './kinds/tablespaces.js';
import { textSearchConfigurations } from './kinds/text-search-configurations.js';
import { textSearchDictionaries } from './kinds/text-search-dictionaries.js';
import { triggers } from './kinds/triggers.js';
import { views } from './kinds/views.js';

/** In comparison order: an object's parent (and what it is renamed along with) comes before it. */
export const KINDS = {
  extensions,
  collations,
  textSearchDictionaries,
  textSearchConfigurations,
  enums,
  domains,
  compositeTypes,
  rangeTypes,
  otherObjects,
  functions,
  aggregates,
  operators,
  casts,
  tables,
  columns,
  sequences,
  views,
  primaryKeys,
  constraints,
  indexes,
  statistics,
  foreignKeys,
  triggers,
  eventTriggers,
  rules,
  rowSecurity,
  policies,
  publications,
  privileges,
  defaultPrivileges,
  comments,
  tablespaces,
  owners,
} as const;

export type KindKey = keyof typeof KINDS;
type ObjectOf<K extends KindKey> = z.infer<(typeof KINDS)[K]['object']>;

const arrays = <K extends KindKey>(kinds: typeof KINDS) =>
  Object.fromEntries(Object.entries(kinds).map(([key, kind]) => [key, z.array(kind.object)])) as { [Key in K]: z.ZodArray<(typeof KINDS)[Key]['object']> };

/** What one PostgreSQL schema holds, one array per kind: the snapshot of a database and the lock's content. */
export const catalogSchema = z.lazy(() => z.object(arrays<KindKey>(KINDS)));
export type Catalog = { [K in KindKey]: ObjectOf<K>[] };

export const KIND_ENTRIES = Object.entries(KINDS) as Array<[KindKey, (typeof KINDS)[KindKey]]>;

/** An empty catalog (a schema with nothing in it). */
export function emptyCatalog(): Catalog {
  return Object.fromEntries(KIND_ENTRIES.map(([key]) => [key, []])) as unknown as Catalog;
}

/** Every catalog finding code (`<kind>.<suffix>`) with its default severity and summary, built from the kinds. */
export const CATALOG_CODES: Record<string, CodeInfo> = Object.fromEntries(
  KIND_ENTRIES.flatMap(([, kind]) => Object.entries(kind.codes).map(([suffix, info]) => [`${kind.kind satisfies KindName}.${suffix}`, info])),
);
