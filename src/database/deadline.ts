import { setMaxListeners } from 'node:events';
import pg from 'pg';
import { UserError } from '../errors/index.js';

/**
 * A limit on our side ran out: the server did not answer in time. Exit 2, like everything the environment
 * causes. Server-side limits (statement_timeout) cannot help when the server itself is what hangs.
 */
export class DeadlineError extends UserError {
  override name = 'DeadlineError';
}

/** Client-side limits of one connection. */
export interface Deadlines {
  /** TCP connect and login. */
  connectTimeoutMs: number;
  /** Each query must be answered within this long of being issued, else the connection is destroyed. */
  queryTimeoutMs: number;
  /** The whole run: when it aborts, the connection is destroyed and pending queries reject with its reason. */
  signal: AbortSignal;
}

/** The whole-run deadline of a command: `signal` aborts, with a DeadlineError naming `setting`, after `ms`. */
export interface RunDeadline {
  signal: AbortSignal;
  /** Milliseconds left (0 once passed). */
  remainingMs(): number;
}

export function runDeadline(ms: number, what: string, setting: string): RunDeadline {
  const controller = new AbortController();
  // Every connection of the run listens to it (a pool may hold many): that is no leak.
  setMaxListeners(0, controller.signal);
  const endsAt = Date.now() + ms;
  // Unreferenced: a deadline alone must not keep the process alive; the sockets it guards do.
  setTimeout(
    () => controller.abort(new DeadlineError(`${what} did not finish within ${ms} ms (${setting}): the database stopped answering or is too slow (frozen, overloaded, or waiting for a lock), or the schema is too large for the limit; check the server, or raise the limit`)),
    ms,
  ).unref();
  return { signal: controller.signal, remainingMs: () => Math.max(0, endsAt - Date.now()) };
}

/** The connect deadline passed at `where`: before the server answered at all (`reached` false), or during the login. */
export function connectTimedOut(where: string, ms: number, reached: boolean): DeadlineError {
  return new DeadlineError(
    reached
      ? `the server at ${where} accepted the connection but did not complete the login within ${ms} ms: it is overloaded or frozen, or a catalog table is locked; check it, or raise the connect timeout (db:check --connect-timeout, AIFORCE_DB_CONNECT_TIMEOUT_MS)`
      : `timed out connecting to ${where} after ${ms} ms: check the host, the port and any firewall`,
  );
}

/** TCP keepalive probes start after this much silence, so a peer that vanished is noticed. */
const KEEPALIVE_DELAY_MS = 10_000;
/** A live server closes at once after Terminate; past this the socket is closed by us (nothing is lost). */
const END_GRACE_MS = 1_000;

type Callback = (error: Error | null, result?: unknown) => void;

/**
 * A pg.Client with deadlines on our side: connect, each query, the whole run (`deadlines`), and its own end.
 * Each one destroys the socket when it passes, so every pending query rejects at once with a DeadlineError.
 */
export class DeadlineClient extends pg.Client {
  readonly #deadlines: Deadlines;
  #poolRelease: ((error?: Error) => void) | undefined;
  /** What ended the connection: pg answers every later query only "not queryable", which names no cause. */
  #broken: Error | undefined;

  constructor(config: pg.ClientConfig & { deadlines: Deadlines }) {
    super({ ...config, keepAlive: true, keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS });
    this.#deadlines = config.deadlines;
    // Failures reach the pending queries; an idle connection dropped by the server must not crash the process.
    // Kept for the queries after it: a session the server ended while idle (idle_in_transaction_session_timeout)
    // is then named by its SQLSTATE.
    this.on('error', (error: Error) => (this.#broken ??= error));
    const { signal } = config.deadlines;
    const onAbort = () => this.#destroy(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    // A connection lost while checked out of a pool goes back to it as broken: Prisma's transaction manager
    // never releases a connection whose ROLLBACK failed, and pool.end() (PrismaClient.$disconnect) would wait
    // for it forever, leaving the process to exit 0 with its work undone.
    this.once('end', () => {
      signal.removeEventListener('abort', onAbort);
      this.release(new Error('connection lost'));
    });
  }

  /** pg-pool sets this on every checkout; releasing twice (our loss, then the pool user) is harmless here. */
  set release(release: (error?: Error) => void) {
    this.#poolRelease = release;
  }

  get release(): (error?: Error) => void {
    return (error) => {
      const release = this.#poolRelease;
      this.#poolRelease = undefined;
      release?.(error);
    };
  }

  get #where(): string {
    return `${this.host}:${this.port}`;
  }

  #destroy(error: Error): void {
    this.connection.stream.destroy(error);
  }

  override connect(): Promise<pg.Client>;
  override connect(callback: (error: Error) => void): void;
  override connect(callback?: (error: Error) => void): Promise<pg.Client> | void {
    const { signal, connectTimeoutMs } = this.#deadlines;
    if (signal.aborted) {
      const reason = signal.reason as Error;
      if (callback) return void process.nextTick(() => callback(reason));
      return Promise.reject(reason);
    }
    let reached = false;
    this.connection.once('connect', () => (reached = true));
    const timer = setTimeout(() => this.#destroy(connectTimedOut(this.#where, connectTimeoutMs, reached)), connectTimeoutMs);
    timer.unref();
    if (callback) {
      super.connect((error: Error) => {
        clearTimeout(timer);
        callback(error);
      });
      return;
    }
    return super.connect().finally(() => clearTimeout(timer));
  }

  // Both forms: pg.Pool calls query(config, values, callback); everything else uses the promise.
  override query(...args: unknown[]): never {
    const first = args[0] as { submit?: unknown } | undefined;
    // A Submittable (pg-cursor, pg-query-stream) reports through its own events; none is used here.
    if (typeof first?.submit === 'function') return (super.query as (...a: unknown[]) => never)(...args);
    const last = args.at(-1);
    const broken = this.#broken;
    if (broken) {
      if (typeof last !== 'function') return Promise.reject(broken) as never;
      process.nextTick(() => (last as Callback)(broken));
      return undefined as never;
    }
    const { queryTimeoutMs } = this.#deadlines;
    const timer = setTimeout(
      () =>
        this.#destroy(
          new DeadlineError(
            `the database at ${this.#where} did not answer a query within ${queryTimeoutMs} ms: it is frozen, overloaded or waiting for a lock; check it, or raise the client-side query timeout (db:check --query-timeout, AIFORCE_DB_QUERY_TIMEOUT_MS)`,
          ),
        ),
      queryTimeoutMs,
    );
    timer.unref();
    if (typeof last === 'function') {
      const callback = last as Callback;
      return (super.query as (...a: unknown[]) => never)(...args.slice(0, -1), (error: Error | null, result?: unknown) => {
        clearTimeout(timer);
        callback(error, result);
      });
    }
    const outcome = (super.query as (...a: unknown[]) => unknown)(...args);
    if (outcome instanceof Promise) return outcome.finally(() => clearTimeout(timer)) as never;
    clearTimeout(timer);
    return outcome as never;
  }

  override end(): Promise<void>;
  override end(callback: (error: Error) => void): void;
  override end(callback?: (error: Error) => void): Promise<void> | void {
    // A frozen server never closes its side after Terminate: do not wait for it beyond the grace.
    setTimeout(() => this.connection.stream.destroy(), END_GRACE_MS).unref();
    return callback ? super.end(callback) : super.end();
  }
}
