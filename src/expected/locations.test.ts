// Where findings point: schema.prisma lines by structured object reference, and migration lines for what
// Prisma cannot express (no database).
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceLocations } from './locations.js';

const roots: string[] = [];
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

async function project(): Promise<SourceLocations> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-locations-'));
  roots.push(root);
  const schema = [
    'model User {',
    '  id     String @id',
    '  email  String @unique @map("email_address")',
    '  teamId String @map("team_id")',
    '  @@index([email], map: "ix_users_email")',
    '  @@index([teamId])',
    '  @@map("users")',
    '}',
    'enum Level {',
    '  A',
    '  B',
    '  @@map("level")',
    '}',
  ].join('\n');
  await writeFile(path.join(root, 'schema.prisma'), schema);
  await mkdir(path.join(root, 'migrations', '20260101000000_init'), { recursive: true });
  await writeFile(path.join(root, 'migrations', '20260101000000_init', 'migration.sql'), [
      'CREATE TABLE users ();',
      'ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;',
      'CREATE POLICY tenant_isolation ON public.users USING (true);',
      'GRANT SELECT ON "users" TO app_reader;',
      "DO $$ BEGIN EXECUTE format('GRANT USAGE ON SCHEMA %I TO app_reader', current_schema()); END $$;",
      'GRANT SELECT ON TABLE teams TO app_reader;',
      'CREATE OPERATOR public.==== (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq);',
      'CREATE OPERATOR === (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq);',
      "CREATE TEXT SEARCH CONFIGURATION public.docs (COPY = english);",
    ].join('\n'));
  return SourceLocations.load({ schemaFile: path.join(root, 'schema.prisma'), migrationsDir: path.join(root, 'migrations'), display: (file) => path.relative(root, file) });
}

describe('source locations', () => {
  it('points at models, fields by database name, named and unnamed indexes, the primary key and enum values', async () => {
    const locations = await project();
    const line = (ref: Parameters<SourceLocations['locate']>[0], columns?: string[], unique = false) => locations.locate(ref, columns && { columns, unique })?.line;
    expect(line({ kind: 'table', name: 'users' })).toBe(1);
    expect(line({ kind: 'column', table: 'users', name: 'email_address' })).toBe(3);
    expect(line({ kind: 'index', table: 'users', name: 'ix_users_email' })).toBe(5);
    expect(line({ kind: 'index', table: 'users', name: 'users_team_id_idx' }, ['team_id'])).toBe(6);
    expect(line({ kind: 'index', table: 'users', name: 'users_email_address_key' }, ['email_address'], true)).toBe(3);
    expect(line({ kind: 'index', table: 'users', name: 'users_email_address_idx' }, ['email_address'])).toBe(5);
    expect(line({ kind: 'primary_key', table: 'users', name: 'users_pkey' })).toBe(2);
    expect(line({ kind: 'enum', name: 'level', member: 'B' })).toBe(11);
    expect(line({ kind: 'comment', on: 'column', table: 'users', name: 'team_id' })).toBe(4);
  });

  it('points at the migration line that creates what schema.prisma cannot express', async () => {
    const locations = await project();
    expect(locations.locate({ kind: 'policy', table: 'users', name: 'tenant_isolation' })).toEqual({ file: path.join('migrations', '20260101000000_init', 'migration.sql'), line: 3 });
    expect(locations.locate({ kind: 'row_security', table: 'users', name: 'row level security' })?.line).toBe(2);
    // An operator by its symbol alone, not the start of a longer one.
    expect(locations.locate({ kind: 'operator', name: '===(integer, integer)' })?.line).toBe(8);
    expect(locations.locate({ kind: 'operator', name: '====(integer, integer)' })?.line).toBe(7);
    expect(locations.locate({ kind: 'text_search_configuration', name: 'docs' })?.line).toBe(9);
  });

  it("points a grant at the GRANT on that object, else at the object's own line", async () => {
    const locations = await project();
    const line = (ref: Parameters<SourceLocations['locate']>[0]) => locations.locate(ref)?.line;
    expect(line({ kind: 'privilege', on: 'table', name: 'users', member: 'app_reader' })).toBe(4);
    expect(line({ kind: 'privilege', on: 'schema', name: '', member: 'app_reader' })).toBe(5);
    expect(line({ kind: 'privilege', on: 'column', table: 'users', name: 'team_id', member: 'app_reader' })).toBe(4);
    // Granted to nobody in the migrations: the table's model line in schema.prisma.
    expect(locations.locate({ kind: 'privilege', on: 'table', name: 'users', member: 'someone_else' })).toEqual({ file: 'schema.prisma', line: 1 });
  });
});
