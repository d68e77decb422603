// Text search dictionaries: identity, CREATE, options altered in place (those taken away named alone), another
// template (dropped and created anew unless a configuration maps to it), and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { attributesOf, catalog, findingsOf, fixScript, NEWEST_SERVER, onlyFinding, producesEveryCode } from '../../../test/support/catalog.js';
import { refPath } from '../model.js';
import { textSearchDictionaries, type TextSearchDictionary } from './text-search-dictionaries.js';

const stem = (patch: Partial<TextSearchDictionary> = {}): TextSearchDictionary => ({ name: 'stem', template: 'snowball', options: "language = 'english', stopwords = 'english'", ...patch });
const withDictionaries = (...list: TextSearchDictionary[]) => catalog({ textSearchDictionaries: list });

describe('text search dictionaries', () => {
  it('is identified by its name', () => {
    expect(refPath('public', textSearchDictionaries.ref(stem()))).toBe('public.stem');
    expect(textSearchDictionaries.noun(stem())).toBe('text search dictionary stem');
  });

  it('creates a missing one and drops an extra one', () => {
    expect(onlyFinding(withDictionaries(stem()), withDictionaries()).fix).toBe("CREATE TEXT SEARCH DICTIONARY public.stem (TEMPLATE = snowball, language = 'english', stopwords = 'english');");
    expect(onlyFinding(withDictionaries(), withDictionaries(stem())).fix).toBe('DROP TEXT SEARCH DICTIONARY public.stem;');
  });

  it('alters changed options in place, naming alone those to take away', () => {
    expect(onlyFinding(withDictionaries(stem({ options: "language = 'english'" })), withDictionaries(stem())).fix).toBe("ALTER TEXT SEARCH DICTIONARY public.stem (language = 'english', stopwords);");
    expect(onlyFinding(withDictionaries(stem({ options: null })), withDictionaries(stem({ options: 'maxlen = 6' }))).fix).toBe('ALTER TEXT SEARCH DICTIONARY public.stem (maxlen);');
    expect(onlyFinding(withDictionaries(stem()), withDictionaries(stem({ options: "language = 'german', stopwords = 'english'" }))).fix).toBe(
      "ALTER TEXT SEARCH DICTIONARY public.stem (language = 'english', stopwords = 'english');",
    );
  });

  it('drops and creates anew one with another template, or says there is no safe fix while a configuration maps to it', () => {
    const simple = stem({ template: 'simple', options: null });
    expect(fixScript(withDictionaries(stem()), withDictionaries(simple))).toEqual([
      'DROP TEXT SEARCH DICTIONARY public.stem;',
      "CREATE TEXT SEARCH DICTIONARY public.stem (TEMPLATE = snowball, language = 'english', stopwords = 'english');",
    ]);
    const mapped = (entry: TextSearchDictionary) => catalog({ textSearchDictionaries: [entry], textSearchConfigurations: [{ name: 'docs', parser: '"default"', mappings: [{ tokens: ['word'], dictionaries: ['stem'] }] }] });
    expect(onlyFinding(mapped(stem()), mapped(simple)).fix).toMatch(/^-- no safe automatic fix: text search configuration docs maps to it/);
  });

  it('reads its options in name order, as written when they read otherwise', () => {
    const read = (options: string | null) => textSearchDictionaries.read.assemble([['stem', 'snowball', options]], attributesOf(), NEWEST_SERVER)[0]!.options;
    expect(read("stopwords = 'english', language = 'english'")).toBe("language = 'english', stopwords = 'english'");
    expect(read("stopwords = E'a\\\\b', language = 'english'")).toBe("language = 'english', stopwords = E'a\\\\b'");
    // dict_int keeps numbers and booleans unquoted.
    expect(read("maxlen = 6, rejectlong = true, absval = false")).toBe("absval = false, maxlen = 6, rejectlong = true");
    expect(read('"Odd Name" = 1, another = 2')).toBe('"Odd Name" = 1, another = 2');
    // What it cannot read option by option stays as PostgreSQL keeps it.
    expect(read("stopwords = 'x', orphan")).toBe("stopwords = 'x', orphan");
    expect(read(null)).toBeNull();
    expect(findingsOf(withDictionaries(stem()), withDictionaries({ ...stem() }))).toEqual([]);
  });
});

describe('text search dictionaries: codes', () => {
  producesEveryCode(textSearchDictionaries, {
    missing: [withDictionaries(stem()), withDictionaries()],
    unexpected: [withDictionaries(), withDictionaries(stem())],
    mismatch: [withDictionaries(stem()), withDictionaries(stem({ template: 'simple' }))],
  });
});
