// Columns: identity, wording, each difference and its fix, create/drop SQL, renames and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalog, column, compare, findingsOf, fixScript, onlyFinding, producesEveryCode, sequence, table, attributesOf, NEWEST_SERVER } from '../../../test/support/catalog.js';
import { refPath } from '../model.js';
import type { Catalog } from '../registry.js';
import { columns, defaultNotNullName, type Column } from './columns.js';

const base = catalog();
/** The base catalog with one column of `users` changed. */
const withEmail = (patch: Partial<Column>) => catalog({ columns: base.columns.map((entry) => (entry.table === 'users' && entry.name === 'email' ? { ...entry, ...patch } : entry)) });
const withColumns = (...extra: Column[]) => catalog({ columns: [...base.columns, ...extra] });

const identity = (extra: Partial<NonNullable<Column['identity']>> = {}): NonNullable<Column['identity']> => ({
  generation: 'always',
  sequence: 'users_number_seq',
  start: '1',
  increment: '1',
  min: '1',
  max: '2147483647',
  cache: '1',
  cycle: false,
  ...extra,
});
const number = (patch: Partial<Column> = {}) => column('users', 'number', 'integer', { nullable: false, ...patch });
/** A serial column: a default taking the next value of a sequence the column owns. */
const serial = (): Catalog =>
  catalog({ columns: [...base.columns, number({ default: "nextval('users_number_seq'::regclass)" })], sequences: [sequence('users_number_seq', { type: 'integer', max: '2147483647', ownedBy: { table: 'users', column: 'number' } })] });

describe('columns: identity and wording', () => {
  it('is identified by its table and name, and its path quotes odd names', () => {
    const odd = column('Odd Table', 'my "col"', 'text');
    expect(columns.ref(odd)).toEqual({ kind: 'column', table: 'Odd Table', name: 'my "col"' });
    expect(refPath('public', columns.ref(column('users', 'email', 'text')))).toBe('public.users.email');
    expect(refPath('public', columns.ref(odd))).toBe('public."Odd Table"."my ""col"""');
    expect(columns.parent!(odd)).toEqual({ kind: 'table', name: 'Odd Table' });
  });

  it('is called "column <table>.<name>" and described as a column definition', () => {
    expect(columns.noun(column('users', 'email', 'text'))).toBe('column users.email');
    expect(columns.describe(column('users', 'email', 'text', { collation: 'C', nullable: false, default: "''::text" }))).toBe("text COLLATE C NOT NULL DEFAULT ''::text");
    expect(columns.describe(number({ identity: identity({ cycle: true }) }))).toBe(
      'integer NOT NULL GENERATED ALWAYS AS IDENTITY (sequence users_number_seq, start 1, increment 1, min 1, max 2147483647, cache 1, cycle)',
    );
    expect(columns.describe(column('users', 'twice', 'integer', { generated: { expression: '(n * 2)', storage: 'stored' } }))).toBe('integer GENERATED ALWAYS AS ((n * 2)) STORED');
  });
});

describe('columns: missing and unexpected', () => {
  it('adds a missing column, quoting reserved and odd names and the collation', () => {
    const finding = onlyFinding(withColumns(column('users', 'order', 'text', { collation: 'en_US', nullable: false, default: "'x'::text" })), base);
    expect(finding).toMatchObject({ code: 'column.missing', path: 'public.users.order', message: 'column users.order is missing from the database', expected: "text COLLATE en_US NOT NULL DEFAULT 'x'::text", actual: null });
    expect(finding.fix).toBe('ALTER TABLE public.users ADD COLUMN "order" text COLLATE "en_US" DEFAULT \'x\'::text NOT NULL;');
    expect(onlyFinding(withColumns(column('users', 'Nick Name', 'character varying(20)')), base).fix).toBe('ALTER TABLE public.users ADD COLUMN "Nick Name" character varying(20);');
  });

  it('adds an identity column with its sequence options, and a generated column with its expression', () => {
    expect(onlyFinding(withColumns(number({ identity: identity({ start: '5', increment: '2', cycle: true }) })), base).fix).toBe(
      'ALTER TABLE public.users ADD COLUMN number integer GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME public.users_number_seq START WITH 5 INCREMENT BY 2 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 CYCLE) NOT NULL;',
    );
    expect(onlyFinding(withColumns(column('users', 'twice', 'integer', { generated: { expression: '(n * 2)', storage: 'stored' } })), base).fix).toBe(
      'ALTER TABLE public.users ADD COLUMN twice integer GENERATED ALWAYS AS ((n * 2)) STORED;',
    );
  });

  it('writes the columns of a missing table inside its CREATE TABLE, not one by one', () => {
    const expected = catalog({ tables: [...base.tables, table('notes')], columns: [...base.columns, column('notes', 'body', 'text')] });
    expect(findingsOf(expected, base)).toEqual(['table.missing public.notes']);
  });

  it('drops an unexpected column', () => {
    const finding = onlyFinding(base, withColumns(column('users', 'is_mock', 'boolean')));
    expect(finding).toMatchObject({ code: 'column.unexpected', message: 'column users.is_mock exists in the database but not in the schema', expected: null, actual: 'boolean' });
    expect(finding.fix).toBe('ALTER TABLE public.users DROP COLUMN is_mock;');
    expect(onlyFinding(base, withColumns(column('users', 'select', 'boolean'))).fix).toBe('ALTER TABLE public.users DROP COLUMN "select";');
  });
});

describe('columns: differences', () => {
  it('changes a type, taking the default off and putting it back around the change', () => {
    const finding = onlyFinding(withColumns(number({ type: 'bigint', default: '0' })), withColumns(number({ default: '0' })));
    expect(finding).toMatchObject({ code: 'column.type_mismatch', path: 'public.users.number', message: 'column users.number is integer, expected bigint', expected: 'bigint', actual: 'integer' });
    expect(finding.fix).toBe(
      ['ALTER TABLE public.users ALTER COLUMN number DROP DEFAULT;', 'ALTER TABLE public.users ALTER COLUMN number TYPE bigint USING number::bigint;', 'ALTER TABLE public.users ALTER COLUMN number SET DEFAULT 0;'].join('\n'),
    );
    expect(findingsOf(withColumns(number({ type: 'bigint', default: '1' })), withColumns(number({ default: '0' })))).toEqual(['column.default_mismatch public.users.number', 'column.type_mismatch public.users.number']);
    expect(fixScript(withColumns(number({ type: 'bigint', default: '1' })), withColumns(number({ default: '0' })))).toEqual([
      'ALTER TABLE public.users ALTER COLUMN number DROP DEFAULT;',
      'ALTER TABLE public.users ALTER COLUMN number TYPE bigint USING number::bigint;',
      'ALTER TABLE public.users ALTER COLUMN number SET DEFAULT 1;',
    ]);
  });

  it('quotes a reserved column name in a type change', () => {
    const expected = withColumns(column('users', 'user', 'bigint'));
    expect(onlyFinding(expected, withColumns(column('users', 'user', 'integer'))).fix).toBe('ALTER TABLE public.users ALTER COLUMN "user" TYPE bigint USING "user"::bigint;');
  });

  it('converts a column from or to an enum through text, which is the only cast an enum has', () => {
    const enums = [{ name: 'level', values: ['A', 'B'] }, { name: 'grade', values: ['A', 'B', 'X'] }];
    const expected = catalog({ enums, columns: [...base.columns, column('users', 'level', 'level'), column('users', 'levels', 'level[]'), column('users', 'rank', 'integer')] });
    const actual = catalog({ enums, columns: [...base.columns, column('users', 'level', 'grade'), column('users', 'levels', 'grade[]'), column('users', 'rank', 'level')] });
    expect(fixScript(expected, actual)).toContain('ALTER TABLE public.users ALTER COLUMN level TYPE level USING level::text::level;');
    expect(fixScript(expected, actual)).toContain('ALTER TABLE public.users ALTER COLUMN levels TYPE level[] USING levels::text[]::level[];');
    expect(fixScript(expected, actual)).toContain('ALTER TABLE public.users ALTER COLUMN rank TYPE integer USING rank::text::integer;');
  });

  it('finds nothing between a type with its default precision and the same type without', () => {
    const row = (type: string) => ['users', 9, 'seen_at', type, true, null, null, null, null, true, true, null];
    const [withTypmod] = columns.read.assemble([row('timestamp(6) with time zone')], attributesOf(), NEWEST_SERVER);
    const [without] = columns.read.assemble([row('timestamp with time zone')], attributesOf(), NEWEST_SERVER);
    expect(findingsOf(withColumns(withTypmod!), withColumns(without!))).toEqual([]);
    const [precise] = columns.read.assemble([row('timestamp(3) with time zone')], attributesOf(), NEWEST_SERVER);
    expect(findingsOf(withColumns(precise!), withColumns(without!))).toEqual(['column.type_mismatch public.users.seen_at']);
  });

  it('changes a collation, quoting it', () => {
    const finding = onlyFinding(withEmail({ collation: 'C' }), base);
    expect(finding).toMatchObject({ code: 'column.collation_mismatch', message: 'column users.email uses the default collation, expected C', expected: 'C', actual: null });
    expect(finding.fix).toBe('ALTER TABLE public.users ALTER COLUMN email TYPE character varying(255) COLLATE "C" USING email::character varying;');
    expect(onlyFinding(base, withEmail({ collation: 'C' })).fix).toBe('ALTER TABLE public.users ALTER COLUMN email TYPE character varying(255) USING email::character varying;');
  });

  it('converts to a length without an explicit cast to it, which would cut the rows too long for it', () => {
    const cast = (type: string, from = 'text', domains: Catalog['domains'] = []) =>
      onlyFinding(catalog({ ...withEmail({ type }), domains }), catalog({ ...withEmail({ type: from }), domains })).fix;
    expect(cast('character varying(20)')).toBe('ALTER TABLE public.users ALTER COLUMN email TYPE character varying(20) USING email::character varying;');
    expect(cast('character varying(20)[]', 'text[]')).toBe('ALTER TABLE public.users ALTER COLUMN email TYPE character varying(20)[] USING email::character varying[];');
    expect(cast('character(2)')).toBe('ALTER TABLE public.users ALTER COLUMN email TYPE character(2) USING email::bpchar;');
    expect(cast('bit(8)')).toBe('ALTER TABLE public.users ALTER COLUMN email TYPE bit(8) USING email::bit varying;');
    expect(cast('bit varying(8)')).toBe('ALTER TABLE public.users ALTER COLUMN email TYPE bit varying(8) USING email::bit varying;');
    // The same conversion on INSERT: numeric and timestamps round either way, and keep their cast.
    expect(cast('numeric(10,2)')).toMatch(/\nALTER TABLE public\.users ALTER COLUMN email TYPE numeric\(10,2\) USING email::numeric\(10,2\);$/);
    const domain = { name: 'Code', type: 'character varying(5)', collation: null, default: null, notNull: false, checks: [] };
    expect(cast('"Code"', 'text', [domain])).toBe('ALTER TABLE public.users ALTER COLUMN email TYPE "Code" USING email::character varying;');
    expect(cast('"Code"[]', 'text[]', [domain])).toBe('ALTER TABLE public.users ALTER COLUMN email TYPE "Code"[] USING email::character varying[];');
    expect(cast('"Code"', 'text', [{ ...domain, type: 'integer' }])).toBe('ALTER TABLE public.users ALTER COLUMN email TYPE "Code" USING email::"Code";');
  });

  it('stops before a conversion that would round the rows (numbers, and times to a lower precision), and only then', () => {
    const fix = (type: string, from: string) => onlyFinding(withEmail({ type }), withEmail({ type: from })).fix;
    const stop = (type: string, arrays = '') =>
      `DO $aiforce$ BEGIN IF EXISTS (SELECT FROM public.users WHERE (email::${type})::numeric${arrays} IS DISTINCT FROM email::numeric${arrays}) THEN RAISE EXCEPTION USING MESSAGE = 'rows of users.email hold values that ${type} would round or cut: change them, or convert the column by hand, then run the fix again'; END IF; END $aiforce$;`;
    expect(fix('numeric(10,6)', 'numeric(12,8)')).toBe(`${stop('numeric(10,6)')}\nALTER TABLE public.users ALTER COLUMN email TYPE numeric(10,6) USING email::numeric(10,6);`);
    for (const [type, from] of [['integer', 'numeric(4,1)'], ['integer', 'double precision'], ['bigint', 'numeric'], ['numeric(10,2)', 'real'], ['numeric(10,2)', 'text'], ['real', 'integer'], ['double precision', 'numeric(20,2)']]) {
      expect(fix(type!, from!), `${from} to ${type}`).toContain(stop(type!));
    }
    expect(fix('integer[]', 'numeric[]')).toContain(stop('integer[]', '[]'));
    // A negative scale rounds whole numbers; money rounds to its places (and converts to and from numeric only).
    for (const [type, from] of [['numeric(5,-2)', 'integer'], ['money', 'numeric(10,4)'], ['money', 'numeric'], ['numeric(10,0)', 'money'], ['numeric(12,2)', 'money']]) {
      expect(fix(type!, from!), `${from} to ${type}`).toContain(stop(type!));
    }
    for (const [type, from] of [['money', 'integer'], ['numeric', 'money'], ['integer', 'money'], ['money', 'real']]) {
      expect(fix(type!, from!), `${from} to ${type}`).not.toContain('DO $aiforce$');
    }
    // A domain is its base type, on either side.
    const domains = [{ name: 'amount', type: 'numeric(10,2)', collation: null, default: null, notNull: false, checks: [] }];
    const viaDomain = (type: string, from: string) => onlyFinding(catalog({ ...withEmail({ type }), domains }), catalog({ ...withEmail({ type: from }), domains })).fix;
    expect(viaDomain('amount', 'numeric(12,4)')).toContain(stop('amount'));
    expect(viaDomain('integer', 'amount')).toContain(stop('integer'));
    expect(viaDomain('amount', 'integer')).not.toContain('DO $aiforce$');
    // A time type to a lower precision of its own, compared in its own type.
    const timeStop = (type: string, through: string) => `(email::${type})::${through} IS DISTINCT FROM email::${through}) THEN RAISE EXCEPTION USING MESSAGE = 'rows of users.email hold values that ${type} would round or cut`;
    for (const [type, from, through] of [
      ['timestamp(0) with time zone', 'timestamp with time zone', 'timestamp with time zone'],
      ['timestamp(3) without time zone', 'timestamp(6) without time zone', 'timestamp without time zone'],
      ['time(0) without time zone', 'time(2) without time zone', 'time without time zone'],
      ['interval(0)', 'interval', 'text'],
      ['timestamp(0) with time zone', 'timestamp(3) without time zone', 'timestamp without time zone'],
      // A time keeps only the clock of a timestamp, an interval or a time with its zone.
      ['time without time zone', 'timestamp with time zone', 'text'],
      ['time without time zone', 'interval', 'text'],
      ['time without time zone', 'time with time zone', 'text'],
      // Text into a time type with a precision or fields, through the type without them.
      ['time(0) without time zone', 'text', 'time without time zone'],
      ['interval day', 'character varying(20)', 'interval'],
    ]) {
      expect(fix(type!, from!), `${from} to ${type}`).toContain(timeStop(type!, through!));
    }
    // An interval to narrower fields drops the rest, to a lower precision rounds; a timestamp to a date drops the time.
    for (const [type, from, through] of [
      ['interval day', 'interval', 'text'],
      ['interval year to month', 'interval day to second', 'text'],
      ['interval day to second(3)', 'interval day to second', 'text'],
      ['date', 'timestamp(3) with time zone', 'timestamp with time zone'],
    ]) {
      expect(fix(type!, from!), `${from} to ${type}`).toContain(timeStop(type!, through!));
    }
    for (const [type, from] of [['timestamp(6) with time zone', 'timestamp(0) with time zone'], ['timestamp with time zone', 'timestamp without time zone'], ['interval', 'interval(3)'], ['interval', 'interval day'], ['interval day to second', 'interval hour to minute'], ['timestamp with time zone', 'date']]) {
      expect(fix(type!, from!), `${from} to ${type}`).not.toContain('DO $aiforce$');
    }
    // Widening, whole numbers, and text that is no whole number (which fails to convert instead of rounding).
    for (const [type, from] of [['bigint', 'integer'], ['numeric(12,2)', 'numeric(10,2)'], ['numeric', 'numeric(10,2)'], ['numeric(10,2)', 'integer'], ['double precision', 'real'], ['integer', 'text'], ['text', 'numeric']]) {
      expect(fix(type!, from!), `${from} to ${type}`).not.toContain('DO $aiforce$');
    }
  });

  it('stops before converting into an enum where rows hold a text it lacks (arrays by their elements, NULLs aside)', () => {
    const enums = [{ name: 'level', values: ['A', "B'"] }];
    const fix = (type: string, from: string) => onlyFinding(catalog({ ...withEmail({ type }), enums }), catalog({ ...withEmail({ type: from }), enums })).fix;
    const message = "THEN RAISE EXCEPTION USING MESSAGE = 'rows of users.email hold values that enum level lacks: change or delete them, then run the fix again'";
    expect(fix('level', 'text')).toContain(`WHERE email::text <> ALL (ARRAY['A', 'B''']::text[])) ${message}`);
    expect(fix('level[]', 'text[]')).toContain(`WHERE EXISTS (SELECT FROM unnest(email::text[]) AS held(value) WHERE held.value <> ALL (ARRAY['A', 'B''']::text[]))) ${message}`);
    expect(fix('text', 'level')).not.toContain('DO $aiforce$');
  });

  it('says where the database has no cast from the type it holds to the schema\'s, instead of a conversion that fails', () => {
    const castable = (from: string, to: string) => !(from === 'smallint' && to === 'character varying(255)');
    const finding = onlyFinding(base, withEmail({ type: 'smallint' }), { castable });
    expect(finding.fix).toBe(
      '-- no safe automatic fix: the database has no cast from smallint to character varying(255): convert column users.email by hand (ALTER COLUMN … TYPE character varying(255) USING an expression of it), then run the fix again',
    );
    expect(onlyFinding(base, withEmail({ type: 'text' }), { castable }).fix).toContain('USING email::character varying;');
  });

  it('converts no value into an array of its type, or back: a cast would reinterpret every value', () => {
    expect(onlyFinding(withEmail({ type: 'text' }), withEmail({ type: 'text[]' })).fix).toBe('-- no safe automatic fix: turning text[] into text would reinterpret every value: convert column users.email by hand');
    expect(onlyFinding(withEmail({ type: 'text[]' }), withEmail({ type: 'text' })).fix).toBe('-- no safe automatic fix: turning text into text[] would reinterpret every value: convert column users.email by hand');
    // A domain over an array is converted with its cast, as any other type.
    expect(onlyFinding(withEmail({ type: 'tag_list' }), withEmail({ type: 'text[]' })).fix).toBe('ALTER TABLE public.users ALTER COLUMN email TYPE tag_list USING email::tag_list;');
  });

  it('changes a type and a collation with one statement', () => {
    const expected = withEmail({ type: 'text', collation: 'C' });
    expect(findingsOf(expected, base)).toEqual(['column.collation_mismatch public.users.email', 'column.type_mismatch public.users.email']);
    expect(fixScript(expected, base)).toEqual(['ALTER TABLE public.users ALTER COLUMN email TYPE text COLLATE "C" USING email::text;']);
  });

  it('sets or drops NOT NULL', () => {
    const finding = onlyFinding(base, withEmail({ nullable: true }));
    expect(finding).toMatchObject({ code: 'column.nullability_mismatch', message: 'column users.email is NULL, expected NOT NULL', expected: 'NOT NULL', actual: 'NULL' });
    expect(finding.fix).toBe('ALTER TABLE public.users ALTER COLUMN email SET NOT NULL;');
    expect(onlyFinding(withEmail({ nullable: true }), base).fix).toBe('ALTER TABLE public.users ALTER COLUMN email DROP NOT NULL;');
  });

  it('tells a NOT NULL added NOT VALID (PostgreSQL 18) from both others: new rows are checked, old ones never were', () => {
    const unchecked = withEmail({ notValid: true });
    const finding = onlyFinding(base, unchecked);
    expect(finding).toMatchObject({ message: 'column users.email is NOT NULL NOT VALID (rows written before it were never checked), expected NOT NULL', expected: 'NOT NULL', actual: 'NOT NULL NOT VALID' });
    // SET NOT NULL validates it.
    expect(finding.fix).toBe('ALTER TABLE public.users ALTER COLUMN email SET NOT NULL;');
    expect(onlyFinding(withEmail({ nullable: true }), unchecked).fix).toBe('ALTER TABLE public.users ALTER COLUMN email DROP NOT NULL;');
    expect(onlyFinding(unchecked, withEmail({ nullable: true })).fix).toBe('ALTER TABLE public.users ADD NOT NULL email NOT VALID;');
    // Validated where the schema leaves it NOT VALID holds more than the schema asks.
    expect(findingsOf(unchecked, base)).toEqual([]);
    const row = (nullable: boolean | null) => ['users', 3, 'email', 'text', nullable, null];
    expect(columns.read.assemble([row(null)], attributesOf(), NEWEST_SERVER)[0]).toMatchObject({ nullable: false, notValid: true });
    expect(columns.read.assemble([row(false)], attributesOf(), NEWEST_SERVER)[0]).not.toHaveProperty('notValid');
  });

  it('renames a NOT NULL named otherwise than PostgreSQL names one (PostgreSQL 18), and compares no names with an older server', () => {
    const named = withEmail({ notNullName: 'email_required' });
    const finding = onlyFinding(base, named);
    expect(finding).toMatchObject({
      code: 'column.not_null_name_mismatch',
      severity: 'warning',
      message: "column users.email's NOT NULL has the name email_required, expected PostgreSQL's own name",
      expected: "PostgreSQL's own name",
      actual: 'email_required',
    });
    expect(finding.fix).toBe('ALTER TABLE public.users RENAME CONSTRAINT email_required TO users_email_not_null;');
    // A name PostgreSQL chose is looked up when the statement runs: it may be an older name of the table's.
    expect(onlyFinding(named, base).fix).toBe(
      "DO $aiforce$ BEGIN EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', 'public.users', (SELECT k.conname FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] WHERE k.conrelid = 'public.users'::regclass AND k.contype = 'n' AND a.attname = 'email'), 'email_required'); END $aiforce$;",
    );
    expect(onlyFinding(named, withEmail({ notNullName: 'mail_required' })).fix).toBe('ALTER TABLE public.users RENAME CONSTRAINT mail_required TO email_required;');
    // A NOT NULL to add takes the schema's name; a nullable column has no constraint to name.
    expect(onlyFinding(named, withEmail({ nullable: true })).fix).toBe('ALTER TABLE public.users ADD CONSTRAINT email_required NOT NULL email;');
    expect(onlyFinding(withEmail({ notNullName: 'email_required', notValid: true }), withEmail({ nullable: true })).fix).toBe('ALTER TABLE public.users ADD CONSTRAINT email_required NOT NULL email NOT VALID;');
    expect(onlyFinding(withEmail({ nullable: true }), named).code).toBe('column.nullability_mismatch');
    expect(onlyFinding(withColumns(column('users', 'nick', 'text', { nullable: false, notNullName: 'nick_required' })), base).fix).toBe(
      'ALTER TABLE public.users ADD COLUMN nick text CONSTRAINT nick_required NOT NULL;',
    );
    // PostgreSQL 15 holds no names, nor NOT VALID NOT NULLs: a lock written on 18 is cut to what 15 holds.
    expect(findingsOf(named, base, { serverVersion: 150004 })).toEqual([]);
    expect(fixScript(named, withEmail({ nullable: true }), { serverVersion: 150004 })).toEqual(['ALTER TABLE public.users ALTER COLUMN email SET NOT NULL;']);
    expect(fixScript(withEmail({ notValid: true }), withEmail({ nullable: true }), { serverVersion: 150004 })).toEqual(['ALTER TABLE public.users ALTER COLUMN email SET NOT NULL;']);
  });

  it('says where a rename of a NOT NULL would fail: shared with partitions or children, or its name held by another constraint', () => {
    const named = withEmail({ notNullName: 'email_required' });
    const partitions = [table('teams'), table('users', { partitionBy: 'LIST (email)' }), table('users_a', { partitionOf: { parent: 'users', bound: "FOR VALUES IN ('a')" } })];
    const finding = compare(catalog({ ...named, tables: partitions }), catalog({ ...base, tables: partitions })).find((entry) => entry.code === 'column.not_null_name_mismatch');
    expect(finding?.fix).toBe("-- no safe automatic fix: the NOT NULL of column users.email is shared with the table's partitions, children or parents: rename it by hand in each, then run the fix again");
    // Two NOT NULLs that swapped names: the first rename would find the name taken.
    const swapped = (email: string, id: string) => catalog({ columns: base.columns.map((entry) => (entry.table === 'users' ? { ...entry, notNullName: entry.name === 'email' ? email : id } : entry)) });
    expect(compare(swapped('email_required', 'id_required'), swapped('id_required', 'email_required')).map((entry) => entry.fix)).toEqual([
      '-- no safe automatic fix: another constraint of table users is named email_required: rename the NOT NULL of column users.email and that one by hand, then run the fix again',
      '-- no safe automatic fix: another constraint of table users is named id_required: rename the NOT NULL of column users.id and that one by hand, then run the fix again',
    ]);
  });

  it('reads every name PostgreSQL 18 may give a NOT NULL as its own: …_not_null, then a number where that was taken', () => {
    // As PostgreSQL 18.4 names them.
    expect(defaultNotNullName('users', 'email')).toBe('users_email_not_null');
    expect(defaultNotNullName('t'.repeat(60), 'c')).toBe(`${'t'.repeat(52)}_c_not_null`);
    expect(defaultNotNullName('t'.repeat(40), 'c'.repeat(40))).toBe(`${'t'.repeat(27)}_${'c'.repeat(26)}_not_null`);
    // 27 two-byte letters cut to 51 bytes: the 26th letter does not fit whole and goes.
    expect(defaultNotNullName('é'.repeat(27), 'cc')).toBe(`${'é'.repeat(25)}_cc_not_null`);
    const row = (name: string | null) => ['users', 2, 'email', 'text', false, null, null, null, null, true, true, null, name];
    for (const own of ['users_email_not_null', 'users_email_not_null1', 'people_email_not_null']) {
      expect(columns.read.assemble([row(own)], attributesOf(), NEWEST_SERVER)[0]).not.toHaveProperty('notNullName');
    }
    expect(columns.read.assemble([row('email_required')], attributesOf(), NEWEST_SERVER)[0]).toMatchObject({ notNullName: 'email_required' });
  });

  it('sets, changes or drops a default', () => {
    const added = onlyFinding(withEmail({ default: "'none'::character varying" }), base);
    expect(added).toMatchObject({ code: 'column.default_mismatch', message: "column users.email defaults to nothing, expected 'none'::character varying", expected: "'none'::character varying", actual: null });
    expect(added.fix).toBe("ALTER TABLE public.users ALTER COLUMN email SET DEFAULT 'none'::character varying;");
    const dropped = onlyFinding(base, withEmail({ default: "'none'::character varying" }));
    expect(dropped.message).toBe("column users.email defaults to 'none'::character varying, expected no default");
    expect(dropped.fix).toBe('ALTER TABLE public.users ALTER COLUMN email DROP DEFAULT;');
  });

  it('finds nothing between defaults the equivalence says are the same, and still sees other ones', () => {
    const sameDefault = (type: string, a: string, b: string) => type === 'character varying(255)' && [a, b].sort().join() === "'x'::character varying,'x'::character varying(255)";
    expect(findingsOf(withEmail({ default: "'x'::character varying(255)" }), withEmail({ default: "'x'::character varying" }), { sameDefault })).toEqual([]);
    expect(findingsOf(withEmail({ default: "'x'::character varying(255)" }), withEmail({ default: "'y'::character varying" }), { sameDefault })).toEqual(['column.default_mismatch public.users.email']);
  });

  it('makes a column an identity column: a serial one loses its sequence, and the identity continues after its values', () => {
    const expected = withColumns(number({ identity: identity() }));
    const finding = compare(expected, serial()).find((entry) => entry.code === 'column.identity_mismatch')!;
    expect(finding.message).toBe(
      "column users.number is not an identity (default nextval('users_number_seq'::regclass)), expected GENERATED ALWAYS AS IDENTITY (sequence users_number_seq, start 1, increment 1, min 1, max 2147483647, cache 1)",
    );
    expect(findingsOf(expected, serial())).toEqual(['column.identity_mismatch public.users.number', 'sequence.unexpected public.users_number_seq']);
    expect(fixScript(expected, serial())).toEqual([
      'ALTER TABLE public.users ALTER COLUMN number DROP DEFAULT;',
      'DROP SEQUENCE public.users_number_seq;',
      'ALTER TABLE public.users ALTER COLUMN number ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME public.users_number_seq START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE);',
      "SELECT setval(pg_get_serial_sequence('public.users', 'number'), max(number)) FROM public.users HAVING max(number) IS NOT NULL;",
    ]);
  });

  it('makes an identity column a serial one again, its identity dropped before the sequence is created', () => {
    const actual = withColumns(number({ identity: identity({ generation: 'by default' }) }));
    const finding = compare(serial(), actual).find((entry) => entry.code === 'column.identity_mismatch')!;
    expect(finding.message).toBe('column users.number is GENERATED BY DEFAULT AS IDENTITY (sequence users_number_seq, start 1, increment 1, min 1, max 2147483647, cache 1), expected not an identity');
    expect(fixScript(serial(), actual)).toEqual([
      'ALTER TABLE public.users ALTER COLUMN number DROP IDENTITY;',
      'CREATE SEQUENCE public.users_number_seq AS integer START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE;',
      "ALTER TABLE public.users ALTER COLUMN number SET DEFAULT nextval('users_number_seq'::regclass);",
      'ALTER SEQUENCE public.users_number_seq OWNED BY public.users.number;',
      "SELECT setval(pg_get_serial_sequence('public.users', 'number'), max(number)) FROM public.users HAVING max(number) IS NOT NULL;",
    ]);
  });

  it('changes the options of an identity, and renames its sequence', () => {
    const expected = withColumns(number({ identity: identity() }));
    const actual = withColumns(number({ identity: identity({ generation: 'by default', sequence: 'old_seq', start: '10', increment: '2', min: '0', max: '99', cache: '20', cycle: true }) }));
    const finding = onlyFinding(expected, actual);
    expect(finding.code).toBe('column.identity_mismatch');
    expect(finding.fix).toBe(
      [
        'ALTER SEQUENCE public.old_seq RENAME TO users_number_seq;',
        'ALTER TABLE public.users ALTER COLUMN number SET GENERATED ALWAYS SET START WITH 1 SET INCREMENT BY 1 SET MINVALUE 1 SET MAXVALUE 2147483647 SET CACHE 1 SET NO CYCLE;',
      ].join('\n'),
    );
  });

  it('drops and adds a generated column whose expression changed, and says a column cannot become generated in place', () => {
    const twice = (expression: string, patch: Partial<Column> = {}) => withColumns(column('users', 'twice', 'integer', { generated: { expression, storage: 'stored' }, ...patch }));
    const finding = onlyFinding(twice('(n * 2)'), twice('(n * 3)'));
    expect(finding).toMatchObject({
      code: 'column.generated_mismatch',
      message: 'column users.twice is integer GENERATED ALWAYS AS ((n * 3)) STORED, expected integer GENERATED ALWAYS AS ((n * 2)) STORED',
      expected: 'integer GENERATED ALWAYS AS ((n * 2)) STORED',
      actual: 'integer GENERATED ALWAYS AS ((n * 3)) STORED',
    });
    expect(fixScript(twice('(n * 2)'), twice('(n * 3)'))).toEqual(['ALTER TABLE public.users DROP COLUMN twice;', 'ALTER TABLE public.users ADD COLUMN twice integer GENERATED ALWAYS AS ((n * 2)) STORED;']);
    const retyped = onlyFinding(twice('(n * 2)'), twice('(n * 2)', { type: 'bigint' }));
    expect(retyped).toMatchObject({ code: 'column.generated_mismatch', expected: 'integer GENERATED ALWAYS AS ((n * 2)) STORED', actual: 'bigint GENERATED ALWAYS AS ((n * 2)) STORED' });
    const plain = onlyFinding(twice('(n * 2)'), withColumns(column('users', 'twice', 'integer')));
    expect(plain.message).toBe('column users.twice is integer not generated, expected integer GENERATED ALWAYS AS ((n * 2)) STORED');
    expect(plain.fix).toBe('-- no safe automatic fix: turning a stored column into a generated one (or back) rewrites its data: recreate users.twice by hand');
  });
});

describe('columns: renames', () => {
  const renamedEmail = () => withEmail({ name: 'mail' });

  it('renames a column of the same definition', () => {
    const finding = onlyFinding(base, renamedEmail());
    expect(finding).toMatchObject({ code: 'column.renamed', path: 'public.users.email', message: 'column users.email is named mail in the database', expected: 'email', actual: 'mail' });
    expect(finding.fix).toBe('ALTER TABLE public.users RENAME COLUMN mail TO email;');
  });

  it('quotes odd names in a rename and runs it before the other changes of the column', () => {
    const expected = withColumns(column('users', 'Order', 'integer'));
    const actual = withColumns(column('users', 'order', 'integer', { collation: null }));
    expect(fixScript(expected, actual)).toEqual(['ALTER TABLE public.users RENAME COLUMN "order" TO "Order";']);
    const expectedIdentity = withColumns(number({ identity: identity() }));
    const actualIdentity = withColumns(number({ name: 'num', identity: identity({ sequence: 'users_num_seq' }) }));
    expect(findingsOf(expectedIdentity, actualIdentity)).toEqual(['column.identity_mismatch public.users.number', 'column.renamed public.users.number']);
    expect(fixScript(expectedIdentity, actualIdentity)).toEqual(['ALTER SEQUENCE public.users_num_seq RENAME TO users_number_seq;', 'ALTER TABLE public.users RENAME COLUMN num TO number;']);
  });

  it('names, and neither adds nor drops, columns of one shape renamed two at a time: a guessed pairing could swap their rows', () => {
    const [created, updated] = [column('users', 'created_at', 'timestamp with time zone'), column('users', 'updated_at', 'timestamp with time zone')];
    const findings = compare(withColumns(created, updated), withColumns({ ...created, name: 'made_at' }, { ...updated, name: 'changed_at' }));
    expect(findings.map((finding) => `${finding.code} ${finding.path}`)).toEqual(['column.unexpected public.users.changed_at', 'column.missing public.users.created_at', 'column.unexpected public.users.made_at', 'column.missing public.users.updated_at']);
    expect(findings.find((finding) => finding.path === 'public.users.created_at')?.fix).toBe(
      '-- no safe automatic fix: column users.created_at may be made_at or changed_at renamed, and more than one pairing of its shape fits: rename the one that it is, by hand, then run the fix again',
    );
    expect(findings.find((finding) => finding.path === 'public.users.made_at')?.fix).toBe(
      '-- no safe automatic fix: column users.made_at may be created_at or updated_at renamed, and more than one pairing of its shape fits: rename it by hand if it is one, else drop it, then run the fix again',
    );
    expect(fixScript(withColumns(created, updated), withColumns({ ...created, name: 'made_at' }, { ...updated, name: 'changed_at' }))).toEqual([]);
  });

  it('does not take a column of another type for a renamed one', () => {
    expect(findingsOf(base, withEmail({ name: 'mail', type: 'text' }))).toEqual(['column.missing public.users.email', 'column.unexpected public.users.mail']);
  });

  it('compares the columns of a renamed table under its new name', () => {
    const people = catalog({ tables: [table('teams'), table('people')], columns: base.columns.map((entry) => (entry.table === 'users' ? { ...entry, table: 'people' } : entry)) });
    expect(findingsOf(base, people)).toEqual(['table.renamed public.users']);
    people.columns = people.columns.map((entry) => (entry.name === 'email' ? { ...entry, nullable: true } : entry));
    expect(findingsOf(base, people)).toEqual(['table.renamed public.users', 'column.nullability_mismatch public.users.email']);
    expect(fixScript(base, people)).toEqual(['ALTER TABLE public.people RENAME TO users;', 'ALTER TABLE public.users ALTER COLUMN email SET NOT NULL;']);
  });

  it('compares a column of a renamed enum type under its new name', () => {
    const expected = withColumns(column('users', 'level', 'level'), column('users', 'levels', 'level[]'));
    const actual = catalog({ enums: [{ name: 'grade', values: ['A', 'B', 'C'] }], columns: [...base.columns, column('users', 'level', 'grade'), column('users', 'levels', 'grade[]')] });
    expect(findingsOf(expected, actual)).toEqual(['enum.renamed public.level']);
  });
});

describe('columns: catalog rows', () => {
  it('assembles rows as the query returns them: grouped by table in name order, by position within a table', () => {
    const rows = [
      ['Odd Table', 3, 'g', 'integer', true, null, ['s', '("order" * 2)'], null, null, true, true, null],
      ['Odd Table', 1, 'order', 'integer', false, null, null, null, ['a', 'Odd Table_order_seq', '5', '2', '1', '2147483647', '1', false], true, true, null],
      ['users', 2, 'email', 'text', false, null, null, 'C', null, true, true, [500, ['e', 'x'], 'lz4', ['n_distinct=-0.5', 'n_distinct_inherited=10']]],
      ['Odd Table', 2, 't', 'timestamp(6) with time zone', true, 'now()', null, null, null, true, true, null],
      // A plain column's row stops after its default.
      ['users', 1, 'id', 'uuid', false, 'gen_random_uuid()'],
      ['logs', 1, 'id', 'bigint', false, "nextval('logs_id_seq'::regclass)", null, null, null, true, true, null],
      ['users', 3, 'cached', 'integer', true, null, ['v', '(id + 1)'], null, ['d', 'x', '1', '1', '1', '9', '1', true], true, true, null],
      // An inherited column (a partition's) and a view's column only name attributes for the other kinds.
      ['logs_2026', 1, 'id', 'bigint', false, null, null, null, null, false, true, null],
      ['recent', 1, 'id', 'uuid', true, null, null, null, null, true, false, null],
    ];
    const attributes = columns.read.attributeNames!(rows);
    expect([attributes.name('Odd Table', 2), attributes.name('logs_2026', 1), attributes.name('recent', 1), attributes.name('users', 4)]).toEqual(['t', 'id', 'id', undefined]);
    expect(columns.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([
      column('Odd Table', 'order', 'integer', {
        nullable: false,
        identity: { generation: 'always', sequence: 'Odd Table_order_seq', start: '5', increment: '2', min: '1', max: '2147483647', cache: '1', cycle: false },
      }),
      column('Odd Table', 't', 'timestamp with time zone', { default: 'now()' }),
      column('Odd Table', 'g', 'integer', { generated: { expression: '("order" * 2)', storage: 'stored' } }),
      column('logs', 'id', 'bigint', { nullable: false, default: "nextval('logs_id_seq'::regclass)" }),
      column('users', 'id', 'uuid', { nullable: false, default: 'gen_random_uuid()' }),
      column('users', 'email', 'text', {
        nullable: false,
        collation: 'C',
        settings: { statistics: 500, storage: { column: 'external', type: 'extended' }, compression: 'lz4', options: ['n_distinct=-0.5', 'n_distinct_inherited=10'] },
      }),
      column('users', 'cached', 'integer', {
        generated: { expression: '(id + 1)', storage: 'virtual' },
        identity: { generation: 'by default', sequence: 'x', start: '1', increment: '1', min: '1', max: '9', cache: '1', cycle: true },
      }),
    ]);
  });
});

describe('columns: codes', () => {
  producesEveryCode(columns, {
    missing: [withColumns(column('users', 'nick', 'text')), base],
    unexpected: [base, withColumns(column('users', 'nick', 'text'))],
    renamed: [withColumns(column('users', 'nick', 'text')), withColumns(column('users', 'alias', 'text'))],
    type_mismatch: [base, withEmail({ type: 'text' })],
    nullability_mismatch: [base, withEmail({ nullable: true })],
    default_mismatch: [base, withEmail({ default: "''::character varying" })],
    collation_mismatch: [base, withEmail({ collation: 'C' })],
    identity_mismatch: [withColumns(number({ identity: identity() })), withColumns(number())],
    generated_mismatch: [withColumns(column('users', 'twice', 'integer', { generated: { expression: '(n * 2)', storage: 'stored' } })), withColumns(column('users', 'twice', 'integer'))],
    settings_mismatch: [base, withEmail({ settings: { statistics: 1000, storage: null, compression: null, options: [] } })],
    not_null_name_mismatch: [base, withEmail({ notNullName: 'email_required' })],
  });
});

describe('columns: settings', () => {
  const settings = (patch: Partial<NonNullable<Column['settings']>>): NonNullable<Column['settings']> => ({ statistics: null, storage: null, compression: null, options: [], ...patch });
  const external = { column: 'external', type: 'extended' } as const;

  it('reports each setting in words and sets it', () => {
    const expected = withEmail({ settings: settings({ statistics: 500, storage: external, compression: 'lz4', options: ['n_distinct=-0.5'] }) });
    const finding = onlyFinding(expected, base);
    expect(finding).toMatchObject({
      code: 'column.settings_mismatch',
      severity: 'warning',
      message: 'column users.email has the default settings, expected statistics 500, storage external, compression lz4, options (n_distinct=-0.5)',
    });
    expect(fixScript(expected, base)).toEqual([
      'ALTER TABLE public.users ALTER COLUMN email SET STATISTICS 500;',
      'ALTER TABLE public.users ALTER COLUMN email SET STORAGE EXTERNAL;',
      'ALTER TABLE public.users ALTER COLUMN email SET COMPRESSION lz4;',
      'ALTER TABLE public.users ALTER COLUMN email SET (n_distinct=-0.5);',
    ]);
  });

  it('goes back to the defaults: the type storage, -1, DEFAULT compression, RESET of the options the schema has not', () => {
    const actual = withEmail({ settings: settings({ statistics: 10, storage: external, compression: 'pglz', options: ['n_distinct=5', 'n_distinct_inherited=7'] }) });
    const expected = withEmail({ settings: settings({ options: ['n_distinct=6'] }) });
    expect(fixScript(expected, actual)).toEqual([
      'ALTER TABLE public.users ALTER COLUMN email SET STATISTICS -1;',
      'ALTER TABLE public.users ALTER COLUMN email SET STORAGE EXTENDED;',
      'ALTER TABLE public.users ALTER COLUMN email SET COMPRESSION DEFAULT;',
      'ALTER TABLE public.users ALTER COLUMN email RESET (n_distinct_inherited);',
      'ALTER TABLE public.users ALTER COLUMN email SET (n_distinct=6);',
    ]);
  });

  it('compares what a column has, not the type storage it would go back to', () => {
    const one = withEmail({ settings: settings({ storage: { column: 'plain', type: 'extended' } }) });
    const other = withEmail({ settings: settings({ storage: { column: 'plain', type: 'main' } }) });
    expect(findingsOf(one, other)).toEqual([]);
  });

  it('sets them again after a type change, which gives the column its new type storage and the default compression', () => {
    const kept = settings({ statistics: 50, storage: { column: 'main', type: 'extended' }, compression: 'lz4' });
    expect(fixScript(withEmail({ type: 'text', settings: kept }), withEmail({ settings: kept }))).toEqual([
      'ALTER TABLE public.users ALTER COLUMN email TYPE text USING email::text;',
      'ALTER TABLE public.users ALTER COLUMN email SET STORAGE MAIN;',
      'ALTER TABLE public.users ALTER COLUMN email SET COMPRESSION lz4;',
    ]);
  });

  it('gives a created column and the columns of a created table their settings', () => {
    const nick = column('users', 'nick', 'text', { settings: settings({ statistics: 0 }) });
    expect(fixScript(withColumns(nick), base)).toEqual(['ALTER TABLE public.users ADD COLUMN nick text;', 'ALTER TABLE public.users ALTER COLUMN nick SET STATISTICS 0;']);
    const logs = catalog({ tables: [...base.tables, table('logs')], columns: [...base.columns, column('logs', 'line', 'text', { settings: settings({ storage: external }) })] });
    expect(fixScript(logs, base)).toEqual(['CREATE TABLE public.logs (\n  line text\n);', 'ALTER TABLE public.logs ALTER COLUMN line SET STORAGE EXTERNAL;']);
  });
});
