/**
 * Property test of the comparison (issue "trust the green"): DDL mutations of every kind are applied to a
 * clone of the migrated database, alone and in random combinations. For each clone:
 * - db:check reports a finding naming every mutated object, and no finding at all when nothing changed;
 *   the oracle is pg_dump --schema-only (clone vs original) where the client can dump this server, else
 *   each mutation's own record of what it changed;
 * - its --fix-sql script, applied in one transaction, leaves db:check with zero findings.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withConnection } from '../src/database/connect.js';
import { renderFixSql } from '../src/formats/fix-sql.js';
import { check } from './support/check.js';
import { MUTATIONS, type Mutation } from './support/mutations.js';
import { createTestDatabase, type TestDatabase } from './support/template.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
/** The mutations this server can run (server_version starts with its major version). */
const APPLICABLE = MUTATIONS.filter((mutation) => (mutation.since ?? 0) <= Number.parseInt(inject('serverVersion'), 10));

/**
 * pg_dump of the schema, without what pg_dump varies by itself (comments, SET lines, restrict keys, CLUSTER
 * marks). A SET default_tablespace that names a tablespace is kept: it is where the next object lives.
 */
async function dumpSchema(url: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)('pg_dump', ['--schema-only', '--exclude-schema=stray_other', '--no-owner', url], { maxBuffer: 64 * 1024 * 1024 });
    return stdout
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('--') && !/^(SET (?!default_tablespace = [^'])|SELECT pg_catalog\.set_config|\\(un)?restrict )/.test(line) && !/ CLUSTER ON /.test(line))
      .join('\n');
  } catch {
    return undefined;
  }
}

interface Tally {
  ran: number;
  caught: number;
  fixed: number;
}

const tally = new Map<string, Tally>();
let original: string | undefined;
let oracle: 'pg_dump' | 'record';

beforeAll(async () => {
  const db = await createTestDatabase(inject('adminUrl'));
  try {
    original = await dumpSchema(db.url);
    oracle = original === undefined ? 'record' : 'pg_dump';
  } finally {
    await db.drop();
  }
});

afterAll(() => {
  const rows = [...tally].sort(([a], [b]) => (a < b ? -1 : 1)).map(([kind, t]) => `${kind.padEnd(16)} ran ${String(t.ran).padStart(3)}  caught ${String(t.caught).padStart(3)}  fixed ${String(t.fixed).padStart(3)}`);
  process.stdout.write(`\nproperty test on PostgreSQL ${inject('serverVersion')} (oracle: ${oracle}):\n${rows.join('\n')}\n`);
});

/** Applies `mutations` to a fresh clone and checks the two properties; returns what went wrong, if anything. */
async function exercise(mutations: Mutation[]): Promise<void> {
  const db: TestDatabase = await createTestDatabase(inject('adminUrl'));
  try {
    await withConnection(db.url, async (client) => {
      for (const mutation of mutations) await client.query(mutation.sql);
    });
    const recorded = (mutation: Mutation) => mutation.names.length > 0;
    const changed = mutations.some((mutation) => mutation.dumpBlind && recorded(mutation)) || (oracle === 'pg_dump' ? (await dumpSchema(db.url)) !== original : mutations.some(recorded));
    const result = await check(db.url, { contractFile: null, history: false });
    const paths = result.findings.map((finding) => finding.path);
    const label = mutations.map((mutation) => mutation.name).join(' + ');
    expect(paths.length > 0, `${label}: findings ${JSON.stringify(paths)} while pg_dump ${changed ? 'differs' : 'is equal'}`).toBe(changed);
    for (const mutation of mutations) {
      const entry = tally.get(mutation.kind) ?? { ran: 0, caught: 0, fixed: 0 };
      tally.set(mutation.kind, entry);
      entry.ran += 1;
      if (mutation.names.length === 0) continue;
      expect(mutation.names.some((name) => paths.some((path) => path === name || path.startsWith(`${name}.`) || path.startsWith(`${name}[`))), `${label}: no finding names ${mutation.names.join(' or ')} (${JSON.stringify(paths)})`).toBe(true);
      entry.caught += 1;
    }
    if (!result.findings.length) return;
    const script = renderFixSql(result);
    await withConnection(db.url, (client) => client.query(script)).catch((error: Error) => {
      throw new Error(`${label}: the fix script failed: ${error.message}\n${script}`);
    });
    const after = await check(db.url, { contractFile: null, history: false });
    expect(after.findings.map((finding) => `${finding.code} ${finding.path}: ${finding.message}`), `${label}: after the fix\n${script}`).toEqual([]);
    for (const mutation of mutations) if (mutation.names.length) tally.get(mutation.kind)!.fixed += 1;
  } finally {
    await db.drop();
  }
}

describe('every mutation alone', () => {
  for (const mutation of APPLICABLE) {
    it(`${mutation.kind}: ${mutation.name}`, () => exercise([mutation]));
  }
});

describe('random combinations', () => {
  it(`${RUNS} subsets of two or three mutations on distinct objects`, async () => {
    const compatible = (subset: Mutation[]) => new Set(subset.flatMap((mutation) => mutation.touches)).size === subset.flatMap((mutation) => mutation.touches).length;
    await fc.assert(
      fc.asyncProperty(fc.subarray(APPLICABLE, { minLength: 2, maxLength: 3 }).filter(compatible), (subset) => exercise(subset)),
      { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? 20261201), endOnFailure: true },
    );
  }, 600_000);
});
