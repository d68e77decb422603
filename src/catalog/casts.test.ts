// Casts: which column type changes are asked about, and how the answers read (the server's side: test/check.test.ts).
import { describe, expect, it } from 'vitest';
import { catalog, column } from '../../test/support/catalog.js';
import { castability, conversionsToProbe } from './casts.js';

const base = catalog();
const withEmail = (type: string) => catalog({ columns: base.columns.map((entry) => (entry.name === 'email' ? { ...entry, type } : entry)) });

describe('casts', () => {
  it('asks about each type change of a column on both sides once, from the database\'s type to the schema\'s', () => {
    expect(conversionsToProbe(base, base)).toEqual([]);
    expect(conversionsToProbe(base, withEmail('smallint'))).toEqual([{ from: 'smallint', to: 'character varying(255)' }]);
    const twice = catalog({ columns: [...withEmail('smallint').columns, column('users', 'alias', 'smallint')] });
    expect(conversionsToProbe(catalog({ columns: [...base.columns, column('users', 'alias', 'character varying(255)')] }), twice)).toEqual([{ from: 'smallint', to: 'character varying(255)' }]);
  });

  it('leaves out enums, which a fix converts through text, and text that is no printed type name', () => {
    expect(conversionsToProbe(withEmail('level'), base)).toEqual([]);
    expect(conversionsToProbe(base, withEmail('level[]'))).toEqual([]);
    expect(conversionsToProbe(withEmail('timestamp(3) with time zone'), withEmail('"Odd Type"[]'))).toEqual([{ from: '"Odd Type"[]', to: 'timestamp(3) with time zone' }]);
    expect(conversionsToProbe(withEmail('public.money_amount'), withEmail('interval day to second(3)'))).toEqual([{ from: 'interval day to second(3)', to: 'public.money_amount' }]);
    // A lock is a file: a type that is not one is never sent to the server.
    expect(conversionsToProbe(withEmail('text; DROP TABLE users'), base)).toEqual([]);
    expect(conversionsToProbe(withEmail('text, pg_sleep(10)'), base)).toEqual([]);
  });

  it('takes every conversion as castable but those the server had no cast for', () => {
    const castable = castability(new Set(['smallint\u0000boolean']));
    expect(castable('smallint', 'boolean')).toBe(false);
    expect(castable('boolean', 'smallint')).toBe(true);
    expect(castable('integer', 'boolean')).toBe(true);
  });
});
