/**
 * Name patterns for --ignore and the config's severity rules, matched without regular expressions so their
 * cost stays linear whatever the user types.
 *
 * A pattern is dot-separated segments, each naming one identifier: unquoted, where `*` matches any run of
 * characters within that name (`users.is_*`), or double-quoted as in SQL, taken literally (`"my table"`,
 * `"a.b"`, `"say ""hi"""` for a quote, `"*"` for a star). Unquoted names are case-sensitive, as reports print them.
 */

export class PatternError extends Error {
  override name = 'PatternError';
}

export interface NamePattern {
  readonly source: string;
  /** Per segment, the literal parts between its stars (a quoted segment is one part). */
  readonly segments: ReadonlyArray<readonly string[]>;
}

/** Counts the literal searches a match makes: each one is a single left-to-right scan of the text. */
export interface MatchSteps {
  count: number;
}

const uncounted = (): MatchSteps => ({ count: 0 });

/** Parses a pattern; a malformed one throws a PatternError whose message names the problem (one line). */
export function parsePattern(source: string): NamePattern {
  if (source.length === 0) throw new PatternError('is empty');
  const segments: string[][] = [];
  let at = 0;
  for (;;) {
    if (source[at] === '"') {
      let name = '';
      let from = at + 1;
      for (;;) {
        const close = source.indexOf('"', from);
        if (close === -1) throw new PatternError(`has a quoted name that is never closed (the quote at character ${at + 1})`);
        name += source.slice(from, close);
        if (source[close + 1] !== '"') {
          at = close + 1;
          break;
        }
        name += '"';
        from = close + 2;
      }
      if (name === '') throw new PatternError('has an empty quoted name ""');
      segments.push([name]);
    } else {
      const dot = source.indexOf('.', at);
      const name = source.slice(at, dot === -1 ? source.length : dot);
      if (name === '') throw new PatternError(`has an empty name at character ${at + 1} (two dots, or a dot at the start)`);
      if (name.includes('"')) throw new PatternError(`has a double quote inside a name: quote the whole name, e.g. "my""name"`);
      if (/\s/.test(name)) throw new PatternError('has white space in an unquoted name: quote the name, e.g. "my table"');
      segments.push(name.split('*'));
      at += name.length;
    }
    if (at === source.length) return { source, segments };
    if (source[at] !== '.') throw new PatternError(`has "${source[at]}" right after a quoted name at character ${at + 1}: separate names with a dot`);
    at += 1;
    if (at === source.length) throw new PatternError('ends with a dot');
  }
}

/** Why `source` is not a usable pattern of at most `maxSegments` names, or undefined when it is. */
export function patternProblem(source: string, maxSegments = Infinity): string | undefined {
  try {
    const { segments } = parsePattern(source);
    return segments.length > maxSegments ? `has ${segments.length} dot-separated names, at most ${maxSegments} allowed (quote a name that contains a dot: "a.b")` : undefined;
  } catch (error) {
    if (error instanceof PatternError) return error.message;
    throw error;
  }
}

/**
 * One name against one segment's parts (`*` between them matches anything). Greedy, never backtracking: the first
 * part must start the name, the last must end it, and each part between is taken at its first occurrence after the
 * previous one; a later occurrence could only leave less room for the parts after it.
 */
function segmentMatches(parts: readonly string[], name: string, steps: MatchSteps): boolean {
  steps.count += 1;
  const first = parts[0]!;
  if (parts.length === 1) return name === first;
  if (!name.startsWith(first)) return false;
  const last = parts[parts.length - 1]!;
  const lastStart = name.length - last.length;
  if (lastStart < first.length) return false;
  let cursor = first.length;
  for (let i = 1; i < parts.length - 1; i += 1) {
    const part = parts[i]!;
    steps.count += 1;
    const found = name.indexOf(part, cursor);
    if (found === -1 || found + part.length > lastStart) return false;
    cursor = found + part.length;
  }
  steps.count += 1;
  return name.endsWith(last);
}

/** Whether the pattern names exactly these identifiers, one segment each (`users.is_*` vs ["users", "is_mock"]). */
export function matchesNames(pattern: NamePattern, names: readonly string[], steps: MatchSteps = uncounted()): boolean {
  return pattern.segments.length === names.length && pattern.segments.every((parts, i) => segmentMatches(parts, names[i]!, steps));
}

/** The literal runs of a path pattern: segments joined by dots, split where an unquoted `*` stands. */
function pathParts(pattern: NamePattern): string[] {
  const parts = [''];
  pattern.segments.forEach((segment, i) => {
    parts[parts.length - 1] += (i ? '.' : '') + segment[0]!;
    parts.push(...segment.slice(1));
  });
  return parts;
}

/** An object's path ends here when its text ends, or something inside it follows (`.column`, `[key=value]`). */
const endsObject = (path: string, at: number) => at === path.length || path[at] === '.' || path[at] === '[';

/**
 * Whether the pattern names the object at `path` (`public.users.is_mock`, as reports print it) or an object that
 * contains it (`public.users` names the table, its columns, indexes and rows). Here `*` never crosses a dot, so a
 * name that contains one must be quoted. Greedy like segmentMatches: with `*` unable to cross a dot, the first
 * occurrence of a part still leaves the most room (a part holding a dot fits at one place only, and moving a
 * dot-free part earlier only lengthens the dot-free run of the next `*`). Only the last part is tried at each
 * of its occurrences within one name, to find one where the object ends.
 */
export function matchesPath(pattern: NamePattern, path: string, steps: MatchSteps = uncounted()): boolean {
  const find = (text: string, from: number) => {
    steps.count += 1;
    return path.indexOf(text, from);
  };
  const parts = pathParts(pattern);
  const first = parts[0]!;
  steps.count += 1;
  if (!path.startsWith(first)) return false;
  if (parts.length === 1) return endsObject(path, first.length);
  let cursor = first.length;
  // Where the `*` starting at the cursor must stop: the next dot, or the end of the path.
  const starLimit = () => {
    const dot = find('.', cursor);
    return dot === -1 ? path.length : dot;
  };
  for (let i = 1; i < parts.length - 1; i += 1) {
    const part = parts[i]!;
    const found = find(part, cursor);
    if (found === -1 || found > starLimit()) return false;
    cursor = found + part.length;
  }
  const last = parts[parts.length - 1]!;
  // A trailing `*` runs to the next dot or the end of the path: where an object ends either way.
  if (last === '') return true;
  const limit = starLimit();
  for (let found = find(last, cursor); found !== -1 && found <= limit; found = find(last, found + 1)) {
    if (endsObject(path, found + last.length)) return true;
  }
  return false;
}
