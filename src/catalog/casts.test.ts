// Casts: what the comparison asks, what is ever sent, and how the answers read (the server's side: test/check.test.ts).
import { describe, expect, it } from 'vitest';
import { catalog, compare } from '../../test/support/catalog.js';
import { castability, isPrintedType, recordingCastable } from './casts.js';

const base = catalog();
const withEmail = (type: string) => catalog({ columns: base.columns.map((entry) => (entry.name === 'email' ? { ...entry, type } : entry)) });

describe('casts', () => {
  it('records each conversion a fix would write once, from the database\'s type to the schema\'s, and enums not at all', () => {
    const conversions = recordingCastable();
    compare(base, withEmail('smallint'), { castable: conversions.castable });
    compare(base, withEmail('smallint'), { castable: conversions.castable });
    expect(conversions.asked()).toEqual([{ from: 'smallint', to: 'character varying(255)' }]);
    // To or from an enum, the fix goes through text.
    const throughText = recordingCastable();
    compare(withEmail('level'), base, { castable: throughText.castable });
    expect(throughText.asked()).toEqual([]);
  });

  it('sends only type names as format_type() prints them: a lock is a file', () => {
    for (const type of ['integer', 'character varying(255)[]', 'timestamp(3) with time zone', 'interval day to second(3)', 'double precision', '"Odd Type"[]', 'public.money_amount', '"a""b".c']) {
      expect(isPrintedType(type)).toBe(true);
    }
    for (const type of ['text; DROP TABLE users', 'text, pg_sleep(10)', 'text from users a cross join users b', 'text union all select 1', '"a" "b"', 'integer(1,2,3)', 'text\nfrom users']) {
      expect(isPrintedType(type)).toBe(false);
    }
  });

  it('takes every conversion as castable but those the server had no cast for', () => {
    const castable = castability(new Set(['smallint\u0000boolean']));
    expect(castable('smallint', 'boolean')).toBe(false);
    expect(castable('boolean', 'smallint')).toBe(true);
    expect(castable('integer', 'boolean')).toBe(true);
  });
});
