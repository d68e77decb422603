// The spec contract against hand-built catalogs: no database.
import { describe, expect, it } from 'vitest';
import { compareCatalogs } from '../src/catalog/compare.js';
import { checkContract, foldContractFindings } from '../src/contract/check-contract.js';
import type { SpecContract } from '../src/contract/contract.js';
import { catalog, column } from './support/catalog.js';

const contract: SpecContract = {
  tables: ['teams', 'users'],
  forbiddenColumns: ['is_mock'],
  columns: { 'users.email': { type: 'character varying(255)', nullable: false } },
  columnCounts: { users: 3 },
  enums: { level: ['A', 'B', 'C'] },
  seed: { adminEmail: 'a@b.co', adminRole: 'R', adminAccess: 'S', client: { name: 'n', slug: 's', subscriptionTier: 't' }, engagement: { name: 'e', type: 't', status: 's' } },
};
const withMock = () => catalog({ columns: [...catalog().columns, column('users', 'is_mock', 'boolean')] });

describe('spec contract', () => {
  it('holds for a matching catalog', () => {
    expect(checkContract(contract, catalog(), 'public')).toEqual([]);
  });

  it('catches a forbidden column even when the schema itself was edited to contain it', () => {
    expect(checkContract(contract, withMock(), 'public').map((f) => `${f.code} ${f.path}`)).toEqual(['contract.violation public.users.is_mock', 'contract.violation public.users']);
  });

  it('folds a violation into the schema finding that already explains it, adding only what the spec says more', () => {
    const schemaFindings = compareCatalogs(catalog(), withMock(), { schema: 'public' });
    const folded = foldContractFindings(schemaFindings, checkContract(contract, withMock(), 'public'));
    expect(folded.map((f) => `${f.code} ${f.path}`)).toEqual(['column.unexpected public.users.is_mock']);
    // The schema only lacks the column; the spec forbids it: a short tail, not the difference again.
    expect(folded[0]!.message).toBe('column users.is_mock exists in the database but not in the schema; forbidden by the spec');
    expect(folded.some((f) => 'rule' in f || 'forbids' in f)).toBe(false);
  });

  it('adds no tail where the schema expects what the spec does', () => {
    const narrow = catalog({ columns: catalog().columns.map((c) => (c.name === 'email' ? { ...c, type: 'character varying(100)' } : c)) });
    const schemaFindings = compareCatalogs(catalog(), narrow, { schema: 'public' });
    const folded = foldContractFindings(schemaFindings, checkContract(contract, narrow, 'public'));
    expect(folded.map((f) => [f.code, f.message])).toEqual([['column.type_mismatch', 'column users.email is character varying(100), expected character varying(255)']]);
  });

  it("gives the spec's rule where the schema itself breaks it, since the finding's expected value is not the spec's", () => {
    const schema = catalog({ columns: catalog().columns.map((c) => (c.name === 'email' ? { ...c, type: 'character varying(200)' } : c)) });
    const database = catalog({ columns: catalog().columns.map((c) => (c.name === 'email' ? { ...c, type: 'character varying(100)' } : c)) });
    const schemaBreaks = new Set(checkContract(contract, schema, 'public').map((f) => f.path));
    const folded = foldContractFindings(compareCatalogs(schema, database, { schema: 'public' }), checkContract(contract, database, 'public'), schemaBreaks);
    expect(folded.map((f) => f.message)).toEqual(['column users.email is character varying(100), expected character varying(200); the spec says character varying(255)']);
  });
});
