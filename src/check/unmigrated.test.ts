// When a database looks unmigrated, and what its reports collapse (hand-built catalogs, no database).
import { describe, expect, it } from 'vitest';
import { table } from '../../test/support/catalog.js';
import type { Finding } from '../findings/finding.js';
import { assessUnmigrated, collapseUnmigrated, unmigratedAdvice } from './unmigrated.js';

const tables = (count: number) => ({ tables: Array.from({ length: count }, (_, index) => table(`t${index}`)) });
const finding = (code: string, object: Finding['object']): Finding => ({ code, severity: 'error', path: `public.${object?.table ? `${object.table}.` : ''}${object?.name}`, object, message: code });

describe('assessUnmigrated', () => {
  it('says an empty database without _prisma_migrations looks unmigrated, and to migrate it', () => {
    const unmigrated = assessUnmigrated(tables(32), tables(0), false);
    expect(unmigrated).toEqual({ present: 0, expected: 32, nextStep: 'run `npm run db:migrate` (aiforce-db migrate), then check again' });
    expect(unmigratedAdvice(unmigrated!)).toBe('looks unmigrated: 0 of 32 tables, no _prisma_migrations; run `npm run db:migrate` (aiforce-db migrate), then check again');
  });

  it('needs more than half of the expected tables missing', () => {
    const expected = tables(32);
    expect(assessUnmigrated(expected, { tables: expected.tables.slice(0, 15) }, false)?.present).toBe(15);
    expect(assessUnmigrated(expected, { tables: expected.tables.slice(0, 16) }, false)).toBeNull();
    // Tables the schema does not expect do not count.
    expect(assessUnmigrated(expected, { tables: [table('other'), ...expected.tables.slice(0, 1)] }, false)?.present).toBe(1);
  });

  it('leaves a database Prisma Migrate manages, and an empty schema, to the findings', () => {
    expect(assessUnmigrated(tables(32), tables(0), true)).toBeNull();
    expect(assessUnmigrated(tables(0), tables(0), false)).toBeNull();
  });

  it('warns that migrate deploy would stop at tables made another way', () => {
    const expected = tables(32);
    expect(assessUnmigrated(expected, { tables: expected.tables.slice(0, 3) }, false)?.nextStep).toMatch(
      /^`npm run db:migrate` \(aiforce-db migrate\) would stop at the 3 existing tables \(Prisma Migrate did not create them\): migrate an empty database, or .*prisma migrate resolve --applied/,
    );
  });
});

describe('collapseUnmigrated', () => {
  const findings = [
    finding('migration.unmanaged', undefined),
    finding('enum.missing', { kind: 'enum', name: 'mood' }),
    finding('table.missing', { kind: 'table', name: 'users' }),
    finding('table.missing', { kind: 'table', name: 'teams' }),
    finding('column.missing', { kind: 'column', table: 'tags', name: 'label' }),
    finding('table.unexpected', { kind: 'table', name: 'scratch' }),
  ];
  const summary = (present: number) => ({ unmigrated: { present, expected: 3, nextStep: 'x' } });

  it('names the missing whole objects, tables first, and lists everything else', () => {
    const { listed, missing } = collapseUnmigrated({ findings, summary: summary(0) }, false);
    expect(missing).toEqual([
      { kind: 'table', names: ['users', 'teams'] },
      { kind: 'enum', names: ['mood'] },
    ]);
    expect(listed.map((f) => f.code)).toEqual(['column.missing', 'table.unexpected']);
  });

  it('keeps the missing-history finding when some tables exist (its advice is the way out)', () => {
    expect(collapseUnmigrated({ findings, summary: summary(1) }, false).listed.map((f) => f.code)).toEqual(['migration.unmanaged', 'column.missing', 'table.unexpected']);
  });

  it('lists everything with --verbose, or when the database does not look unmigrated', () => {
    expect(collapseUnmigrated({ findings, summary: summary(0) }, true)).toEqual({ listed: findings, missing: [] });
    expect(collapseUnmigrated({ findings, summary: { unmigrated: null } }, false)).toEqual({ listed: findings, missing: [] });
  });
});
