// Casts: identity, CREATE CAST for each way of converting and each context, a changed cast dropped and created
// again, the order against the types and functions it names, and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { attributesOf, catalog, fixScript, NEWEST_SERVER, onlyFinding, producesEveryCode, table } from '../../../test/support/catalog.js';
import { afterViews, PHASES, refPath } from '../model.js';
import { casts, type Cast } from './casts.js';

const toColor: Cast = { source: 'text', target: 'color', method: { function: 'to_color(text)' }, context: 'assignment' };
const fromColor: Cast = { source: 'color', target: 'text', method: 'inout', context: 'explicit' };
const asId: Cast = { source: 'color_id', target: 'integer', method: 'binary', context: 'implicit' };
const withCasts = (...list: Cast[]) => catalog({ casts: list });

describe('casts', () => {
  it('is identified by its source and target types, as PostgreSQL names a cast', () => {
    expect(casts.ref(toColor)).toEqual({ kind: 'cast', name: '(text AS color)' });
    expect(refPath('public', casts.ref(fromColor))).toBe('public."(color AS text)"');
    expect(casts.noun(asId)).toBe('cast (color_id AS integer)');
  });

  it('creates a missing cast after the functions, each way of converting in its words, and drops an extra one first', () => {
    expect(fixScript(withCasts(toColor, fromColor, asId), withCasts())).toEqual([
      'CREATE CAST (color AS text) WITH INOUT;',
      'CREATE CAST (color_id AS integer) WITHOUT FUNCTION AS IMPLICIT;',
      'CREATE CAST (text AS color) WITH FUNCTION to_color(text) AS ASSIGNMENT;',
    ]);
    expect(onlyFinding(withCasts(toColor), withCasts()).fixSteps).toEqual([{ phase: PHASES.functions, sql: 'CREATE CAST (text AS color) WITH FUNCTION to_color(text) AS ASSIGNMENT;', order: 10 }]);
    expect(onlyFinding(withCasts(), withCasts(fromColor))).toMatchObject({
      code: 'cast.unexpected',
      severity: 'warning',
      fixSteps: [{ phase: PHASES.dropDependants, sql: 'DROP CAST IF EXISTS (color AS text);' }],
    });
  });

  it("creates a cast on a table's row type after the views, its name quoted as format_type() prints it", () => {
    const expected = catalog({ tables: [...catalog().tables, table('Team')], casts: [{ source: '"Team"', target: 'text', method: 'inout', context: 'explicit' }] });
    expect(onlyFinding(expected, catalog({ tables: expected.tables })).fixSteps).toEqual([afterViews('CREATE CAST ("Team" AS text) WITH INOUT;')]);
    const onUsers = catalog({ casts: [{ source: 'users', target: 'text', method: 'inout', context: 'explicit' }] });
    expect(onlyFinding(onUsers, catalog()).fixSteps).toEqual([afterViews('CREATE CAST (users AS text) WITH INOUT;')]);
  });

  it('drops a changed cast and creates it again (there is no ALTER CAST)', () => {
    const finding = onlyFinding(withCasts(toColor), withCasts({ ...toColor, context: 'implicit' }));
    expect(finding).toMatchObject({
      code: 'cast.mismatch',
      message: 'cast (text AS color) is WITH FUNCTION to_color(text) AS IMPLICIT, expected WITH FUNCTION to_color(text) AS ASSIGNMENT',
      fix: 'DROP CAST IF EXISTS (text AS color);\nCREATE CAST (text AS color) WITH FUNCTION to_color(text) AS ASSIGNMENT;',
    });
    expect(onlyFinding(withCasts(fromColor), withCasts({ ...fromColor, method: 'binary' })).message).toBe('cast (color AS text) is WITHOUT FUNCTION, expected WITH INOUT');
  });

  it('assembles rows as the query returns them', () => {
    const rows = [
      ['text', 'color', 'f', 'to_color(text)', 'a'],
      ['color', 'text', 'i', null, 'e'],
      ['color_id', 'integer', 'b', null, 'i'],
    ];
    expect(casts.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([toColor, fromColor, asId]);
  });

  producesEveryCode(casts, {
    missing: [withCasts(toColor), withCasts()],
    unexpected: [withCasts(), withCasts(toColor)],
    mismatch: [withCasts(toColor), withCasts({ ...toColor, method: 'inout' })],
  });
});
