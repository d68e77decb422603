// Foreign tables, operator classes and families, conversions, text search parsers and templates, base and shell
// types: identity, wording, what a fix creates, drops and cannot create, and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { attributesOf, catalog, findingsOf, fixScript, NEWEST_SERVER, onlyFinding, producesEveryCode, view } from '../../../test/support/catalog.js';
import { PHASES, refPath } from '../model.js';
import { otherObjects, type OtherObject } from './other-objects.js';

const feed: OtherObject = { type: 'foreign table', name: 'feed', method: null, definition: "(line text NOT NULL) SERVER files OPTIONS (filename '/dev/null')" };
const intOps: OtherObject = { type: 'operator class', name: 'int_ops', method: 'btree', definition: 'FOR TYPE integer FAMILY int_ops' };
const intFamily: OtherObject = { type: 'operator family', name: 'int_ops', method: 'btree', definition: 'ADD FUNCTION 1 (integer, integer) btint4cmp(integer,integer), OPERATOR 1 <(integer,integer)' };
const latin: OtherObject = { type: 'conversion', name: 'latin', method: null, definition: "FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8" };
const template: OtherObject = { type: 'text search template', name: 'plain', method: null, definition: '(INIT = dsimple_init, LEXIZE = dsimple_lexize)' };
const shell: OtherObject = { type: 'shell type', name: 'later', method: null, definition: '' };
const base: OtherObject = { type: 'base type', name: 'money2', method: null, definition: '(INPUT = money2_in, OUTPUT = money2_out, INTERNALLENGTH = 4)' };
const withObjects = (...list: OtherObject[]) => catalog({ otherObjects: list });

describe('other objects: identity and wording', () => {
  it('is identified by its type and name, and an operator class or family by its access method too', () => {
    expect(otherObjects.ref(feed)).toEqual({ kind: 'other_object', name: 'foreign table feed' });
    expect(refPath('public', otherObjects.ref(intOps))).toBe('public."operator class int_ops USING btree"');
    expect(otherObjects.noun(intFamily)).toBe('operator family int_ops USING btree');
    expect(findingsOf(catalog(), withObjects(intOps, intFamily))).toEqual(['other_object.unexpected public."operator class int_ops USING btree"', 'other_object.unexpected public."operator family int_ops USING btree"']);
  });

  it('is described by its definition, DEFAULT first where it is the default, or by its type (a shell)', () => {
    expect(otherObjects.describe({ ...latin, default: true })).toBe("DEFAULT FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8");
    expect(otherObjects.describe(shell)).toBe('shell type');
  });
});

describe('other objects: missing', () => {
  it('creates one whose definition is its whole statement, qualified by the checked schema', () => {
    const finding = onlyFinding(withObjects(feed), catalog(), { schema: 'Tenant' });
    expect(finding).toMatchObject({ code: 'other_object.missing', severity: 'error', message: 'foreign table feed is missing from the database', expected: feed.definition, actual: null });
    expect(finding.fixSteps).toEqual([{ phase: PHASES.tables, sql: `CREATE FOREIGN TABLE "Tenant".feed ${feed.definition};`, order: 1 }]);
    expect(fixScript(withObjects({ ...latin, default: true }, shell, template), catalog())).toEqual([
      'CREATE TYPE public.later;',
      'CREATE TEXT SEARCH TEMPLATE public.plain (INIT = dsimple_init, LEXIZE = dsimple_lexize);',
      "CREATE DEFAULT CONVERSION public.latin FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;",
    ]);
  });

  it('says that an operator class or family, or a base type, is made by the statements of its migration', () => {
    for (const object of [intOps, intFamily, base]) {
      const finding = onlyFinding(withObjects(object), catalog());
      expect(finding.fixSteps).toEqual([]);
      expect(finding.fix).toBe(`-- no safe automatic fix: ${object.type === 'base type' ? 'a' : 'an'} ${object.type} is made by several statements (${object.definition}): run those of the migration that creates it`);
    }
  });
});

describe('other objects: unexpected', () => {
  it('drops one after what uses it, an operator class before its family (which would take it along)', () => {
    expect(fixScript(catalog(), withObjects(intFamily, intOps, feed, latin, template))).toEqual([
      'DROP FOREIGN TABLE public.feed;',
      'DROP CONVERSION public.latin;',
      'DROP OPERATOR CLASS public.int_ops USING btree;',
      'DROP TEXT SEARCH TEMPLATE public.plain;',
      'DROP OPERATOR FAMILY public.int_ops USING btree;',
    ]);
  });

  it('drops a base type with CASCADE: it and its input and output functions depend on each other', () => {
    expect(onlyFinding(catalog(), withObjects(base)).fixSteps).toEqual([{ phase: PHASES.dropUnused, sql: 'DROP TYPE public.money2 CASCADE;', order: 4 }]);
  });
});

describe('other objects: changed', () => {
  it('drops and creates one anew just before it is created', () => {
    const finding = onlyFinding(withObjects(template), withObjects({ ...template, definition: '(LEXIZE = dsimple_lexize)' }));
    expect(finding).toMatchObject({
      code: 'other_object.mismatch',
      message: 'text search template plain is (LEXIZE = dsimple_lexize), expected (INIT = dsimple_init, LEXIZE = dsimple_lexize)',
      expected: template.definition,
      actual: '(LEXIZE = dsimple_lexize)',
    });
    expect(finding.fixSteps).toEqual([
      { phase: PHASES.types, sql: 'DROP TEXT SEARCH TEMPLATE public.plain;', order: -3 },
      { phase: PHASES.types, sql: `CREATE TEXT SEARCH TEMPLATE public.plain ${template.definition};`, order: -2 },
    ]);
    expect(fixScript(withObjects(latin), withObjects({ ...latin, default: true }))).toEqual(['DROP CONVERSION public.latin;', `CREATE CONVERSION public.latin ${latin.definition};`]);
  });

  it('says what uses it where that stops the drop, and what makes an operator class', () => {
    const changedFeed = { ...feed, definition: "(line text) SERVER files OPTIONS (filename '/dev/null')" };
    expect(onlyFinding(catalog({ otherObjects: [feed], views: [view('lines', 'SELECT feed.line FROM feed')] }), catalog({ otherObjects: [changedFeed], views: [view('lines', 'SELECT feed.line FROM feed')] })).fix).toBe(
      '-- no safe automatic fix: view lines uses it, and it must be dropped and created anew for this change: drop what uses it, create the foreign table anew, create that again',
    );
    const dictionary = { name: 'words', template: 'plain', options: null };
    const changed = { ...template, definition: '(LEXIZE = dsimple_lexize)' };
    expect(onlyFinding(catalog({ otherObjects: [template], textSearchDictionaries: [dictionary] }), catalog({ otherObjects: [changed], textSearchDictionaries: [dictionary] })).fix).toMatch(/^-- no safe automatic fix: text search dictionary words uses it/);
    expect(onlyFinding(withObjects(intOps), withObjects({ ...intOps, definition: 'FOR TYPE bigint FAMILY int_ops' })).fix).toMatch(/^-- no safe automatic fix: an operator class is made by several statements/);
  });

  it('finds nothing between the same objects', () => {
    expect(findingsOf(withObjects(feed, intOps, latin), withObjects({ ...latin }, { ...feed }, { ...intOps }))).toEqual([]);
  });
});

describe('other objects: catalog rows', () => {
  it('assembles rows as the query returns them, DEFAULT only where it is', () => {
    const rows = [
      ['conversion', 'latin', null, latin.definition, true],
      ['operator class', 'int_ops', 'btree', intOps.definition, false],
    ];
    expect(otherObjects.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([{ ...latin, default: true }, intOps]);
  });
});

describe('other objects: codes', () => {
  producesEveryCode(otherObjects, {
    missing: [withObjects(feed), catalog()],
    unexpected: [catalog(), withObjects(feed)],
    mismatch: [withObjects(latin), withObjects({ ...latin, definition: "FOR 'LATIN1' TO 'UTF8' FROM other_function" })],
  });
});
