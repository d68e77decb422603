// Text search configurations: identity, CREATE with its mappings, mappings altered in place, another parser
// (dropped and created anew unless something names the configuration), and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { attributesOf, catalog, column, findingsOf, fixScript, NEWEST_SERVER, onlyFinding, producesEveryCode, routine } from '../../../test/support/catalog.js';
import { refPath } from '../model.js';
import { textSearchConfigurations, type TextSearchConfiguration } from './text-search-configurations.js';

const docs = (mappings: TextSearchConfiguration['mappings'] = [{ tokens: ['asciiword', 'word'], dictionaries: ['english_stem'] }, { tokens: ['email', 'url'], dictionaries: ['simple'] }], parser = '"default"'): TextSearchConfiguration => ({
  name: 'docs',
  parser,
  mappings,
});
const withConfigurations = (...list: TextSearchConfiguration[]) => catalog({ textSearchConfigurations: list });

describe('text search configurations', () => {
  it('is identified by its name', () => {
    expect(refPath('public', textSearchConfigurations.ref(docs()))).toBe('public.docs');
  });

  it('creates a missing one with its mappings, and drops an extra one', () => {
    expect(fixScript(withConfigurations(docs()), withConfigurations())).toEqual([
      'CREATE TEXT SEARCH CONFIGURATION public.docs (PARSER = "default");',
      'ALTER TEXT SEARCH CONFIGURATION public.docs ADD MAPPING FOR asciiword, word WITH english_stem;',
      'ALTER TEXT SEARCH CONFIGURATION public.docs ADD MAPPING FOR email, url WITH simple;',
    ]);
    expect(onlyFinding(withConfigurations(), withConfigurations(docs())).fix).toBe('DROP TEXT SEARCH CONFIGURATION public.docs;');
  });

  it('alters, adds and drops the mappings of the token types that differ', () => {
    const actual = docs([{ tokens: ['asciiword'], dictionaries: ['simple'] }, { tokens: ['blank', 'email', 'url'], dictionaries: ['simple'] }, { tokens: ['word'], dictionaries: ['english_stem'] }]);
    expect(fixScript(withConfigurations(docs()), withConfigurations(actual))).toEqual([
      'ALTER TEXT SEARCH CONFIGURATION public.docs DROP MAPPING FOR blank;',
      'ALTER TEXT SEARCH CONFIGURATION public.docs ALTER MAPPING FOR asciiword WITH english_stem;',
    ]);
  });

  it('drops and creates anew one with another parser, or says there is no safe fix while something names it', () => {
    const other = docs(undefined, 'my_parser');
    expect(fixScript(withConfigurations(docs()), withConfigurations(other))[0]).toBe('DROP TEXT SEARCH CONFIGURATION public.docs;');
    const named = (entry: TextSearchConfiguration) =>
      catalog({ textSearchConfigurations: [entry], columns: [...catalog().columns, column('users', 'search', 'tsvector', { default: "to_tsvector('docs'::regconfig, ''::text)" })] });
    expect(onlyFinding(named(docs()), named(other)).fix).toMatch(/^-- no safe automatic fix: column users.search uses it/);
    // The usual use: a stored tsvector computed with it.
    const generated = (entry: TextSearchConfiguration) =>
      catalog({ textSearchConfigurations: [entry], columns: [...catalog().columns, column('users', 'words', 'tsvector', { generated: { expression: "to_tsvector('docs'::regconfig, email)", storage: 'stored' } })] });
    expect(onlyFinding(generated(docs()), generated(other)).fix).toMatch(/^-- no safe automatic fix: column users.words uses it/);
  });

  it('groups token types by their dictionaries as it reads them, and finds nothing between the same configurations', () => {
    const rows = [['docs', '"default"', [['asciiword', ['english_stem']], ['email', ['simple']], ['url', ['simple']], ['word', ['english_stem']]]], ['empty', '"default"', null]];
    expect(textSearchConfigurations.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([docs(), { name: 'empty', parser: '"default"', mappings: [] }]);
    expect(findingsOf(withConfigurations(docs()), withConfigurations({ ...docs() }))).toEqual([]);
  });
});

describe('text search configurations: dropping', () => {
  it('is dropped after the functions and domains that name it, before the dictionaries it maps to', () => {
    const search = routine('search', { argumentTypes: 'text', body: "SELECT to_tsvector('docs', $1)" });
    const stem = { name: 'stem', template: 'snowball', options: null };
    expect(fixScript(catalog(), catalog({ textSearchConfigurations: [docs([{ tokens: ['asciiword'], dictionaries: ['stem'] }])], textSearchDictionaries: [stem], functions: [search] }))).toEqual([
      'DROP FUNCTION public.search(text);',
      'DROP TEXT SEARCH CONFIGURATION public.docs;',
      'DROP TEXT SEARCH DICTIONARY public.stem;',
    ]);
  });
});

describe('text search configurations: codes', () => {
  producesEveryCode(textSearchConfigurations, {
    missing: [withConfigurations(docs()), withConfigurations()],
    unexpected: [withConfigurations(), withConfigurations(docs())],
    mismatch: [withConfigurations(docs()), withConfigurations(docs([]))],
  });
});
