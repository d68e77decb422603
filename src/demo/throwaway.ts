import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbedded, type EmbeddedServer } from '../database/embedded.js';
import { EMBEDDED_DATABASE, ensureDatabase } from '../database/resolve.js';

/**
 * An embedded PostgreSQL in a fresh temporary folder (never the project's .aiforce-db), removed with its data by
 * dispose(), even while it is still starting (initdb is stopped first), and by an exit hook should the process
 * end before that.
 */
export class ThrowawayServer {
  private starting?: Promise<EmbeddedServer>;
  private disposing?: Promise<void>;
  private readonly cancel = new AbortController();
  private readonly removeOnExit = () => rmSync(this.home, { recursive: true, force: true });

  private constructor(readonly home: string) {
    process.once('exit', this.removeOnExit);
  }

  static async create(): Promise<ThrowawayServer> {
    return new ThrowawayServer(await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-demo-')));
  }

  /** Starts the server and creates the `aiforce` database; resolves with its URL. */
  async start(): Promise<{ url: string; port: number }> {
    this.starting = startEmbedded({ home: this.home, throwaway: true, signal: this.cancel.signal });
    const server = await this.starting;
    await ensureDatabase(server.adminUrl(), EMBEDDED_DATABASE);
    return { url: server.adminUrl(EMBEDDED_DATABASE), port: server.port };
  }

  /**
   * Stops the server, or the start in progress, and deletes the folder; safe to call more than once, and
   * concurrently. On Ctrl-C it never resolves: the embedded server's signal handling ends the process.
   */
  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      this.cancel.abort();
      const server = await this.starting?.catch(() => undefined);
      try {
        await server?.stop();
      } finally {
        await rm(this.home, { recursive: true, force: true });
        process.removeListener('exit', this.removeOnExit);
      }
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
