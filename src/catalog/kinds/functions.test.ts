// Functions and procedures: identity, wording, the mismatch and its fixes, create/drop SQL and the catalog rows
// (no database).
import { describe, expect, it } from 'vitest';
import { catalog, catalogAsCreated, column, compare, findingsOf, fixScript, onlyFinding, privilege, producesEveryCode, routine, table, trigger, view, attributesOf, NEWEST_SERVER } from '../../../test/support/catalog.js';
import { PHASES, refPath } from '../model.js';
import { functions, type RoutineObject } from './functions.js';
import type { Catalog } from '../registry.js';

const add = routine('add', {
  argumentTypes: 'integer, integer',
  arguments: 'a integer, b integer DEFAULT 1',
  volatility: 'immutable',
  strict: true,
  parallel: 'safe',
  settings: ['search_path=public, pg_temp'],
  body: 'select a + b',
});
const touch = routine('touch', { procedure: true, returns: null, language: 'plpgsql', securityDefiner: true, body: ' BEGIN PERFORM 1; END ' });
const withRoutines = (...list: RoutineObject[]) => catalogAsCreated({ functions: list });

describe('functions: identity and wording', () => {
  it('is identified by its name and argument types', () => {
    expect(functions.ref(add)).toEqual({ kind: 'function', name: 'add(integer, integer)' });
    expect(refPath('public', functions.ref(add))).toBe('public."add(integer, integer)"');
    expect(refPath('public', functions.ref(touch))).toBe('public.touch()');
    expect(functions.parent!(add)).toBeUndefined();
  });

  it('is part of the base type whose input, output or other support function it is: dropped with the type', () => {
    const input = routine('money2_in', { argumentTypes: 'cstring', returns: 'money2', typeSupport: 'money2' });
    expect(functions.parent!(input)).toEqual({ kind: 'other_object', name: 'base type money2' });
    const base = { type: 'base type', name: 'money2', method: null, definition: '(INPUT = money2_in, OUTPUT = money2_out)' } as const;
    expect(findingsOf(catalog(), catalog({ functions: [input], otherObjects: [base] }))).toEqual(['other_object.unexpected public."base type money2"']);
    expect(fixScript(catalog(), catalog({ functions: [input], otherObjects: [base] })).slice(1)).toEqual(['DROP TYPE public.money2 CASCADE;', 'DROP FUNCTION IF EXISTS public.money2_in(cstring);']);
  });

  it('is not dropped and created anew while a conversion or a text search template calls it', () => {
    const lexize = routine('lexize', { argumentTypes: 'internal, internal, internal, internal', returns: 'internal', language: 'c', body: 'dsimple_lexize' });
    const template = { type: 'text search template', name: 'plain', method: null, definition: '(LEXIZE = lexize)' } as const;
    const changed = { ...lexize, returns: 'integer' };
    expect(onlyFinding(catalog({ functions: [lexize], otherObjects: [template] }), catalog({ functions: [changed], otherObjects: [template] })).fix).toMatch(/^-- no safe automatic fix: text search template plain uses it/);
  });

  it('is called a function or a procedure, and described by its arguments, result and attributes', () => {
    expect(functions.noun(add)).toBe('function add(integer, integer)');
    expect(functions.noun(touch)).toBe('procedure touch()');
    expect(functions.describe(add)).toBe("(a integer, b integer DEFAULT 1) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 100 SET search_path TO 'public', 'pg_temp'");
    expect(functions.describe(touch)).toBe('() LANGUAGE plpgsql SECURITY DEFINER');
    expect(functions.describe(routine('rows', { returns: 'SETOF integer', leakproof: true, rows: 10, cost: 0.5, settings: ['work_mem=64MB', "application_name=it's"] }))).toBe(
      "() RETURNS SETOF integer LANGUAGE sql VOLATILE LEAKPROOF PARALLEL UNSAFE COST 0.5 ROWS 10 SET work_mem TO '64MB' SET application_name TO 'it''s'",
    );
  });
});

describe('functions: missing and unexpected', () => {
  it('creates a missing function with its attributes, the body dollar-quoted', () => {
    const finding = onlyFinding(withRoutines(add), catalogAsCreated());
    expect(finding).toMatchObject({ code: 'function.missing', path: 'public."add(integer, integer)"', message: 'function add(integer, integer) is missing from the database', expected: functions.describe(add), actual: null });
    expect(finding.fixSteps).toEqual([
      {
        phase: PHASES.functions,
        sql: "CREATE OR REPLACE FUNCTION public.add(a integer, b integer DEFAULT 1) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 100 SET search_path TO 'public', 'pg_temp' AS $aiforce$select a + b$aiforce$;",
      },
    ]);
  });

  it('creates a missing procedure, an odd name quoted, and keeps a body that holds the dollar quote', () => {
    expect(onlyFinding(withRoutines(touch), catalogAsCreated()).fix).toBe('CREATE OR REPLACE PROCEDURE public.touch() LANGUAGE plpgsql SECURITY DEFINER AS $aiforce$ BEGIN PERFORM 1; END $aiforce$;');
    const odd = routine('Odd Name', { body: "SELECT '$aiforce$'::text, '$aiforce1$'", returns: 'text' });
    expect(onlyFinding(withRoutines(odd), catalogAsCreated()).fix).toBe(
      "CREATE OR REPLACE FUNCTION public.\"Odd Name\"() RETURNS text LANGUAGE sql VOLATILE PARALLEL UNSAFE COST 100 AS $aiforce2$SELECT '$aiforce$'::text, '$aiforce1$'$aiforce2$;",
    );
  });

  it('creates a function with a SQL-standard body as the server deparses it', () => {
    const atomic = routine('one', { body: 'BEGIN ATOMIC\n SELECT 1;\nEND', atomic: true });
    expect(onlyFinding(withRoutines(atomic), catalogAsCreated()).fix).toBe('CREATE OR REPLACE FUNCTION public.one() RETURNS integer LANGUAGE sql VOLATILE PARALLEL UNSAFE COST 100 BEGIN ATOMIC\n SELECT 1;\nEND;');
  });

  it('creates a function that needs a table the fix creates after its columns, and one on a view the fix creates after that view', () => {
    const base = catalog();
    const tables = { tables: [...base.tables, table('rt'), table('other')], columns: [...base.columns, column('rt', 'a', 'integer')] };
    const views = [view('v0', 'SELECT a FROM rt', { uses: ['rt'] }), view('v1', 'SELECT a FROM v0', { uses: ['v0'] })];
    const counted = (from: string) => routine('counted', { returns: 'bigint', body: `BEGIN ATOMIC\n SELECT count(*) AS count\n    FROM ${from};\nEND`, atomic: true });
    /** The function's steps where the expected catalog has `expected` and the database `actual` (tables and views). */
    const placed = (object: RoutineObject, expected: Partial<Catalog>, actual: Partial<Catalog> = {}, found: RoutineObject[] = []) =>
      compare(catalogAsCreated({ ...expected, functions: [object] }), catalogAsCreated({ ...actual, functions: found }))
        .find((finding) => finding.code.startsWith('function.'))!
        .fixSteps!.map(({ phase, order }) => [phase, order]);
    expect(placed(add, tables)).toEqual([[PHASES.functions, undefined]]);
    // Its argument, its result (SETOF or a type), or the BEGIN ATOMIC body that the server parses when it is created.
    expect(placed(routine('of_row', { argumentTypes: 'rt', arguments: 'r rt' }), tables)).toEqual([[PHASES.routinesOnTables, undefined]]);
    expect(placed(routine('rows', { returns: 'SETOF rt' }), tables)).toEqual([[PHASES.routinesOnTables, undefined]]);
    expect(placed(counted('rt'), tables)).toEqual([[PHASES.routinesOnTables, undefined]]);
    // A table the database has already: with the functions, where what calls it (a column's default) finds it.
    expect(placed(counted('rt'), tables, tables)).toEqual([[PHASES.functions, undefined]]);
    // A body that is text (checked when it runs) and a column named like a table in RETURNS TABLE take nothing.
    expect(placed(routine('plain', { body: 'select count(*) from rt' }), tables)).toEqual([[PHASES.functions, undefined]]);
    expect(placed(routine('listed', { returns: 'TABLE(rt integer)' }), tables)).toEqual([[PHASES.functions, undefined]]);
    // A composite type on a created table comes in that phase too (composite-types.ts), and what takes it after it.
    const pair = { name: 'pair', attributes: [{ name: 'r', type: 'rt', collation: null }] };
    expect(placed(routine('unpack', { argumentTypes: 'pair', arguments: 'p pair' }), { ...tables, compositeTypes: [pair] })).toEqual([[PHASES.routinesOnTables, undefined]]);
    expect(placed(routine('on_view', { returns: 'SETOF v1' }), { ...tables, views }, tables)).toEqual([[PHASES.views, 1.5]]);
    expect(placed(counted('v0'), { ...tables, views }, tables)).toEqual([[PHASES.views, 0.5]]);
    expect(placed(counted('v0'), { ...tables, views }, { ...tables, views })).toEqual([[PHASES.functions, undefined]]);
    // The same place when the body is replaced in place.
    expect(placed(counted('rt'), tables, {}, [routine('counted', { returns: 'bigint' })])).toEqual([[PHASES.routinesOnTables, undefined]]);
  });

  it('drops an unexpected function before a view (deepest first) or a table the fix drops, which PostgreSQL keeps while it takes or reads them', () => {
    const tables = { tables: [...catalog().tables, table('rt')] };
    const views = [view('v0', 'SELECT a FROM rt', { uses: ['rt'] }), view('v1', 'SELECT a FROM v0', { uses: ['v0'] })];
    const dropOf = (object: RoutineObject, expected: Partial<Catalog>, actual: Partial<Catalog>) =>
      compare(catalogAsCreated(expected), catalogAsCreated({ ...actual, functions: [object] }))
        .find((finding) => finding.code === 'function.unexpected')!
        .fixSteps!.map(({ phase, order }) => [phase, order]);
    const ofRow = routine('of_row', { argumentTypes: 'rt', arguments: 'r rt' });
    expect(dropOf(ofRow, {}, tables)).toEqual([[PHASES.dropDependants, 0.5]]);
    expect(dropOf(ofRow, tables, tables)).toEqual([[PHASES.dropUnused, undefined]]);
    expect(dropOf(routine('on_view', { returns: 'SETOF v1' }), tables, { ...tables, views })).toEqual([[PHASES.dropDependants, -1.5]]);
    expect(dropOf(routine('on_view', { returns: 'SETOF v1' }), { ...tables, views }, { ...tables, views })).toEqual([[PHASES.dropUnused, undefined]]);
    // Taking a composite type on a table the fix drops: before the type, which goes before the table.
    const pair = { name: 'pair', attributes: [{ name: 'r', type: 'rt', collation: null }] };
    expect(fixScript(catalogAsCreated(), catalogAsCreated({ ...tables, compositeTypes: [pair], functions: [routine('unpack', { argumentTypes: 'pair', arguments: 'p pair' })] }))).toEqual([
      'DROP FUNCTION public.unpack(pair);',
      'DROP TYPE public.pair;',
      'DROP TABLE public.rt; -- check that its data is not needed first',
    ]);
    const script = fixScript(catalogAsCreated(), catalogAsCreated({ ...tables, views, functions: [routine('on_view', { returns: 'SETOF v1' })] }));
    expect(script).toEqual(['DROP FUNCTION public.on_view();', 'DROP VIEW IF EXISTS public.v1;', 'DROP VIEW IF EXISTS public.v0;', 'DROP TABLE public.rt; -- check that its data is not needed first']);
  });

  it('drops an unexpected function or procedure by its signature, last', () => {
    const finding = onlyFinding(catalogAsCreated(), withRoutines(add));
    expect(finding).toMatchObject({ code: 'function.unexpected', severity: 'warning', message: 'function add(integer, integer) exists in the database but not in the schema', expected: null });
    expect(finding.fixSteps).toEqual([{ phase: PHASES.dropUnused, sql: 'DROP FUNCTION public.add(integer, integer);' }]);
    expect(onlyFinding(catalogAsCreated(), withRoutines({ ...touch, name: 'Touch' })).fix).toBe('DROP PROCEDURE public."Touch"();');
  });
});

describe('functions: mismatch', () => {
  it('replaces a function whose body differs, showing the bodies', () => {
    const finding = onlyFinding(withRoutines(add), withRoutines({ ...add, body: 'select a - b' }));
    expect(finding).toMatchObject({ code: 'function.mismatch', message: 'function add(integer, integer) has another body', expected: 'select a + b', actual: 'select a - b' });
    expect(finding.fix).toBe(
      "CREATE OR REPLACE FUNCTION public.add(a integer, b integer DEFAULT 1) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 100 SET search_path TO 'public', 'pg_temp' AS $aiforce$select a + b$aiforce$;",
    );
  });

  it('replaces a function with other attributes in place', () => {
    const finding = onlyFinding(withRoutines(add), withRoutines({ ...add, volatility: 'volatile', securityDefiner: true, settings: [] }));
    expect(finding).toMatchObject({
      code: 'function.mismatch',
      message: "function add(integer, integer) is VOLATILE SECURITY DEFINER without SET, expected IMMUTABLE SECURITY INVOKER SET search_path TO 'public', 'pg_temp'",
      expected: functions.describe(add),
      actual: '(a integer, b integer DEFAULT 1) RETURNS integer LANGUAGE sql VOLATILE STRICT PARALLEL SAFE COST 100 SECURITY DEFINER',
    });
    expect(finding.fixSteps!.map((step) => step.phase)).toEqual([PHASES.functions]);
    expect(onlyFinding(withRoutines(add), withRoutines({ ...add, strict: false, leakproof: true, body: 'select 0' })).message).toBe(
      'function add(integer, integer) is CALLED ON NULL INPUT LEAKPROOF, expected STRICT NOT LEAKPROOF; its body differs too',
    );
  });

  it('reads settings with units by meaning (64MB is 65536kB, 1min is 60s), others as written', () => {
    const tuned = { ...add, settings: ['search_path=public, pg_temp', 'statement_timeout=1min', 'work_mem=64MB'] };
    const respelled = { ...add, settings: ['search_path=public, pg_temp', 'statement_timeout=60000 ms', 'work_mem=65536kB'] };
    expect(findingsOf(withRoutines(tuned), withRoutines(respelled))).toEqual([]);
    expect(onlyFinding(withRoutines(tuned), withRoutines({ ...respelled, volatility: 'stable' })).message).toBe('function add(integer, integer) is STABLE, expected IMMUTABLE');
    expect(onlyFinding(withRoutines(tuned), withRoutines({ ...respelled, settings: ['search_path=public, pg_temp', 'statement_timeout=1min', 'work_mem=64GB'] })).message).toBe(
      "function add(integer, integer) is SET search_path TO 'public', 'pg_temp' SET statement_timeout TO '1min' SET work_mem TO '64GB', expected SET search_path TO 'public', 'pg_temp' SET statement_timeout TO '1min' SET work_mem TO '64MB'",
    );
    // Without a unit a value is in the setting's own unit (kB for work_mem, ms for statement_timeout), not read here; an extension's setting is text; 010 is octal.
    for (const [schema, database] of [['work_mem=64MB', 'work_mem=65536'], ['app.size=64MB', 'app.size=65536kB'], ['work_mem=10MB', 'work_mem=010MB'], ['work_mem=1MB', 'statement_timeout=1MB']]) {
      expect(findingsOf(withRoutines({ ...add, settings: [schema!] }), withRoutines({ ...add, settings: [database!] }))).toEqual(['function.mismatch public."add(integer, integer)"']);
    }
  });

  it('drops and creates a function whose result or argument names differ, or that is a procedure', () => {
    const retyped = onlyFinding(withRoutines(add), withRoutines({ ...add, returns: 'bigint' }));
    expect(retyped.fixSteps).toEqual([
      { phase: PHASES.dropDependants, sql: 'DROP FUNCTION public.add(integer, integer);' },
      {
        phase: PHASES.functions,
        sql: "CREATE OR REPLACE FUNCTION public.add(a integer, b integer DEFAULT 1) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 100 SET search_path TO 'public', 'pg_temp' AS $aiforce$select a + b$aiforce$;",
      },
    ]);
    const renamedArgument = onlyFinding(withRoutines(add), withRoutines({ ...add, arguments: 'x integer, b integer DEFAULT 1' }));
    expect(renamedArgument.fixSteps).toHaveLength(2);
    const procedure = onlyFinding(withRoutines(touch), withRoutines({ ...touch, procedure: false, returns: 'void' }));
    expect(procedure.message).toBe('procedure touch() is a function, expected a procedure');
    expect(renamedArgument.message).toBe('function add(integer, integer) is (x integer, b integer DEFAULT 1), expected (a integer, b integer DEFAULT 1)');
    expect(retyped.message).toBe('function add(integer, integer) is RETURNS bigint, expected RETURNS integer');
    expect(procedure.fix).toBe('DROP FUNCTION public.touch();\nCREATE OR REPLACE PROCEDURE public.touch() LANGUAGE plpgsql SECURITY DEFINER AS $aiforce$ BEGIN PERFORM 1; END $aiforce$;');
  });

  it('gives a function it drops and creates its comment and grants back', () => {
    const wanted = catalogAsCreated({ functions: [add], comments: [{ target: { kind: 'function', name: 'add(integer, integer)' }, text: 'adds' }] });
    wanted.privileges.push(privilege({ kind: 'function', name: 'add(integer, integer)' }, 'app', ['EXECUTE']));
    const found = { ...wanted, functions: [{ ...add, returns: 'bigint' }], comments: [], privileges: wanted.privileges.filter((grant) => grant.grantee !== 'app') };
    const script = fixScript(wanted, found);
    expect(findingsOf(wanted, found)).toEqual([
      'function.mismatch public."add(integer, integer)"',
      'comment.missing public."add(integer, integer)"[comment]',
      'privilege.missing public."add(integer, integer)"[grant to app]',
    ]);
    expect(script.indexOf("COMMENT ON ROUTINE public.add(integer, integer) IS 'adds';")).toBeGreaterThan(script.findIndex((sql) => sql.startsWith('CREATE OR REPLACE FUNCTION')));
    expect(script.indexOf('GRANT EXECUTE ON ROUTINE public.add(integer, integer) TO app;')).toBeGreaterThan(script.findIndex((sql) => sql.startsWith('CREATE OR REPLACE FUNCTION')));
  });

  it('says what calls a function instead of dropping it, where CREATE OR REPLACE cannot make the change', () => {
    const audit = trigger('users', 'users_audit', 'BEFORE INSERT ON public.users FOR EACH ROW EXECUTE FUNCTION add()');
    const finding = onlyFinding({ ...withRoutines(add), triggers: [audit] }, { ...withRoutines({ ...add, returns: 'bigint' }), triggers: [audit] });
    expect(finding.fixSteps).toEqual([]);
    expect(finding.fix).toContain('trigger users_audit uses it, and CREATE OR REPLACE cannot make this change');
    // An argument default that calls it is a use too; an argument merely named like it, before any default, is not.
    const caller = (args: string) => routine('total', { argumentTypes: 'integer', arguments: args });
    const changed = (args: string) => onlyFinding(withRoutines(add, caller(args)), withRoutines({ ...add, returns: 'bigint' }, caller(args)));
    expect(changed('n integer DEFAULT add(1, 2)').fix).toContain('function total(integer) uses it');
    expect(changed('add integer').fixSteps).not.toEqual([]);
  });

  it('finds nothing between equal routines, and keeps overloads apart', () => {
    expect(findingsOf(withRoutines(add, touch), withRoutines({ ...touch }, { ...add }))).toEqual([]);
    const single = { ...add, argumentTypes: 'integer', arguments: 'a integer' };
    expect(findingsOf(withRoutines(add, single), withRoutines(add))).toEqual(['function.missing public.add(integer)']);
  });
});

describe('functions: catalog rows', () => {
  it('assembles rows as the query returns them', () => {
    const rows = [
      ['add', 'integer, integer', 'a integer, b integer DEFAULT 1', false, 'integer', 'sql', 'i', true, false, false, 's', 100, 0, ['search_path=public, pg_temp'], 'select a + b', false],
      ['p', '', '', true, null, 'sql', 'v', false, false, false, 'u', 100, 0, [], 'BEGIN ATOMIC\n SELECT 1;\nEND', true],
      ['touch', '', '', true, null, 'plpgsql', 'v', false, true, false, 'u', 100, 0, [], ' BEGIN PERFORM 1; END ', false],
      ['rows', 'text', 'name text', false, 'TABLE(n integer)', 'sql', 's', false, false, true, 'r', 10, 50, [], 'select 1', false],
    ];
    expect(functions.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([
      add,
      routine('p', { procedure: true, returns: null, body: 'BEGIN ATOMIC\n SELECT 1;\nEND', atomic: true }),
      touch,
      routine('rows', { argumentTypes: 'text', arguments: 'name text', returns: 'TABLE(n integer)', volatility: 'stable', leakproof: true, parallel: 'restricted', cost: 10, rows: 50, body: 'select 1' }),
    ]);
  });
});

describe('functions: codes', () => {
  producesEveryCode(functions, {
    missing: [withRoutines(add), catalogAsCreated()],
    unexpected: [catalogAsCreated(), withRoutines(add)],
    mismatch: [withRoutines(add), withRoutines({ ...add, strict: false })],
  });
});
