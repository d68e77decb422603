// The spec contract (rules file) against hand-built catalogs: no database.
import { describe, expect, it } from 'vitest';
import { compareCatalogs } from '../src/catalog/compare.js';
import { checkContract, foldContractFindings } from '../src/rules/check-contract.js';
import type { SpecContract } from '../src/rules/contract.js';
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

  it('folds a violation into the schema finding that already explains it', () => {
    const schemaFindings = compareCatalogs(catalog(), withMock(), { schema: 'public' });
    const folded = foldContractFindings(schemaFindings, checkContract(contract, withMock(), 'public'));
    expect(folded.map((f) => `${f.code} ${f.path}`)).toEqual(['column.unexpected public.users.is_mock']);
    expect(folded[0]!.message).toContain('the spec forbids column is_mock');
  });
});
