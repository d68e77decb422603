import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'prisma/config';

const root = import.meta.dirname;

// Prisma's Wasm schema engine arms a 10 s timer for its migration advisory lock and has no way to clear it,
// so `migrate deploy` would sit idle for 10 s after finishing. Long timers must not keep the CLI alive.
const setTimer = globalThis.setTimeout;
globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const timer = setTimer(callback, ms, ...args);
  if ((ms ?? 0) >= 10_000) timer.unref();
  return timer;
}) as typeof setTimeout;

// schema.prisma's datasource url is never dialled (the adapter below connects); Prisma 6 only needs it set.
process.env.AIFORCE_DB_SCHEMA_URL ??= 'postgresql://driver-adapter.invalid/aiforce';

export default defineConfig({
  schema: path.join(root, 'prisma', 'schema.prisma'),
  migrations: {
    path: path.join(root, 'prisma', 'migrations'),
    seed: 'node dist/cli/seed.js',
  },
  experimental: { adapter: true },
  // The JavaScript schema engine (Wasm, shipped inside the prisma package) needs no download.
  engine: 'js',
  async adapter() {
    if (!process.env.DATABASE_URL) {
      // No database configured: run this same command through the wrapper that starts the embedded server.
      // The wrapper has its own deadlines; a wrapper ended by signal N ends this one with 128+N, as a shell would.
      const rerun = spawnSync(process.execPath, [path.join(root, 'dist', 'cli', 'prisma.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
      process.exit(rerun.status ?? (rerun.signal ? 128 + os.constants.signals[rerun.signal] : 1));
    }
    const { createPrismaAdapter } = await import('./src/database/prisma-adapter.ts');
    return createPrismaAdapter(process.env.DATABASE_URL);
  },
});
