// The registry: every catalog code comes from a kind, and every kind has unit tests beside its module that produce
// each of its codes (producesEveryCode in test/support/catalog.ts), so no code of CATALOG_CODES goes unexercised.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG_CODES, KIND_ENTRIES } from './registry.js';

/** The module file of a kind: `primaryKeys` lives in kinds/primary-keys.ts. */
const moduleOf = (key: string) => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

describe('registry', () => {
  it('builds CATALOG_CODES from the kinds, one entry per code of each', () => {
    const fromKinds = KIND_ENTRIES.flatMap(([, kind]) => Object.keys(kind.codes).map((suffix) => `${kind.kind}.${suffix}`));
    expect(Object.keys(CATALOG_CODES).sort()).toEqual([...fromKinds].sort());
    expect(new Set(fromKinds).size).toBe(fromKinds.length);
  });

  it.each(KIND_ENTRIES.map(([key]) => [key]))('has unit tests for %s that produce each of its codes', (key) => {
    const tests = readFileSync(new URL(`./kinds/${moduleOf(key)}.test.ts`, import.meta.url), 'utf8');
    expect(tests).toContain(`producesEveryCode(${key},`);
  });
});
