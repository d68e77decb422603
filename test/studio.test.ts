/**
 * `npm run db:studio` end to end: the real CLI (dist/cli/studio.js) serving Prisma 7's Studio on a real
 * database, driven by Debian's Chromium through playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../src/database/embedded.js';
import { locatePrismaStudio, studioCommand } from '../src/studio/prisma-studio.js';
import { childEnv, createTestDatabase, projectRoot, run, type TestDatabase } from './support/template.js';

const CHROMIUM = '/usr/bin/chromium';
// As this machine's probe runs it: no sandbox as root, and no background connections to a closed network.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const STUDIO_CLI = path.join(projectRoot, 'dist', 'cli', 'studio.js');
const ADMIN_EMAIL = 'admin@aiforce.com';
// The Studio page reports its launch to Prisma's checkpoint service (no switch for it); offline that fails harmlessly.
const PRISMA_TELEMETRY = 'https://checkpoint.prisma.io';

interface RunningStudio {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the studio CLI and resolves once its page answers on `port`. */
async function startStudio(port: number, env: NodeJS.ProcessEnv): Promise<RunningStudio> {
  if (!existsSync(STUDIO_CLI)) throw new Error(`${STUDIO_CLI} is missing: run npm run build first`);
  const child = spawn(process.execPath, [STUDIO_CLI, '--port', String(port), '--browser', 'none'], {
    cwd: projectRoot,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const studio = { child, output: () => output, exited };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`db:studio exited with ${child.exitCode} before serving:\n${output}`);
    const answered = await fetch(`http://127.0.0.1:${port}/`).then((response) => response.ok, () => false);
    if (answered) return studio;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`db:studio did not serve on port ${port} within 60 s:\n${output}`);
}

/** Sends Ctrl-C's signal and waits for the exit code. */
async function interrupt(studio: RunningStudio): Promise<number | null> {
  studio.child.kill('SIGINT');
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`db:studio ignored SIGINT:\n${studio.output()}`)), 15_000));
  return Promise.race([studio.exited, timeout]);
}

describe('db:studio command line', () => {
  it('refuses a bad option with one line and exit code 2, before starting any database', async () => {
    for (const args of [['--port', 'abc'], ['--port', '70000'], ['--bogus'], ['extra']]) {
      const result = await run(process.execPath, [STUDIO_CLI, ...args], { DATABASE_URL: undefined });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr).toMatch(/^error: /);
      expect(result.stderr).not.toMatch(/database:/);
    }
  });

  it('refuses a port already in use with one line', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      const result = await run(process.execPath, [STUDIO_CLI, '--port', String(port)], { DATABASE_URL: undefined });
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe(`error: port ${port} is already in use on 127.0.0.1: pick another with --port N`);
    } finally {
      holder.close();
    }
  });

  it("uses Prisma 7 from its workspace while the project's prisma CLI stays 6.19.3", async () => {
    const studio = locatePrismaStudio();
    expect(studio.version).toMatch(/^7\./);
    expect(studio.cli.startsWith(path.join(projectRoot, 'node_modules'))).toBe(false);
    const bin = realpathSync(path.join(projectRoot, 'node_modules', '.bin', 'prisma'));
    expect(bin).toBe(realpathSync(path.join(projectRoot, 'node_modules', 'prisma', 'build', 'index.js')));
    const manifest = JSON.parse(await readFile(path.join(projectRoot, 'node_modules', 'prisma', 'package.json'), 'utf8')) as { version: string };
    expect(manifest.version).toBe('6.19.3');
  });

  it('kills a Studio that does not stop within the grace period of Ctrl-C, and still exits 130', async () => {
    if (!existsSync(STUDIO_CLI)) throw new Error(`${STUDIO_CLI} is missing: run npm run build first`);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-studio-stuck-'));
    // Should the test fail, neither process outlives it.
    const pids: number[] = [];
    try {
      // A Studio that ignores SIGINT, as one waiting on the browser's open requests does.
      const stuck = path.join(dir, 'stuck.mjs');
      await writeFile(stuck, "process.on('SIGINT', () => {}); console.log(`ready ${process.pid}`); setInterval(() => {}, 1000);\n");
      const runner = `import(${JSON.stringify(pathToFileURL(path.join(projectRoot, 'dist', 'studio', 'prisma-studio.js')).href)})
        .then((m) => m.runStudio({ cli: ${JSON.stringify(stuck)}, version: '7', home: ${JSON.stringify(dir)} }, 'postgresql://x@127.0.0.1/x', { help: false }, 300))
        .then((code) => process.exit(code));`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', runner], { stdio: ['ignore', 'pipe', 'pipe'] });
      pids.push(child.pid!);
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // 'close': stderr is read whole by then.
      const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
      const ready = new Promise<number>((resolve) => child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const found = /ready (\d+)/.exec(stdout);
        if (found) resolve(Number(found[1]));
      }));
      const early = exited.then((code) => Promise.reject(new Error(`the runner exited with ${code} before Studio was ready:\n${stderr}`)));
      const pid = await Promise.race([ready, early]);
      pids.push(pid);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stderr).toBe('Prisma Studio did not stop within 0.3 s of the signal: killed it\n');
      expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('hands the database URL over in the environment, never on the command line', () => {
    const url = 'postgresql://admin:s3cret-pw@db.example:5432/aiforce';
    const command = studioCommand(locatePrismaStudio(), url, { port: 5555, browser: 'none', help: false }, {});
    expect(command.args.join(' ')).not.toContain('s3cret-pw');
    expect(command.args).toEqual(expect.arrayContaining(['studio', '--port', '5555', '--browser', 'none']));
    expect(command.env).toMatchObject({ DATABASE_URL: url, CHECKPOINT_DISABLE: '1', PRISMA_SCHEMA_ENGINE_BINARY: process.execPath });
  });
});

describe('browsing a migrated database in headless Chromium', () => {
  let db: TestDatabase;
  let studio: RunningStudio;
  let userDataDir: string;
  let browser: BrowserContext;
  let page: Page;
  let tables: string[];
  const requested = new Set<string>();

  beforeAll(async () => {
    // Never skipped: a missing browser is a failure that says how to fix it.
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Debian's Chromium is missing at ${CHROMIUM}: install it with "apt-get update && apt-get install -y chromium" (.ci/run does)`);
    }
    db = await createTestDatabase(inject('adminUrl'));
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // Inserted directly, so this test does not depend on the seed command.
      await client.query("INSERT INTO users (email, first_name, last_name) VALUES ($1, 'Platform', 'Admin')", [ADMIN_EMAIL]);
      const result = await client.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'",
      );
      tables = result.rows.map((row) => row.name).sort();
    } finally {
      await client.end();
    }
    const port = await freePort();
    studio = await startStudio(port, { DATABASE_URL: db.url });
    userDataDir = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-chromium-'));
    browser = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('request', (request) => requested.add(new URL(request.url()).origin));
    await page.goto(`http://127.0.0.1:${port}/`);
  });

  afterAll(async () => {
    await browser?.close();
    if (studio && studio.child.exitCode === null) studio.child.kill('SIGKILL');
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    await db?.drop();
  });

  it('lists the 32 tables of the schema', async () => {
    expect(tables).toHaveLength(32);
    const links = page.locator('a[href*="table="]');
    await expect.poll(() => links.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(tables.length);
    const listed = (await links.allTextContents()).map((text) => text.trim()).filter((name) => name !== '_prisma_migrations');
    expect([...listed].sort()).toEqual(tables);
  });

  it(`opens users and shows ${ADMIN_EMAIL}`, async () => {
    await page.locator('a[href*="table=users&"]').click();
    await page.getByText(ADMIN_EMAIL, { exact: true }).waitFor({ timeout: 30_000 });
    expect(page.url()).toContain('table=users');
  });

  it('loads everything from the local Studio server (nothing but Prisma telemetry goes elsewhere)', () => {
    const origins = [...requested].filter((origin) => origin !== PRISMA_TELEMETRY);
    expect(origins).toEqual([new URL(page.url()).origin]);
  });

  it('prints the masked URL, never the password, and stops on Ctrl-C', async () => {
    const password = decodeURIComponent(new URL(db.url).password);
    expect(studio.output()).toMatch(/database: postgresql:\/\/.*\(DATABASE_URL\)/);
    if (password) expect(studio.output()).not.toContain(password);
    expect(await interrupt(studio)).toBe(130);
  });
});

describe('db:studio with no DATABASE_URL', () => {
  it('starts the embedded database and stops it when Studio exits on Ctrl-C', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-studio-home-'));
    try {
      const studio = await startStudio(await freePort(), { DATABASE_URL: undefined, AIFORCE_DB_HOME: home });
      expect(studio.output()).toContain('(embedded PostgreSQL');
      const postmaster = path.join(home, 'pgdata', 'postmaster.pid');
      const serverPid = Number((await readFile(postmaster, 'utf8')).split('\n')[0]);
      expect(await interrupt(studio)).toBe(130);
      expect(existsSync(postmaster)).toBe(false);
      expect(() => process.kill(serverPid, 0)).toThrow();
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
