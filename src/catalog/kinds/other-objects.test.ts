// Foreign tables, operator classes and families, conversions, text search parsers and templates, base and shell
// types: identity, wording, what a fix creates, drops and cannot create, and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { attributesOf, catalog, findingsOf, fixScript, NEWEST_SERVER, onlyFinding, producesEveryCode, routine } from '../../../test/support/catalog.js';
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
    expect(otherObjects.describe(shell)).toBe('a shell');
    expect(otherObjects.describe({ ...intFamily, definition: '' })).toBe('no operators or functions');
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
      expect(finding.fix).toBe(`-- no safe automatic fix: ${object.type === 'base type' ? 'a' : 'an'} ${object.type} is made by statements only its migration holds (${object.definition}): run those`);
    }
  });
});

describe('other objects: unexpected', () => {
  it('drops one after what uses it and before what it uses: a stray conversion first, a foreign table after the tables, an operator class before its family', () => {
    expect(fixScript(catalog(), withObjects(intFamily, intOps, feed, latin, template))).toEqual([
      'DROP CONVERSION public.latin;',
      'DROP FOREIGN TABLE IF EXISTS public.feed;',
      'DROP OPERATOR CLASS public.int_ops USING btree;',
      'DROP OPERATOR FAMILY public.int_ops USING btree;',
      'DROP TEXT SEARCH TEMPLATE public.plain;',
    ]);
    // A function a template calls goes after it; one nothing of these calls, where it was.
    const stray = { name: 'words', template: 'plain', options: null };
    const calling = { ...template, definition: '(LEXIZE = lexize)' };
    expect(fixScript(catalog(), catalog({ otherObjects: [calling, intOps], textSearchDictionaries: [stray], functions: [routine('lexize'), routine('other')] }))).toEqual([
      'DROP OPERATOR CLASS public.int_ops USING btree;',
      'DROP FUNCTION public.other();',
      'DROP TEXT SEARCH DICTIONARY public.words;',
      'DROP TEXT SEARCH TEMPLATE public.plain;',
      'DROP FUNCTION public.lexize();',
    ]);
  });

  it('drops a foreign table that is a partition or a child before the tables (its parent may be one)', () => {
    const child = { ...feed, definition: `(id integer) INHERITS (events) ${feed.definition}`, partial: true as const };
    expect(onlyFinding(catalog(), withObjects(child)).fixSteps).toEqual([{ phase: PHASES.dropTables, sql: 'DROP FOREIGN TABLE public.feed;', order: -1 }]);
  });

  it('drops a base type with CASCADE (it and its input and output functions depend on each other), only where nothing else uses it', () => {
    const typmod = routine('money2_typmod', { argumentTypes: 'cstring[]', returns: 'integer', typeSupport: 'money2' });
    const steps = onlyFinding(catalog(), catalog({ otherObjects: [base], functions: [typmod] })).fixSteps!;
    expect(steps.map((one) => [one.phase, one.order])).toEqual([[PHASES.dropUnused, 5], [PHASES.dropUnused, 5], [PHASES.dropUnused, 5]]);
    // What uses the type or its array type, but for its input, output, receive and send functions.
    expect(steps[0]!.sql).toMatch(/^DO \$aiforce\$ BEGIN IF EXISTS \(SELECT FROM pg_depend d WHERE d\.refclassid = 'pg_type'::regclass AND d\.refobjid IN \('public\.money2'::regtype, \(SELECT t\.typarray FROM pg_type t WHERE t\.oid = 'public\.money2'::regtype\)\) AND d\.deptype = 'n' AND NOT /);
    expect(steps[0]!.sql).toContain("RAISE EXCEPTION USING MESSAGE = 'base type money2 is still used by objects the fix does not drop (perhaps in another schema): drop or change them first'");
    // Its typmod function does not depend on it: dropped after it, if CASCADE left it.
    expect(steps.slice(1).map((one) => one.sql)).toEqual(['DROP TYPE public.money2 CASCADE;', 'DROP FUNCTION IF EXISTS public.money2_typmod(cstring[]);']);
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

  it('says what changes a foreign table, what uses a template, and what makes an operator class', () => {
    const changedFeed = { ...feed, definition: "(line text) SERVER files OPTIONS (filename '/dev/null')" };
    expect(onlyFinding(withObjects(feed), withObjects(changedFeed)).fix).toBe(
      '-- no safe automatic fix: change it with ALTER FOREIGN TABLE, as the migration does: dropping and creating it again would lose its grants, comments and triggers, which are not compared',
    );
    const dictionary = { name: 'words', template: 'plain', options: null };
    const changed = { ...template, definition: '(LEXIZE = dsimple_lexize)' };
    expect(onlyFinding(catalog({ otherObjects: [template], textSearchDictionaries: [dictionary] }), catalog({ otherObjects: [changed], textSearchDictionaries: [dictionary] })).fix).toMatch(/^-- no safe automatic fix: text search dictionary words uses it/);
    expect(onlyFinding(withObjects(intOps), withObjects({ ...intOps, definition: 'FOR TYPE bigint FAMILY int_ops' })).fix).toMatch(/^-- no safe automatic fix: an operator class is made by statements only its migration holds/);
  });

  it('says that a foreign table that is a partition or a child is made by its migration (its columns are the parent\'s)', () => {
    const partition = { ...feed, definition: `PARTITION OF events FOR VALUES IN (1) ${feed.definition}`, partial: true as const };
    expect(onlyFinding(withObjects(partition), catalog()).fix).toBe(`-- no safe automatic fix: a foreign table that is a partition or a child is made by statements only its migration holds (${partition.definition}): run those`);
  });

  it('finds nothing between the same objects', () => {
    expect(findingsOf(withObjects(feed, intOps, latin), withObjects({ ...latin }, { ...feed }, { ...intOps }))).toEqual([]);
  });
});

describe('other objects: catalog rows', () => {
  it('assembles rows as the query returns them, DEFAULT only where it is', () => {
    const rows = [
      ['conversion', 'latin', null, latin.definition, true, false],
      ['operator class', 'int_ops', 'btree', intOps.definition, false, false],
      ['foreign table', 'feed', null, feed.definition, false, true],
    ];
    expect(otherObjects.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([{ ...latin, default: true }, intOps, { ...feed, partial: true }]);
  });
});

describe('other objects: codes', () => {
  producesEveryCode(otherObjects, {
    missing: [withObjects(feed), catalog()],
    unexpected: [catalog(), withObjects(feed)],
    mismatch: [withObjects(latin), withObjects({ ...latin, definition: "FOR 'LATIN1' TO 'UTF8' FROM other_function" })],
  });
});
