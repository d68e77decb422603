// Which defaults mean the same without asking the server, and which constants the server may evaluate.
import { describe, expect, it } from 'vitest';
import { defaultEquivalence, isConstant, sameSpelling } from './equivalence.js';
import { normaliseType } from './types.js';

describe('sameSpelling', () => {
  it('knows the spellings of the transaction start time, per column type', () => {
    expect(sameSpelling('timestamp with time zone', 'now()', 'CURRENT_TIMESTAMP')).toBe(true);
    expect(sameSpelling('timestamp with time zone', 'transaction_timestamp()', "('now'::text)::timestamp with time zone")).toBe(true);
    expect(sameSpelling('timestamp(3) without time zone', 'LOCALTIMESTAMP', 'now()')).toBe(true);
    // On timestamptz LOCALTIMESTAMP goes through local time (ambiguous at a DST change): not the same.
    expect(sameSpelling('timestamp with time zone', 'LOCALTIMESTAMP', 'now()')).toBe(false);
    expect(sameSpelling('timestamp with time zone', 'now()', 'clock_timestamp()')).toBe(false);
    expect(sameSpelling('text', 'now()', 'CURRENT_TIMESTAMP')).toBe(false);
    // Microseconds are the type's own precision; fewer digits round the value.
    expect(sameSpelling('timestamp(6) with time zone', 'CURRENT_TIMESTAMP(6)', 'CURRENT_TIMESTAMP')).toBe(true);
    expect(sameSpelling('timestamp without time zone', 'LOCALTIMESTAMP(6)', 'LOCALTIMESTAMP')).toBe(true);
    expect(sameSpelling('timestamp with time zone', 'CURRENT_TIMESTAMP(3)', 'CURRENT_TIMESTAMP')).toBe(false);
  });

  it("knows PostgreSQL 18's uuidv4() as gen_random_uuid(), on uuid columns only", () => {
    expect(sameSpelling('uuid', 'uuidv4()', 'gen_random_uuid()')).toBe(true);
    expect(sameSpelling('uuid', 'uuidv7()', 'gen_random_uuid()')).toBe(false);
    expect(sameSpelling('text', 'uuidv4()', 'gen_random_uuid()')).toBe(false);
  });
});

describe('isConstant', () => {
  it('accepts literals with casts, parentheses, signs and arrays', () => {
    for (const text of ["'engagement'::character varying", "'engagement'::varchar(50)", '0', '-1.5e3', "('0.00'::numeric)::double precision", "'{}'::jsonb", "E'a\\nb'::text", 'true', 'NULL::integer', "ARRAY['a'::text, 'b'::text]", "'x'::\"Odd Type\"", "'2026-01-01'::timestamp with time zone", "'{}'::text[]"]) {
      expect(isConstant(text), text).toBe(true);
    }
  });

  it('refuses anything that could run a function', () => {
    for (const text of ['now()', "nextval('s'::regclass)", 'gen_random_uuid()', "'a'::text || 'b'::text", "('x')::text; DROP TABLE users", "pg_sleep(10)::text", "'a''", '']) {
      expect(isConstant(text), text).toBe(false);
    }
  });

  it('reads long or adversarial text in linear time (a bounded input, no regular expression over it)', () => {
    expect(isConstant(`${'('.repeat(4000)}0${')'.repeat(4000)}`)).toBe(true);
    expect(isConstant(`'${"''".repeat(4000)}'${'::a'.repeat(100)}`)).toBe(true);
    expect(isConstant('0'.repeat(20_000))).toBe(false);
  });
});

describe('defaultEquivalence', () => {
  it('combines the known spellings with the pairs the server found equal', () => {
    const same = defaultEquivalence(new Set([['numeric', '0', '0.0'].join('\u0000')]));
    expect(same('numeric', '0', '0.0')).toBe(true);
    expect(same('numeric', '0', '1')).toBe(false);
    expect(same('timestamp with time zone', 'now()', 'CURRENT_TIMESTAMP')).toBe(true);
  });
});

describe('normaliseType', () => {
  it('writes a typmod equal to the default precision as no typmod, and keeps the others', () => {
    expect(normaliseType('timestamp(6) with time zone')).toBe('timestamp with time zone');
    expect(normaliseType('time(6) without time zone[]')).toBe('time without time zone[]');
    expect(normaliseType('interval(6)')).toBe('interval');
    expect(normaliseType('timestamp(3) with time zone')).toBe('timestamp(3) with time zone');
    expect(normaliseType('numeric(6)')).toBe('numeric(6)');
    expect(normaliseType('interval day to second(6)')).toBe('interval day to second');
    expect(normaliseType('interval day to second(3)[]')).toBe('interval day to second(3)[]');
    expect(normaliseType('"time"(6) with time zone')).toBe('"time"(6) with time zone');
  });
});
