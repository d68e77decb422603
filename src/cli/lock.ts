#!/usr/bin/env node
/**
 * `aiforce-db lock` (npm run db:lock): writes the project's lock (prisma/schema.lock.json), the expected catalog
 * `check` compares against, and its diagram (docs/schema.svg).
 *   --check              fail (exit 1) when schema.prisma, the migrations, the lock and the diagram disagree, or
 *                        the migrations break the project's spec contract (when it has one)
 *   --from-url URL       snapshot a live database instead (with --schema, --out), e.g. for benchmarks
 */
import path from 'node:path';
import * as z from 'zod';
import { compareCatalogs, withoutReaderAccess } from '../catalog/compare.js';
import { readLock, writeLock } from '../catalog/lock.js';
import { readCatalog } from '../catalog/read.js';
import { indexes } from '../catalog/kinds/indexes.js';
import { refKey } from '../catalog/model.js';
import { assertOutputFile, projectInputs, shownPath } from '../config/output.js';
import { loadProject } from '../config/project.js';
import { withConnection } from '../database/connect.js';
import { drawSchema, staleSchemaDiagram, writeSchemaDiagram } from '../diagram/schema-file.js';
import { buildExpected } from '../expected/build.js';
import { emptyCatalog, type Catalog, type KindKey } from '../catalog/registry.js';
import type { Finding } from '../findings/finding.js';
import { checkContract } from '../contract/check-contract.js';
import { readContract } from '../contract/contract.js';
import { parseOptions } from '../config/cli-options.js';
import { plural } from '../formats/words.js';
import { runMain } from './run-main.js';

const HELP = `usage: aiforce-db lock [--check | --from-url URL [--schema NAME] [--out FILE]]
                                                  (also: npm run db:lock -- [options])
Writes the project's lock (prisma/schema.lock.json, or "paths" in aiforce-db.config.json) from its migrations
(prisma/migrations), each migration.sql applied in order to a throw-away embedded PostgreSQL, and its diagram
(docs/schema.svg).
  --check          exit 1 when schema.prisma, the migrations, the lock and the diagram disagree (renders
                   schema.prisma with Prisma 6's migrate diff --from-empty, with a config shipped in aiforce-db),
                   or when the migrations break the spec contract (e.g. a tenant table without its policy)
  --from-url URL   snapshot a live database instead of the migrations
  --schema NAME    with --from-url: the schema to snapshot (default public)
  --out FILE       where to write (default prisma/schema.lock.json; never over another project input);
                   only the project's own lock gets docs/schema.svg
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
 * migration (CHECK and UNIQUE constraints, views, functions, triggers, rules, extended statistics, row-level security, policies, grants,
 * comments, domains, composite and range types). schema.prisma and the migrations are compared on everything else; the
 * lock, and so db:check, covers all of it.
 */
const NOT_IN_SCHEMA_PRISMA: ReadonlySet<KindKey> = new Set(['collations', 'textSearchDictionaries', 'textSearchConfigurations', 'domains', 'compositeTypes', 'rangeTypes', 'otherObjects', 'functions', 'aggregates', 'operators', 'casts', 'views', 'constraints', 'triggers', 'eventTriggers', 'rules', 'statistics', 'rowSecurity', 'policies', 'publications', 'privileges', 'defaultPrivileges', 'comments', 'tablespaces', 'owners']);

/**
 * A table as the migrations have it, where schema.prisma has it too: Prisma has no words for partitioning,
 * inheritance, UNLOGGED, storage parameters, REPLICA IDENTITY, an access method or a type (OF), so only the
 * table's existence is compared; nor for an index key's statistics target, which is taken from the migrations too.
 */
function withMigrationsOnlyFacts(fromMigrations: Catalog, fromSchema: Catalog): Catalog {
  const byName = new Map(fromMigrations.tables.map((table) => [table.name, table]));
  const statistics = new Map(fromMigrations.indexes.map((index) => [refKey(indexes.ref(index)), index.statistics]));
  return {
    ...fromSchema,
    tables: fromSchema.tables.map((table) => byName.get(table.name) ?? table),
    indexes: fromSchema.indexes.map((index) => {
      const { statistics: _, ...rest } = index;
      const targets = statistics.get(refKey(indexes.ref(index)));
      return targets ? { ...rest, statistics: targets } : rest;
    }),
  };
}

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
  const { paths } = await loadProject();
  const lockFile = path.resolve(options.out ?? paths.lock);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (options.out && !options.check) {
    // The lock is this command's own output; every other input of the project is refused.
    await assertOutputFile(options.out, '--out', projectInputs(paths).filter((input) => input.path !== paths.lock));
  }

  if (options['from-url']) {
    const read = await withConnection(options['from-url'], (client) => readCatalog(client, options.schema ?? 'public', { owners: true }));
    const { serverVersionNumber } = read;
    // The access of the role it was read as is how it was read, not what the schema defines.
    const snapshot = withoutReaderAccess(read.catalog, emptyCatalog(), read.reader);
    await writeLock(lockFile, { serverMajor: Math.floor(serverVersionNumber / 10000), migrations: [], catalog: snapshot });
    log(`wrote ${lockFile}: ${snapshot.tables.length} tables, ${snapshot.enums.length} enums from schema ${options.schema ?? 'public'}`);
    return 0;
  }

  const built = await buildExpected(paths, { withSchema: options.check, log });
  // Drawn before anything is written, so a lock never lands without its diagram.
  const diagram = lockFile === paths.lock ? await drawSchema(built.fromMigrations) : null;
  if (!options.check) {
    // The diagram first: a diagram path that is refused or unwritable stops the command before the lock changes.
    const diagramFile = diagram === null ? null : await writeSchemaDiagram(paths, diagram);
    await writeLock(lockFile, { serverMajor: built.serverMajor, migrations: built.migrations, catalog: built.fromMigrations });
    const columns = built.fromMigrations.columns.length;
    log(`wrote ${shownPath(lockFile)}: ${built.fromMigrations.tables.length} tables, ${columns} columns, ${built.fromMigrations.enums.length} enums from ${built.migrations.length} migration(s)`);
    if (diagramFile !== null) log(`wrote ${shownPath(diagramFile)}: ${plural(built.fromMigrations.tables.length, 'table')}, ${plural(built.fromMigrations.foreignKeys.length, 'foreign key')}`);
    return 0;
  }

  const [lock, contract] = await Promise.all([readLock(lockFile), paths.contract ? readContract(paths.contract) : null]);
  const staleDiagram = diagram === null ? null : await staleSchemaDiagram(paths, diagram);
  // A difference is resolved by a migration or aiforce-db lock (the titles say which); a contract finding also shows its SQL.
  const describe = (findings: Finding[], fixes = false) =>
    findings.map((f) => `${f.code} ${f.path}: ${f.message}${fixes && f.fix ? `\n    fix: ${f.fix.replaceAll('\n', '\n         ')}` : ''}`);
  const problems: Array<[string, string[]]> = [
    [
      `${shownPath(paths.schema)} differs from ${shownPath(paths.migrations)} (create a migration: npx prisma migrate dev)`,
      describe(compareCatalogs(built.fromMigrations, withMigrationsOnlyFacts(built.fromMigrations, built.fromSchema!), { schema: 'public', expectedLabel: 'the migrations', actualLabel: 'schema.prisma', skip: NOT_IN_SCHEMA_PRISMA })),
    ],
    // The contract on the migrations' own catalog: a pull request that breaks it fails before any database does.
    [
      `${shownPath(paths.migrations)} break the spec contract (${paths.contract ? shownPath(paths.contract) : 'none'})`,
      contract ? describe(checkContract(contract, built.fromMigrations, 'public', { expected: built.fromMigrations }), true) : [],
    ],
    [
      `${shownPath(lockFile)} differs from ${shownPath(paths.migrations)} (run aiforce-db lock)`,
      [
        ...(lock.migrations.join() === built.migrations.join() ? [] : [`the lock was built from ${lock.migrations.join(', ') || 'no migrations'}; the folder has ${built.migrations.join(', ')}`]),
        ...describe(compareCatalogs(built.fromMigrations, lock.catalog, { schema: 'public', expectedLabel: 'the migrations', actualLabel: 'the lock' })),
      ],
    ],
    [`${shownPath(paths.diagram)} is stale (run aiforce-db lock)`, staleDiagram ? [staleDiagram] : []],
  ];
  let failed = false;
  for (const [title, lines] of problems) {
    if (lines.length === 0) continue;
    failed = true;
    process.stdout.write(`✖ ${title}:\n${lines.map((line) => `  ${line}`).join('\n')}\n`);
  }
  if (!failed) process.stdout.write(`✔ ${shownPath(paths.schema)}, ${built.migrations.length} migration(s), ${shownPath(lockFile)}${diagram === null ? '' : ` and ${shownPath(paths.diagram)}`} agree\n`);
  return failed ? 1 : 0;
});
