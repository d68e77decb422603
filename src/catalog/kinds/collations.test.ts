// Collations: identity, CREATE COLLATION for each provider, a changed collation (dropped and created anew,
// unless something uses it), and the catalog rows of servers that keep the locale in different columns.
import { describe, expect, it } from 'vitest';
import { attributesOf, catalog, column, findingsOf, fixScript, NEWEST_SERVER, onlyFinding, producesEveryCode } from '../../../test/support/catalog.js';
import { refPath } from '../model.js';
import { collations, type Collation } from './collations.js';

const caseless = (patch: Partial<Collation> = {}): Collation => ({ name: 'caseless', provider: 'icu', locale: 'und-u-ks-level2', collate: null, ctype: null, deterministic: false, rules: null, ...patch });
const posix: Collation = { name: 'posix', provider: 'libc', locale: null, collate: 'C', ctype: 'C', deterministic: true, rules: null };
const withCollations = (...list: Collation[]) => catalog({ collations: list });

describe('collations', () => {
  it('is identified by its name', () => {
    expect(refPath('public', collations.ref(caseless()))).toBe('public.caseless');
  });

  it('creates a missing one before the types and columns that use it, and drops an extra one', () => {
    expect(fixScript(withCollations(caseless(), posix), withCollations())).toEqual([
      "CREATE COLLATION public.caseless (provider = icu, locale = 'und-u-ks-level2', deterministic = false);",
      "CREATE COLLATION public.posix (provider = libc, lc_collate = 'C', lc_ctype = 'C');",
    ]);
    expect(onlyFinding(withCollations(), withCollations(posix)).fix).toBe('DROP COLLATION public.posix;');
  });

  it('drops a changed one and creates it anew, or says there is no safe fix while a column uses it', () => {
    const rules = caseless({ rules: '&a < b' });
    expect(onlyFinding(withCollations(rules), withCollations(caseless()))).toMatchObject({ code: 'collation.mismatch', expected: "(provider = icu, locale = 'und-u-ks-level2', deterministic = false, rules = '&a < b')" });
    expect(fixScript(withCollations(rules), withCollations(caseless()))).toEqual([
      'DROP COLLATION public.caseless;',
      "CREATE COLLATION public.caseless (provider = icu, locale = 'und-u-ks-level2', deterministic = false, rules = '&a < b');",
    ]);
    const used = (entry: Collation) => catalog({ collations: [entry], columns: [...catalog().columns, column('users', 'nick', 'text', { collation: 'caseless' })] });
    expect(onlyFinding(used(rules), used(caseless())).fix).toMatch(/^-- no safe automatic fix: column users.nick uses it/);
  });

  it('reads the locale where each server keeps it, and finds nothing between them', () => {
    const from14 = collations.read.assemble([['caseless', 'i', false, 'und-u-ks-level2', 'und-u-ks-level2', null, null]], attributesOf(), 140000);
    const from18 = collations.read.assemble([['caseless', 'i', false, null, null, 'und-u-ks-level2', null]], attributesOf(), NEWEST_SERVER);
    expect(from18).toEqual([caseless()]);
    expect(findingsOf(withCollations(...from14), withCollations(...from18))).toEqual([]);
    expect(collations.read.assemble([['posix', 'c', true, 'C', 'C', null, null]], attributesOf(), NEWEST_SERVER)).toEqual([posix]);
    // 16 and later store an ICU locale as a BCP 47 tag; 15 keeps what CREATE COLLATION was given.
    const german = (locale: string, version: number) => collations.read.assemble([['german', 'i', true, null, null, locale, null]], attributesOf(), version);
    expect(findingsOf(withCollations(...german('de_DE', 150018)), withCollations(...german('de-DE', NEWEST_SERVER)))).toEqual([]);
  });
});

describe('collations: codes', () => {
  producesEveryCode(collations, {
    missing: [withCollations(posix), withCollations()],
    unexpected: [withCollations(), withCollations(posix)],
    mismatch: [withCollations(caseless()), withCollations(caseless({ deterministic: true }))],
  });
});
