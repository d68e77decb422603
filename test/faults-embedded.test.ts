/**
 * Fault injection on the embedded PostgreSQL, through the compiled bin (dist/cli/main.js, as users run it),
 * each in a scratch home under the system temp folder (never the project's .aiforce-db): a server that cannot
 * start, commands racing on one home, a command killed with SIGKILL, a stale postmaster.pid, Ctrl-C and
 * SIGTERM at each phase, missing or broken credentials, unusable homes. Every case asserts the exit code,
 * the single `error:` line, no stack trace and no password, and that no data was lost or left behind.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, chmod, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, expectOneClearError } from './support/cli.js';
import { projectRoot } from './support/template.js';

interface Outcome {
  /** -1 when a signal ended the process (then `signal` names it). */
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Running {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  done: Promise<Outcome>;
}

const scratch: string[] = [];

/** A fresh folder under the system temp folder; the server's account (as root) can pass through it. */
async function scratchFolder(prefix = 'aiforce-db-faults-'): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), prefix));
  await chmod(folder, 0o711);
  scratch.push(folder);
  return folder;
}

afterAll(async () => {
  for (const folder of scratch) await rm(folder, { recursive: true, force: true });
});

/** Starts `aiforce-db <name>` (the compiled bin) on the embedded database of `home` (DATABASE_URL removed, not just emptied). */
function launch(name: string, args: string[], home: string, extraEnv: NodeJS.ProcessEnv = {}, user?: string): Running {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', AIFORCE_DB_HOME: home, ...extraEnv };
  delete env.DATABASE_URL;
  const argv = [process.execPath, BIN, name, ...args];
  const [file, ...rest] = user ? ['runuser', '-u', user, '--', ...argv] : argv;
  const child = spawn(file!, rest, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Outcome>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
  return { child, output: () => ({ stdout, stderr }), done };
}

const command = (name: string, args: string[], home: string, extraEnv?: NodeJS.ProcessEnv, user?: string) => launch(name, args, home, extraEnv, user).done;
const sql = (home: string, statement: string) => command('sql', [statement], home);

/** Polls `probe` until it returns something, failing after `timeoutMs`. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}

/** Live processes whose command line mentions `text` (Linux /proc). */
async function processesMentioning(text: string): Promise<Array<{ pid: number; command: string }>> {
  const found: Array<{ pid: number; command: string }> = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const command = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ');
    if (command.includes(text)) found.push({ pid: Number(entry), command });
  }
  return found;
}

/** Whether `pid` runs (a zombie, exited but not yet reaped by its new parent, does not). */
const alive = (pid: number) => {
  try {
    return !/^[ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!);
  } catch {
    return false;
  }
};

const postmasterPid = async (home: string) => Number((await readFile(path.join(home, 'pgdata', 'postmaster.pid'), 'utf8')).split('\n')[0]);
const password = async (home: string) => (JSON.parse(await readFile(path.join(home, 'credentials.json'), 'utf8')) as { password: string }).password;

let template: string | undefined;

/** A home with an initialised cluster holding table keep_me (answer 42), and no server running: a copy of one made once. */
async function homeWithData(): Promise<string> {
  if (!template) {
    template = await scratchFolder();
    const created = await sql(template, 'CREATE TABLE keep_me AS SELECT 42 AS answer');
    expect(created.code, created.stderr).toBe(0);
  }
  const home = await scratchFolder();
  // cp -a keeps the owner: as root, pgdata belongs to the postgres account.
  await promisify(execFile)('cp', ['-a', `${template}/.`, home]);
  return home;
}

async function expectDataKept(home: string): Promise<void> {
  const read = await sql(home, 'SELECT answer FROM keep_me');
  expect(read.code, read.stderr).toBe(0);
  expect(read.stdout.trim()).toBe('{"answer":42}');
}

/** Nothing of a run left over: no server, no lock, no users, no password file. */
async function expectQuiet(home: string): Promise<void> {
  expect(existsSync(path.join(home, 'pgdata', 'postmaster.pid'))).toBe(false);
  expect(existsSync(path.join(home, 'lock'))).toBe(false);
  expect(await readdir(path.join(home, 'users'))).toEqual([]);
  expect((await readdir(home)).filter((name) => name.startsWith('.initdb-'))).toEqual([]);
  expect(await processesMentioning(path.join(home, 'pgdata'))).toEqual([]);
}

describe('embedded PostgreSQL that cannot start', () => {
  it('fails check, seed and migrate with exit 2 and the telling line, and changes nothing', async () => {
    const home = await homeWithData();
    const secret = await password(home);
    const config = path.join(home, 'pgdata', 'postgresql.conf');
    const original = await readFile(config, 'utf8');
    await appendFile(config, '\nthis line is not a setting\n');

    for (const [name, args] of [
      ['check', []],
      ['seed', []],
      ['prisma', ['migrate', 'deploy']],
    ] as const) {
      const result = await command(name, [...args], home);
      expectOneClearError(result, /^error: the embedded PostgreSQL did not start: syntax error in file ".*postgresql\.conf" line \d+, near token "is" \(see .*postgres\.log\)$/, secret);
      expect(result.stdout).toBe('');
      await expectQuiet(home);
    }

    await writeFile(config, original);
    await expectDataKept(home);
    // migrate deploy wrote nothing while the server was down.
    const migrations = await sql(home, "SELECT to_regclass('public._prisma_migrations') IS NULL AS untouched");
    expect(migrations.stdout.trim()).toBe('{"untouched":true}');
  });

  it('a server not ready within AIFORCE_DB_START_TIMEOUT_MS is stopped: exit 2, data kept', async () => {
    const home = await homeWithData();
    // A standby without hot_standby runs but never accepts connections: the start deadline has to end the wait.
    const standby = path.join(home, 'pgdata', 'standby.signal');
    const config = path.join(home, 'pgdata', 'postgresql.conf');
    const original = await readFile(config, 'utf8');
    await writeFile(standby, '');
    await appendFile(config, '\nhot_standby = off\n');
    const result = await command('check', [], home, { AIFORCE_DB_START_TIMEOUT_MS: '1500' });
    expectOneClearError(result, /^error: the embedded PostgreSQL did not become ready within 1500 ms \(AIFORCE_DB_START_TIMEOUT_MS\): .* \(see .*postgres\.log\)$/, await password(home));
    await expectQuiet(home);
    await unlink(standby);
    await writeFile(config, original);
    await expectDataKept(home);
  });
});

describe('commands at once on one home', () => {
  it('four db:check on a fresh home each do the work (drift: nothing migrated) or say they waited', async () => {
    const home = await scratchFolder();
    const results = await Promise.all([1, 2, 3, 4].map(() => command('check', ['--format', 'json', '--no-history'], home)));
    let checked = 0;
    for (const result of results) {
      if (result.code === 2) {
        expectOneClearError(result, /^error: the embedded database in .* is busy: pid \d+ \(.*\) is starting or stopping it: wait .* AIFORCE_DB_WAIT_MS/);
        continue;
      }
      // Exit 1 with the report: the check ran and found every table missing. Never 0 without a check.
      expect(result.code, result.stderr).toBe(1);
      // No warning of Node's either: an import() in the bundle, which the bin runs as a vm script, printed one.
      expect(result.stderr).not.toMatch(/Warning/);
      const report = JSON.parse(result.stdout) as { summary: { errors: number; tables: number } };
      expect(report.summary.tables).toBe(0);
      expect(report.summary.errors).toBeGreaterThan(0);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(0);
    await expectQuiet(home);
    expect(existsSync(path.join(home, 'pgdata', 'PG_VERSION'))).toBe(true);
    const next = await sql(home, "SELECT count(*)::int AS databases FROM pg_database WHERE datname = 'aiforce'");
    expect(next.stdout.trim()).toBe('{"databases":1}');
  });

  it('a command joins the server another one is using; the last one out stops it', async () => {
    const home = await homeWithData();
    const long = launch('sql', ['SELECT true AS slept FROM pg_sleep(3)'], home);
    const line = await eventually('the first command to be connected', () => /^database: .*$/m.exec(long.output().stderr)?.[0]);
    const server = await postmasterPid(home);
    const joined = await command('sql', ['SELECT answer FROM keep_me'], home);
    expect(joined.code, joined.stderr).toBe(0);
    expect(joined.stdout.trim()).toBe('{"answer":42}');
    // Same server (same port), still running for the first command.
    expect(joined.stderr).toContain(line);
    expect(alive(server)).toBe(true);
    const first = await long.done;
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim()).toBe('{"slept":true}');
    expect(alive(server)).toBe(false);
    await expectQuiet(home);
  });

  it('waits for a command that holds the home, then exits 2 naming its pid; a lock left by a dead command is cleared', async () => {
    const home = await homeWithData();
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const startTime = (await readFile(`/proc/${holder.pid}/stat`, 'utf8')).split(') ')[1]!.split(' ')[19];
      await writeFile(path.join(home, 'lock'), JSON.stringify({ pid: holder.pid, startTime, command: 'db-check.js', since: Date.now() }));
      const waited = await command('check', [], home, { AIFORCE_DB_WAIT_MS: '300' });
      expectOneClearError(waited, new RegExp(`^error: the embedded database in .* is busy: pid ${holder.pid} \\(db-check\\.js, for \\d+ s\\) is starting or stopping it: wait for that command to finish, or give it longer with AIFORCE_DB_WAIT_MS \\(now 300\\)$`));
    } finally {
      holder.kill('SIGKILL');
    }
    await eventually('the holder to end', () => (alive(holder.pid!) ? undefined : true));
    await expectDataKept(home);
    expect(existsSync(path.join(home, 'lock'))).toBe(false);
  });
});

describe('a command that did not stop its server', () => {
  it('after SIGKILL of a command using the server, the next command stops the orphan and works', async () => {
    const home = await homeWithData();
    const victim = launch('sql', ['SELECT pg_sleep(60)'], home);
    await eventually('the command to be connected', () => (victim.output().stderr.includes('database: ') ? true : undefined));
    const orphan = await postmasterPid(home);
    victim.child.kill('SIGKILL');
    expect((await victim.done).signal).toBe('SIGKILL');
    expect(alive(orphan)).toBe(true);

    const next = await sql(home, 'SELECT answer FROM keep_me');
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout.trim()).toBe('{"answer":42}');
    expect(next.stderr).toContain(`note: the embedded PostgreSQL (pid ${orphan}) was left running by a command that was killed`);
    expect(next.stderr).not.toMatch(/^error:/m);
    expect(alive(orphan)).toBe(false);
    await expectQuiet(home);
  });

  it('a postmaster.pid naming a live process that is not our server is stale: the start succeeds', async () => {
    const home = await homeWithData();
    const unrelated = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const pidFile = path.join(home, 'pgdata', 'postmaster.pid');
      await writeFile(pidFile, `${unrelated.pid}\n${path.join(home, 'pgdata')}\n1764556800\n5432\n\n127.0.0.1\n  1234567         0\nready   \n`);
      await expectDataKept(home);
      expect(alive(unrelated.pid!)).toBe(true);
      await expectQuiet(home);
    } finally {
      unrelated.kill('SIGKILL');
    }
  });
});

describe('the server going away under a command', () => {
  it('an immediate shutdown in the middle of db:seed: exit 2 and one line, never a silent 0; the data survives', async () => {
    const home = await homeWithData();
    // Another command holds the seed's advisory lock, so the seed is inside its transaction, waiting, when the server goes.
    const holder = launch('sql', ["SELECT pg_advisory_lock(hashtext('aiforce-db seed')), pg_sleep(60)"], home);
    await eventually('the holder to be connected', () => (holder.output().stderr.includes('database: ') ? true : undefined));
    const seeding = launch('seed', [], home, { SEED_ADMIN_PASSWORD: 'correct horse battery staple' });
    await eventually('the seed to wait on its lock', async () => {
      const waiting = await sql(home, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'aiforce-db seed' AND wait_event_type = 'Lock'");
      return waiting.stdout.includes('"n":1') ? true : undefined;
    });
    process.kill(await postmasterPid(home), 'SIGQUIT'); // pg_ctl stop -m immediate
    const seeded = await seeding.done;
    expectOneClearError(seeded, /^error: the database server (ended the session|closed the connection unexpectedly|is shutting down|is not running)/, await password(home));
    expect(seeded.stdout).toBe('');
    const held = await holder.done;
    expect(held.code, held.stderr).toBe(2);
    // Crash recovery on the next start: the data is there.
    await expectDataKept(home);
  });
});

describe('Ctrl-C and SIGTERM', () => {
  it('Ctrl-C during the first initialisation leaves no password file nor half a cluster, and the next command works', async () => {
    const home = await scratchFolder();
    const tmp = await scratchFolder('aiforce-db-faults-tmp-');
    const run = launch('sql', ['SELECT 1 AS ok'], home, { TMPDIR: tmp });
    await eventually('initdb to run', async () => ((await processesMentioning(`initdb --pgdata=${home}`)).length ? true : undefined));
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(await processesMentioning(home)).toEqual([]);
    // Neither a password file (ours or the old /tmp/pg-password-*) nor an unfinished cluster is left.
    expect(await readdir(tmp)).toEqual([]);
    expect((await readdir(home)).sort()).toEqual(['users']);
    const next = await sql(home, 'SELECT 1 AS ok');
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout.trim()).toBe('{"ok":1}');
  });

  it("Ctrl-C during the demo's initdb leaves no aiforce-db-demo-* folder", async () => {
    const tmp = await scratchFolder('aiforce-db-faults-tmp-');
    const demo = launch('demo', [], path.join(tmp, 'unused-home'), { TMPDIR: tmp });
    await eventually('the demo to run initdb', async () => ((await processesMentioning(`initdb --pgdata=${tmp}`)).length ? true : undefined));
    demo.child.kill('SIGINT');
    const result = await demo.done;
    expect(result.code, result.stdout + result.stderr).toBe(130);
    expect(await readdir(tmp)).toEqual([]);
    expect(await processesMentioning(tmp)).toEqual([]);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s during the work stops the server and exits %i', async (signal, code) => {
    const home = await homeWithData();
    const run = launch('sql', ['SELECT pg_sleep(60)'], home);
    await eventually('the command to be connected', () => (run.output().stderr.includes('database: ') ? true : undefined));
    const server = await postmasterPid(home);
    run.child.kill(signal);
    const result = await run.done;
    expect(result.code).toBe(code);
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(alive(server)).toBe(false);
    await expectQuiet(home);
    await expectDataKept(home);
  });
});

describe('credentials.json next to existing data', () => {
  it('missing: exit 2 with recovery steps, never a new cluster; the data is there once it is restored', async () => {
    const home = await homeWithData();
    const file = path.join(home, 'credentials.json');
    const saved = await readFile(file, 'utf8');
    const secret = await password(home);
    await unlink(file);
    const versionBefore = await readFile(path.join(home, 'pgdata', 'PG_VERSION'), 'utf8');

    const result = await command('check', [], home);
    expectOneClearError(result, /^error: the embedded database in .* has data but no credentials\.json \(the password of its postgres user\): restore it from a backup, or move .*pgdata away to start with an empty database/, secret);
    expect(existsSync(file)).toBe(false);
    expect(await readFile(path.join(home, 'pgdata', 'PG_VERSION'), 'utf8')).toBe(versionBefore);

    await writeFile(file, saved, { mode: 0o600 });
    await expectDataKept(home);
  });

  it('malformed: exit 2 naming the problem, without echoing the password', async () => {
    const home = await homeWithData();
    const file = path.join(home, 'credentials.json');
    const saved = await readFile(file, 'utf8');
    const secret = await password(home);
    // Truncated JSON that still holds the password: the parser's message would quote it.
    await writeFile(file, saved.slice(0, -2));
    expectOneClearError(await command('seed', [], home), /^error: .*credentials\.json is not valid JSON: restore it from a backup, or move .*pgdata away/, secret);
    await writeFile(file, JSON.stringify({ user: 'postgres', password: 42 }));
    expectOneClearError(await command('check', [], home), /^error: .*credentials\.json is invalid: password: .*: restore it from a backup/);
    await writeFile(file, saved);
    await expectDataKept(home);
  });
});

describe('an unusable home', () => {
  it('a file, a path below a file, or a folder that cannot be created: exit 2, one line', async () => {
    const folder = await scratchFolder();
    const file = path.join(folder, 'a-file');
    await writeFile(file, 'not a folder');
    for (const [home, problem] of [
      [file, 'it, or a folder above it, is a file'],
      [path.join(file, 'below'), 'it, or a folder above it, is a file'],
      ['/proc/aiforce-db-home', 'it cannot be created there'],
    ]) {
      const result = await command('check', [], home!);
      expectOneClearError(result, new RegExp(`^error: the embedded database folder ${home} cannot be used: ${problem!.replace(/[(),]/g, '\\$&')}.*: set AIFORCE_DB_HOME to a writable folder`));
    }
    expect(await readFile(file, 'utf8')).toBe('not a folder');
  });

  it('a folder the command may not write: exit 2, one line', async () => {
    const folder = await scratchFolder();
    await chmod(folder, 0o555);
    // Root may write anywhere: as root, the command runs as the postgres account instead.
    const result = await command('check', [], path.join(folder, 'home'), {}, process.getuid?.() === 0 ? 'postgres' : undefined);
    expectOneClearError(result, /^error: the embedded database folder .*home cannot be used: permission denied: set AIFORCE_DB_HOME to a writable folder/);
    expect(await readdir(folder)).toEqual([]);
  });

  it('a home the server account cannot reach (as root) or a bad wait setting: exit 2, one line', async () => {
    const locked = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-faults-private-'));
    scratch.push(locked);
    const result = await command('check', [], path.join(locked, 'home'));
    if (process.getuid?.() === 0) {
      expectOneClearError(result, /^error: the embedded PostgreSQL could not be initialised in .*: initdb: error: .*Permission denied \(as root the server runs as the postgres system user, which must be able to enter every folder above/);
      expect(await readdir(path.join(locked, 'home'))).toEqual(['users']);
    } else {
      expect(result.code, result.stderr).toBe(1);
    }
    expectOneClearError(await command('check', [], path.join(locked, 'home'), { AIFORCE_DB_WAIT_MS: 'soon' }), /^error: environment: AIFORCE_DB_WAIT_MS: must be a number of milliseconds$/);
    // Set but blank is a setting that was never filled in (a CI secret), not the default.
    expectOneClearError(await command('check', [], path.join(locked, 'home'), { AIFORCE_DB_START_TIMEOUT_MS: ' ' }), /^error: environment: AIFORCE_DB_START_TIMEOUT_MS: is set but empty: /);
  });
});
