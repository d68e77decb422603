/** Leaves ignored objects (bookkeeping tables, --ignore patterns) out of a catalog before it is compared. */
import type { AnyKind } from './kind.js';
import { indexAhead } from './match.js';
import { TOP_LEVEL_KINDS, targetOf, type ObjectRef } from './model.js';
import { KIND_ENTRIES, type Catalog, type KindKey } from './registry.js';

export interface IgnoreMatcher {
  /** A table, view, type, sequence or function by its name. */
  table(name: string): boolean;
  /** A column (or anything named inside a table) by table and name. */
  column(table: string, name: string): boolean;
}

/** Whether a reference names an ignored object, or something on or inside one. */
function ignored(ref: ObjectRef, matcher: IgnoreMatcher): boolean {
  const target = targetOf(ref);
  if (target) return ignored(target, matcher);
  if (ref.table !== undefined) return matcher.table(ref.table) || matcher.column(ref.table, ref.name);
  return TOP_LEVEL_KINDS.has(ref.kind as never) && matcher.table(ref.kind === 'function' ? ref.name.slice(0, ref.name.indexOf('(')) : ref.name);
}

/**
 * The catalog without its ignored objects. `filtered`: a catalog already filtered with the same matcher whose
 * objects this one may share (a lock read against the database): a shared object passed already. Both lists
 * of a kind are in canonical order, so shared objects are found in step, a few places ahead past objects only
 * one side holds; any other object is matched against the patterns.
 */
export function withoutIgnored(catalog: Catalog, matcher: IgnoreMatcher, filtered?: Catalog): Catalog {
  const result = { ...catalog } as Record<KindKey, unknown[]>;
  for (const [key, kind] of KIND_ENTRIES as Array<[KindKey, AnyKind]>) {
    const passed = (filtered?.[key] ?? []) as unknown[];
    let next = 0;
    result[key] = (catalog[key] as unknown[]).filter((object) => {
      const shared = indexAhead(passed, next, (candidate) => candidate === object);
      if (shared !== -1) {
        next = shared + 1;
        return true;
      }
      const parent = kind.parent?.(object);
      return !ignored(kind.ref(object), matcher) && !(parent && ignored(parent, matcher));
    });
  }
  return result as Catalog;
}
