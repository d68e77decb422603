// Operators: identity, CREATE OPERATOR (prefix and binary, other operators named through OPERATOR()), a changed
// operator (estimators altered in place; anything else dropped and created anew unless something uses it), and
// the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { attributesOf, catalog, column, findingsOf, fixScript, NEWEST_SERVER, onlyFinding, producesEveryCode, view } from '../../../test/support/catalog.js';
import { refPath } from '../model.js';
import { operators, type Operator } from './operators.js';

const same = (patch: Partial<Operator> = {}): Operator => ({
  name: '===',
  left: 'integer',
  right: 'integer',
  function: 'int4eq',
  commutator: '===',
  negator: null,
  restrict: 'eqsel',
  join: 'eqjoinsel',
  hashes: true,
  merges: false,
  ...patch,
});
const factorial: Operator = { name: '!!', left: null, right: 'bigint', function: 'factorial', commutator: null, negator: null, restrict: null, join: null, hashes: false, merges: false };
const withOperators = (...list: Operator[]) => catalog({ operators: list });

describe('operators', () => {
  it('is identified by its symbol and argument types, NONE for a prefix operator', () => {
    expect(operators.ref(same())).toEqual({ kind: 'operator', name: '===(integer, integer)' });
    expect(refPath('public', operators.ref(factorial))).toBe('public."!!(NONE, bigint)"');
  });

  it('creates a missing one after the functions it calls, naming other operators through OPERATOR(), and drops an extra one', () => {
    expect(fixScript(withOperators(same({ negator: 'pg_catalog.<>' }), factorial), withOperators())).toEqual([
      'CREATE OPERATOR public.!! (RIGHTARG = bigint, FUNCTION = factorial);',
      'CREATE OPERATOR public.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4eq, COMMUTATOR = OPERATOR(public.===), NEGATOR = OPERATOR(pg_catalog.<>), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES);',
    ]);
    expect(onlyFinding(withOperators(), withOperators(factorial)).fix).toBe('DROP OPERATOR public.!! (NONE, bigint);');
  });

  it('alters changed estimators in place, setting a removed one to NONE', () => {
    expect(onlyFinding(withOperators(same()), withOperators(same({ restrict: 'scalarltsel', join: null })))).toMatchObject({
      code: 'operator.mismatch',
      fix: 'ALTER OPERATOR public.=== (integer, integer) SET (RESTRICT = eqsel, JOIN = eqjoinsel);',
    });
    expect(onlyFinding(withOperators(same({ join: null })), withOperators(same())).fix).toBe('ALTER OPERATOR public.=== (integer, integer) SET (RESTRICT = eqsel, JOIN = NONE);');
  });

  it('drops and creates anew an operator with another function, or says there is no safe fix while something uses it', () => {
    const changed = same({ function: 'int4ne' });
    expect(fixScript(withOperators(same()), withOperators(changed))).toEqual([
      'DROP OPERATOR public.=== (integer, integer);',
      'CREATE OPERATOR public.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4eq, COMMUTATOR = OPERATOR(public.===), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES);',
    ]);
    const used = (entry: Operator) => catalog({ operators: [entry], views: [view('matches', 'SELECT (1 === 2) AS same')] });
    expect(onlyFinding(used(same()), used(changed)).fix).toMatch(/^-- no safe automatic fix: view matches uses it/);
    const sorted = (entry: Operator) => catalog({ operators: [entry], aggregates: [{ name: 'least_same', argumentTypes: 'integer', arguments: 'integer', definition: 'SFUNC = int4smaller, STYPE = integer, SORTOP = ===' }] });
    expect(onlyFinding(sorted(same()), sorted(changed)).fix).toMatch(/^-- no safe automatic fix: aggregate least_same\(integer\) uses it/);
    // Another operator that contains the symbol is no use of it.
    const near = (entry: Operator) => catalog({ operators: [entry], columns: [...catalog().columns, column('users', 'flag', 'boolean', { default: '(1 !=== 2)' })] });
    expect(onlyFinding(near(same()), near(changed)).fix).toMatch(/^DROP OPERATOR/);
  });

  it('reads catalog rows, and finds nothing between the same operators', () => {
    const rows = [['===', 'integer', 'integer', 'int4eq', '===', null, 'eqsel', 'eqjoinsel', true, false], ['!!', null, 'bigint', 'factorial', null, null, null, null, false, false]];
    expect(operators.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([same(), factorial]);
    expect(findingsOf(withOperators(same(), factorial), withOperators(factorial, { ...same() }))).toEqual([]);
  });
});

describe('operators: codes', () => {
  producesEveryCode(operators, {
    missing: [withOperators(factorial), withOperators()],
    unexpected: [withOperators(), withOperators(factorial)],
    mismatch: [withOperators(same()), withOperators(same({ merges: true }))],
  });
});
