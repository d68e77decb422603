/**
 * Reads one schema's catalog: each kind's query, in one read-only repeatable-read transaction so all of
 * them see the same moment; a kind whose presence condition says the schema holds none of it is not queried.
 * Given a second connection, both read sharing one exported snapshot (as pg_dump -j
 * does), each taking the next kinds' queries when an answer is in, so the two finish together, and parsing that
 * answer while the server works on both connections' next batches. Alone (no second connection, or one that could not open), one
 * connection sends the queries left as one batch (one round trip). Before reading, the
 * role's privileges are checked: a catalog it cannot see would look like objects gone missing, so that is an
 * error, never drift.
 */
import type pg from 'pg';
import { quoteIdent } from '../database/quote.js';
import { UserError } from '../errors/index.js';
import type { AnyKind, AttributeNames } from './kind.js';
import { refKey } from './model.js';
import { beginRead } from './read-transaction.js';
import { emptyCatalog, KIND_ENTRIES, type Catalog, type KindKey } from './registry.js';

/** Kinds with their registry keys, in reading order. */
type Kinds = Array<[KindKey, AnyKind]>;

export interface ReadOptions {
  /**
   * A second connection to the same database, still opening: it joins the read when open (even a 30-table
   * schema's queries take a fresh server process about 100 ms, which two share), and the read goes on alone
   * if it could not open (undefined), for instance at the server's or the role's connection limit. The read
   * closes it.
   */
  helper?: Promise<pg.Client | undefined>;
  /** Read the owners too (off by default: owners differ between environments). */
  owners?: boolean;
}

export interface CatalogRead {
  catalog: Catalog;
  /** server_version, e.g. "18.4". */
  serverVersion: string;
  /** server_version_num, e.g. 180004. */
  serverVersionNumber: number;
  /** The role that read it (current_user). */
  reader: string;
}

interface Preflight {
  oid: number;
  usage: boolean;
  /** server_version_num, e.g. 180004. */
  version: number;
  versionName: string;
  role: string;
  /** Exported for the second connection (null without one). */
  snapshotId: string | null;
  deniedCatalogs: string[];
  deniedFunctions: string[];
}

export const kindsToRead = (options: ReadOptions) =>
  (KIND_ENTRIES as Kinds).filter(([, kind]) => kind.read.optional === undefined || (kind.read.optional === 'owners' && options.owners));

/** The schema's oid, and what the role may not read (checked before anything is compared). */
async function preflight(client: pg.Client, schema: string, kinds: Kinds, exportSnapshot: boolean): Promise<Preflight> {
  const catalogs = [...new Set(kinds.flatMap(([, kind]) => kind.read.catalogs))].sort();
  const functions = [...new Set(kinds.flatMap(([, kind]) => kind.read.functions ?? []))].sort();
  const result = await client.query<Preflight>(
    `SELECT n.oid::int AS oid, current_user AS role, current_setting('server_version_num')::int AS version, ${exportSnapshot ? 'pg_export_snapshot()' : 'NULL'} AS "snapshotId",
            current_setting('server_version') AS "versionName",
            has_schema_privilege(n.oid, 'USAGE') AS usage,
            ARRAY(SELECT name FROM unnest($2::text[]) AS name WHERE NOT has_table_privilege('pg_catalog.' || name, 'SELECT')) AS "deniedCatalogs",
            ARRAY(SELECT DISTINCT p.proname::text FROM pg_proc p
                   WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname = ANY($3::text[]) AND NOT has_function_privilege(p.oid, 'EXECUTE')) AS "deniedFunctions"
       FROM pg_namespace n WHERE n.nspname = $1`,
    [schema, catalogs, functions],
  );
  const found = result.rows[0];
  if (!found) throw new UserError(`schema "${schema}" does not exist in this database: check --schema (the platform's older databases use "migration")`);
  return found;
}

/** The oldest server whose catalogs the kinds' queries read (they group by catalog rows' primary keys, new in 14). */
const OLDEST_SERVER = 140000;

function refuseIncompleteRead(found: Preflight, schema: string): void {
  if (found.version < OLDEST_SERVER) {
    throw new UserError(`the server is PostgreSQL ${Math.floor(found.version / 10000)}: aiforce-db reads the catalogs of PostgreSQL 14 or newer; upgrade it, or check a restored copy on a newer server`);
  }
  if (!found.usage) {
    throw new UserError(
      `role "${found.role}" has no USAGE on schema "${schema}", so its types and objects cannot be read as they are: grant it (GRANT USAGE ON SCHEMA ${quoteIdent(schema)} TO ${quoteIdent(found.role)}) and check again`,
    );
  }
  const denied = [...found.deniedCatalogs.map((name) => `SELECT on pg_catalog.${name}`), ...found.deniedFunctions.map((name) => `EXECUTE on pg_catalog.${name}()`)];
  if (denied.length) {
    throw new UserError(`role "${found.role}" cannot read the whole catalog (it lacks ${denied.join(', ')}): grant ${denied.length === 1 ? 'it' : 'them'} back and check again`);
  }
}

const forSchema = (sql: string, schemaOid: number) => sql.replaceAll('$SCHEMA', `${schemaOid}::oid`);

/** The kinds' queries as one batch of statements, for a schema's oid on a server of `version` (also the benchmark's floor). */
export function catalogBatch(kinds: ReadonlyArray<[KindKey, AnyKind]>, version: number, schemaOid: number): string {
  return kinds.map(([, kind]) => forSchema(typeof kind.read.sql === 'function' ? kind.read.sql(version) : kind.read.sql, schemaOid)).join(';\n');
}

/**
 * The kinds worth a query: those without a `present` condition, and those whose condition holds (all
 * conditions in one statement; also the benchmark's floor).
 */
export async function kindsToQuery(client: pg.Client, kinds: Kinds, schemaOid: number): Promise<Kinds> {
  const tested = kinds.filter(([, kind]) => kind.read.present !== undefined);
  if (!tested.length) return kinds;
  const conditions = tested.map(([, kind]) => forSchema(kind.read.present!, schemaOid));
  const result = await client.query<{ present: boolean[] }>(`SELECT ARRAY[${conditions.join(', ')}]::boolean[] AS present`);
  const { present } = result.rows[0]!;
  const absent = new Set(tested.filter((_, index) => !present[index]).map(([key]) => key));
  return kinds.filter(([key]) => !absent.has(key));
}

type Answer = [KindKey, AnyKind, unknown[][]];

/** Sends the kinds' queries as one batch on one connection; their answers, as the server sent them. */
async function sendQueries(client: pg.Client, kinds: Kinds, found: Preflight): Promise<Array<pg.QueryResult<{ data: string }>>> {
  const results = (await client.query(catalogBatch(kinds, found.version, found.oid))) as unknown as pg.QueryResult<{ data: string }> | Array<pg.QueryResult<{ data: string }>>;
  return Array.isArray(results) ? results : [results];
}

/** Hands on each kind's parsed JSON. */
function parseAnswers(kinds: Kinds, results: Array<pg.QueryResult<{ data: string }>>, onAnswer: (answer: Answer) => void): void {
  kinds.forEach(([key, kind], index) => onAnswer([key, kind, JSON.parse(results[index]!.rows[0]!.data) as unknown[][]]));
}

/**
 * The kinds, for two connections to share: each takes the next kinds as soon as an answer is in, the heavy ones
 * first and alone, so the others fill in around them whatever the schema's proportions.
 */
function kindQueue(kinds: Kinds, found: Preflight, onAnswer: (answer: Answer) => void) {
  const waiting = [...kinds.filter(([, kind]) => kind.read.heavy), ...kinds.filter(([, kind]) => !kind.read.heavy)];
  const taken: Array<Promise<void>> = [];
  let alone = false;
  // After a failure, the other connection stops after its current batch.
  const stop = () => {
    waiting.length = 0;
  };
  return {
    stop,
    waiting: () => waiting.length > 0,
    /** No second connection will come: the next take is every kind left, in one round trip. */
    alone: () => {
      alone = true;
    },
    async drain(client: pg.Client): Promise<void> {
      const take = () => {
        if (alone) return waiting.splice(0);
        // A heavy kind alone; the light ones in shrinking batches (a third of those left): fewer round trips, while
        // the last ones still go to whichever connection has an answer in first.
        return waiting.splice(0, waiting[0]?.[1].read.heavy ? 1 : Math.max(1, Math.floor(waiting.length / 3)));
      };
      // The next batch is sent as soon as an answer is in, before that answer is parsed: the server works on it
      // meanwhile. A batch is taken (finished() waits for it) the moment it leaves the queue; each read settles
      // with the ones after it on this connection.
      const send = (kinds: Kinds): Promise<void> | undefined => {
        if (!kinds.length) return undefined;
        const read = sendQueries(client, kinds, found).then((results) => {
          const following = send(take());
          parseAnswers(kinds, results, onAnswer);
          return following;
        });
        taken.push(read);
        // Its failure is thrown where it is awaited; after an earlier failure (the batch sent before the answer
        // that failed to parse) it never is.
        void read.catch(() => undefined);
        return read;
      };
      await send(take())?.catch((error: unknown) => {
        stop();
        throw error;
      });
    },
    /** Every kind taken, read (or the first failure). */
    finished: () => Promise.all(taken),
  };
}

/** Reads the catalog of `schema`. */
export async function readCatalog(client: pg.Client, schema: string, options: ReadOptions = {}): Promise<CatalogRead> {
  const kinds = kindsToRead(options);
  let queue: ReturnType<typeof kindQueue> | undefined;
  try {
    await beginRead(client, schema);
    const found = await preflight(client, schema, kinds, options.helper !== undefined);
    refuseIncompleteRead(found, schema);
    const assembly = assembler(found.version);
    // The second connection, once open, takes the snapshot while the first asks which kinds hold objects.
    const joining = options.helper?.then(async (helper) => {
      if (helper) await beginRead(helper, schema, found.snapshotId!);
      return helper;
    });
    void joining?.catch(() => undefined);
    const shared = kindQueue(await kindsToQuery(client, kinds, found.oid), found, assembly.add);
    queue = shared;
    if (joining) {
      // It joins if a kind is still waiting. A failure of its own kinds comes out of finished(); where it
      // cannot open or take the snapshot, the first reads the rest alone.
      joining
        .then(async (helper) => {
          if (!helper || !shared.waiting()) return shared.alone();
          await shared.drain(helper);
        }, () => shared.alone())
        .catch(() => undefined);
    } else shared.alone();
    await shared.drain(client);
    await shared.finished();
    return { catalog: withoutOrphans(assembly.catalog()), serverVersion: found.versionName, serverVersionNumber: found.version, reader: found.role };
  } finally {
    queue?.stop();
    // Not waited for: after a failure it may still be opening.
    void options.helper?.then((helper) => helper?.end()).catch(() => undefined);
    await client.query('ROLLBACK').catch(() => undefined);
  }
}

/**
 * Turns each kind's rows into objects as they come, each kind in its canonical order (by identity, unless it
 * keeps its own), so its rows are let go at once. Kinds that come in before the one that names every
 * attribute (columns) wait for it, so they can name their key columns by number.
 */
function assembler(serverVersion: number) {
  const catalog = emptyCatalog() as Record<KindKey, unknown[]>;
  let attributes: AttributeNames | undefined;
  let waiting: Answer[] = [];
  const assemble = ([key, kind, rows]: Answer, names: AttributeNames) => {
    const objects = kind.read.assemble(rows, names, serverVersion);
    if (!kind.read.ordered) {
      const keyed = objects.map((object) => [refKey(kind.ref(object)), object] as const);
      keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      catalog[key] = keyed.map(([, object]) => object);
    } else catalog[key] = objects;
  };
  const flush = (names: AttributeNames) => {
    for (const answer of waiting) assemble(answer, names);
    waiting = [];
  };
  return {
    add(answer: Answer): void {
      const [, kind, rows] = answer;
      if (kind.read.attributeNames) attributes = kind.read.attributeNames(rows);
      if (!attributes) return void waiting.push(answer);
      assemble(answer, attributes);
      flush(attributes);
    },
    catalog(): Catalog {
      flush(attributes ?? { name: () => undefined });
      return catalog as Catalog;
    },
  };
}

/**
 * Drops objects whose table or view was not read (an extension's own tables): each kind's query filters
 * its own objects, and their children follow here.
 */
function withoutOrphans(catalog: Catalog): Catalog {
  const relations = new Set([...catalog.tables.map((table) => table.name), ...catalog.views.map((view) => view.name)]);
  const result = { ...catalog } as Record<KindKey, unknown[]>;
  for (const [key, kind] of KIND_ENTRIES as Kinds) {
    if (!kind.parent || key === 'tables') continue;
    result[key] = (catalog[key] as unknown[]).filter((object) => {
      const parent = kind.parent!(object);
      return !parent || (parent.kind !== 'table' && parent.kind !== 'view') || relations.has(parent.name);
    });
  }
  return result as Catalog;
}
