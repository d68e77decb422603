// Unit tests of the pure middle (comparison, contract, ignore, locations): hand-built snapshots, no database.
import { describe, expect, it } from 'vitest';
import { withoutIgnored } from '../src/check/ignore.js';
import { compareSnapshots } from '../src/compare/index.js';
import { SchemaLocations } from '../src/expected/locations.js';
import type { CatalogSnapshot, TableSnapshot } from '../src/introspection/index.js';
import { checkContract, foldContractFindings } from '../src/rules/check-contract.js';
import type { SpecContract } from '../src/rules/contract.js';

const users = (): TableSnapshot => ({
  name: 'users',
  columns: [
    { name: 'id', type: 'uuid', nullable: false, default: 'gen_random_uuid()' },
    { name: 'email', type: 'character varying(255)', nullable: false, default: null },
    { name: 'team_id', type: 'uuid', nullable: true, default: null },
  ],
  primaryKey: { name: 'users_pkey', columns: ['id'] },
  indexes: [{ name: 'users_email_key', columns: ['email'], unique: true, method: 'btree', predicate: null }],
  foreignKeys: [{ name: 'users_team_id_fkey', columns: ['team_id'], referencedTable: 'teams', referencedColumns: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' }],
});
const catalog = (tables: TableSnapshot[] = [users()], values = ['A', 'B', 'C']): CatalogSnapshot => ({ tables, enums: [{ name: 'level', values }] });
const codes = (expected: CatalogSnapshot, actual: CatalogSnapshot) => compareSnapshots(expected, actual, { schema: 'public' }).map((f) => `${f.code} ${f.path}`);

describe('compareSnapshots', () => {
  it('finds nothing between equal snapshots', () => {
    expect(codes(catalog(), catalog())).toEqual([]);
  });

  it('reports a missing table with a complete CREATE TABLE', () => {
    const [finding] = compareSnapshots(catalog(), catalog([]), { schema: 'public' });
    expect(finding).toMatchObject({ code: 'table.missing', path: 'public.users', severity: 'error' });
    expect(finding!.fix).toContain('CREATE TABLE public.users (\n  id uuid DEFAULT gen_random_uuid() NOT NULL,');
    expect(finding!.fix).toContain('CONSTRAINT users_pkey PRIMARY KEY (id)');
    expect(finding!.fix).toContain('CREATE UNIQUE INDEX users_email_key ON public.users (email);');
    expect(finding!.fix).toContain('ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE ON UPDATE NO ACTION;');
  });

  it('reports type, nullability and default of one column separately', () => {
    const changed = users();
    changed.columns[1] = { name: 'email', type: 'text', nullable: true, default: "''::text" };
    expect(codes(catalog(), catalog([changed]))).toEqual([
      'column.type_mismatch public.users.email',
      'column.nullability_mismatch public.users.email',
      'column.default_mismatch public.users.email',
    ]);
  });

  it('tells enum values missing, unexpected and out of order apart', () => {
    expect(codes(catalog(), catalog([users()], ['A', 'C']))).toEqual(['enum.value_missing public.level.B']);
    expect(codes(catalog(), catalog([users()], ['A', 'B', 'C', 'D']))).toEqual(['enum.value_unexpected public.level.D']);
    expect(codes(catalog(), catalog([users()], ['C', 'B', 'A']))).toEqual(['enum.value_order public.level']);
    const [missing] = compareSnapshots(catalog(), catalog([users()], ['A', 'C']), { schema: 'public' });
    expect(missing!.fix).toBe("ALTER TYPE public.level ADD VALUE 'B' AFTER 'A';");
  });

  it('compares indexes and foreign keys by name, then by definition', () => {
    const changed = users();
    changed.indexes = [{ ...changed.indexes[0]!, unique: false }];
    changed.foreignKeys = [{ ...changed.foreignKeys[0]!, onDelete: 'SET NULL' }];
    expect(codes(catalog(), catalog([changed]))).toEqual(['index.mismatch public.users.users_email_key', 'foreign_key.mismatch public.users.users_team_id_fkey']);
  });

  it('is linear: 10,000 tables compare in well under a second', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ ...users(), name: `t${i}` }));
    const started = performance.now();
    expect(codes(catalog(many), catalog(many))).toEqual([]);
    // A sanity bound against accidental quadratic matching, not a benchmark (see npm run bench).
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('spec contract', () => {
  const contract: SpecContract = {
    tables: ['users'],
    forbiddenColumns: ['is_mock'],
    columns: { 'users.email': { type: 'character varying(255)', nullable: false } },
    columnCounts: { users: 3 },
    enums: { level: ['A', 'B', 'C'] },
    seed: { adminEmail: 'a@b.co', adminRole: 'R', adminAccess: 'S', client: { name: 'n', slug: 's', subscriptionTier: 't' }, engagement: { name: 'e', type: 't', status: 's' } },
  };

  it('holds for a matching catalog', () => {
    expect(checkContract(contract, catalog(), 'public')).toEqual([]);
  });

  it('catches a forbidden column even when the schema itself was edited to contain it', () => {
    const edited = users();
    edited.columns.push({ name: 'is_mock', type: 'boolean', nullable: true, default: null });
    expect(checkContract(contract, catalog([edited]), 'public').map((f) => `${f.code} ${f.path}`)).toEqual([
      'contract.violation public.users.is_mock',
      'contract.violation public.users',
    ]);
  });

  it('folds a violation into the schema finding that already explains it', () => {
    const edited = users();
    edited.columns.push({ name: 'is_mock', type: 'boolean', nullable: true, default: null });
    const schemaFindings = compareSnapshots(catalog(), catalog([edited]), { schema: 'public' });
    const folded = foldContractFindings(schemaFindings, checkContract(contract, catalog([edited]), 'public'));
    expect(folded.map((f) => `${f.code} ${f.path}`)).toEqual(['column.unexpected public.users.is_mock']);
    expect(folded[0]!.message).toContain('the spec forbids column is_mock');
  });
});

describe('ignore patterns', () => {
  it('drops matching tables and table.column pairs', () => {
    const pruned = withoutIgnored(catalog([users(), { ...users(), name: '_prisma_migrations' }]), ['_prisma_*', 'users.team_*']);
    expect(pruned.tables.map((t) => t.name)).toEqual(['users']);
    expect(pruned.tables[0]!.columns.map((c) => c.name)).toEqual(['id', 'email']);
  });
});

describe('schema.prisma locations', () => {
  const schema = ['model User {', '  id    String @id', '  email String @unique @map("email_address")', '  @@index([email], map: "ix_users_email")', '  @@map("users")', '}', 'enum Level {', '  A', '  B', '  @@map("level")', '}'].join('\n');
  const locations = new SchemaLocations('prisma/schema.prisma', schema);
  const at = (code: string, path: string, table?: string) => locations.locate({ code: code as never, severity: 'error', path, message: '', ...(table ? { table } : {}) }, 'public')?.line;

  it('points at fields by their database name, named indexes, default-named keys and enum values', () => {
    expect(at('column.missing', 'public.users.email_address', 'users')).toBe(3);
    expect(at('index.missing', 'public.users.ix_users_email', 'users')).toBe(4);
    expect(at('primary_key.missing', 'public.users.users_pkey', 'users')).toBe(2);
    expect(at('table.missing', 'public.users', 'users')).toBe(1);
    expect(at('enum.value_missing', 'public.level.B')).toBe(9);
  });
});

describe('suggested SQL and masking', () => {
  it('quotes reserved words and mixed case in suggested SQL, and leaves plain names readable', async () => {
    const { readableIdent } = await import('../src/database/quote.js');
    expect(['current_role', 'user', 'Mixed', 'is_mock'].map(readableIdent)).toEqual(['"current_role"', '"user"', '"Mixed"', 'is_mock']);
  });

  it('keeps a foreign key target in another schema qualified as PostgreSQL printed it', () => {
    const withForeignTarget = users();
    withForeignTarget.foreignKeys = [{ ...withForeignTarget.foreignKeys[0]!, referencedTable: 'other.teams' }];
    const [finding] = compareSnapshots(catalog([withForeignTarget]), catalog([{ ...withForeignTarget, foreignKeys: [] }]), { schema: 'public' });
    expect(finding!.fix).toContain('REFERENCES other.teams (id)');
  });

  it('masks passwords in the userinfo and in ?password= of a URL', async () => {
    const { maskUrl } = await import('../src/database/url.js');
    expect(maskUrl('postgresql://app:s3cret@db:5432/x?password=other&sslmode=require')).toBe('postgresql://app:****@db:5432/x?password=****&sslmode=require');
  });
});
