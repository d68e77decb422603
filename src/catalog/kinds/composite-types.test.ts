// Composite types: identity, wording, the mismatch and its fixes, create/drop SQL and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalog, catalogAsCreated, compare, findingsOf, fixScript, onlyFinding, producesEveryCode, routine, table, attributesOf, NEWEST_SERVER } from '../../../test/support/catalog.js';
import { fixPlan } from '../fix-plan.js';
import { PHASES, refPath } from '../model.js';
import type { Enum } from './enums.js';
import { compositeTypes, type CompositeType } from './composite-types.js';

type Attribute = CompositeType['attributes'][number];
const attribute = (name: string, type: string, collation: string | null = null): Attribute => ({ name, type, collation });
const pair = (...attributes: Attribute[]): CompositeType => ({ name: 'pair', attributes });
const withPair = (...attributes: Attribute[]) => catalogAsCreated({ compositeTypes: [pair(...attributes)] });
const a = attribute('a', 'integer');
const b = attribute('b c', 'text', 'C');
const c = attribute('order', 'bigint');

describe('composite types: identity and wording', () => {
  it('is identified by its name and stands alone', () => {
    expect(compositeTypes.ref(pair(a))).toEqual({ kind: 'composite_type', name: 'pair' });
    expect(refPath('public', compositeTypes.ref({ name: 'my.pair', attributes: [] }))).toBe('public."my.pair"');
    expect(compositeTypes.parent).toBeUndefined();
  });

  it('is called "composite type <name>" and described by its attributes', () => {
    expect(compositeTypes.noun(pair(a))).toBe('composite type pair');
    expect(compositeTypes.describe(pair(a, b))).toBe('(a integer, b c text COLLATE C)');
  });
});

describe('composite types: missing and unexpected', () => {
  it('creates a missing type, quoting odd names and the collation', () => {
    const finding = onlyFinding(withPair(a, b, c), catalogAsCreated());
    expect(finding).toMatchObject({ code: 'composite_type.missing', path: 'public.pair', message: 'composite type pair is missing from the database', expected: '(a integer, b c text COLLATE C, order bigint)', actual: null });
    expect(finding.fix).toBe('CREATE TYPE public.pair AS (a integer, "b c" text COLLATE "C", "order" bigint);');
  });

  it('drops an unexpected type last', () => {
    const finding = onlyFinding(catalogAsCreated(), withPair(a));
    expect(finding).toMatchObject({ code: 'composite_type.unexpected', severity: 'warning', message: 'composite type pair exists in the database but not in the schema', expected: null, actual: '(a integer)' });
    expect(finding.fix).toBe('DROP TYPE public.pair;');
  });
});

describe('composite types: mismatch', () => {
  it('adds, drops and retypes attributes in place', () => {
    const finding = onlyFinding(withPair(a, b, c), withPair({ ...a, type: 'smallint' }, attribute('gone', 'text'), { ...b, collation: null }));
    expect(finding).toMatchObject({
      code: 'composite_type.mismatch',
      message: 'composite type pair is (a smallint, gone text, b c text), expected (a integer, b c text COLLATE C, order bigint)',
      expected: '(a integer, b c text COLLATE C, order bigint)',
      actual: '(a smallint, gone text, b c text)',
    });
    expect(finding.fix).toBe(
      [
        'ALTER TYPE public.pair DROP ATTRIBUTE gone;',
        'ALTER TYPE public.pair ALTER ATTRIBUTE a TYPE integer;',
        'ALTER TYPE public.pair ALTER ATTRIBUTE "b c" TYPE text COLLATE "C";',
        'ALTER TYPE public.pair ADD ATTRIBUTE "order" bigint;',
      ].join('\n'),
    );
  });

  it('says that attributes cannot be reordered, nor one added before others', () => {
    const reordered = onlyFinding(withPair(a, b), withPair(b, a));
    expect(reordered.fix).toBe("-- no safe automatic fix: PostgreSQL cannot reorder a composite type's attributes or add one before others: create pair anew");
    expect(onlyFinding(withPair(a, b, c), withPair(a, c)).fixSteps).toEqual([]);
    expect(onlyFinding(withPair(a, b, c), withPair(a, attribute('x', 'text'), b)).fix).toBe('ALTER TYPE public.pair DROP ATTRIBUTE x;\nALTER TYPE public.pair ADD ATTRIBUTE "order" bigint;');
  });

  it('finds nothing between the same attributes', () => {
    expect(findingsOf(withPair(a, b), withPair(attribute('a', 'integer'), attribute('b c', 'text', 'C')))).toEqual([]);
  });
});

describe('composite types: catalog rows', () => {
  it('assembles rows as the query returns them, default precisions taken out', () => {
    const rows = [['pair', [['a', 'integer', null], ['b c', 'text', 'C'], ['at', 'timestamp(6) without time zone', null]]]];
    expect(compositeTypes.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([pair(a, b, attribute('at', 'timestamp without time zone'))]);
  });
});

describe('composite types: codes', () => {
  producesEveryCode(compositeTypes, {
    missing: [withPair(a), catalogAsCreated()],
    unexpected: [catalogAsCreated(), withPair(a)],
    mismatch: [withPair(a), withPair(b)],
  });
});

describe('composite types: an attribute retyped while a column has the type', () => {
  it('says there is no safe in-place fix instead of an ALTER ATTRIBUTE PostgreSQL refuses', () => {
    const columns = [...catalogAsCreated().columns, { ...catalogAsCreated().columns[0]!, table: 'teams', name: 'pairs', type: 'pair[]', nullable: true }];
    const finding = onlyFinding(catalogAsCreated({ compositeTypes: [pair(a)], columns }), catalogAsCreated({ compositeTypes: [pair(attribute('a', 'bigint'))], columns }));
    expect(finding.fix).toMatch(/^-- no safe automatic fix: column teams\.pairs has this type/);
    expect(finding.fixSteps).toEqual([]);
  });

  it('says so too while a typed table is of the type (PostgreSQL alters no attribute of it then)', () => {
    const typed = (...attributes: Attribute[]) => {
      const catalog = catalogAsCreated({ compositeTypes: [pair(...attributes)] });
      return { ...catalog, tables: catalog.tables.map((table) => (table.name === 'teams' ? { ...table, ofType: 'pair' } : table)) };
    };
    const finding = onlyFinding(typed(a, c), typed(a));
    expect(finding.fix).toMatch(/^-- no safe automatic fix: table teams is of this type, so PostgreSQL will not alter it/);
  });
});

describe('composite types: where they are created and dropped', () => {
  it('creates one after the enums, which come first of the types (an attribute may take one)', () => {
    const mood: Enum = { name: 'z_mood', values: ['up'] };
    const steps = fixPlan(compare(catalogAsCreated({ enums: [...catalog().enums, mood], compositeTypes: [pair(attribute('m', 'z_mood'))] }), catalogAsCreated()));
    expect(steps.map(({ phase, order, sql }) => [phase, order, sql])).toEqual([
      [PHASES.types, -1, "CREATE TYPE public.z_mood AS ENUM ('up');"],
      [PHASES.types, undefined, 'CREATE TYPE public.pair AS (m z_mood);'],
    ]);
  });

  it("creates one on the row type of a table the fix creates after the tables' columns, before what takes it; drops one on a table the fix drops before it", () => {
    const base = catalog();
    const tables = { tables: [...base.tables, table('items')] };
    const onItems = pair(attribute('item', 'items'));
    const taking = routine('unpack', { argumentTypes: 'pair', arguments: 'p pair' });
    const steps = fixPlan(compare(catalogAsCreated({ ...tables, compositeTypes: [onItems], functions: [taking] }), catalogAsCreated()));
    expect(steps.map(({ phase, order, sql }) => [phase, order, /^CREATE (?:OR REPLACE )?(\w+) public\.(\w+)/.exec(sql)?.slice(1).join(' ')])).toEqual([
      [PHASES.tables, undefined, 'TABLE items'],
      [PHASES.routinesOnTables, -1, 'TYPE pair'],
      [PHASES.routinesOnTables, undefined, 'FUNCTION unpack'],
    ]);
    // The table there already: with the types.
    expect(onlyFinding(catalogAsCreated({ ...tables, compositeTypes: [onItems] }), catalogAsCreated(tables)).fixSteps!.map(({ phase }) => phase)).toEqual([PHASES.types]);
    // Its table kept, it goes last, as any type; its table dropped, before it.
    expect(onlyFinding(catalogAsCreated(tables), catalogAsCreated({ ...tables, compositeTypes: [onItems] })).fixSteps).toEqual([{ phase: PHASES.dropUnused, sql: 'DROP TYPE public.pair;' }]);
    expect(fixScript(catalogAsCreated(), catalogAsCreated({ ...tables, compositeTypes: [onItems] }))).toEqual(['DROP TYPE public.pair;', 'DROP TABLE public.items; -- check that its data is not needed first']);
  });
});
