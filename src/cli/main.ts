#!/usr/bin/env node
/**
 * `aiforce-db <command>`, the package's bin; the npm scripts are aliases of it (`npm run db:check` is
 * `aiforce-db check`). Kept tiny: it loads only the module of the command asked for, which then runs as if
 * started directly (process.argv = [node, that module, ...its options]). `check` runs the esbuild bundle
 * (dist/bundle/check.cjs, see scripts/bundle-cli.mjs) with a code cache (code-cache.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`error: aiforce-db needs Node 22.12 or newer (this is ${process.version}): install a newer Node, or run it through npm run in aiforce-db, which uses the pinned Node 24\n`);
  process.exit(2);
}

interface Command {
  /** The module that runs it, relative to this file. */
  file: string;
  /** A CommonJS file run with a code cache (code-cache.ts), not imported. */
  codeCache?: boolean;
  summary: string;
  /** Works on aiforce-db's own platform schema, so only inside aiforce-db itself. */
  platform?: boolean;
}

const COMMANDS: Record<string, Command> = {
  check: { file: '../bundle/check.cjs', codeCache: true, summary: "compare the database with the project's lock; the report goes to stdout" },
  lock: { file: './lock.js', summary: "write the project's lock from its migrations (--check: do schema, migrations and lock agree?)" },
  report: { file: './report.js', summary: 'the drift report of several environments (report.json, report.md, report.html)' },
  sql: { file: './sql.js', summary: 'run one SQL statement; rows as JSON lines' },
  migrate: { file: './migrate.js', summary: 'prisma migrate deploy', platform: true },
  prisma: { file: './prisma.js', summary: 'any Prisma 6 CLI command (offline, JS schema engine)', platform: true },
  seed: { file: './seed.js', summary: 'insert the rows the spec requires (--sample: browsing data too)', platform: true },
  studio: { file: './studio.js', summary: 'Prisma Studio on the database', platform: true },
  demo: { file: './demo.js', summary: 'the whole job on a throw-away PostgreSQL: migrate, seed, check, drift, check', platform: true },
};

const list = (platform: boolean) =>
  Object.entries(COMMANDS)
    .filter(([, command]) => Boolean(command.platform) === platform)
    .map(([name, command]) => `  ${name.padEnd(8)}  ${command.summary}`)
    .join('\n');

const HELP = `usage: aiforce-db <command> [options]
Schema drift checker for Prisma + PostgreSQL projects: compares a live database with what the project's
migrations build, and prints every difference with the SQL that would fix it.

Commands for any Prisma project (the project is the nearest folder, from the working folder up, that holds
aiforce-db.config.json or package.json; paths and policy come from aiforce-db.config.json or package.json "db"):
${list(false)}

Commands for aiforce-db's own platform schema (only in a clone of aiforce-db):
${list(true)}

aiforce-db <command> --help describes a command and its exit codes.
DATABASE_URL is the database; unset, the project's embedded PostgreSQL is used (data in .aiforce-db/).
Reports go to stdout, everything else (the database in use, progress, notes, errors) to stderr. Colours follow
NO_COLOR, FORCE_COLOR, TERM=dumb and whether the output is a terminal.
  -h, --help     this help
  -v, --version  the version of aiforce-db
exit codes: 0 done, 1 the answer is "no" (drift, a disagreement), 2 could not run (one line on stderr says
why), 3 a bug in aiforce-db, 128+N ended by signal N`;

const fail = (line: string, code = 2) => {
  process.stderr.write(`error: ${line}\n`);
  process.exitCode = code;
};

/**
 * Loads the command's module, which then runs itself (runMain). A module that cannot be loaded never reaches
 * runMain: without this, Node would print a stack and exit 1, which a caller reads as "drift".
 */
async function load(file: URL, codeCache: boolean): Promise<void> {
  try {
    // The checker starts on every pull request and every night: cached compiled code makes it start faster.
    if (codeCache) (await import('./code-cache.js')).runWithCodeCache(fileURLToPath(file));
    else await import(file.href);
  } catch (error) {
    const { code, path: missingPath } = error as NodeJS.ErrnoException;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || (code === 'ENOENT' && missingPath === fileURLToPath(file));
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (missing) fail(`aiforce-db is incomplete (${reason}): reinstall it (npm ci), or in a clone run npm run build`);
    else fail(`unexpected failure while loading ${fileURLToPath(file)}: ${reason} (a bug in aiforce-db: please report it)`, 3);
  }
}

/** Prints `text` on stdout; exit 0, or 2 with one line when it did not get there (exit.ts). */
async function print(text: string): Promise<void> {
  // Imported here: the commands' modules load it themselves, and check's start-up is kept to what it needs.
  const { exitWhenFlushed, holdStdoutErrors } = await import('./exit.js');
  holdStdoutErrors();
  process.stdout.write(`${text}\n`);
  exitWhenFlushed(0);
}

/** Refuses a platform command outside aiforce-db's own folder: it would act on aiforce-db's schema, not the project's. */
async function outsideAiforceDb(name: string): Promise<string | undefined> {
  const { findProjectRoot, isPackageRoot } = await import('../config/project.js');
  const project = findProjectRoot();
  if (isPackageRoot(project)) return undefined;
  return `aiforce-db ${name} works on aiforce-db's own platform schema, not on this project (${project}): run it in a clone of aiforce-db; here, use check, lock, report and sql`;
}

const [name, ...rest] = process.argv.slice(2);
const command = name === undefined ? undefined : Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
if (name === '--help' || name === '-h' || name === 'help') {
  await print(HELP);
} else if (name === '--version' || name === '-v') {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  await print(manifest.version);
} else if (name === undefined) {
  fail(`give a command: ${Object.keys(COMMANDS).join(', ')} (aiforce-db --help describes them)`);
} else if (!command) {
  fail(`unknown command "${name}": the commands are ${Object.keys(COMMANDS).join(', ')} (aiforce-db --help)`);
} else {
  const refused = command.platform ? await outsideAiforceDb(name) : undefined;
  if (refused) fail(refused);
  else {
    const file = new URL(command.file, import.meta.url);
    process.argv = [process.argv[0]!, fileURLToPath(file), ...rest];
    await load(file, command.codeCache ?? false);
  }
}
