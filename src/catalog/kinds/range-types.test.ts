// Range types: identity, wording, the mismatch and its fixes, create/drop SQL and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalogAsCreated, attributesOf, NEWEST_SERVER, findingsOf, fixScript, onlyFinding, producesEveryCode, routine } from '../../../test/support/catalog.js';
import { PHASES, refPath } from '../model.js';
import { rangeTypes, type RangeType } from './range-types.js';

const span = (overrides: Partial<RangeType> = {}): RangeType => ({
  name: 'span',
  subtype: 'double precision',
  opclass: null,
  collation: null,
  canonical: null,
  difference: 'float8mi',
  multirange: 'span_set',
  ...overrides,
});
const withSpan = (overrides: Partial<RangeType> = {}, more: Parameters<typeof catalogAsCreated>[0] = {}) => catalogAsCreated({ rangeTypes: [span(overrides)], ...more });

describe('range types: identity and wording', () => {
  it('is identified by its name and stands alone', () => {
    expect(rangeTypes.ref(span())).toEqual({ kind: 'range_type', name: 'span' });
    expect(refPath('public', rangeTypes.ref(span({ name: 'my span' })))).toBe('public."my span"');
    expect(rangeTypes.parent).toBeUndefined();
  });

  it('is called "range type <name>" and described by its options', () => {
    expect(rangeTypes.noun(span())).toBe('range type span');
    expect(rangeTypes.describe(span({ collation: 'C', opclass: 'text_pattern_ops' }))).toBe(
      '(SUBTYPE = double precision, SUBTYPE_OPCLASS = text_pattern_ops, COLLATION = C, SUBTYPE_DIFF = float8mi, MULTIRANGE_TYPE_NAME = span_set)',
    );
  });
});

describe('range types: missing and unexpected', () => {
  it('creates a missing type with every option, quoting odd names', () => {
    const finding = onlyFinding(withSpan({ name: 'my span', subtype: 'text', collation: 'C', opclass: 'text_pattern_ops', difference: null, multirange: 'my spans' }), catalogAsCreated());
    expect(finding).toMatchObject({ code: 'range_type.missing', path: 'public."my span"', message: 'range type my span is missing from the database', actual: null });
    expect(finding.fix).toBe('CREATE TYPE public."my span" AS RANGE (SUBTYPE = text, SUBTYPE_OPCLASS = text_pattern_ops, COLLATION = "C", MULTIRANGE_TYPE_NAME = public."my spans");');
  });

  it('drops an unexpected type last', () => {
    const finding = onlyFinding(catalogAsCreated(), withSpan());
    expect(finding).toMatchObject({ code: 'range_type.unexpected', severity: 'warning', expected: null });
    expect(finding.fix).toBe('DROP TYPE public.span;');
  });
});

describe('range types: mismatch', () => {
  it('drops and re-creates a type nothing uses', () => {
    const finding = onlyFinding(withSpan(), withSpan({ difference: null }));
    expect(finding).toMatchObject({
      code: 'range_type.mismatch',
      message: 'range type span is (SUBTYPE = double precision, MULTIRANGE_TYPE_NAME = span_set), expected (SUBTYPE = double precision, SUBTYPE_DIFF = float8mi, MULTIRANGE_TYPE_NAME = span_set)',
    });
    expect(finding.fix).toBe('DROP TYPE public.span;\nCREATE TYPE public.span AS RANGE (SUBTYPE = double precision, SUBTYPE_DIFF = float8mi, MULTIRANGE_TYPE_NAME = public.span_set);');
  });

  it('says there is no safe fix while anything uses the type or its multirange by name', () => {
    const base = catalogAsCreated();
    const users: Array<[string, Parameters<typeof catalogAsCreated>[0]]> = [
      ['column users.spans', { columns: [...base.columns, { ...base.columns[0]!, table: 'users', name: 'spans', type: 'span_set' }] }],
      ['column users.window', { columns: [...base.columns, { ...base.columns[0]!, table: 'users', name: 'window', type: 'text', default: "(span(0, 1))::text" }] }],
      ['domain positive_span', { domains: [{ name: 'positive_span', type: 'span', collation: null, default: null, notNull: false, checks: [] }] }],
      ['composite type pair', { compositeTypes: [{ name: 'pair', attributes: [{ name: 'a', type: 'span[]', collation: null }] }] }],
      ['function widen(span, integer)', { functions: [routine('widen', { argumentTypes: 'span, integer' })] }],
      ['function whole()', { functions: [routine('whole', { argumentTypes: '', returns: 'SETOF span' })] }],
      ['view spans', { views: [{ name: 'spans', materialized: false, definition: 'SELECT span(0, 1) AS s', options: [], uses: [], defaults: [] }] }],
      ['policy in_span', { policies: [{ table: 'users', name: 'in_span', command: 'ALL', permissive: true, roles: ['PUBLIC'], using: "((id)::double precision <@ '[0,1)'::span)", check: null }] }],
    ];
    for (const [user, more] of users) {
      const finding = onlyFinding(withSpan({}, more), withSpan({ subtype: 'numeric', difference: null }, more));
      expect(finding.fix).toBe(`-- no safe automatic fix: ${user} uses this type, and PostgreSQL cannot change a range type: convert what uses it, create the type anew, convert back`);
      expect(finding.fixSteps).toEqual([]);
    }
  });

  it('finds nothing between the same options', () => {
    expect(findingsOf(withSpan(), withSpan())).toEqual([]);
  });
});

describe('range types: catalog rows', () => {
  it('assembles rows as the query returns them, default precisions taken out', () => {
    const rows = [['span', 'timestamp(6) with time zone', null, null, null, 'tstz_diff', 'span_set']];
    expect(rangeTypes.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([span({ subtype: 'timestamp with time zone', difference: 'tstz_diff' })]);
  });
});

describe('range types: codes', () => {
  producesEveryCode(rangeTypes, {
    missing: [withSpan(), catalogAsCreated()],
    unexpected: [catalogAsCreated(), withSpan()],
    mismatch: [withSpan(), withSpan({ subtype: 'numeric' })],
  });
});

describe('range types: their functions', () => {
  const diff = routine('span_diff', { argumentTypes: 'double precision, double precision' });
  it('creates a range after the functions it names when they are the schema\'s own', () => {
    const finding = onlyFinding(withSpan({ difference: 'span_diff' }, { functions: [diff] }), catalogAsCreated({ functions: [diff] }));
    expect(finding.fixSteps).toEqual([{ phase: PHASES.functions, order: 1, sql: expect.stringContaining('CREATE TYPE public.span AS RANGE') }]);
    expect(onlyFinding(withSpan(), catalogAsCreated()).fixSteps).toEqual([{ phase: PHASES.types, order: 0, sql: expect.stringContaining('CREATE TYPE public.span') }]);
  });

  it('drops a range before the functions it names', () => {
    const fix = fixScript(catalogAsCreated(), withSpan({ difference: 'span_diff' }, { functions: [diff] }));
    expect(fix.indexOf('DROP TYPE public.span;')).toBeLessThan(fix.findIndex((sql) => sql.startsWith('DROP FUNCTION public.span_diff')));
    expect(fix.findIndex((sql) => sql.startsWith('DROP FUNCTION'))).toBeGreaterThan(-1);
  });
});

describe('range types: re-created with their comment', () => {
  it('puts the expected comment back on a type it drops and creates anew', () => {
    const comment = { target: { kind: 'range_type' as const, name: 'span' }, text: 'a span' };
    const finding = onlyFinding(withSpan({}, { comments: [comment] }), withSpan({ difference: null }, { comments: [comment] }));
    expect(finding.fix).toBe(
      "DROP TYPE public.span;\nCREATE TYPE public.span AS RANGE (SUBTYPE = double precision, SUBTYPE_DIFF = float8mi, MULTIRANGE_TYPE_NAME = public.span_set);\nCOMMENT ON TYPE public.span IS 'a span';",
    );
  });
});
