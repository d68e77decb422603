/**
 * The databases the benchmark measures, each with a twin copy (CREATE DATABASE ... TEMPLATE) for the
 * peers that diff two databases. Every target lives in its own database's `public` schema, so every tool
 * (Prisma included, which reads the schema of its datasource) looks at the same thing.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { withConnection } from '../../src/database/connect.js';
import { runDeadline } from '../../src/database/deadline.js';
import { prismaCli } from '../../src/database/prisma-cli.js';
import { databaseUrl } from '../../src/database/url.js';
import { syntheticSchema } from './synthetic.js';
import { lastLine, runTimed, type MemoryProbe } from './measure.js';

export interface Target {
  label: string;
  tables: number;
  url: string;
  copyUrl: string;
  /** Extra db:check arguments (which expected catalog it compares against), or why db:check cannot run here. */
  check: { args: string[] } | { skipped: string };
  drop(): Promise<void>;
}

export interface BuildContext {
  adminUrl: string;
  root: string;
  workDir: string;
  probe: MemoryProbe;
  log: (line: string) => void;
  /** Facts about the data that belong in the report, such as whether the real schema was seeded. */
  notes: string[];
}


async function createDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  await withConnection(adminUrl, (client) => client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`));
}

/** Runs a helper command (not measured) and fails with its last error line. */
async function runStep(context: BuildContext, what: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await runTimed({ cmd: process.execPath, args, env, cwd: context.root, timeoutMs: 600_000 }, context.probe, path.join(context.workDir, 'step.rss'));
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}): ${lastLine(result.stderr || result.stdout)}`);
  return result.stdout;
}

/** Creates the target and its copy; the copy is taken last, when no session is connected to the target any more. */
async function withTwin(context: BuildContext, tables: number, fill: (url: string, name: string) => Promise<Target['check']>, label: string): Promise<Target> {
  const name = `aiforce_bench_${tables}_${randomBytes(3).toString('hex')}`;
  await createDatabase(context.adminUrl, name);
  const drop = async () => {
    await withConnection(context.adminUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${name}_copy WITH (FORCE)`);
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  };
  try {
    const url = databaseUrl(context.adminUrl, name);
    const check = await fill(url, name);
    await createDatabase(context.adminUrl, `${name}_copy`, name);
    return { label, tables, url, copyUrl: databaseUrl(context.adminUrl, `${name}_copy`), check, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** The real schema: `prisma migrate deploy`, then the sample seed when the seed CLI is built. */
export function buildRealTarget(context: BuildContext): Promise<Target> {
  return withTwin(
    context,
    32,
    async (url) => {
      await runStep(context, 'prisma migrate deploy', [prismaCli, 'migrate', 'deploy'], { DATABASE_URL: url });
      const seedCli = path.join(context.root, 'dist', 'cli', 'seed.js');
      if (existsSync(seedCli)) {
        // Its output (which may include a generated admin password) is not echoed. Rows do not change what a
        // schema check reads, so a failed seed is reported and the schema is measured all the same.
        const seeded = await runStep(context, 'seed --sample', [seedCli, '--sample'], { DATABASE_URL: url }).then(
          () => 'seeded with `node dist/cli/seed.js --sample`',
          (error: Error) => `NOT seeded: ${error.message}`,
        );
        context.notes.push(`32 tables: ${seeded}`);
      } else {
        context.notes.push('32 tables: seed skipped, dist/cli/seed.js does not exist');
      }
      context.log(`  ${context.notes.at(-1)}`);
      // Against the committed lock and spec contract: exactly what CI runs.
      return { args: [] };
    },
    '32 (real schema)',
  );
}

/** A synthetic schema sent as one script in one round trip, plus a lock of itself for db:check to compare against. */
export function buildSyntheticTarget(context: BuildContext, tables: number): Promise<Target> {
  return withTwin(
    context,
    tables,
    async (url, name) => {
      const { sql, counts } = syntheticSchema(tables);
      const started = performance.now();
      // Building 10,000 tables takes a while on a busy machine: an hour is the limit of this untimed step.
      await withConnection(url, (client) => client.query(sql), { statementTimeoutMs: 0, signal: runDeadline(3_600_000, 'building the benchmark schema', 'scripts/bench/targets.ts').signal });
      context.log(`  created ${counts.tables} tables, ${counts.columns} columns, ${counts.indexes} indexes, ${counts.foreignKeys} foreign keys in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      const lockCli = path.join(context.root, 'dist', 'cli', 'lock.js');
      if (!existsSync(lockCli)) return { skipped: 'dist/cli/lock.js does not exist: no expected snapshot to compare with' };
      const lockFile = path.join(context.workDir, `${name}.lock.json`);
      await runStep(context, 'lock --from-url', [lockCli, '--from-url', url, '--schema', 'public', '--out', lockFile]);
      // The spec contract describes the 32 real tables: it does not apply to a synthetic schema.
      return { args: ['--expected', lockFile, '--no-rules'] };
    },
    tables.toLocaleString('en-US'),
  );
}
