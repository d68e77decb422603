/**
 * Name patterns (--ignore, the config's severity rules): syntax, quoted names, malformed input as one line,
 * agreement with a plain reference matcher on random input, and a step count that does not grow with the text.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ignoreMatcher } from '../src/check/ignore.js';
import { parseCheckOptions } from '../src/cli/check-options.js';
import { readProjectConfig } from '../src/config/project.js';
import { UserError } from '../src/errors/index.js';
import type { Finding } from '../src/findings/finding.js';
import { matchesNames, matchesPath, parsePattern, patternProblem, type MatchSteps } from '../src/findings/pattern.js';
import { applySeverityRules } from '../src/severity/index.js';

/**
 * The reference: does `text[from..]` match the pattern's characters (a star `*` anywhere in `glob`), by plain
 * recursion over every split, memoised. Slow but obviously right; `starCrossesDot` false keeps stars in one name.
 */
function reference(glob: string, text: string, starCrossesDot: boolean): boolean {
  const memo = new Map<string, boolean>();
  const at = (g: number, t: number): boolean => {
    const key = `${g},${t}`;
    if (memo.has(key)) return memo.get(key)!;
    let result: boolean;
    if (g === glob.length) result = t === text.length;
    else if (glob[g] === '*') result = at(g + 1, t) || (t < text.length && (starCrossesDot || text[t] !== '.') && at(g, t + 1));
    else result = t < text.length && glob[g] === text[t] && at(g + 1, t + 1);
    memo.set(key, result);
    return result;
  };
  return at(0, 0);
}

const steps = (): MatchSteps => ({ count: 0 });
const parts = (source: string) => parsePattern(source).segments;

describe('pattern syntax', () => {
  it('splits at dots; a double-quoted name is literal, "" inside it is one quote', () => {
    expect(parts('users.is_*')).toEqual([['users'], ['is_', '']]);
    expect(parts('"my table"."a.b"')).toEqual([['my table'], ['a.b']]);
    expect(parts('"Say ""hi"""."*"')).toEqual([['Say "hi"'], ['*']]);
    expect(parts('*a*')).toEqual([['', 'a', '']]);
    expect(parts('"line\nbreak"')).toEqual([['line\nbreak']]);
  });

  it('names what is wrong with a malformed pattern, on one line', () => {
    const problems: Array<[string, RegExp]> = [
      ['', /is empty/],
      ['"never closed', /quoted name that is never closed \(the quote at character 1\)/],
      ['users."is_mock', /never closed \(the quote at character 7\)/],
      ['a..b', /empty name at character 3/],
      ['.a', /empty name at character 1/],
      ['a.', /ends with a dot/],
      ['a"b"', /double quote inside a name/],
      ['"a"b', /has "b" right after a quoted name at character 4/],
      ['""', /empty quoted name/],
      ['my table', /white space in an unquoted name: quote the name/],
      ['a\nb', /white space in an unquoted name/],
    ];
    for (const [source, problem] of problems) {
      expect(patternProblem(source), JSON.stringify(source)).toMatch(problem);
      expect(patternProblem(source)).not.toContain('\n');
    }
    expect(patternProblem('a.b.c', 2)).toMatch(/has 3 dot-separated names, at most 2 allowed/);
    expect(patternProblem('"a.b".c', 2)).toBeUndefined();
  });
});

describe('matching names (--ignore, codes)', () => {
  const names = (source: string, ...values: string[]) => matchesNames(parsePattern(source), values);

  it('matches one name per segment; * stays within its name; quoted names are literal and case-sensitive', () => {
    expect(names('users.is_*', 'users', 'is_mock')).toBe(true);
    expect(names('users.is_*', 'users', 'mock')).toBe(false);
    expect(names('users.is_*', 'users')).toBe(false);
    expect(names('users', 'users', 'id')).toBe(false);
    expect(names('*', 'a.b')).toBe(true);
    expect(names('"a.b"', 'a.b')).toBe(true);
    expect(names('a.b', 'a.b')).toBe(false);
    expect(names('"my table"', 'my table')).toBe(true);
    expect(names('"Evil ""Quoted"" Table"', 'Evil "Quoted" Table')).toBe(true);
    expect(names('"*"', 'anything')).toBe(false);
    expect(names('"*"', '*')).toBe(true);
    expect(names('Users', 'users')).toBe(false);
    expect(names('ab*ba', 'aba')).toBe(false);
    expect(names('ab*ba', 'abba')).toBe(true);
    expect(names('*é*', 'résumé')).toBe(true);
  });

  it('agrees with the reference matcher on random names and patterns', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '.'), maxLength: 12 });
    const glob = fc.string({ unit: fc.constantFrom('a', 'b', '*'), minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(glob, text, (pattern, name) => {
        expect(matchesNames(parsePattern(pattern), [name])).toBe(reference(pattern, name, true));
      }),
      { numRuns: 3000 },
    );
  });

  it('takes a bounded number of steps on pathological patterns, whatever the length of the name', () => {
    const pathological = parsePattern(`${'*a'.repeat(12)}*b`);
    const counted = (name: string) => {
      const counter = steps();
      const matched = matchesNames(pathological, [name], counter);
      return { matched, steps: counter.count };
    };
    const long = counted('a'.repeat(63));
    expect(long.matched).toBe(false);
    expect(counted(`${'a'.repeat(62)}b`).matched).toBe(true);
    // At most one search per literal part (14 here): the same count for a name a hundred times longer.
    expect(long.steps).toBeLessThanOrEqual(14);
    expect(counted('a'.repeat(6300)).steps).toBe(long.steps);
    expect(counted(`${'a'.repeat(6299)}b`)).toEqual({ matched: true, steps: counted(`${'a'.repeat(62)}b`).steps });
  });
});

describe('matching paths (severity rules)', () => {
  const path = (source: string, value: string) => matchesPath(parsePattern(source), value);

  it('matches the object and everything inside it; * never crosses a dot; quoted names may hold one', () => {
    expect(path('public.users', 'public.users')).toBe(true);
    expect(path('public.users', 'public.users.is_mock')).toBe(true);
    expect(path('public.users', 'public.users[email=a@b.c]')).toBe(true);
    expect(path('public.users', 'public.users_archive')).toBe(false);
    expect(path('public.audit_*', 'public.audit_log.ip')).toBe(true);
    expect(path('public.*.is_mock', 'public.users.is_mock')).toBe(true);
    expect(path('public.*.is_mock', 'public.a.b.is_mock')).toBe(false);
    expect(path('public."my.table"', 'public.my.table.id')).toBe(true);
    expect(path('public."my table".*', 'public.my table.id')).toBe(true);
    expect(path('public.*ab', 'public.xabab.col')).toBe(true);
    expect(path('public.*ab', 'public.xaba.col')).toBe(false);
  });

  it('agrees with the reference matcher (the pattern, then optionally "." or "[" and anything)', () => {
    const value = fc.string({ unit: fc.constantFrom('a', 'b', '.', '['), maxLength: 12 });
    const glob = fc.string({ unit: fc.constantFrom('a', 'b', '*', '.'), minLength: 1, maxLength: 8 }).filter((g) => patternProblem(g) === undefined);
    fc.assert(
      fc.property(glob, value, (pattern, text) => {
        const ends = [...text].flatMap((char, i) => (char === '.' || char === '[' ? [i] : [])).concat(text.length);
        const expected = ends.some((end) => reference(pattern, text.slice(0, end), false));
        expect(matchesPath(parsePattern(pattern), text)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('takes a bounded number of steps on pathological patterns against long paths', () => {
    const pathological = parsePattern(`public.${'*a'.repeat(12)}*b`);
    const counted = (name: string) => {
      const counter = steps();
      return { matched: matchesPath(pathological, `public.${name}.column`, counter), steps: counter.count };
    };
    const short = counted('a'.repeat(63));
    expect(short.matched).toBe(false);
    expect(counted('a'.repeat(6300)).steps).toBe(short.steps);
    expect(short.steps).toBeLessThanOrEqual(30);
    expect(counted(`${'a'.repeat(62)}b`).matched).toBe(true);
  });
});

describe('where patterns are used', () => {
  const scratch: string[] = [];
  afterAll(async () => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('--ignore names tables and columns with spaces, dots and quotes', () => {
    const ignore = ignoreMatcher(['"my table"', '"a.b"', 'users."Is ""Mock"""', '_prisma_*']);
    expect(['my table', 'a.b', 'a', 'users', '_prisma_migrations'].filter(ignore.table)).toEqual(['my table', 'a.b', '_prisma_migrations']);
    expect(ignore.column('users', 'Is "Mock"')).toBe(true);
    expect(ignore.column('users', 'is "mock"')).toBe(false);
    expect(ignore.column('a', 'b')).toBe(false);
  });

  it('--ignore refuses a malformed pattern with one line', () => {
    const refuse = (pattern: string) => {
      try {
        parseCheckOptions(['--ignore', pattern]);
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return (error as Error).message;
      }
      throw new Error(`--ignore ${pattern} was accepted`);
    };
    expect(refuse('"users')).toBe('bad option: ignore.0: pattern "\\"users" has a quoted name that is never closed (the quote at character 1)');
    expect(refuse('a.b.c')).toMatch(/^bad option: ignore\.0: pattern "a\.b\.c" has 3 dot-separated names, at most 2 allowed/);
    expect(refuse('two\nlines')).not.toContain('\n');
    expect(parseCheckOptions(['--ignore', '"my table".*', '--ignore', '"a.b"']).ignore).toEqual(['"my table".*', '"a.b"']);
  });

  it('config rules match quoted path patterns, and a malformed one is one line', async () => {
    const findings: Finding[] = [
      { code: 'column.unexpected', severity: 'error', path: 'public.my.table.id', message: '' },
      { code: 'table.unexpected', severity: 'error', path: 'public.Evil "Quoted" Table', message: '' },
      { code: 'table.unexpected', severity: 'error', path: 'public.my', message: '' },
    ];
    const rules = [
      { match: { path: 'public."my.table"' }, severity: 'warning' as const },
      { match: { code: 'table.*', path: 'public."Evil ""Quoted"" Table"' }, severity: 'warning' as const },
    ];
    expect(applySeverityRules(findings, rules).map((f) => f.severity)).toEqual(['warning', 'warning', 'error']);

    const root = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-patterns-'));
    scratch.push(root);
    await writeFile(path.join(root, 'aiforce-db.config.json'), JSON.stringify({ severity: [{ match: { path: 'public."users' }, severity: 'warning' }] }));
    await expect(readProjectConfig(root)).rejects.toThrow(/^config aiforce-db\.config\.json is invalid: severity\.0\.match\.path: pattern "public\.\\"users" has a quoted name that is never closed/);
    await writeFile(path.join(root, 'aiforce-db.config.json'), JSON.stringify({ severity: [{ match: { code: 'index."unexpected"' }, severity: 'warning' }] }));
    expect((await readProjectConfig(root)).severity).toHaveLength(1);
  });
});
