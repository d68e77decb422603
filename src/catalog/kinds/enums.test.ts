// Enum types: identity, wording, value differences and their fixes (in place or by rebuilding the type), create/drop
// SQL, renames and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalogAsCreated, column, compare, findingsOf, fixScript, onlyFinding, producesEveryCode, attributesOf, routine, NEWEST_SERVER } from '../../../test/support/catalog.js';
import { refPath } from '../model.js';
import { enums, type Enum } from './enums.js';

const base = catalogAsCreated();
const level = (...values: string[]): Enum => ({ name: 'level', values });
const withLevel = (...values: string[]) => catalogAsCreated({ enums: [level(...values)] });

describe('enums: identity and wording', () => {
  it('is identified by its name; a value finding adds the value to the path', () => {
    expect(enums.ref(level('A'))).toEqual({ kind: 'enum', name: 'level' });
    expect(refPath('public', enums.ref({ name: 'Odd Type', values: [] }))).toBe('public."Odd Type"');
    expect(compare(withLevel('A', 'B', 'C', 'high value'), base).map((finding) => finding.path)).toEqual(['public.level."high value"']);
    expect(enums.parent).toBeUndefined();
  });

  it('is called "enum type <name>" and described by its values in order', () => {
    expect(enums.noun(level('A'))).toBe('enum type level');
    expect(enums.describe(level('B', 'A'))).toBe('B, A');
  });
});

describe('enums: missing and unexpected', () => {
  it('creates a missing enum type, quoting its name and values', () => {
    const expected = catalogAsCreated({ enums: [...base.enums, { name: 'Mood', values: ['happy', "it's fine"] }] });
    const finding = onlyFinding(expected, base);
    expect(finding).toMatchObject({ code: 'enum.missing', path: 'public.Mood', message: 'enum type Mood is missing from the database', expected: "happy, it's fine", actual: null });
    expect(finding.fix).toBe('CREATE TYPE public."Mood" AS ENUM (\'happy\', \'it\'\'s fine\');');
  });

  it('drops an unexpected enum type last', () => {
    const finding = onlyFinding(catalogAsCreated({ enums: [] }), base);
    expect(finding).toMatchObject({ code: 'enum.unexpected', severity: 'warning', message: 'enum type level exists in the database but not in the schema', expected: null, actual: 'A, B, C' });
    expect(finding.fix).toBe('DROP TYPE public.level;');
  });
});

describe('enums: values', () => {
  it('adds a missing value in place, next to a value that exists', () => {
    const finding = onlyFinding(withLevel('A', 'B', 'C', 'D'), base);
    expect(finding).toMatchObject({ code: 'enum.value_missing', path: 'public.level.D', message: 'enum level lacks value D', expected: 'D', actual: null });
    expect(finding.fix).toBe("ALTER TYPE public.level ADD VALUE 'D' AFTER 'C';");
    expect(onlyFinding(withLevel('Z', 'A', 'B', 'C'), base).fix).toBe("ALTER TYPE public.level ADD VALUE 'Z' BEFORE 'A';");
  });

  it('adds several missing values so that they end in the expected order, whatever order the findings come in', () => {
    expect(fixScript(withLevel('X', 'Y', 'A', 'B', 'C', 'D', 'E'), withLevel('A', 'D'))).toEqual([
      "ALTER TYPE public.level ADD VALUE 'E' AFTER 'D';",
      "ALTER TYPE public.level ADD VALUE 'X' BEFORE 'A';",
      "ALTER TYPE public.level ADD VALUE 'Y' BEFORE 'A';",
      "ALTER TYPE public.level ADD VALUE 'C' AFTER 'A';",
      "ALTER TYPE public.level ADD VALUE 'B' AFTER 'A';",
    ]);
  });

  it('adds values to an enum with none, in order', () => {
    expect(fixScript(withLevel('B', 'A'), withLevel())).toEqual(["ALTER TYPE public.level ADD VALUE 'B';", "ALTER TYPE public.level ADD VALUE 'A';"]);
  });

  it('rebuilds the type for an extra value, converting every column that uses it, arrays and defaults included', () => {
    const users = (type: string) => [column('users', 'level', type, { default: `'A'::${type}` }), column('users', 'levels', `${type}[]`), column('users', 'Grade', type)];
    const expected = catalogAsCreated({ enums: [level('A', 'B')], columns: [...base.columns, ...users('level')] });
    const actual = catalogAsCreated({ enums: [level('A', 'B', 'X')], columns: [...base.columns, ...users('level')] });
    const finding = onlyFinding(expected, actual);
    expect(finding).toMatchObject({ code: 'enum.value_unexpected', path: 'public.level.X', message: 'enum level has value X that the schema does not define', expected: null, actual: 'X' });
    expect(fixScript(expected, actual)).toEqual([
      // Rows that hold X stop the script, in words, before anything is converted.
      "DO $aiforce$ BEGIN IF EXISTS (SELECT FROM public.users WHERE level::text = ANY (ARRAY['X'])) THEN RAISE EXCEPTION USING MESSAGE = 'rows of users.level hold X, which enum level lacks in the schema: change or delete them, then run the fix again'; END IF; END $aiforce$;",
      "DO $aiforce$ BEGIN IF EXISTS (SELECT FROM public.users WHERE levels::text[] && ARRAY['X']) THEN RAISE EXCEPTION USING MESSAGE = 'rows of users.levels hold X, which enum level lacks in the schema: change or delete them, then run the fix again'; END IF; END $aiforce$;",
      "DO $aiforce$ BEGIN IF EXISTS (SELECT FROM public.users WHERE \"Grade\"::text = ANY (ARRAY['X'])) THEN RAISE EXCEPTION USING MESSAGE = 'rows of users.Grade hold X, which enum level lacks in the schema: change or delete them, then run the fix again'; END IF; END $aiforce$;",
      'ALTER TYPE public.level RENAME TO level_old;',
      "CREATE TYPE public.level AS ENUM ('A', 'B');",
      'ALTER TABLE public.users ALTER COLUMN level DROP DEFAULT;',
      'ALTER TABLE public.users ALTER COLUMN level TYPE public.level USING level::text::public.level;',
      'ALTER TABLE public.users ALTER COLUMN levels TYPE public.level[] USING levels::text[]::public.level[];',
      'ALTER TABLE public.users ALTER COLUMN "Grade" TYPE public.level USING "Grade"::text::public.level;',
      "ALTER TABLE public.users ALTER COLUMN level SET DEFAULT 'A'::public.level;",
      'DROP TYPE public.level_old;',
    ]);
  });

  it('drops first what the schema lacks that takes the type (a domain, a function), so that the old type can go', () => {
    const domain = { name: 'level_d', type: 'level', collation: null, default: null, notNull: false, checks: [] };
    const takes = routine('rank_of', { argumentTypes: 'level', arguments: 'l level' });
    const actual = catalogAsCreated({ enums: [level('A', 'B', 'X')], domains: [domain], functions: [takes] });
    const script = fixScript(withLevel('A', 'B'), actual);
    expect(script.slice(0, 4)).toEqual(['DROP DOMAIN public.level_d;', 'DROP FUNCTION public.rank_of(level);', 'ALTER TYPE public.level RENAME TO level_old;', "CREATE TYPE public.level AS ENUM ('A', 'B');"]);
    // Each statement once: the drops that the unexpected objects' own findings ask for too run first.
    expect(script.filter((sql) => sql.startsWith('DROP FUNCTION'))).toHaveLength(1);
    expect(script.at(-1)).toBe('DROP TYPE public.level_old;');
  });

  it('takes no column of a function\'s RETURNS TABLE named like the type for a use of it, but its types', () => {
    const report = routine('report', { returns: 'TABLE(id integer, level text, "Odd, name" numeric(10,2))' });
    const rebuilt = fixScript(catalogAsCreated({ enums: [level('A', 'B')], functions: [report] }), catalogAsCreated({ enums: [level('A', 'B', 'X')], functions: [report] }));
    expect(rebuilt).toContain('DROP TYPE public.level_old;');
    const takes = routine('report', { returns: 'TABLE(id integer, grade level)' });
    expect(onlyFinding(catalogAsCreated({ enums: [level('A', 'B')], functions: [takes] }), catalogAsCreated({ enums: [level('A', 'B', 'X')], functions: [takes] })).fix).toMatch(/^-- no safe automatic fix: enum level is also used by function report\(\)/);
  });

  it('drops first an operator and an aggregate before the function they use, which is no use that stops the rebuild', () => {
    const equal = routine('level_eq', { argumentTypes: 'level, level', arguments: 'a level, b level', returns: 'boolean' });
    const operator = { name: '===', left: 'level', right: 'level', function: 'level_eq', commutator: null, negator: null, restrict: null, join: null, hashes: false, merges: false };
    const aggregate = { name: 'max_level', argumentTypes: 'level', arguments: 'level', definition: 'SFUNC = level_larger, STYPE = level' };
    const larger = routine('level_larger', { argumentTypes: 'level, level', arguments: 'a level, b level', returns: 'level' });
    const script = fixScript(withLevel('A', 'B'), catalogAsCreated({ enums: [level('A', 'B', 'X')], functions: [equal, larger], operators: [operator], aggregates: [aggregate] }));
    expect(script.slice(0, 4)).toEqual(['DROP OPERATOR public.=== (level, level);', 'DROP AGGREGATE public.max_level(level);', 'DROP FUNCTION public.level_eq(level, level);', 'DROP FUNCTION public.level_larger(level, level);']);
    expect(script.at(-1)).toBe('DROP TYPE public.level_old;');
  });

  it('says, instead of printing SQL that fails, where what takes the type is the schema\'s too, or still in use', () => {
    const takes = routine('rank_of', { argumentTypes: 'level', arguments: 'l level' });
    const both = onlyFinding(catalogAsCreated({ enums: [level('A', 'B')], functions: [takes] }), catalogAsCreated({ enums: [level('A', 'B', 'X')], functions: [takes] }));
    expect(both.fix).toBe('-- no safe automatic fix: enum level is also used by function rank_of(level), which a rebuild of the type cannot convert: drop it, run the fix, then create it again');
    const domain = { name: 'level_d', type: 'level', collation: null, default: null, notNull: false, checks: [] };
    const inUse = catalogAsCreated({ enums: [level('A', 'B', 'X')], domains: [domain], columns: [...base.columns, column('users', 'level', 'level_d')] });
    const finding = compare(catalogAsCreated({ enums: [level('A', 'B')], columns: [...base.columns, column('users', 'level', 'level')] }), inUse).find((one) => one.code === 'enum.value_unexpected');
    expect(finding?.fix).toBe('-- no safe automatic fix: enum level is also used by domain level_d (used by column users.level), which the schema lacks and which can go only once the rest of this fix has run: run the fix again then');
  });

  it('rebuilds a type whose name needs quoting, finding its columns as PostgreSQL prints their type', () => {
    const expected = catalogAsCreated({ enums: [{ name: 'Level', values: ['A', 'B'] }], columns: [...base.columns, column('users', 'level', '"Level"', { default: `'A'::"Level"` })] });
    const actual = catalogAsCreated({ enums: [{ name: 'Level', values: ['B', 'A'] }], columns: expected.columns });
    const finding = onlyFinding(expected, actual);
    expect(finding).toMatchObject({ code: 'enum.value_order', path: 'public.Level', message: 'enum Level orders its values B, A, expected A, B', expected: 'A, B', actual: 'B, A' });
    expect(fixScript(expected, actual)).toEqual([
      'ALTER TYPE public."Level" RENAME TO "Level_old";',
      'CREATE TYPE public."Level" AS ENUM (\'A\', \'B\');',
      'ALTER TABLE public.users ALTER COLUMN level DROP DEFAULT;',
      'ALTER TABLE public.users ALTER COLUMN level TYPE public."Level" USING level::text::public."Level";',
      'ALTER TABLE public.users ALTER COLUMN level SET DEFAULT \'A\'::public."Level";',
      'DROP TYPE public."Level_old";',
    ]);
  });

  it('rebuilds once for missing, extra and reordered values together', () => {
    const expected = withLevel('A', 'B', 'C', 'D');
    const actual = withLevel('C', 'A', 'X');
    expect(findingsOf(expected, actual)).toEqual(['enum.value_order public.level', 'enum.value_missing public.level.B', 'enum.value_missing public.level.D', 'enum.value_unexpected public.level.X']);
    expect(fixScript(expected, actual)).toEqual(['ALTER TYPE public.level RENAME TO level_old;', "CREATE TYPE public.level AS ENUM ('A', 'B', 'C', 'D');", 'DROP TYPE public.level_old;']);
  });

  it('renames values found in the place of ones the database lacks, so the rows that hold them keep their value', () => {
    const users = (value: string) => [...base.columns, column('users', 'level', 'level', { default: `'${value}'::level` })];
    const expected = catalogAsCreated({ enums: [level('A', 'B', 'C')], columns: users('B') });
    const actual = catalogAsCreated({ enums: [level('A', 'X', 'Y')], columns: users('X') });
    expect(findingsOf(expected, actual)).toEqual(['enum.value_renamed public.level.B', 'enum.value_renamed public.level.C', 'column.default_mismatch public.users.level']);
    expect(compare(expected, actual)[0]).toMatchObject({ message: 'enum level value B is named X in the database', expected: 'B', actual: 'X' });
    expect(fixScript(expected, actual)).toEqual([
      "ALTER TYPE public.level RENAME VALUE 'X' TO 'B';",
      "ALTER TYPE public.level RENAME VALUE 'Y' TO 'C';",
      "ALTER TABLE public.users ALTER COLUMN level SET DEFAULT 'B'::level;",
    ]);
  });

  it('renames a value before a domain is given a default that names it', () => {
    const domain = (value: string) => ({ name: 'rank', type: 'level', default: `'${value}'::level`, notNull: false, collation: null, checks: [] });
    const expected = catalogAsCreated({ enums: [level('A', 'B')], domains: [domain('B')] });
    const actual = catalogAsCreated({ enums: [level('A', 'X')], domains: [domain('X')] });
    expect(fixScript(expected, actual)[0]).toBe("ALTER TYPE public.level RENAME VALUE 'X' TO 'B';");
  });

  it('renames a value where another is also added between other values: the rename first, then the addition', () => {
    expect(findingsOf(withLevel('A', 'B', 'C', 'D', 'E'), withLevel('A', 'X', 'C', 'E'))).toEqual(['enum.value_renamed public.level.B', 'enum.value_missing public.level.D']);
    expect(fixScript(withLevel('A', 'B', 'C', 'D', 'E'), withLevel('A', 'X', 'C', 'E'))).toEqual(["ALTER TYPE public.level RENAME VALUE 'X' TO 'B';", "ALTER TYPE public.level ADD VALUE 'D' AFTER 'C';"]);
    expect(fixScript(withLevel('Z', 'A', 'B', 'C'), withLevel('A', 'X', 'C'))).toEqual(["ALTER TYPE public.level RENAME VALUE 'X' TO 'B';", "ALTER TYPE public.level ADD VALUE 'Z' BEFORE 'A';"]);
  });

  it('renames in every stretch between kept values where the counts match: before the first, between, after the last', () => {
    expect(fixScript(withLevel('B', 'A', 'C'), withLevel('X', 'A', 'C'))).toEqual(["ALTER TYPE public.level RENAME VALUE 'X' TO 'B';"]);
    expect(fixScript(withLevel('A', 'B', 'C', 'D'), withLevel('A', 'X', 'C', 'Y'))).toEqual(["ALTER TYPE public.level RENAME VALUE 'X' TO 'B';", "ALTER TYPE public.level RENAME VALUE 'Y' TO 'D';"]);
    // After the last, two values stand for one: no rename there, and the extra one rebuilds the type.
    expect(findingsOf(withLevel('A', 'B', 'C', 'D'), withLevel('A', 'X', 'C', 'Y', 'Z'))).toEqual([
      'enum.value_renamed public.level.B',
      'enum.value_missing public.level.D',
      'enum.value_unexpected public.level.Y',
      'enum.value_unexpected public.level.Z',
    ]);
  });

  it('renames before a rebuild for a value no rename explains, so the conversion finds the new name, and sets the default the schema writes', () => {
    const users = (value: string) => [...base.columns, column('users', 'level', 'level', { default: `'${value}'::level` }), column('users', 'levels', 'level[]')];
    const expected = catalogAsCreated({ enums: [level('A', 'B', 'C')], columns: users('B') });
    const actual = catalogAsCreated({ enums: [level('A', 'X', 'C', 'Z')], columns: users('X') });
    expect(findingsOf(expected, actual)).toEqual(['enum.value_renamed public.level.B', 'enum.value_unexpected public.level.Z', 'column.default_mismatch public.users.level']);
    expect(fixScript(expected, actual)).toEqual([
      "ALTER TYPE public.level RENAME VALUE 'X' TO 'B';",
      // X is B by then: only Z can stop the script.
      "DO $aiforce$ BEGIN IF EXISTS (SELECT FROM public.users WHERE level::text = ANY (ARRAY['Z'])) THEN RAISE EXCEPTION USING MESSAGE = 'rows of users.level hold Z, which enum level lacks in the schema: change or delete them, then run the fix again'; END IF; END $aiforce$;",
      "DO $aiforce$ BEGIN IF EXISTS (SELECT FROM public.users WHERE levels::text[] && ARRAY['Z']) THEN RAISE EXCEPTION USING MESSAGE = 'rows of users.levels hold Z, which enum level lacks in the schema: change or delete them, then run the fix again'; END IF; END $aiforce$;",
      'ALTER TYPE public.level RENAME TO level_old;',
      "CREATE TYPE public.level AS ENUM ('A', 'B', 'C');",
      'ALTER TABLE public.users ALTER COLUMN level DROP DEFAULT;',
      'ALTER TABLE public.users ALTER COLUMN level TYPE public.level USING level::text::public.level;',
      'ALTER TABLE public.users ALTER COLUMN levels TYPE public.level[] USING levels::text[]::public.level[];',
      "ALTER TABLE public.users ALTER COLUMN level SET DEFAULT 'B'::public.level;",
      'DROP TYPE public.level_old;',
      "ALTER TABLE public.users ALTER COLUMN level SET DEFAULT 'B'::level;",
    ]);
  });

  it('renames nothing where no rename explains the difference: a value the schema has elsewhere, another count between the same values, nothing in common, common values reordered', () => {
    expect(findingsOf(withLevel('A', 'B', 'C'), withLevel('A', 'C', 'X'))).toEqual(['enum.value_missing public.level.B', 'enum.value_unexpected public.level.X']);
    expect(findingsOf(withLevel('A', 'B'), withLevel('A', 'X', 'Y'))).toEqual(['enum.value_missing public.level.B', 'enum.value_unexpected public.level.X', 'enum.value_unexpected public.level.Y']);
    expect(findingsOf(withLevel('A', 'B'), withLevel('X', 'Y'))).toEqual(['enum.value_missing public.level.A', 'enum.value_missing public.level.B', 'enum.value_unexpected public.level.X', 'enum.value_unexpected public.level.Y']);
    expect(findingsOf(withLevel('A', 'B', 'C'), withLevel('C', 'X', 'A'))).toEqual(['enum.value_order public.level', 'enum.value_missing public.level.B', 'enum.value_unexpected public.level.X']);
  });

  it('rebuilds, rather than adds, a value that the schema writes elsewhere: an added value cannot be used before its transaction commits', () => {
    const users = (value: string) => [...base.columns, column('users', 'level', 'level', { default: `'${value}'::level` }), column('users', 'levels', 'level[]', { default: `'{A,${value}}'::level[]` })];
    const expected = catalogAsCreated({ enums: [level('A', 'B', 'C')], columns: users('C') });
    const actual = catalogAsCreated({ enums: [level('A', 'B')], columns: users('B') });
    expect(findingsOf(expected, actual)).toEqual(['enum.value_missing public.level.C', 'column.default_mismatch public.users.level', 'column.default_mismatch public.users.levels']);
    expect(fixScript(expected, actual).slice(0, 2)).toEqual(['ALTER TYPE public.level RENAME TO level_old;', "CREATE TYPE public.level AS ENUM ('A', 'B', 'C');"]);
    // Written nowhere else, it is added in place.
    expect(fixScript(catalogAsCreated({ enums: [level('A', 'B', 'C')], columns: users('B') }), actual)).toEqual(["ALTER TYPE public.level ADD VALUE 'C' AFTER 'B';"]);
    // In an array literal alone, it is written all the same; in a literal of another type, or in a function's body (not checked), it is not.
    const levels = (value: string) => [...base.columns, column('users', 'levels', 'level[]', { default: `'{A,${value}}'::level[]` })];
    expect(fixScript(catalogAsCreated({ enums: [level('A', 'B', 'C')], columns: levels('C') }), catalogAsCreated({ enums: [level('A', 'B')], columns: levels('B') }))[0]).toBe('ALTER TYPE public.level RENAME TO level_old;');
    const elsewhere = catalogAsCreated({ enums: [level('A', 'B', 'C')], columns: [...base.columns, column('users', 'grade', 'text', { default: "'C'::level2" })] });
    expect(fixScript(elsewhere, catalogAsCreated({ enums: [level('A', 'B')], columns: elsewhere.columns }))).toEqual(["ALTER TYPE public.level ADD VALUE 'C' AFTER 'B';"]);
  });

  it('rebuilds for a value written in a BEGIN ATOMIC body, an argument default, extended statistics or a row filter, which PostgreSQL parses even with check_function_bodies off; not for another body', () => {
    const rebuildsFor = (extra: Partial<Parameters<typeof catalogAsCreated>[0]>) =>
      fixScript(catalogAsCreated({ enums: [level('A', 'B', 'C')], ...extra }), catalogAsCreated({ enums: [level('A', 'B')], ...extra }))[0] === 'ALTER TYPE public.level RENAME TO level_old;';
    expect(rebuildsFor({ functions: [routine('pick', { returns: 'text', body: "BEGIN ATOMIC\n SELECT 'C'::level;\nEND", atomic: true })] })).toBe(true);
    expect(rebuildsFor({ functions: [routine('pick', { arguments: "wanted level DEFAULT 'C'::level" })] })).toBe(true);
    expect(rebuildsFor({ statistics: [{ table: 'users', name: 'users_level', columns: "(level = 'C'::level), id", kinds: [], target: null }] })).toBe(true);
    const filter = { name: 'feed', allTables: false, wholeSchema: false, publish: ['insert' as const], viaRoot: false, generatedColumns: false };
    expect(rebuildsFor({ publications: [{ ...filter, tables: [{ table: 'users', columns: null, where: "(level = 'C'::level)" }] }] })).toBe(true);
    expect(rebuildsFor({ publications: [{ ...filter, tables: [{ table: 'users', columns: null, where: "(level = 'B'::level)" }] }] })).toBe(false);
    expect(rebuildsFor({ functions: [routine('pick', { returns: 'text', body: "SELECT 'C'::level" })] })).toBe(false);
    expect(rebuildsFor({ functions: [routine('pick', { returns: 'text', body: "SELECT 'B'::level", atomic: true })] })).toBe(false);
  });

  it('sets the default of a converted column back as it was when it names no value the new type lacks, even where the column is renamed', () => {
    const expected = catalogAsCreated({ enums: [level('A', 'B')], columns: [...base.columns, column('users', 'grade', 'level', { default: `'A'::level` })] });
    const actual = catalogAsCreated({ enums: [level('A', 'B', 'X')], columns: [...base.columns, column('users', 'old_grade', 'level', { default: `'A'::level` })] });
    expect(fixScript(expected, actual)).toEqual([
      "DO $aiforce$ BEGIN IF EXISTS (SELECT FROM public.users WHERE old_grade::text = ANY (ARRAY['X'])) THEN RAISE EXCEPTION USING MESSAGE = 'rows of users.old_grade hold X, which enum level lacks in the schema: change or delete them, then run the fix again'; END IF; END $aiforce$;",
      'ALTER TYPE public.level RENAME TO level_old;',
      "CREATE TYPE public.level AS ENUM ('A', 'B');",
      'ALTER TABLE public.users ALTER COLUMN old_grade DROP DEFAULT;',
      'ALTER TABLE public.users ALTER COLUMN old_grade TYPE public.level USING old_grade::text::public.level;',
      "ALTER TABLE public.users ALTER COLUMN old_grade SET DEFAULT 'A'::public.level;",
      'DROP TYPE public.level_old;',
      'ALTER TABLE public.users RENAME COLUMN old_grade TO grade;',
    ]);
  });

  it('finds nothing between the same values in the same order', () => {
    expect(findingsOf(withLevel('A', 'B'), withLevel('A', 'B'))).toEqual([]);
  });
});

describe('enums: renames', () => {
  it('renames an enum type with the same values, and the columns using it follow', () => {
    const expected = catalogAsCreated({ columns: [...base.columns, column('users', 'level', 'level'), column('users', 'levels', 'level[]')] });
    const actual = catalogAsCreated({ enums: [{ name: 'grade', values: ['A', 'B', 'C'] }], columns: [...base.columns, column('users', 'level', 'grade'), column('users', 'levels', 'grade[]')] });
    const finding = onlyFinding(expected, actual);
    expect(finding).toMatchObject({ code: 'enum.renamed', path: 'public.level', message: 'enum type level is named grade in the database', expected: 'level', actual: 'grade' });
    expect(finding.fix).toBe('ALTER TYPE public.grade RENAME TO level;');
  });

  it('drops a routine the schema lacks by its signature as the rename back leaves it, and the same routine the schema has is no finding', () => {
    const takes = (type: string) => routine('rank_of', { argumentTypes: type, arguments: `l ${type}`, returns: `SETOF ${type}` });
    const expected = catalogAsCreated({ columns: [...base.columns, column('users', 'level', 'level')] });
    const actual = catalogAsCreated({ enums: [{ name: 'grade', values: ['A', 'B', 'C'] }], columns: [...base.columns, column('users', 'level', 'grade')], functions: [takes('grade')] });
    expect(fixScript(expected, actual)).toEqual(['ALTER TYPE public.grade RENAME TO level;', 'DROP FUNCTION public.rank_of(level);']);
    const alsoExpected = catalogAsCreated({ columns: expected.columns, functions: [takes('level')] });
    expect(findingsOf(alsoExpected, actual)).toEqual(['enum.renamed public.level']);
  });

  it('follows a type renamed back in a routine\'s types, never in its argument names or in a routine named like the type', () => {
    const named = routine('grade', { argumentTypes: 'integer', arguments: 'grade integer', returns: 'TABLE(id integer, grade text)' });
    const takes = (type: string) => routine('rank_of', { argumentTypes: `${type}, integer`, arguments: `grade ${type}, n integer DEFAULT 1`, returns: `SETOF ${type}` });
    const expected = catalogAsCreated({ columns: [...base.columns, column('users', 'level', 'level')], functions: [named, takes('level')] });
    const actual = catalogAsCreated({ enums: [{ name: 'grade', values: ['A', 'B', 'C'] }], columns: [...base.columns, column('users', 'level', 'grade')], functions: [named, takes('grade')] });
    expect(findingsOf(expected, actual)).toEqual(['enum.renamed public.level']);
  });

  it('follows a rename of a type whose name needs quoting', () => {
    const expected = catalogAsCreated({ enums: [{ name: 'Level', values: ['A'] }], columns: [...base.columns, column('users', 'level', '"Level"')] });
    const actual = catalogAsCreated({ enums: [{ name: 'Grade', values: ['A'] }], columns: [...base.columns, column('users', 'level', '"Grade"')] });
    expect(findingsOf(expected, actual)).toEqual(['enum.renamed public.Level']);
    expect(fixScript(expected, actual)).toEqual(['ALTER TYPE public."Grade" RENAME TO "Level";']);
  });

  it('renames before adding values to the renamed type', () => {
    const expected = catalogAsCreated({ enums: [level('A', 'B', 'C'), { name: 'mood', values: ['x'] }] });
    const actual = catalogAsCreated({ enums: [{ name: 'grade', values: ['A', 'B', 'C'] }, { name: 'mood', values: [] }] });
    expect(fixScript(expected, actual)).toEqual(['ALTER TYPE public.grade RENAME TO level;', "ALTER TYPE public.mood ADD VALUE 'x';"]);
  });
});

describe('enums: catalog rows', () => {
  it('assembles rows as the query returns them', () => {
    expect(enums.read.assemble([['level', ['A', 'B', 'C']], ['Mood', ["it's", 'ok']]], attributesOf(), NEWEST_SERVER)).toEqual([level('A', 'B', 'C'), { name: 'Mood', values: ["it's", 'ok'] }]);
  });
});

describe('enums: codes', () => {
  producesEveryCode(enums, {
    missing: [base, catalogAsCreated({ enums: [] })],
    unexpected: [catalogAsCreated({ enums: [] }), base],
    renamed: [base, catalogAsCreated({ enums: [{ name: 'grade', values: ['A', 'B', 'C'] }] })],
    value_missing: [withLevel('A', 'B', 'C', 'D'), base],
    value_unexpected: [base, withLevel('A', 'B', 'C', 'D')],
    value_order: [base, withLevel('C', 'B', 'A')],
    value_renamed: [base, withLevel('A', 'X', 'C')],
  });
});
