/**
 * The one generic matcher every kind goes through: objects are paired by their identity (a key), never by
 * nested scans, so a comparison is linear in the number of objects.
 */
export interface Matched<T> {
  /** In the expected list only, in its order. */
  missing: T[];
  /** In the actual list only, in its order. */
  unexpected: T[];
  /** On both sides: [expected, actual], in the expected list's order. */
  both: Array<[T, T]>;
}

/** How far ahead two lists in the same order are searched past objects only one of them holds. */
const LOOK_AHEAD = 8;

/**
 * Where, from `from` on and at most a few places ahead, `list` holds what `matches` looks for; -1 if not
 * there. Two lists in the same order stay in step this way past an object only one of them holds.
 */
export function indexAhead<T>(list: readonly T[], from: number, matches: (item: T, index: number) => boolean): number {
  for (let index = from; index < Math.min(from + LOOK_AHEAD, list.length); index++) if (matches(list[index]!, index)) return index;
  return -1;
}

/** Keys are identities: unique within each list. */
export function matchByName<T>(expected: readonly T[], actual: readonly T[], key: (item: T) => string): Matched<T> {
  const result: Matched<T> = { missing: [], unexpected: [], both: [] };
  // Two catalogs read the same way list their objects in the same order: pair them in step while they agree
  // (no drift is the common answer), and key the rest by identity from the first disagreement on.
  let at = 0;
  // A lock read against the database shares the objects the two have in common: the same object needs no key.
  for (const end = Math.min(expected.length, actual.length); at < end && (expected[at] === actual[at] || key(expected[at]!) === key(actual[at]!)); at += 1) {
    result.both.push([expected[at]!, actual[at]!]);
  }
  if (at === expected.length && at === actual.length) return result;
  // Each key is computed once; an actual object still in the map after the expected ones took theirs is unexpected.
  const actualByKey = new Map<string, T>();
  for (let index = at; index < actual.length; index += 1) actualByKey.set(key(actual[index]!), actual[index]!);
  for (let index = at; index < expected.length; index += 1) {
    const item = expected[index]!;
    const name = key(item);
    const found = actualByKey.get(name);
    if (found === undefined) result.missing.push(item);
    else {
      result.both.push([item, found]);
      actualByKey.delete(name);
    }
  }
  for (const item of actualByKey.values()) result.unexpected.push(item);
  return result;
}

/** Items grouped by a key, in their order. */
function groupBy<U>(items: readonly U[], of: (item: U) => string): Map<string, U[]> {
  const groups = new Map<string, U[]>();
  for (const item of items) {
    const key = of(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export interface RenameMatch<T> {
  /** [actual, expected]: one missing and one unexpected object of one shape, which a rename explains. */
  pairs: Array<[from: T, to: T]>;
  /**
   * Where more objects of one shape are missing or unexpected than one of each (two columns renamed at once), a
   * rename cannot be told from a swap: each such object with those of the other side it may be.
   */
  ambiguous: Map<T, T[]>;
}

/** Pairs missing and unexpected objects that have the same shape (all but the name): a rename explains them. */
export function pairRenames<T>(missing: readonly T[], unexpected: readonly T[], shapeOfMissing: (item: T) => string, shapeOfUnexpected: (item: T) => string): RenameMatch<T> {
  const unexpectedByShape = groupBy(unexpected, shapeOfUnexpected);
  const match: RenameMatch<T> = { pairs: [], ambiguous: new Map() };
  for (const [key, wanted] of groupBy(missing, shapeOfMissing)) {
    const found = unexpectedByShape.get(key);
    if (!found) continue;
    if (wanted.length === 1 && found.length === 1) match.pairs.push([found[0]!, wanted[0]!]);
    else {
      for (const item of wanted) match.ambiguous.set(item, found);
      for (const item of found) match.ambiguous.set(item, wanted);
    }
  }
  return match;
}
