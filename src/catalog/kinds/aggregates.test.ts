// Aggregates: identity, the CREATE AGGREGATE and DROP AGGREGATE statements, a changed definition (dropped and
// created anew, unless a view or policy uses it), and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalogAsCreated, attributesOf, findingsOf, fixScript, NEWEST_SERVER, onlyFinding, producesEveryCode, view } from '../../../test/support/catalog.js';
import { refPath } from '../model.js';
import { aggregates, type Aggregate } from './aggregates.js';

const sum = (definition = "SFUNC = int4pl, STYPE = integer, INITCOND = '0'"): Aggregate => ({ name: 'total', argumentTypes: 'integer', arguments: 'integer', definition });
const withAggregates = (...list: Aggregate[]) => catalogAsCreated({ aggregates: list });

describe('aggregates', () => {
  it('is identified by its signature', () => {
    expect(refPath('public', aggregates.ref(sum()))).toBe('public.total(integer)');
    expect(aggregates.noun(sum())).toBe('aggregate total(integer)');
  });

  it('creates a missing one after the functions it is made of, and drops an extra one', () => {
    expect(onlyFinding(withAggregates(sum()), withAggregates()).fix).toBe("CREATE AGGREGATE public.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');");
    expect(onlyFinding(withAggregates(), withAggregates(sum())).fix).toBe('DROP AGGREGATE public.total(integer);');
  });

  it('drops a changed one and creates it anew, with its comment', () => {
    const comment = { target: { kind: 'aggregate' as const, name: 'total(integer)' }, text: 'sums' };
    const expected = catalogAsCreated({ aggregates: [sum()], comments: [comment] });
    const actual = catalogAsCreated({ aggregates: [sum("SFUNC = int4pl, STYPE = integer, INITCOND = '1'")], comments: [comment] });
    expect(onlyFinding(expected, actual)).toMatchObject({ code: 'aggregate.mismatch', actual: "(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '1')" });
    expect(fixScript(expected, actual)).toEqual([
      'DROP AGGREGATE public.total(integer);',
      "CREATE AGGREGATE public.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');",
      "COMMENT ON ROUTINE public.total(integer) IS 'sums';",
    ]);
  });

  it('says there is no safe fix while a view or a policy uses it', () => {
    const used = (definition?: string) => catalogAsCreated({ aggregates: [sum(definition)], views: [view('totals', 'SELECT total(id) AS total FROM users')] });
    expect(onlyFinding(used(), used('SFUNC = int4pl, STYPE = integer')).fix).toMatch(/^-- no safe automatic fix: view totals uses it/);
    const policy = { table: 'users', name: 'below_total', command: 'ALL' as const, permissive: true, roles: ['PUBLIC'], using: '(id < ( SELECT total(users_1.id) AS total FROM users users_1))', check: null };
    const inPolicy = (definition?: string) => catalogAsCreated({ aggregates: [sum(definition)], policies: [policy] });
    expect(onlyFinding(inPolicy(), inPolicy('SFUNC = int4pl, STYPE = integer')).fix).toMatch(/^-- no safe automatic fix: policy below_total uses it/);
  });

  it('finds nothing between the same aggregates', () => {
    expect(findingsOf(withAggregates(sum()), withAggregates({ ...sum() }))).toEqual([]);
  });

  it('assembles rows as the query returns them', () => {
    const rows = [['total', 'integer', 'integer', "SFUNC = int4pl, STYPE = integer, INITCOND = '0'"]];
    expect(aggregates.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([sum()]);
  });
});

describe('aggregates: codes', () => {
  producesEveryCode(aggregates, {
    missing: [withAggregates(sum()), withAggregates()],
    unexpected: [withAggregates(), withAggregates(sum())],
    mismatch: [withAggregates(sum()), withAggregates(sum('SFUNC = int4pl, STYPE = integer'))],
  });
});
