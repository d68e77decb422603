/**
 * Runs Prisma 7's Studio for browsing. The project's migrations stay on Prisma 6.19.3 (offline with the JS
 * engine); Prisma 6's own Studio needs a native query engine download, while Prisma 7's talks to PostgreSQL
 * directly. Prisma 7 lives in the `src/studio/prisma7` npm workspace, so its `prisma` bin never replaces
 * node_modules/.bin/prisma.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { constants } from 'node:os';
import path from 'node:path';
import { withinDeadline } from '../process/children.js';
import { onTermination, unlessTerminating } from '../process/termination.js';
import { UserError } from '../errors/index.js';
import type { StudioOptions } from './options.js';

const WORKSPACE = '@aiforce-db/prisma7-studio';
const STUDIO_HOST = '127.0.0.1';
/**
 * How long Studio may take to stop after Ctrl-C. It waits for the browser's open requests, which a busy
 * machine can stretch past any patience: then it is killed, and the embedded server still stops.
 */
const STUDIO_STOP_GRACE_MS = 5_000;

export interface PrismaStudio {
  /** The Prisma 7 CLI entry file. */
  cli: string;
  version: string;
  /** The workspace folder: Studio's working directory, holding its prisma.config.mjs. */
  home: string;
}

/** Finds Prisma 7 inside the studio workspace; anything else (e.g. the project's Prisma 6) is refused. */
export function locatePrismaStudio(): PrismaStudio {
  let home: string;
  let manifestFile: string;
  try {
    home = path.dirname(createRequire(import.meta.url).resolve(`${WORKSPACE}/package.json`));
    manifestFile = createRequire(path.join(home, 'package.json')).resolve('prisma/package.json');
  } catch {
    throw new UserError(`Prisma Studio is not installed (workspace ${WORKSPACE}): run npm install`);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { version: string; bin: { prisma: string } };
  if (!manifest.version.startsWith('7.')) {
    throw new UserError(`Prisma Studio needs Prisma 7, found ${manifest.version} at ${path.dirname(manifestFile)}: run npm install`);
  }
  return { cli: path.join(path.dirname(manifestFile), manifest.bin.prisma), version: manifest.version, home };
}

/** Fails with one line when the port is taken (Prisma would print an EADDRINUSE stack instead). */
export async function ensurePortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new UserError(`port ${port} is already in use on ${STUDIO_HOST}: pick another with --port N`) : error),
    );
    probe.listen(port, STUDIO_HOST, () => probe.close(() => resolve()));
  });
}

/** The arguments and environment of the Studio process. */
export function studioCommand(studio: PrismaStudio, databaseUrl: string, options: StudioOptions, env: NodeJS.ProcessEnv = process.env) {
  const args = [studio.cli, 'studio', '--config', path.join(studio.home, 'prisma.config.mjs')];
  if (options.port !== undefined) args.push('--port', String(options.port));
  if (options.browser !== undefined) args.push('--browser', options.browser);
  return {
    args,
    env: {
      ...env,
      // Read by prisma.config.mjs: a URL passed as --url would be visible in the process list.
      DATABASE_URL: databaseUrl,
      // Prisma 7's CLI downloads its native schema engine at start-up unless this names an existing file;
      // Studio never runs it, so any executable will do.
      PRISMA_SCHEMA_ENGINE_BINARY: env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
      // No update check or telemetry from the CLI (the page still sends one launch ping: it has no switch).
      CHECKPOINT_DISABLE: '1',
    },
  };
}

/**
 * Runs Studio in the foreground until it exits, and resolves with its exit code (128 + signal number when a
 * signal ended it). Ctrl-C, SIGTERM and SIGHUP go to the process-wide handler, embedded server or not: it
 * stops Studio (and the server) and exits with 128 + N.
 */
export async function runStudio(studio: PrismaStudio, databaseUrl: string, options: StudioOptions, graceMs = STUDIO_STOP_GRACE_MS): Promise<number> {
  const { args, env } = studioCommand(studio, databaseUrl, options);
  // Its own folder as working directory: Prisma 7 must not pick up the project's Prisma 6 prisma.config.ts.
  const child = spawn(process.execPath, args, { cwd: studio.home, env, stdio: 'inherit' });
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
  const unregister = onTermination(async () => {
    child.kill('SIGINT');
    if ((await withinDeadline(exited, graceMs)).done) return;
    process.stderr.write(`Prisma Studio did not stop within ${graceMs / 1000} s of the signal: killed it\n`);
    child.kill('SIGKILL');
    await exited;
  });
  try {
    const code = await exited;
    // Stopped by a signal: the handler's exit (128 + N) is the one that counts, not how Studio ended.
    await unlessTerminating();
    return code;
  } finally {
    unregister();
  }
}
