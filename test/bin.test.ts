/**
 * The `aiforce-db` bin (dist/cli/main.js) in this repository: its commands and their help, --version, one line
 * for an unknown command, `npx aiforce-db` resolving to it, the project found from the working folder with the
 * config's paths, aiforce-db's own commands refused elsewhere, and one colour policy.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BIN, checkCli, cli, expectOneClearError } from './support/cli.js';
import { createTestDatabase, projectRoot, run, type TestDatabase } from './support/template.js';

const COMMANDS = ['check', 'lock', 'report', 'sql', 'migrate', 'prisma', 'seed', 'studio', 'demo'];
const PLATFORM = ['migrate', 'prisma', 'seed', 'studio', 'demo'];
const ESC = '\u001b[';

const bin = (args: string[], env: NodeJS.ProcessEnv = {}, cwd = projectRoot) => run(process.execPath, [path.join(projectRoot, BIN), ...args], { NO_COLOR: '1', ...env }, cwd);

let db: TestDatabase;
let scratch: string;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
  scratch = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-bin-'));
});
afterAll(async () => {
  await db.drop();
  await rm(scratch, { recursive: true, force: true });
});

describe('aiforce-db (the bin)', () => {
  it('--version prints the package version; --help lists every command', async () => {
    const { version } = JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    expect(await bin(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    const help = await bin(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^usage: aiforce-db <command> \[options\]\n/);
    for (const command of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^ {2}${command} +\\S`, 'm'));
  });

  it('every command has --help on stdout, exit 0', async () => {
    for (const command of COMMANDS) {
      const help = await bin([command, '--help']);
      expect(help.code, `${command}: ${help.stderr}`).toBe(0);
      expect(help.stderr, command).toBe('');
      expect(help.stdout, command).toMatch(new RegExp(`^usage: aiforce-db ${command}\\b`));
      expect(help.stdout, command).toMatch(/exit codes: /);
    }
  });

  it('no command, or an unknown one, is one line and exit 2', async () => {
    expectOneClearError(await bin([]), /^error: give a command: check, lock, report, sql, migrate, prisma, seed, studio, demo \(aiforce-db --help describes them\)$/);
    const unknown = await bin(['chek', '--format', 'json']);
    expectOneClearError(unknown, /^error: unknown command "chek": the commands are check, .* \(aiforce-db --help\)$/);
    expect(unknown.stdout).toBe('');
  });

  it('npx aiforce-db runs this repository\'s own bin; its JSON report parses', async () => {
    // --ignore-scripts, as the workflows run it: npx links this folder into its cache as a package, which would
    // first run its `prepare`, rebuilding dist/ under the other test files.
    expect(await run('npx', ['--no-install', '--ignore-scripts', 'aiforce-db', '--version'], {})).toMatchObject({ code: 0, stdout: (await bin(['--version'])).stdout });
    const piped = await run('bash', ['-o', 'pipefail', '-c', `npx --no-install --ignore-scripts aiforce-db check --format json | node -e "JSON.parse(require('fs').readFileSync(0))"`], { DATABASE_URL: db.url });
    expect(piped.code, piped.stderr).toBe(0);
  });

  it('finds the project from a folder inside it', async () => {
    const result = await bin(['check', '--format', 'json'], { DATABASE_URL: db.url }, path.join(projectRoot, 'prisma', 'migrations'));
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { expected: { source: string } }).expected.source).toBe('prisma/schema.lock.json');
  });

  it("reads the project's files where aiforce-db.config.json puts them; no contract is a note, and --data says there is none", async () => {
    const project = path.join(scratch, 'relaid');
    await mkdir(path.join(project, 'db'), { recursive: true });
    await cp(path.join(projectRoot, 'prisma', 'migrations'), path.join(project, 'db', 'migrations'), { recursive: true });
    await cp(path.join(projectRoot, 'prisma', 'schema.prisma'), path.join(project, 'db', 'schema.prisma'));
    await cp(path.join(projectRoot, 'prisma', 'schema.lock.json'), path.join(project, 'db', 'expected.json'));
    await writeFile(path.join(project, 'aiforce-db.config.json'), JSON.stringify({ paths: { schema: 'db/schema.prisma', migrations: 'db/migrations', lock: 'db/expected.json' } }));
    const result = await bin(['check', '--format', 'json'], { DATABASE_URL: db.url }, project);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { expected: { source: string; migrations: number }; notes: string[]; findings: unknown[] };
    const migrations = (await readdir(path.join(project, 'db', 'migrations'), { withFileTypes: true })).filter((entry) => entry.isDirectory()).length;
    expect(report.expected).toEqual({ source: 'db/expected.json', migrations });
    expect(report.findings).toEqual([]);
    expect(report.notes).toEqual(['spec contract not checked (none at prisma/spec-contract.json; "paths": {"contract": …} in aiforce-db.config.json names one)']);

    expectOneClearError(await bin(['check', '--data'], { DATABASE_URL: db.url }, project), /^error: --data checks the seed rows of the spec contract, and there is none \(none at prisma\/spec-contract\.json; .*\): give one with --rules FILE$/);
    // The project's own files are its inputs: a report never goes over them.
    expectOneClearError(await bin(['check', '--output', 'db/expected.json'], { DATABASE_URL: db.url }, project), /^error: --output db\/expected\.json would overwrite the expected-catalog lock/);
  });

  it('a migration.sql that cannot be read (a folder in its place) is one line naming the migration and its file', async () => {
    const project = path.join(scratch, 'unreadable-migration');
    await mkdir(project, { recursive: true });
    await cp(path.join(projectRoot, 'prisma'), path.join(project, 'prisma'), { recursive: true });
    await writeFile(path.join(project, 'package.json'), '{"name":"unreadable-migration"}');
    const [first] = (await readdir(path.join(project, 'prisma', 'migrations'), { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
    const script = path.join(project, 'prisma', 'migrations', first!, 'migration.sql');
    await rm(script);
    await mkdir(script);
    const line = new RegExp(`^error: cannot read migration ${first} \\(prisma/migrations/${first}/migration\\.sql\\): it is a folder \\(EISDIR\\)`);
    expectOneClearError(await bin(['check'], { DATABASE_URL: db.url }, project), line);
    expectOneClearError(await bin(['lock', '--check'], {}, project), line);
  });

  it("refuses aiforce-db's own platform commands in another project, with one line and nothing started", async () => {
    const other = path.join(scratch, 'other');
    await mkdir(other, { recursive: true });
    await writeFile(path.join(other, 'package.json'), '{"name":"other"}');
    for (const command of PLATFORM) {
      const result = await bin([command], { DATABASE_URL: 'postgresql://never:dialled@127.0.0.1:1/x' }, other);
      expectOneClearError(result, new RegExp(`^error: aiforce-db ${command} works on aiforce-db's own platform schema, not on this project \\(.*other\\): run it in a clone of aiforce-db; here, use check, lock, report and sql$`));
      expect(result.stderr.split('\n').filter(Boolean), command).toHaveLength(1);
    }
  });

  it('colours follow Node: plain when piped or with NO_COLOR, coloured with FORCE_COLOR', async () => {
    const human = (env: NodeJS.ProcessEnv) => run(process.execPath, [BIN, 'check'], { DATABASE_URL: db.url, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env });
    const piped = await human({});
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toContain(ESC);
    expect((await human({ FORCE_COLOR: '1' })).stdout).toContain(ESC);
    expect((await human({ FORCE_COLOR: '0' })).stdout).not.toContain(ESC);
    expect((await human({ NO_COLOR: '1' })).stdout).not.toContain(ESC);
    // Only the report is coloured; stderr (the database line) never is.
    expect((await human({ FORCE_COLOR: '1' })).stderr).not.toContain(ESC);
    // The same policy in every command's output, here the seed's.
    const seeded = await cli('seed', [], { DATABASE_URL: db.url, FORCE_COLOR: '1', NO_COLOR: undefined, SEED_ADMIN_PASSWORD: 'a-long-enough-password' });
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toContain(ESC);
  });

  it('a JSON report on stdout, and only there: the database line goes to stderr', async () => {
    const result = await checkCli(['--format', 'json'], db.url);
    expect(result.code).toBe(0);
    expect(() => JSON.parse(result.stdout) as unknown).not.toThrow();
    expect(result.stderr).toMatch(/^database: postgresql:\/\/.* \(DATABASE_URL\)\n$/);
  });
});
