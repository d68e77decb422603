import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { connect, withConnection } from '../../src/database/connect.js';

/** A transaction on `url` holding what `sql` locks, until `release()` rolls it back. */
export async function holdLock(url: string, sql: string): Promise<{ release(): Promise<void> }> {
  const client: pg.Client = await connect(url, { applicationName: 'aiforce-db test lock holder' });
  await client.query('BEGIN');
  await client.query(sql);
  return {
    release: async () => {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    },
  };
}

/**
 * The pid of the backend of `applicationName` on `database` once it waits for a lock (so it is mid-work, at a
 * known point). Fails with the command's output if `running` ends first.
 */
export async function waitingBackend(adminUrl: string, database: string, applicationName: string, running: Promise<{ code: number; stderr: string }>): Promise<number> {
  let ended: { code: number; stderr: string } | undefined;
  void running.then((result) => (ended = result));
  return withConnection(adminUrl, async (client) => {
    for (let tries = 0; tries < 400; tries++) {
      const { rows } = await client.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2 AND wait_event_type = 'Lock'",
        [database, applicationName],
      );
      if (rows[0]) return rows[0].pid;
      if (ended) throw new Error(`the command ended (exit ${ended.code}) before its backend waited for the lock:\n${ended.stderr}`);
      await sleep(25);
    }
    throw new Error(`no backend of "${applicationName}" waited for a lock on ${database} within 10 s`);
  });
}

/** Stops a backend process (SIGSTOP): a server that takes connections but never answers. Returns the undo. */
export function freeze(pid: number): () => void {
  // Only a PostgreSQL process of this machine: with a remote TEST_DATABASE_URL the pid means nothing here.
  const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  if (!/postgres/.test(command)) throw new Error(`pid ${pid} is not a PostgreSQL process on this machine (${command}): freezing a backend needs a local server`);
  process.kill(pid, 'SIGSTOP');
  return () => process.kill(pid, 'SIGCONT');
}

export async function terminate(adminUrl: string, pid: number): Promise<void> {
  await withConnection(adminUrl, (client) => client.query('SELECT pg_terminate_backend($1)', [pid]));
}
