#!/usr/bin/env node
/**
 * `npm run db:lock`: writes prisma/schema.lock.json, the expected catalog db:check compares against.
 *   --check              fail (exit 1) when schema.prisma, the migrations and the lock disagree, or the
 *                        migrations break the spec contract (prisma/spec-contract.json)
 *   --from-url URL       snapshot a live database instead (with --schema, --out), e.g. for benchmarks
 */
import path from 'node:path';
import { z } from 'zod';
import { compareCatalogs } from '../catalog/compare.js';
import { readLock, writeLock } from '../catalog/lock.js';
import { readCatalog } from '../catalog/read.js';
import { assertOutputFile, projectInputs } from '../config/output.js';
import { withConnection } from '../database/connect.js';
import { projectRoot } from '../database/resolve.js';
import { buildExpected } from '../expected/build.js';
import type { KindKey } from '../catalog/registry.js';
import type { Finding } from '../findings/finding.js';
import { checkContract } from '../rules/check-contract.js';
import { readContract } from '../rules/contract.js';
import { parseOptions } from '../config/cli-options.js';
import { runMain } from './run-main.js';

const HELP = `usage: npm run db:lock [-- --check | --from-url URL [--schema NAME] [--out FILE]]
Writes prisma/schema.lock.json from prisma/migrations applied to a throw-away PostgreSQL.
  --check          exit 1 when schema.prisma, prisma/migrations and the lock disagree, or when the
                   migrations break prisma/spec-contract.json (e.g. a tenant table without its policy)
  --from-url URL   snapshot a live database instead of the migrations
  --schema NAME    with --from-url: the schema to snapshot (default public)
  --out FILE       where to write (default prisma/schema.lock.json; never over another project input)
exit codes: 0 written (--check: they agree), 1 --check: they disagree, 2 could not run (database,
timeout, files, options), 3 a bug in aiforce-db`;

const optionsSchema = z
  .object({
    check: z.boolean().default(false),
    'from-url': z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL').optional(),
    schema: z.string().min(1).optional(),
    out: z.string().min(1).optional(),
    help: z.boolean().default(false),
  })
  .refine((options) => !(options.check && options['from-url']), { message: '--check compares the migrations with the lock; it cannot be combined with --from-url' })
  .refine((options) => options.schema === undefined || options['from-url'], { message: '--schema applies to --from-url only' });

/**
 * What schema.prisma cannot describe, so `migrate diff --from-empty` never renders it: SQL written by hand in a
 * migration (CHECK and UNIQUE constraints, views, functions, triggers, row-level security, policies, grants,
 * comments, domains, composite types). schema.prisma and the migrations are compared on everything else; the
 * lock, and so db:check, covers all of it.
 */
const NOT_IN_SCHEMA_PRISMA: ReadonlySet<KindKey> = new Set(['domains', 'compositeTypes', 'functions', 'views', 'constraints', 'triggers', 'rowSecurity', 'policies', 'privileges', 'comments', 'owners']);

runMain(async () => {
  const options = parseOptions(
    process.argv.slice(2),
    { check: { type: 'boolean' }, 'from-url': { type: 'string' }, schema: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    optionsSchema,
  );
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const defaultLock = path.join(projectRoot, 'prisma', 'schema.lock.json');
  const lockFile = path.resolve(options.out ?? defaultLock);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (options.out && !options.check) {
    // The lock is this command's own output; every other input of the project is refused.
    await assertOutputFile(options.out, '--out', projectInputs(projectRoot).filter((input) => input.path !== defaultLock));
  }

  if (options['from-url']) {
    const { catalog: snapshot } = await withConnection(options['from-url'], (client) => readCatalog(client, options.schema ?? 'public'));
    await writeLock(lockFile, [], snapshot);
    log(`wrote ${lockFile}: ${snapshot.tables.length} tables, ${snapshot.enums.length} enums from schema ${options.schema ?? 'public'}`);
    return 0;
  }

  const built = await buildExpected(projectRoot, { withSchema: options.check, log });
  if (!options.check) {
    await writeLock(lockFile, built.migrations, built.fromMigrations);
    const columns = built.fromMigrations.columns.length;
    log(`wrote ${path.relative(process.cwd(), lockFile)}: ${built.fromMigrations.tables.length} tables, ${columns} columns, ${built.fromMigrations.enums.length} enums from ${built.migrations.length} migration(s)`);
    return 0;
  }

  const [lock, contract] = await Promise.all([readLock(lockFile), readContract(path.join(projectRoot, 'prisma', 'spec-contract.json'))]);
  // A difference is resolved by a migration or db:lock (the titles say which); a contract finding also shows its SQL.
  const describe = (findings: Finding[], fixes = false) =>
    findings.map((f) => `${f.code} ${f.path}: ${f.message}${fixes && f.fix ? `\n    fix: ${f.fix.replaceAll('\n', '\n         ')}` : ''}`);
  const problems: Array<[string, string[]]> = [
    [
      'schema.prisma differs from prisma/migrations (create a migration: npx prisma migrate dev)',
      describe(compareCatalogs(built.fromMigrations, built.fromSchema!, { schema: 'public', expectedLabel: 'the migrations', actualLabel: 'schema.prisma', skip: NOT_IN_SCHEMA_PRISMA })),
    ],
    // The contract on the migrations' own catalog: a pull request that breaks it fails before any database does.
    ['prisma/migrations break the spec contract (prisma/spec-contract.json)', describe(checkContract(contract, built.fromMigrations, 'public', { expected: built.fromMigrations }), true)],
    [
      'prisma/schema.lock.json differs from prisma/migrations (run npm run db:lock)',
      [
        ...(lock.migrations.join() === built.migrations.join() ? [] : [`the lock was built from ${lock.migrations.join(', ') || 'no migrations'}; the folder has ${built.migrations.join(', ')}`]),
        ...describe(compareCatalogs(built.fromMigrations, lock.catalog, { schema: 'public', expectedLabel: 'the migrations', actualLabel: 'the lock' })),
      ],
    ],
  ];
  let failed = false;
  for (const [title, lines] of problems) {
    if (lines.length === 0) continue;
    failed = true;
    process.stdout.write(`✖ ${title}:\n${lines.map((line) => `  ${line}`).join('\n')}\n`);
  }
  if (!failed) process.stdout.write(`✔ schema.prisma, ${built.migrations.length} migration(s) and ${path.relative(process.cwd(), lockFile)} agree\n`);
  return failed ? 1 : 0;
});
