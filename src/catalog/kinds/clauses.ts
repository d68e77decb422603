/**
 * Messages for objects made of several clauses (a sequence's options, a function's attributes): each side is
 * a list of clauses, one per aspect in the same order, and a message names only the aspects that differ.
 */

/** `<actual's clauses>, expected <expected's clauses>`, for the aspects where the two differ. */
export function differingClauses(expected: readonly string[], actual: readonly string[]): string {
  const differing = expected.flatMap((clause, at) => (clause === actual[at] ? [] : [at]));
  return `${differing.map((at) => actual[at]).join(' ')}, expected ${differing.map((at) => expected[at]).join(' ')}`;
}

/** A list in a message: `a, b`, or `none`. */
export const listOrNone = (values: readonly string[]) => (values.length ? values.join(', ') : 'none');

/** Whether two lists hold the same entries in the same order once each is read by `compared` (the spellings settled). */
export const sameListBy =
  (compared: (entry: string) => string) =>
  (expected: readonly string[], actual: readonly string[]): boolean =>
    expected.length === actual.length && expected.every((entry, at) => compared(entry) === compared(actual[at]!));
